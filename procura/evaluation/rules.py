"""Assessing tenders: the law and the methodology the authority declared, as pure functions.

Plain values in, a result or a RuleViolation out. Nothing here reads the database or the clock, so
the same tenders and scores always give the same totals, ranks and summaries.

Arithmetic is Decimal throughout. Each weighted score is rounded to 2 decimal places, half up
(ROUND_HALF_UP, so 3.125 becomes 3.13), and a total is the sum of those rounded scores: what a
supplier reads in its assessment summary adds up exactly to the total it is ranked on.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from procura.accounts.states import OrganisationKind
from procura.core.clock import format_datetime
from procura.core.errors import RuleViolation
from procura.core.formatting import format_money
from procura.procurements.states import CriterionKind, PriceFormula, Status, TieBreak

from . import errors
from .states import AbnormallyLowDecision, AssignmentStatus, AwardDecisionStatus

ACT = "Procurement Act 2023"
REGULATIONS = "Procurement Regulations 2024"
TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)


def round_score(value: Decimal) -> Decimal:
    """`value` to 2 decimal places, half up: the one rounding every score and total gets."""
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st."""
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def and_list(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C": names in a sentence."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# ---------------------------------------------------------------------------------------------
# When each step may be taken
# ---------------------------------------------------------------------------------------------

#: Statuses in which the panel may still be formed: the tender notice is out, no award decided.
PANEL_OPEN = frozenset(
    {
        Status.DRAFT,
        Status.PARTICIPATION_OPEN,
        Status.PARTICIPATION_CLOSED,
        Status.TENDERING_OPEN,
        Status.TENDERS_CLOSED,
        Status.EVALUATION,
    }
)
#: Statuses in which a conflict can still be declared (s.83(5): kept under review until the end).
DECLARATIONS_OPEN = PANEL_OPEN | {Status.AWARD_DECIDED, Status.STANDSTILL}


def check_evaluating(*, procurement_status: str, award_proposed: bool) -> None:
    """Scores, abnormally-low reviews and moderation change only while the tenders are being
    evaluated: once opened (before, they are sealed: s.54(2)) and until an award is proposed. A
    house rule: the proposal freezes the record that the approver signs off."""
    if procurement_status in PANEL_OPEN and procurement_status != Status.EVALUATION:
        raise RuleViolation(
            errors.TENDERS_SEALED, "The tenders have not been opened yet: nothing can be scored."
        )
    if procurement_status != Status.EVALUATION:
        status = Status(procurement_status).label.lower()
        raise RuleViolation(
            errors.EVALUATION_CLOSED, f"The evaluation is over: the procurement is {status}."
        )
    if award_proposed:
        raise RuleViolation(
            errors.EVALUATION_CLOSED,
            "An award has been proposed, so the scores are frozen. The approver can return the "
            "proposal if anything needs to change.",
        )


# ---------------------------------------------------------------------------------------------
# The panel and conflicts of interest (ss.81-83)
# ---------------------------------------------------------------------------------------------


def check_panel_open(*, procurement_status: str, award_proposed: bool) -> None:
    """The panel is formed and changed until an award is proposed (a house rule: those who
    scored are the ones whose scores the approver signs off)."""
    if procurement_status not in PANEL_OPEN or award_proposed:
        raise RuleViolation(
            errors.EVALUATION_CLOSED, "The panel cannot change once an award has been proposed."
        )


def check_assignable(
    *, is_evaluator: bool, evaluator: str, authority: str, assignment_status: str | None
) -> None:
    """Only a person who holds the evaluator role in the authority sits on its panel, once
    (house rules); one taken off may be put back."""
    if not is_evaluator:
        raise RuleViolation(
            errors.NOT_AN_EVALUATOR,
            f"{evaluator} is not an evaluator of {authority}.",
            field="evaluator",
        )
    if assignment_status is not None and assignment_status != AssignmentStatus.REMOVED:
        raise RuleViolation(
            errors.ALREADY_ASSIGNED,
            f"{evaluator} is already on the evaluation panel.",
            field="evaluator",
        )


def check_declaration(
    *,
    procurement_status: str,
    assignment_status: str,
    has_conflict: bool,
    supplier_kinds: Sequence[str],
    description: str,
) -> None:
    """An evaluator declares no conflict of interest once, before seeing the tenders, or a
    conflict at any time until the procurement is over (kept under review, s.83(5)): naming the
    suppliers and describing the interest and how it arises (s.81(2))."""
    if procurement_status not in DECLARATIONS_OPEN:
        raise RuleViolation(
            errors.EVALUATION_CLOSED, "The procurement is over: declarations are closed."
        )
    if not has_conflict:
        if assignment_status != AssignmentStatus.AWAITING_DECLARATION:
            raise RuleViolation(
                errors.ALREADY_DECLARED,
                "You have already made your declaration for this procurement. If a conflict has "
                "arisen since, declare it.",
            )
        return
    if assignment_status == AssignmentStatus.CONFLICTED:
        raise RuleViolation(
            errors.ALREADY_DECLARED, "You have already declared a conflict of interest."
        )
    if not supplier_kinds:
        raise RuleViolation(
            errors.SUPPLIERS_REQUIRED,
            "Choose the suppliers you have a conflict of interest with.",
            section=f"{ACT} s.81",
            field="suppliers",
        )
    if any(kind != OrganisationKind.SUPPLIER for kind in supplier_kinds):
        raise RuleViolation("invalid_input", "Choose suppliers only.", field="suppliers")
    if not description.strip():
        raise RuleViolation(
            errors.DESCRIPTION_REQUIRED,
            "Describe the conflict of interest: the interest and how it arises.",
            section=f"{ACT} s.81(2)",
            field="description",
        )


def check_may_score(assignment_status: str) -> None:
    """An evaluator sees and scores the tenders only after declaring no conflict (s.81, s.82:
    the ethical wall), and until they submit their scores (then final: a house rule)."""
    if assignment_status == AssignmentStatus.AWAITING_DECLARATION:
        raise RuleViolation(
            errors.CONFLICTS_NOT_DECLARED,
            "Declare whether you have any conflict of interest before you see the tenders.",
            section=f"{ACT} s.81",
        )
    if assignment_status == AssignmentStatus.SUBMITTED:
        raise RuleViolation(
            errors.SCORES_SUBMITTED, "You have submitted your scores: they can no longer change."
        )


# ---------------------------------------------------------------------------------------------
# Abnormally low tenders (s.19(4)-(5))
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AbnormallyLowFinding:
    """A tender priced at least the declared percentage below the average of the others."""

    tender_id: int
    price: Decimal
    average_of_others: Decimal  # to the penny, for people to read
    percent_below: Decimal  # to 2 decimal places, for people to read
    threshold_percent: Decimal


def abnormally_low_tenders(
    prices: Mapping[int, Decimal], threshold_percent: Decimal
) -> dict[int, AbnormallyLowFinding]:
    """The tenders whose price is abnormally low, by the test the authority declared.

    An authority may disregard a tender if it considers the price abnormally low for the
    performance of the contract, but must first notify the supplier and give it a reasonable
    opportunity to show that it can perform for that price (Procurement Act 2023 s.19(4)-(5)).
    The Act does not define "abnormally low": the authority declared its test in advance, that a
    tender is flagged when its price is `threshold_percent` or more below the average price of
    the other tenders. A lone tender has nothing to compare with and is never flagged.

    The comparison is exact (price x (n - 1) x 100 <= sum of the others x (100 - threshold)), so
    a tender exactly at the threshold is flagged whatever rounding the average would need.
    """
    threshold = Decimal(threshold_percent)
    if len(prices) < 2:
        return {}
    total = sum(prices.values(), Decimal(0))
    others_count = len(prices) - 1
    findings = {}
    for tender_id, price in prices.items():
        others_sum = total - price
        if others_sum <= 0:
            continue
        if price * others_count * HUNDRED <= others_sum * (HUNDRED - threshold):
            average = others_sum / others_count
            findings[tender_id] = AbnormallyLowFinding(
                tender_id=tender_id,
                price=price,
                average_of_others=round_score(average),
                percent_below=round_score((average - price) / average * HUNDRED),
                threshold_percent=threshold,
            )
    return findings


def check_abnormally_low_review(*, explanation: str, decision: str) -> None:
    """Before it decides about an abnormally low tender, the authority must have asked the
    supplier to show it can perform for the price (s.19(5)): record what the supplier said."""
    if not explanation.strip():
        raise RuleViolation(
            "explanation_required",
            "Record the supplier's explanation of its price before deciding.",
            section=f"{ACT} s.19(5)",
            field="explanation",
        )
    if decision not in ("accepted", "rejected"):
        raise RuleViolation(
            "invalid_input",
            "Choose whether to accept the tender or reject and disregard it.",
            field="decision",
        )


def check_abnormally_low_decision(
    *, flagged: bool, supplier: str, explanation: str, decision: str, reason: str
) -> None:
    """A decision about an abnormally low tender is taken about a flagged tender only, after the
    supplier's explanation (`check_abnormally_low_review`, s.19(5)); disregarding it (s.19(4))
    needs the reason."""
    if not flagged:
        raise RuleViolation(
            errors.NOT_ABNORMALLY_LOW,
            f"The tender of {supplier} is not flagged as abnormally low.",
            section=f"{ACT} s.19(4)",
        )
    check_abnormally_low_review(explanation=explanation, decision=decision)
    if decision == AbnormallyLowDecision.REJECTED and not reason.strip():
        raise RuleViolation(
            errors.REASON_REQUIRED,
            "Give the reason for disregarding the tender.",
            section=f"{ACT} s.19(4)",
            field="reason",
        )


# ---------------------------------------------------------------------------------------------
# Scores (s.19(1)-(2): the most advantageous tender, assessed against the award criteria)
# ---------------------------------------------------------------------------------------------


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
    must explain each score (Procurement Regulations 2024 reg 31(2)(c))."""
    if not (text or "").strip():
        raise RuleViolation(
            "justification_required",
            "Explain the score by reference to the tender.",
            section=f"{REGULATIONS} reg 31(2)",
            field=field_name,
        )


def check_rationale(text: str, *, field_name: str = "rationale") -> None:
    """A moderated score needs the rationale that explains it: it is the explanation the
    supplier reads in its assessment summary (Procurement Regulations 2024 reg 31(2)(c))."""
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
    """A tender disregarded as abnormally low (s.19(4)) is not assessed."""
    if disregarded:
        raise RuleViolation(
            errors.TENDER_DISREGARDED,
            f"The tender of {supplier} was disregarded as abnormally low: it is not assessed.",
            section=f"{ACT} s.19(4)",
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


@dataclass(frozen=True)
class CriterionResult:
    criterion_id: int
    kind: str
    title: str
    weight: Decimal
    score: int | None  # the consensus score; None for price (scored by formula)
    max_score: int | None
    weighted: Decimal
    explanation: str


@dataclass(frozen=True)
class TenderResult:
    tender_id: int
    supplier: str
    price: Decimal
    criteria: tuple[CriterionResult, ...]
    quality_total: Decimal
    price_total: Decimal
    total: Decimal
    rank: int
    tied: bool  # shares its rank with another tender
    successful: bool
    lot: str = ""  # the lot's number, when the procurement is divided into lots
    # Ranked among the winning places of its lot, but its supplier already holds the most lots
    # one supplier may be awarded (s.18(3)): the next-ranked tender takes its place.
    passed_over: bool = False


@dataclass(frozen=True)
class LotOutcome:
    """One lot of an evaluation in lots: how many suppliers it awards, its lowest assessed price
    (None: no tender was assessed in the lot) and how many tenders were assessed."""

    number: str
    title: str
    number_to_award: int
    lowest_price: Decimal | None
    tenders: int


@dataclass(frozen=True)
class Evaluation:
    """Every assessed tender's scores, best first, and which tenders win.

    For a procurement divided into lots, `results` holds every lot's tenders, each ranked and
    scored within its own lot (`TenderResult.lot`), in the order of the `lots`; `for_lot`
    gives one lot's evaluation on its own."""

    results: tuple[TenderResult, ...]
    lowest_price: Decimal
    number_to_award: int
    tie_break: str
    price_formula: str
    tie_break_order: tuple[int, ...] = field(default=())
    lots: tuple[LotOutcome, ...] = field(default=())
    max_lots_awarded: int | None = None

    @property
    def winners(self) -> tuple[TenderResult, ...]:
        return tuple(r for r in self.results if r.successful)

    def result_for(self, tender_id: int) -> TenderResult:
        return next(r for r in self.results if r.tender_id == tender_id)

    def lot_outcome(self, number: str) -> LotOutcome:
        return next(lot for lot in self.lots if lot.number == number)

    def for_lot(self, number: str) -> Evaluation:
        """The evaluation of one lot: its tenders only, its lowest price, its places."""
        lot = self.lot_outcome(number)
        return Evaluation(
            results=tuple(r for r in self.results if r.lot == number),
            lowest_price=lot.lowest_price if lot.lowest_price is not None else Decimal(0),
            number_to_award=lot.number_to_award,
            tie_break=self.tie_break,
            price_formula=self.price_formula,
            tie_break_order=self.tie_break_order,
            lots=(lot,),
            max_lots_awarded=self.max_lots_awarded,
        )


def _price_explanation(formula: str, *, lowest: Decimal, price: Decimal, weight, points) -> str:
    if formula == PriceFormula.LOWEST_PRICE_RATIO:
        return (
            f"Scored by the published formula: the lowest price ({format_money(lowest)}) ÷ this "
            f"tender's price ({format_money(price)}) × {weight} marks available = {points}."
        )
    return f"Scored by the published formula: {points} of {weight} marks."  # pragma: no cover


@dataclass(frozen=True)
class ScoredTender:
    """One tender scored against every criterion, before it is ranked: its lines (one per
    criterion, in the order of the criteria) and its totals."""

    tender: Tender
    lines: tuple[CriterionResult, ...]
    quality_total: Decimal
    price_total: Decimal

    @property
    def total(self) -> Decimal:
        return self.quality_total + self.price_total

    @property
    def tender_id(self) -> int:
        return self.tender.tender_id


def _check_evaluable(
    *,
    tenders: Sequence[Tender],
    criteria: Sequence[Criterion],
    consensus: Mapping[tuple[int, int], Consensus],
    number_to_award: int,
    tie_break_order: Sequence[int],
) -> None:
    """There is something to assess, every quality criterion is moderated for every tender,
    every price is positive, and the tie-break order names each tender at most once."""
    if not tenders:
        raise RuleViolation(
            "no_assessed_tenders",
            "There are no tenders to assess.",
            section=f"{ACT} s.19(1)",
        )
    if number_to_award < 1:
        raise RuleViolation("invalid_input", "At least one supplier must be awarded.")
    ids = [t.tender_id for t in tenders]
    order = list(tie_break_order)
    if len(set(order)) != len(order) or not set(order) <= set(ids):
        raise RuleViolation(
            "invalid_tie_order",
            "The tie-break order must list each tied tender once.",
            field="tie_break_order",
        )
    missing = [
        (t.tender_id, c.id)
        for t in tenders
        for c in criteria
        if c.kind == CriterionKind.QUALITY and (t.tender_id, c.id) not in consensus
    ]
    if missing:
        raise RuleViolation(
            "moderation_incomplete",
            "Record a moderated score for every tender against every quality criterion first.",
            details={"missing": [{"tender_id": t, "criterion_id": c} for t, c in missing]},
        )
    if any(c.kind == CriterionKind.PRICE for c in criteria) and any(t.price <= 0 for t in tenders):
        raise RuleViolation("price_not_positive", "Every tender price must be more than £0.")


def _price_line(
    criterion: Criterion, tender: Tender, *, lowest: Decimal, price_formula: str
) -> CriterionResult:
    """The price criterion, scored by the declared formula against the lowest price."""
    points = price_score(
        price_formula, lowest=lowest, price=tender.price, available_marks=criterion.weight
    )
    return CriterionResult(
        criterion_id=criterion.id,
        kind=criterion.kind,
        title=criterion.title,
        weight=criterion.weight,
        score=None,
        max_score=None,
        weighted=points,
        explanation=_price_explanation(
            price_formula, lowest=lowest, price=tender.price, weight=criterion.weight, points=points
        ),
    )


def _quality_line(criterion: Criterion, moderated: Consensus) -> CriterionResult:
    """A quality criterion, scored by its moderated score ÷ maximum × weight."""
    check_score(moderated.score, criterion.max_score)
    return CriterionResult(
        criterion_id=criterion.id,
        kind=criterion.kind,
        title=criterion.title,
        weight=criterion.weight,
        score=moderated.score,
        max_score=criterion.max_score,
        weighted=quality_score(moderated.score, criterion.max_score, criterion.weight),
        explanation=moderated.rationale,
    )


def _score_tender(
    tender: Tender,
    *,
    criteria: Sequence[Criterion],
    consensus: Mapping[tuple[int, int], Consensus],
    lowest: Decimal,
    price_formula: str,
) -> ScoredTender:
    """One tender scored against every criterion, with its quality and price totals."""
    lines = tuple(
        _price_line(criterion, tender, lowest=lowest, price_formula=price_formula)
        if criterion.kind == CriterionKind.PRICE
        else _quality_line(criterion, consensus[(tender.tender_id, criterion.id)])
        for criterion in criteria
    )
    return ScoredTender(
        tender=tender,
        lines=lines,
        quality_total=sum((x.weighted for x in lines if x.kind != CriterionKind.PRICE), Decimal(0)),
        price_total=sum((x.weighted for x in lines if x.kind == CriterionKind.PRICE), Decimal(0)),
    )


@dataclass(frozen=True)
class _Ranking:
    """How the scored tenders compare: by total, then the declared tie-break, then the order the
    authority recorded for tenders still tied (a lower key is better)."""

    tie_break: str
    order: tuple[int, ...]
    groups: Mapping[tuple, Sequence[ScoredTender]]

    @classmethod
    def of(cls, scored: Sequence[ScoredTender], tie_break: str, order: Sequence[int]) -> _Ranking:
        ranking = cls(tie_break=tie_break, order=tuple(order), groups={})
        groups: dict[tuple, list[ScoredTender]] = {}
        for entry in scored:
            groups.setdefault(ranking.merit(entry), []).append(entry)
        return cls(tie_break=tie_break, order=tuple(order), groups=groups)

    def merit(self, entry: ScoredTender) -> tuple:
        """The total, then the declared tie-break: the higher quality total or the lower price."""
        second = (
            -entry.quality_total
            if self.tie_break == TieBreak.HIGHEST_QUALITY
            else entry.tender.price
        )
        return (-entry.total, second)

    def key(self, entry: ScoredTender) -> tuple:
        """The merit, then the recorded order when every tender equal on merit is in it."""
        group = self.groups[self.merit(entry)]
        if len(group) > 1 and all(e.tender_id in self.order for e in group):
            return (*self.merit(entry), self.order.index(entry.tender_id))
        return (*self.merit(entry), 0)


def _refuse_unresolved_tie(
    ranking: _Ranking, eligible: Sequence[ScoredTender], winners_count: int
) -> None:
    """A tie that straddles the last winning place cannot be decided by arithmetic (s.19(1)):
    the authority must record its decision on the order."""
    if winners_count >= len(eligible):
        return
    last_in, first_out = eligible[winners_count - 1], eligible[winners_count]
    if ranking.key(last_in) != ranking.key(first_out):
        return
    tied = [e.tender_id for e in eligible if ranking.key(e) == ranking.key(last_in)]
    names = ", ".join(e.tender.supplier for e in eligible if e.tender_id in tied)
    raise RuleViolation(
        "tie_unresolved",
        f"The tenders of {names} are tied on the total score and on the declared "
        "tie-break, and not all of them can win. Record the authority's decision on "
        "their order, with the reason.",
        section=f"{ACT} s.19(1)",
        details={"tender_ids": tied},
    )


def evaluate(
    *,
    tenders: Sequence[Tender],
    criteria: Sequence[Criterion],
    consensus: Mapping[tuple[int, int], Consensus],
    price_formula: str,
    tie_break: str,
    number_to_award: int,
    tie_break_order: Sequence[int] = (),
    ineligible: Collection[int] = (),
    lot: str = "",
) -> Evaluation:
    """Score, total and rank the assessed tenders; the top `number_to_award` win.

    The most advantageous tender is the one that best satisfies the award criteria, assessed by
    the published methodology (Procurement Act 2023 s.19(1)-(2), s.23): quality criteria by the
    moderated (consensus) score ÷ maximum × weight; price by the declared formula. Totals are
    compared to 2 decimal places. Equal totals are separated by the declared tie-break (the
    higher quality total, or the lower price). A tie that still straddles the last winning place
    cannot be decided by arithmetic: it raises `tie_unresolved` unless the authority has recorded
    its decision as `tie_break_order` (the tied tenders, best first). Tenders still tied below
    the winning places share a rank.

    `ineligible` tenders (of a supplier already awarded the most lots one supplier may be, s.18(3))
    are scored and ranked but cannot win: the next-ranked tenders take the winning places. `lot`
    is the lot being evaluated, for a procurement divided into lots (see `evaluate_lots`).

    The steps: check (`_check_evaluable`), score each tender (`_score_tender`), rank
    (`_Ranking`), refuse a tie across the last winning place (`_refuse_unresolved_tie`), and
    read off each tender's rank and whether it wins.
    """
    _check_evaluable(
        tenders=tenders,
        criteria=criteria,
        consensus=consensus,
        number_to_award=number_to_award,
        tie_break_order=tie_break_order,
    )
    order = list(tie_break_order)
    lowest = min(t.price for t in tenders)
    scored = [
        _score_tender(
            tender,
            criteria=criteria,
            consensus=consensus,
            lowest=lowest,
            price_formula=price_formula,
        )
        for tender in tenders
    ]
    ranking = _Ranking.of(scored, tie_break, order)
    ranked = sorted(scored, key=lambda e: (ranking.key(e), e.tender.supplier, e.tender_id))
    excluded = set(ineligible)
    eligible = [e for e in ranked if e.tender_id not in excluded]
    winners_count = min(number_to_award, len(eligible))
    _refuse_unresolved_tie(ranking, eligible, winners_count)

    winning = {e.tender_id for e in eligible[:winners_count]}
    last_winning_position = max(
        (i for i, e in enumerate(ranked) if e.tender_id in winning), default=-1
    )
    keys = [ranking.key(e) for e in ranked]
    results = tuple(
        TenderResult(
            tender_id=entry.tender_id,
            supplier=entry.tender.supplier,
            price=entry.tender.price,
            criteria=entry.lines,
            quality_total=entry.quality_total,
            price_total=entry.price_total,
            total=entry.total,
            rank=1 + sum(1 for other in keys if other < keys[position]),
            tied=keys.count(keys[position]) > 1,
            successful=entry.tender_id in winning,
            lot=lot,
            passed_over=entry.tender_id in excluded and position < last_winning_position,
        )
        for position, entry in enumerate(ranked)
    )
    return Evaluation(
        results=results,
        lowest_price=lowest,
        number_to_award=number_to_award,
        tie_break=tie_break,
        price_formula=price_formula,
        tie_break_order=tuple(order),
    )


@dataclass(frozen=True)
class LotTenders:
    """One lot and its assessed tenders, in the order of the lots."""

    number: str
    title: str
    number_to_award: int
    tenders: tuple[Tender, ...]


def evaluate_lots(
    *,
    lots: Sequence[LotTenders],
    criteria: Sequence[Criterion],
    consensus: Mapping[tuple[int, int], Consensus],
    price_formula: str,
    tie_break: str,
    tie_break_order: Sequence[int] = (),
    max_lots_awarded: int | None = None,
) -> Evaluation:
    """Evaluate a procurement divided into lots (Procurement Act 2023 s.18): each lot on its
    own, by `evaluate`, comparing only that lot's tenders (its lowest price, its ranking, its
    ties, its number of winners); a lot without assessed tenders awards nothing.

    If the tender notice limited the number of lots one supplier may be awarded
    (`max_lots_awarded`, s.18(3)), the lots are awarded in their order and a supplier that
    already holds that many lots cannot win another: there, the next-ranked tender takes its
    place (the rule the tender notice states, `notices.ocds.LOTS_AWARDED_RULE`).
    """
    all_ids = {t.tender_id for lot in lots for t in lot.tenders}
    order = list(tie_break_order)
    if len(set(order)) != len(order) or not set(order) <= all_ids:
        raise RuleViolation(
            "invalid_tie_order",
            "The tie-break order must list each tied tender once.",
            field="tie_break_order",
        )
    won: dict[str, int] = {}
    results: list[TenderResult] = []
    outcomes: list[LotOutcome] = []
    for lot in lots:
        if not lot.tenders:
            outcomes.append(LotOutcome(lot.number, lot.title, lot.number_to_award, None, 0))
            continue
        ids = {t.tender_id for t in lot.tenders}
        ineligible = {
            t.tender_id
            for t in lot.tenders
            if max_lots_awarded is not None and won.get(t.supplier, 0) >= max_lots_awarded
        }
        try:
            evaluation = evaluate(
                tenders=lot.tenders,
                criteria=criteria,
                consensus=consensus,
                price_formula=price_formula,
                tie_break=tie_break,
                number_to_award=lot.number_to_award,
                tie_break_order=[i for i in order if i in ids],
                ineligible=ineligible,
                lot=lot.number,
            )
        except RuleViolation as problem:
            if problem.code == "tie_unresolved":
                problem.message = f"Lot {lot.number}: {problem.message}"
                problem.details = {**problem.details, "lot": lot.number}
            raise
        for winner in evaluation.winners:
            won[winner.supplier] = won.get(winner.supplier, 0) + 1
        results.extend(evaluation.results)
        outcomes.append(
            LotOutcome(
                lot.number,
                lot.title,
                lot.number_to_award,
                evaluation.lowest_price,
                len(lot.tenders),
            )
        )
    if not results:
        raise RuleViolation(
            "no_assessed_tenders",
            "There are no tenders to assess in any lot.",
            section=f"{ACT} s.19(1)",
        )
    return Evaluation(
        results=tuple(results),
        lowest_price=min(r.price for r in results),
        number_to_award=sum(lot.number_to_award for lot in lots),
        tie_break=tie_break,
        price_formula=price_formula,
        tie_break_order=tuple(order),
        lots=tuple(outcomes),
        max_lots_awarded=max_lots_awarded,
    )


# ---------------------------------------------------------------------------------------------
# The award decision: proposed, then signed off by someone else
# ---------------------------------------------------------------------------------------------


def check_may_propose_award(
    *, procurement_status: str, award_proposed: bool, panel_submitted: bool
) -> None:
    """The award is proposed once, in evaluation, after every evaluator on the panel has
    submitted (the most advantageous tender is found by the whole assessment, s.19(1))."""
    if procurement_status != Status.EVALUATION:
        if procurement_status in PANEL_OPEN:
            raise RuleViolation(errors.TENDERS_SEALED, "The tenders have not been opened yet.")
        raise RuleViolation(errors.EVALUATION_CLOSED, "The award has already been decided.")
    if award_proposed:
        raise RuleViolation(
            errors.AWARD_ALREADY_PROPOSED, "An award has already been proposed for approval."
        )
    if not panel_submitted:
        raise RuleViolation(
            errors.EVALUATION_INCOMPLETE,
            "Every evaluator on the panel must submit their scores before the award.",
        )


def check_award_proposal(
    *,
    undecided_abnormally_low: Sequence[tuple[int, str]],
    tie_break_order: Sequence[int],
    tie_break_reason: str,
) -> None:
    """Before the award decision the authority decides about every abnormally low tender
    (`undecided_abnormally_low`: (tender id, supplier) pairs without a decision), having asked the
    supplier to explain (s.19(4)-(5)); an order it sets for tied tenders comes with its reason (a
    house rule: the decision must be explainable, s.50(3), reg 31)."""
    if undecided_abnormally_low:
        names = and_list([supplier for _, supplier in undecided_abnormally_low])
        raise RuleViolation(
            errors.ABNORMALLY_LOW_UNDECIDED,
            f"The price of {names} is abnormally low by the published test. Record the "
            "supplier's explanation and decide whether to accept or disregard the tender before "
            "the award decision.",
            section=f"{ACT} s.19(4)-(5)",
            details={"tender_ids": [tender_id for tender_id, _ in undecided_abnormally_low]},
        )
    if tie_break_order and not tie_break_reason.strip():
        raise RuleViolation(
            errors.TIE_BREAK_REASON_REQUIRED,
            "Give the reason for the order of the tied tenders.",
            field="tie_break_reason",
        )


def check_awaiting_approval(decision_status: str | None) -> None:
    """Only a proposal awaiting approval (`decision_status`, None: no live proposal) is
    approved or returned."""
    if decision_status != AwardDecisionStatus.PROPOSED:
        raise RuleViolation(errors.NO_PROPOSAL, "There is no award proposal awaiting approval.")


def check_other_approver(*, proposed_by: int | None, approver: int | None) -> None:
    """The award is signed off by a different person from the one who proposed it (a house rule:
    two people for every award decision)."""
    if proposed_by == approver:
        raise RuleViolation(
            errors.APPROVER_MUST_DIFFER,
            "The award must be signed off by a different person from the one who proposed it.",
        )


def check_proposal_current(withdrawn: Sequence[str]) -> None:
    """A proposal is approved only while every supplier it ranks is still taking part: a
    supplier that withdrew after it was proposed (`withdrawn`, their names) is no longer a
    candidate (a house rule; the withdrawal: `participation.rules.check_withdrawal`)."""
    if withdrawn:
        raise RuleViolation(
            "proposal_out_of_date",
            f"{and_list(sorted(set(withdrawn)))} withdrew from the procurement after this award "
            "decision was proposed: return it so that the buyer can propose it again without "
            "them.",
        )


def check_return_reason(reason: str) -> None:
    """A proposal is returned with the reason, for the buyer to act on (a house rule)."""
    if not reason.strip():
        raise RuleViolation(
            errors.RETURN_REASON_REQUIRED,
            "Say why the proposal is returned.",
            field="reason",
        )


def check_award_approved(approved: bool) -> None:
    """The summaries and the award notice follow an approved award decision (s.50(1))."""
    if not approved:
        raise RuleViolation(errors.NOT_AWARD_DECIDED, "The award decision has not been approved.")


def check_summaries_sendable(*, procurement_status: str, sent_at: datetime | None) -> None:
    """The assessment summaries are sent once the award is decided, all at the same time and
    once (s.50(3); reg 31(4)), before the contract award notice."""
    if procurement_status != Status.AWARD_DECIDED:
        if procurement_status in (Status.STANDSTILL, Status.CONTRACT_SIGNED):
            raise RuleViolation(
                errors.SUMMARIES_ALREADY_SENT, "The assessment summaries have already been sent."
            )
        raise RuleViolation(errors.NOT_AWARD_DECIDED, "The award decision has not been approved.")
    if sent_at is not None:
        raise RuleViolation(
            errors.SUMMARIES_ALREADY_SENT,
            f"The assessment summaries were sent at {format_datetime(sent_at)}.",
        )


def check_award_notice_publishable(procurement_status: str) -> None:
    """The contract award notice (UK6, s.50) is published once, after the award decision."""
    if procurement_status in (Status.STANDSTILL, Status.CONTRACT_SIGNED):
        raise RuleViolation(
            errors.AWARD_NOTICE_ALREADY_PUBLISHED,
            "The contract award notice has already been published.",
        )
    if procurement_status != Status.AWARD_DECIDED:
        raise RuleViolation(errors.NOT_AWARD_DECIDED, "The award decision has not been approved.")


def check_summaries_sent(sent_at: datetime | None) -> None:
    """The contract award notice is published only after the assessment summaries were sent to
    every supplier that submitted an assessed tender (s.50(3))."""
    if sent_at is None:
        raise RuleViolation(
            errors.SUMMARIES_NOT_SENT,
            "Send the assessment summaries to every supplier that submitted an assessed tender "
            "before publishing the contract award notice.",
            section=f"{ACT} s.50(3)",
        )


# ---------------------------------------------------------------------------------------------
# Assessment summaries (s.50(3); reg 31)
# ---------------------------------------------------------------------------------------------


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
    one supplier may be awarded says so (s.18(3)).
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
            "the tender notice said (Procurement Act 2023 s.18(3))."
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
