"""The assessment method: score, total and rank the assessed tenders, in lots or not
(Procurement Act 2023 s.18, s.19(1)-(2), s.23)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from procura.core.errors import RuleViolation
from procura.core.formatting import format_money
from procura.procurements.states import CriterionKind, PriceFormula, TieBreak

from .common import ACT
from .scores import Consensus, Criterion, Tender, check_score, price_score, quality_score


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
    # one supplier may be awarded (s.23(4)): the next-ranked tender takes its place.
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

    `ineligible` tenders (of a supplier already awarded the most lots one supplier may be, s.23(4))
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
    (`max_lots_awarded`, s.23(4)), the lots are awarded in their order and a supplier that
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
