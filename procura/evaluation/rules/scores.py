"""Scores (Procurement Act 2023 s.19(1)-(2), s.23; Procurement Regulations 2024 reg 31(2)): each
evaluator's and the moderated, the price formulas, and the award criteria as the rules see them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from procura.core.errors import RuleViolation
from procura.procurements.states import PriceFormula

from .. import errors
from .common import ACT, REGULATIONS, round_score


def check_score(score, max_score: int, *, field_name: str = "score") -> int:
    """A quality score is a whole number from 0 to the criterion's maximum, as published with the
    award criteria (s.23; the assessment methodology)."""
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= max_score:
        raise RuleViolation(
            "score_out_of_range",
            f"Give a whole number score from 0 to {max_score}.",
            section=f"{ACT} s.23",
            field=field_name,
        )
    return score


def check_justification(text: str, *, field_name: str = "justification") -> None:
    """Every score needs a written reason by reference to the tender: the assessment summary
    must explain each score (Procurement Regulations 2024 reg 31(2)(e))."""
    if not (text or "").strip():
        raise RuleViolation(
            "justification_required",
            "Explain the score by reference to the tender.",
            section=f"{REGULATIONS} reg 31(2)",
            field=field_name,
        )


def check_rationale(text: str, *, field_name: str = "rationale") -> None:
    """A moderated score needs the rationale that explains it: it is the explanation the
    supplier reads in its assessment summary (Procurement Regulations 2024 reg 31(2)(e))."""
    if not (text or "").strip():
        raise RuleViolation(
            "rationale_required",
            "Give the rationale for the moderated score by reference to the tender.",
            section=f"{REGULATIONS} reg 31(2)",
            field=field_name,
        )


@dataclass(frozen=True)
class ScoreInput:
    """One score as given: a criterion, a whole-number score and the words explaining it."""

    criterion_id: int
    score: int
    text: str


def check_scores(
    scores: Sequence[ScoreInput],
    criteria: Mapping[int, Criterion],
    *,
    text_check: Callable[..., None],
    text_name: str,
) -> None:
    """A set of scores for one tender: at least one, each for a quality criterion (price is
    scored by the published formula, s.23), each a whole number in range (`check_score`) with its
    words (`text_check`: `check_justification` or `check_rationale`, reg 31(2)). Refused with
    the first problem, listing them all."""
    if not scores:
        raise RuleViolation("invalid_input", "Give at least one score.")
    problems: list[RuleViolation] = []
    for given in scores:
        criterion = criteria.get(given.criterion_id)
        if criterion is None:
            problems.append(
                RuleViolation(
                    errors.NOT_A_QUALITY_CRITERION,
                    "Only the quality criteria are scored by the panel; price is scored by the "
                    "published formula.",
                    field=f"score-{given.criterion_id}",
                )
            )
            continue
        try:
            check_score(given.score, criterion.max_score, field_name=f"score-{criterion.id}")
        except RuleViolation as problem:
            problem.message = f"{criterion.title}: {problem.message}"
            problems.append(problem)
        try:
            text_check(given.text, field_name=f"{text_name}-{criterion.id}")
        except RuleViolation as problem:
            problem.message = f"{criterion.title}: {problem.message}"
            problems.append(problem)
    if problems:
        first = problems[0]
        raise RuleViolation(
            first.code,
            first.message if len(problems) == 1 else " ".join(p.message for p in problems),
            section=first.section,
            field=first.field,
            details={
                "problems": [
                    {"code": p.code, "message": p.message, "field": p.field} for p in problems
                ]
            },
        )


def check_scores_complete(missing: Sequence[tuple[int, int]]) -> None:
    """An evaluator submits once every tender is scored against every quality criterion
    (`missing`: (tender id, criterion id) pairs not scored), so that each tender is assessed
    against all the award criteria (s.19(1)-(2))."""
    if missing:
        raise RuleViolation(
            errors.SCORES_INCOMPLETE,
            f"Score every tender against every quality criterion first: {len(missing)} "
            f"score{'s are' if len(missing) > 1 else ' is'} missing.",
            details={
                "missing": [
                    {"tender_id": tender_id, "criterion_id": criterion_id}
                    for tender_id, criterion_id in missing
                ]
            },
        )


def check_moderation_open(panel_submitted: bool) -> None:
    """Moderation starts when every evaluator on the panel has submitted: the consensus is
    reached from independent scores (a house rule)."""
    if not panel_submitted:
        raise RuleViolation(
            errors.EVALUATION_INCOMPLETE,
            "Moderation starts when every evaluator on the panel has submitted their scores.",
        )


def check_not_disregarded(*, disregarded: bool, supplier: str) -> None:
    """A tender disregarded as abnormally low (s.19(3)(c)) is not assessed."""
    if disregarded:
        raise RuleViolation(
            errors.TENDER_DISREGARDED,
            f"The tender of {supplier} was disregarded as abnormally low: it is not assessed.",
            section=f"{ACT} s.19(3)(c)",
        )


def lowest_price_ratio(*, lowest: Decimal, price: Decimal, available_marks: Decimal) -> Decimal:
    """Price score = lowest price ÷ this tender's price × the marks available, to 2 places."""
    if price <= 0 or lowest <= 0:
        raise RuleViolation("price_not_positive", "Every tender price must be more than £0.")
    return round_score(Decimal(lowest) / Decimal(price) * Decimal(available_marks))


# The price formulas a procurement may declare; a new formula is one new entry.
PRICE_FORMULAS: dict[str, Callable[..., Decimal]] = {
    PriceFormula.LOWEST_PRICE_RATIO: lowest_price_ratio
}


def price_score(
    formula: str, *, lowest: Decimal, price: Decimal, available_marks: Decimal
) -> Decimal:
    """The price score by the formula the authority declared in the tender documents."""
    return PRICE_FORMULAS[formula](lowest=lowest, price=price, available_marks=available_marks)


def quality_score(score: int, max_score: int, weight: Decimal) -> Decimal:
    """Quality score = consensus score ÷ maximum score × the criterion's weight, to 2 places."""
    return round_score(Decimal(score) / Decimal(max_score) * Decimal(weight))


@dataclass(frozen=True)
class Criterion:
    """An award criterion as the rules need it: `weight` is its % of the total marks."""

    id: int
    kind: str
    title: str
    weight: Decimal
    max_score: int = 5


@dataclass(frozen=True)
class Tender:
    """An assessed tender: its id, the supplier's name and its price (£, excluding VAT)."""

    tender_id: int
    supplier: str
    price: Decimal


@dataclass(frozen=True)
class Consensus:
    """The moderated score for one tender against one quality criterion, with its rationale."""

    score: int
    rationale: str
