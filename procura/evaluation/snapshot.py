"""The evaluation as stored with the award decision: JSON, with Decimals as strings.

Kept apart from `rules`, which is the law and the method; this is only how a result is kept
and read back (`AwardDecision.results["evaluation"]`), so that the summaries and the award
notice use the figures the approver signed off, not a recalculation.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from .rules import CriterionResult, Evaluation, LotOutcome, TenderResult


def evaluation_to_json(evaluation: Evaluation) -> dict:
    """The evaluation as JSON: Decimals as strings, a lot's fields only when there are lots."""
    return {
        "lowest_price": str(evaluation.lowest_price),
        "number_to_award": evaluation.number_to_award,
        "tie_break": evaluation.tie_break,
        "price_formula": evaluation.price_formula,
        "tie_break_order": list(evaluation.tie_break_order),
        "results": [
            {
                "tender_id": r.tender_id,
                "supplier": r.supplier,
                "price": str(r.price),
                "quality_total": str(r.quality_total),
                "price_total": str(r.price_total),
                "total": str(r.total),
                "rank": r.rank,
                "tied": r.tied,
                "successful": r.successful,
                **({"lot": r.lot} if r.lot else {}),
                **({"passed_over": True} if r.passed_over else {}),
                "criteria": [
                    {
                        "criterion_id": c.criterion_id,
                        "kind": c.kind,
                        "title": c.title,
                        "weight": str(c.weight),
                        "score": c.score,
                        "max_score": c.max_score,
                        "weighted": str(c.weighted),
                        "explanation": c.explanation,
                    }
                    for c in r.criteria
                ],
            }
            for r in evaluation.results
        ],
        **(
            {
                "lots": [
                    {
                        "number": lot.number,
                        "title": lot.title,
                        "number_to_award": lot.number_to_award,
                        "lowest_price": (
                            None if lot.lowest_price is None else str(lot.lowest_price)
                        ),
                        "tenders": lot.tenders,
                    }
                    for lot in evaluation.lots
                ],
                "max_lots_awarded": evaluation.max_lots_awarded,
            }
            if evaluation.lots
            else {}
        ),
    }


def evaluation_from_json(data: Mapping) -> Evaluation:
    """The evaluation `evaluation_to_json` gave, exactly as it was."""
    return Evaluation(
        lots=tuple(
            LotOutcome(
                number=lot["number"],
                title=lot["title"],
                number_to_award=lot["number_to_award"],
                lowest_price=None if lot["lowest_price"] is None else Decimal(lot["lowest_price"]),
                tenders=lot["tenders"],
            )
            for lot in data.get("lots", ())
        ),
        max_lots_awarded=data.get("max_lots_awarded"),
        lowest_price=Decimal(data["lowest_price"]),
        number_to_award=data["number_to_award"],
        tie_break=data["tie_break"],
        price_formula=data["price_formula"],
        tie_break_order=tuple(data.get("tie_break_order", ())),
        results=tuple(
            TenderResult(
                tender_id=r["tender_id"],
                supplier=r["supplier"],
                price=Decimal(r["price"]),
                quality_total=Decimal(r["quality_total"]),
                price_total=Decimal(r["price_total"]),
                total=Decimal(r["total"]),
                rank=r["rank"],
                tied=r["tied"],
                successful=r["successful"],
                lot=r.get("lot", ""),
                passed_over=r.get("passed_over", False),
                criteria=tuple(
                    CriterionResult(
                        criterion_id=c["criterion_id"],
                        kind=c["kind"],
                        title=c["title"],
                        weight=Decimal(c["weight"]),
                        score=c["score"],
                        max_score=c["max_score"],
                        weighted=Decimal(c["weighted"]),
                        explanation=c["explanation"],
                    )
                    for c in r["criteria"]
                ),
            )
            for r in data["results"]
        ),
    )
