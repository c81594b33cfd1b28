"""Reads for the evaluation and award. The tenders come from the tendering app, through
`tenders_for_evaluation` only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from procura.accounts.models import Organisation
from procura.accounts.selectors import has_role, members_of, organisation_ids_where
from procura.accounts.states import Role, SupplierScale
from procura.core.errors import DomainError, NotFound
from procura.procurements.models import AwardCriterion, ConflictsAssessment, Procurement
from procura.procurements.states import CriterionKind
from procura.timescales.rules import STANDSTILL_WORKING_DAYS, StandstillPeriod, award_standstill

from . import rules, snapshot
from .models import (
    AbnormallyLowReview,
    AssessmentSummary,
    AwardDecision,
    ConflictDeclaration,
    ConsensusScore,
    EvaluatorAssignment,
    PreferredSupplier,
    Score,
)
from .states import ON_PANEL, AssignmentStatus, AwardDecisionStatus

# ---------------------------------------------------------------------------------------------
# Tenders: the boundary with the tendering app
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TenderForEvaluation:
    """An opened tender as the evaluation sees it. `price` is £ excluding VAT; `answers` maps
    each criterion id (as a string) to the supplier's answer to it."""

    tender_id: int
    supplier: Organisation
    price: Decimal
    answers: dict = field(default_factory=dict)
    line_items: tuple = ()
    files: tuple = ()
    integrity: str = "verified"  # tendering flags a tender that did not match its receipt
    problem: str = ""
    lot_id: int | None = None  # the lot it is for, when the procurement is divided into lots
    lot_number: str = ""
    lot_title: str = ""

    @property
    def verified(self) -> bool:
        return self.integrity == "verified"

    @property
    def label(self) -> str:
        """Who tendered and, in a procurement divided into lots, for which lot: one supplier may
        have a tender in each lot, scored on its own."""
        name = self.supplier.name
        return f"{name}, lot {self.lot_number}: {self.lot_title}" if self.lot_number else name

    def answer_to(self, criterion: AwardCriterion) -> str:
        return self.answers.get(str(criterion.pk), "")


def _opened_tenders(procurement: Procurement) -> list:
    """The data source: the tendering app's opened tenders (raises `tenders_sealed` until the
    tenders have been opened). Nothing else in this app reads tenders."""
    from procura.tendering import selectors as tendering

    return tendering.opened_tenders(procurement)


def tenders_for_evaluation(procurement: Procurement) -> list[TenderForEvaluation]:
    """Every opened tender of the procurement, in supplier-name order, except those of suppliers
    that have withdrawn from the procurement: they are not candidates any more, so they are not
    scored, ranked, awarded or sent an assessment summary (their sealed tender stays on the
    record in the tendering app)."""
    from procura.participation.selectors import withdrawn_supplier_ids

    withdrawn = withdrawn_supplier_ids(procurement)
    tenders = [
        TenderForEvaluation(
            tender_id=int(t.tender_id),
            supplier=t.supplier,
            price=Decimal(t.price),
            answers={str(k): v for k, v in dict(t.answers or {}).items()},
            line_items=tuple(t.line_items or ()),
            files=tuple(t.files or ()),
            integrity=str(getattr(t, "integrity", "verified")),
            problem=getattr(t, "problem", ""),
            **_lot_fields(getattr(t, "lot", None)),
        )
        for t in _opened_tenders(procurement)
        if t.supplier.pk not in withdrawn
    ]
    return sorted(tenders, key=lambda t: (t.supplier.name, t.tender_id))


def _lot_fields(lot) -> dict:
    if lot is None:
        return {}
    return {"lot_id": lot.pk, "lot_number": lot.number, "lot_title": lot.title}


def lots_of(procurement: Procurement) -> list:
    """The procurement's lots in order; empty when it is not divided into lots (s.18)."""
    return list(procurement.lots.order_by("position", "pk"))


def by_lot(procurement: Procurement, tenders) -> list[tuple[Any, list]]:
    """The tenders grouped by lot, in the order of the lots: [(lot, its tenders)]; one group
    `(None, tenders)` when the procurement is not divided into lots."""
    lots = lots_of(procurement)
    if not lots:
        return [(None, list(tenders))]
    return [(lot, [t for t in tenders if t.lot_id == lot.pk]) for lot in lots]


def tender_for_evaluation(procurement: Procurement, tender_id) -> TenderForEvaluation:
    try:
        wanted = int(tender_id)
    except (TypeError, ValueError) as error:
        raise NotFound() from error
    for tender in tenders_for_evaluation(procurement):
        if tender.tender_id == wanted:
            return tender
    raise NotFound()


# ---------------------------------------------------------------------------------------------
# Criteria and the panel
# ---------------------------------------------------------------------------------------------


def criteria_of(procurement: Procurement) -> list[AwardCriterion]:
    return list(procurement.criteria.all())


def quality_criteria(procurement: Procurement) -> list[AwardCriterion]:
    return [c for c in criteria_of(procurement) if c.kind == CriterionKind.QUALITY]


def as_rule_criteria(criteria: Sequence[AwardCriterion]) -> list[rules.Criterion]:
    return [
        rules.Criterion(
            id=c.pk, kind=c.kind, title=c.title, weight=Decimal(c.weight), max_score=c.max_score
        )
        for c in criteria
    ]


def assignments(procurement: Procurement) -> list[EvaluatorAssignment]:
    return list(
        EvaluatorAssignment.objects.filter(procurement=procurement).select_related("evaluator")
    )


def assignment_of(user, procurement: Procurement) -> EvaluatorAssignment | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        EvaluatorAssignment.objects.filter(procurement=procurement, evaluator=user)
        .select_related("evaluator", "procurement")
        .first()
    )


def panel(procurement: Procurement) -> list[EvaluatorAssignment]:
    """The evaluators whose scores count: assigned, and neither walled off nor removed."""
    return [a for a in assignments(procurement) if a.status in ON_PANEL]


def panel_has_submitted(procurement: Procurement) -> bool:
    """Whether there is a panel and every evaluator on it has submitted all their scores."""
    members = panel(procurement)
    return bool(members) and all(a.status == AssignmentStatus.SUBMITTED for a in members)


def eligible_evaluators(procurement: Procurement) -> list:
    """People holding the evaluator role in the authority who are not on the panel now."""
    taken = {
        a.evaluator_id for a in assignments(procurement) if a.status != AssignmentStatus.REMOVED
    }
    label = Role.EVALUATOR.label
    return [
        person["user"]
        for person in members_of(procurement.authority)
        if label in person["roles"] and person["user"].pk not in taken
    ]


def declarations_of(assignment: EvaluatorAssignment) -> list[ConflictDeclaration]:
    return list(assignment.declarations.prefetch_related("suppliers"))


def evaluations_of(user) -> QuerySet[EvaluatorAssignment]:
    """The evaluator's assignments on procurements that are still running, newest first."""
    return (
        EvaluatorAssignment.objects.filter(evaluator=user)
        .exclude(status=AssignmentStatus.REMOVED)
        .select_related("procurement", "procurement__authority")
        .order_by("-assigned_at")
    )


# ---------------------------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------------------------


def own_scores(assignment: EvaluatorAssignment) -> dict[tuple[int, int], Score]:
    return {(s.tender_id, s.criterion_id): s for s in assignment.scores.all()}


def missing_scores(
    assignment: EvaluatorAssignment, tenders, criteria
) -> list[tuple[TenderForEvaluation, AwardCriterion]]:
    scored = own_scores(assignment)
    return [(t, c) for t in tenders for c in criteria if (t.tender_id, c.pk) not in scored]


def submitted_scores(procurement: Procurement) -> dict[tuple[int, int], list[Score]]:
    """The scores of every evaluator on the panel who has submitted, by (tender, criterion)."""
    grouped: dict[tuple[int, int], list[Score]] = {}
    scores = Score.objects.filter(
        assignment__procurement=procurement, assignment__status=AssignmentStatus.SUBMITTED
    ).select_related("assignment__evaluator", "criterion")
    for score in scores.order_by("assignment__evaluator__last_name", "assignment_id"):
        grouped.setdefault((score.tender_id, score.criterion_id), []).append(score)
    return grouped


# ---------------------------------------------------------------------------------------------
# Abnormally low tenders and moderation
# ---------------------------------------------------------------------------------------------


def reviews_of(procurement: Procurement) -> dict[int, AbnormallyLowReview]:
    return {
        r.tender_id: r
        for r in AbnormallyLowReview.objects.filter(procurement=procurement).select_related(
            "decided_by"
        )
    }


@dataclass(frozen=True)
class FlaggedTender:
    tender: TenderForEvaluation
    finding: rules.AbnormallyLowFinding
    review: AbnormallyLowReview | None


def flagged_tenders(procurement: Procurement, tenders=None) -> list[FlaggedTender]:
    """The tenders the declared test flags as abnormally low, each with its review if made."""
    tenders = tenders if tenders is not None else tenders_for_evaluation(procurement)
    findings = {}
    for _lot, group in by_lot(procurement, tenders):  # each lot's prices compared on their own
        findings |= rules.abnormally_low_tenders(
            {t.tender_id: t.price for t in group}, procurement.abnormally_low_threshold_percent
        )
    reviews = reviews_of(procurement)
    return [
        FlaggedTender(tender=t, finding=findings[t.tender_id], review=reviews.get(t.tender_id))
        for t in tenders
        if t.tender_id in findings
    ]


def disregarded_tender_ids(procurement: Procurement) -> set[int]:
    return {r.tender_id for r in reviews_of(procurement).values() if r.disregarded}


def assessed_tenders(procurement: Procurement, tenders=None) -> list[TenderForEvaluation]:
    """The tenders that are assessed: every opened tender not disregarded (s.50(5))."""
    tenders = tenders if tenders is not None else tenders_for_evaluation(procurement)
    disregarded = disregarded_tender_ids(procurement)
    return [t for t in tenders if t.tender_id not in disregarded]


def consensus_of(procurement: Procurement) -> dict[tuple[int, int], ConsensusScore]:
    return {
        (c.tender_id, c.criterion_id): c
        for c in ConsensusScore.objects.filter(procurement=procurement)
    }


def build_evaluation(
    procurement: Procurement, *, tie_break_order: Sequence[int] = (), tenders=None
) -> rules.Evaluation:
    """Score and rank the assessed tenders from the moderated scores (raises the rules' codes:
    moderation_incomplete, tie_unresolved, no_assessed_tenders). A procurement divided into
    lots is evaluated lot by lot (`rules.evaluate_lots`)."""
    assessed = assessed_tenders(procurement, tenders)
    consensus = {
        key: rules.Consensus(score=c.score, rationale=c.rationale)
        for key, c in consensus_of(procurement).items()
    }
    if lots_of(procurement):
        return rules.evaluate_lots(
            lots=_lot_tenders(procurement, assessed),
            criteria=as_rule_criteria(criteria_of(procurement)),
            consensus=consensus,
            price_formula=procurement.price_formula,
            tie_break=procurement.tie_break,
            tie_break_order=tie_break_order,
            max_lots_awarded=procurement.max_lots_awarded_per_supplier,
        )
    return rules.evaluate(
        tenders=[
            rules.Tender(tender_id=t.tender_id, supplier=t.supplier.name, price=t.price)
            for t in assessed
        ],
        criteria=as_rule_criteria(criteria_of(procurement)),
        consensus=consensus,
        price_formula=procurement.price_formula,
        tie_break=procurement.tie_break,
        number_to_award=procurement.number_to_award,
        tie_break_order=tie_break_order,
    )


# ---------------------------------------------------------------------------------------------
# The award decision and what follows it
# ---------------------------------------------------------------------------------------------


def live_decision(procurement: Procurement) -> AwardDecision | None:
    """The award decision proposed or approved (never more than one; returned ones are past)."""
    return (
        AwardDecision.objects.filter(procurement=procurement)
        .exclude(status=AwardDecisionStatus.RETURNED)
        .select_related("proposed_by", "decided_by", "award_notice")
        .first()
    )


def decisions_of(procurement: Procurement) -> list[AwardDecision]:
    return list(
        AwardDecision.objects.filter(procurement=procurement).select_related(
            "proposed_by", "decided_by"
        )
    )


def approved_decision(procurement: Procurement) -> AwardDecision | None:
    decision = live_decision(procurement)
    return decision if decision and decision.status == AwardDecisionStatus.APPROVED else None


def is_light_touch(procurement: Procurement) -> bool:
    """The procurement is for a light touch contract (s.9; its tendering facts say so)."""
    return bool((procurement.tendering_facts or {}).get("light_touch"))


def standstill_of(decision: AwardDecision, published_on: date) -> StandstillPeriod | None:
    """The standstill the award notice published on Find a Tender on `published_on` starts, or
    None: the mandatory one (s.51(1)-(2)), none for a light touch contract (s.51(3)(f)) unless the
    buyer provided for a voluntary one of 8 working days in the notice (s.51(4)-(5)); the law is
    `timescales.rules.award_standstill`."""
    return award_standstill(
        published_on,
        light_touch=is_light_touch(decision.procurement),
        voluntary_days=STANDSTILL_WORKING_DAYS if decision.voluntary_standstill else None,
    )


def stored_evaluation(decision: AwardDecision) -> rules.Evaluation:
    return snapshot.evaluation_from_json(decision.results["evaluation"])


def preferred_suppliers(procurement: Procurement) -> list[PreferredSupplier]:
    """The winners of the approved award decision, best first (empty if none is approved)."""
    decision = approved_decision(procurement)
    if decision is None:
        return []
    return list(decision.preferred_suppliers.select_related("supplier", "lot"))


def decisions_awaiting_approval(user) -> QuerySet[AwardDecision]:
    """Proposals in the authorities where the person is an approver."""
    return (
        AwardDecision.objects.filter(
            status=AwardDecisionStatus.PROPOSED,
            procurement__authority_id__in=organisation_ids_where(user, Role.APPROVER),
        )
        .select_related("procurement", "proposed_by")
        .order_by("proposed_at")
    )


def summaries_of(decision: AwardDecision) -> list[AssessmentSummary]:
    return list(decision.assessment_summaries.select_related("supplier", "lot"))


def summaries_for_supplier(user) -> QuerySet[AssessmentSummary]:
    """The assessment summaries sent to the suppliers the person bids for, and no others."""
    return (
        AssessmentSummary.objects.filter(
            supplier_id__in=organisation_ids_where(user, Role.SUPPLIER_BID_MANAGER)
        )
        .select_related("supplier", "decision__procurement", "decision__procurement__authority")
        .order_by("-sent_at", "pk")
    )


def bid_manager_emails(supplier: Organisation) -> list[str]:
    """Where to tell a supplier its assessment summary is ready: its bid managers' addresses."""
    label = Role.SUPPLIER_BID_MANAGER.label
    emails = [
        person["user"].email
        for person in members_of(supplier)
        if label in person["roles"] and person["user"].email and person["user"].is_active
    ]
    return emails or ([supplier.email] if supplier.email else [])


def is_sme(organisation: Organisation) -> bool:
    return organisation.scale == SupplierScale.SME


def can_view_results(user, procurement: Procurement) -> bool:
    return any(
        has_role(user, role, procurement.authority)
        for role in (Role.BUYER, Role.APPROVER, Role.AUDITOR)
    )


@dataclass(frozen=True)
class Results:
    """The results table as it stands: the evaluation (if it can be worked out) and, if it is
    not yet decisive, the problem (e.g. moderation_incomplete, tie_unresolved)."""

    evaluation: rules.Evaluation | None
    problem: rules.RuleViolation | None
    decision: AwardDecision | None

    @property
    def complete(self) -> bool:
        return self.evaluation is not None and self.problem is None


def results_of(procurement: Procurement, tenders=None) -> Results:
    """The proposed or approved evaluation once there is one; until then, the evaluation from the
    moderated scores so far. An undecidable tie still shows the ranking, with the problem."""
    decision = live_decision(procurement)
    if decision is not None:
        return Results(evaluation=stored_evaluation(decision), problem=None, decision=decision)
    try:
        return Results(
            evaluation=build_evaluation(procurement, tenders=tenders), problem=None, decision=None
        )
    except DomainError as problem:  # a rule of the evaluation, or the tenders still sealed
        if problem.code != "tie_unresolved":
            return Results(evaluation=None, problem=problem, decision=None)
        assessed = assessed_tenders(procurement, tenders)
        undecided = build_evaluation_for_display(procurement, assessed)
        return Results(evaluation=undecided, problem=problem, decision=None)


def _lot_tenders(procurement: Procurement, assessed, *, everyone_wins: bool = False) -> list:
    return [
        rules.LotTenders(
            number=lot.number,
            title=lot.title,
            number_to_award=max(len(group), 1) if everyone_wins else lot.number_to_award,
            tenders=tuple(
                rules.Tender(tender_id=t.tender_id, supplier=t.supplier.name, price=t.price)
                for t in group
            ),
        )
        for lot, group in by_lot(procurement, assessed)
    ]


def build_evaluation_for_display(procurement: Procurement, assessed) -> rules.Evaluation:
    """Every assessed tender ranked, with no winning line drawn (used to show a tie)."""
    consensus = {
        key: rules.Consensus(score=c.score, rationale=c.rationale)
        for key, c in consensus_of(procurement).items()
    }
    if lots_of(procurement):
        return rules.evaluate_lots(
            lots=_lot_tenders(procurement, assessed, everyone_wins=True),
            criteria=as_rule_criteria(criteria_of(procurement)),
            consensus=consensus,
            price_formula=procurement.price_formula,
            tie_break=procurement.tie_break,
        )
    return rules.evaluate(
        tenders=[
            rules.Tender(tender_id=t.tender_id, supplier=t.supplier.name, price=t.price)
            for t in assessed
        ],
        criteria=as_rule_criteria(criteria_of(procurement)),
        consensus=consensus,
        price_formula=procurement.price_formula,
        tie_break=procurement.tie_break,
        number_to_award=len(assessed),
    )


def declarable_suppliers(procurement: Procurement) -> list[Organisation]:
    """The suppliers an evaluator may name in a conflict declaration: those whose tenders were
    opened or, before the opening, those invited to tender. Names only: no tender is shown."""
    from procura.core.errors import DomainError

    try:
        return sorted(
            {t.supplier.pk: t.supplier for t in tenders_for_evaluation(procurement)}.values(),
            key=lambda s: s.name,
        )
    except DomainError:
        from procura.participation.selectors import invited_suppliers

        return invited_suppliers(procurement)


def authority_person(procurement: Procurement, user_id) -> object | None:
    """A person who holds any role in the procurement's authority, by id; None if none does."""
    for person in members_of(procurement.authority):
        if str(person["user"].pk) == str(user_id):
            return person["user"]
    return None


# ---------------------------------------------------------------------------------------------
# Declared conflicts and the conflicts assessment (s.83(5))
# ---------------------------------------------------------------------------------------------


def declared_conflicts(procurement: Procurement) -> list[ConflictDeclaration]:
    """Every conflict of interest the procurement's evaluators have declared, oldest first."""
    return list(
        ConflictDeclaration.objects.filter(assignment__procurement=procurement, has_conflict=True)
        .select_related("assignment__evaluator")
        .prefetch_related("suppliers")
        .order_by("declared_at", "pk")
    )


def conflicts_awaiting_review(procurement: Procurement) -> list[ConflictDeclaration]:
    """Declared conflicts the conflicts assessment has not been revised since (s.83(5)): the
    buyer must revise it to record each conflict and how it is mitigated."""
    conflicts = declared_conflicts(procurement)
    # Read afresh: a cached procurement.conflicts_assessment may predate the latest revision.
    revised = (
        ConflictsAssessment.objects.filter(procurement=procurement)
        .values_list("last_revised_at", flat=True)
        .first()
    )
    if revised is None:
        return conflicts
    return [d for d in conflicts if d.declared_at > revised]


def conflict_entry_text(declaration: ConflictDeclaration) -> str:
    """A suggested entry for the conflicts assessment: the conflict and its mitigation."""
    from procura.core import clock
    from procura.core.formatting import format_date

    evaluator = declaration.assignment.evaluator
    names = ", ".join(s.name for s in declaration.suppliers.all())
    return (
        f"{format_date(clock.local(declaration.declared_at).date())}: {evaluator} (evaluator) "
        f"declared a conflict of interest with {names}: {declaration.description} Mitigation: "
        f"{evaluator} is walled off from the tenders and takes no further part in the "
        "evaluation (ss.81-82)."
    )
