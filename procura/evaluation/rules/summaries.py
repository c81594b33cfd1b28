"""What an assessment summary says (Procurement Act 2023 s.50(3); Procurement Regulations 2024
reg 31)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from procura.procurements.states import CriterionKind, PriceFormula, TieBreak

from .common import ordinal
from .method import Evaluation, TenderResult
from .scores import Criterion


def _criterion_lines(result: TenderResult, *, own: bool) -> list[dict]:
    lines = []
    for line in result.criteria:
        explanation = line.explanation
        if line.kind == CriterionKind.PRICE and not own:
            # Another supplier's price is its commercial information: give the score and the
            # formula, not the amounts.
            explanation = (
                f"Scored by the published price formula: {line.weighted} of {line.weight}."
            )
        lines.append(
            {
                "criterion_id": line.criterion_id,
                "title": line.title,
                "kind": line.kind,
                "weight": str(line.weight),
                "score": line.score,
                "max_score": line.max_score,
                "weighted_score": str(line.weighted),
                "explanation": explanation,
            }
        )
    return lines


def _scores_of(result: TenderResult, *, own: bool) -> dict:
    return {
        "supplier": result.supplier,
        "criteria": _criterion_lines(result, own=own),
        "quality_total": str(result.quality_total),
        "price_total": str(result.price_total),
        "total": str(result.total),
        "rank": result.rank,
    }


def assessment_summary_content(
    evaluation: Evaluation,
    tender_id: int,
    *,
    supplier: Mapping[str, str],
    procurement: Mapping[str, str],
    criteria: Sequence[Criterion],
    lot: Mapping[str, str] | None = None,
) -> dict:
    """What the assessment summary for one assessed tender says (s.50(3); reg 31).

    For every supplier (reg 31(2)-(3)): its name, address and identifier; each award criterion's
    title, relative importance and the scores available, and where the full methodology is set
    out; its score for each criterion with the explanation by reference to its tender (the
    moderation rationale; for price, the formula and the figures); its sub-totals, total and rank.
    For an unsuccessful supplier, also why it did not succeed and the winning tenders' scores and
    explanations (reg 31(3)); another supplier's price is left out. Reg 31 does not say how to
    present several winners (a framework): each successful supplier is sent its own scores only,
    the conservative reading (law sheet §7, UNCONFIRMED).

    For a tender for a `lot` ({"number", "title"}), `evaluation` is that lot's own
    (`Evaluation.for_lot`): the summary names the lot and compares the tender with that lot's
    winning tenders only. A tender passed over because its supplier already holds the most lots
    one supplier may be awarded says so (s.23(4)).
    """
    result = evaluation.result_for(tender_id)
    count = len(evaluation.results)
    winners = evaluation.winners
    where = f" in lot {lot['number']} ({lot['title']})" if lot else ""
    if result.successful:
        outcome = (
            f"Your tender ranked {ordinal(result.rank)} of {count} assessed tenders{where} and "
            f"is successful: the authority intends to award to the {len(winners)} "
            f"highest-ranked tender{'s' if len(winners) > 1 else ''}."
        )
    elif result.passed_over:
        maximum = evaluation.max_lots_awarded
        outcome = (
            f"Your tender ranked {ordinal(result.rank)} of {count} assessed tenders{where} but "
            f"was not successful: a supplier may be awarded at most {maximum} "
            f"lot{'s' if maximum != 1 else ''} of this procurement, your organisation is to be "
            "awarded that many earlier lots, and the next-ranked tender takes your place, as "
            "the tender notice said (Procurement Act 2023 s.23(4))."
        )
    elif not winners:
        outcome = (
            f"Your tender ranked {ordinal(result.rank)} of {count} assessed tenders{where} and "
            "was not successful."
        )
    else:
        lowest_winning = min(w.total for w in winners)
        outcome = (
            f"Your tender ranked {ordinal(result.rank)} of {count} assessed tenders{where} and "
            f"was not successful: the authority intends to award to the {len(winners)} "
            f"highest-ranked tender{'s' if len(winners) > 1 else ''}. Your total score was "
            f"{result.total}; the lowest successful total was {lowest_winning}."
        )
    content = {
        "procurement": dict(procurement),
        "supplier": dict(supplier),
        "methodology": {
            "criteria": [
                {
                    "title": c.title,
                    "kind": c.kind,
                    "weight": str(c.weight),
                    "scores_available": (
                        f"0 to {c.max_score}, weighted to {c.weight} marks"
                        if c.kind == CriterionKind.QUALITY
                        else f"up to {c.weight} marks by the price formula"
                    ),
                }
                for c in criteria
            ],
            "price_formula": PriceFormula(evaluation.price_formula).label,
            "tie_break": TieBreak(evaluation.tie_break).label,
            "where_set_out": "The award criteria and assessment methodology in full are set out "
            "in the tender notice and the invitation to tender.",
        },
        "tender": {**_scores_of(result, own=True), "of": count, "successful": result.successful},
        "outcome": outcome,
        "winning_tenders": [] if result.successful else [_scores_of(w, own=False) for w in winners],
    }
    if lot:
        content["lot"] = dict(lot)
    return content
