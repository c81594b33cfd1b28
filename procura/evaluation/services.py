"""Every write of the evaluation and award. Each is one transaction with one audit event, and
refuses (with a stable code, before writing anything) whatever the law or the method forbids.

Lock order: the procurement row first (procurements.services.lock_procurement), then this
app's rows, so that concurrent writers to one evaluation queue behind each other.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from procura.accounts.selectors import has_role
from procura.accounts.states import OrganisationKind, Role
from procura.audit import services as audit
from procura.core import clock
from procura.core.errors import DomainError, NotFound, RuleViolation
from procura.core.formatting import format_date
from procura.notices import ocds
from procura.notices.services import publish_notice
from procura.notices.states import NoticeType
from procura.procurements.models import Procurement
from procura.procurements.services import lock_procurement, move
from procura.procurements.states import Status
from procura.timescales.rules import standstill

from . import errors, rules, selectors
from .documents import assessment_summary_pdf
from .events import EvaluationEvent
from .models import (
    AbnormallyLowReview,
    AssessmentSummary,
    AwardDecision,
    ConflictDeclaration,
    ConflictedSupplier,
    ConsensusScore,
    EvaluatorAssignment,
    PreferredSupplier,
    Score,
)
from .states import (
    AbnormallyLowDecision,
    AssignmentStatus,
    AwardDecisionStatus,
    can_transition_assignment,
    can_transition_decision,
)

ACT = "Procurement Act 2023"
REGULATIONS = "Procurement Regulations 2024"

# Statuses in which the panel may still be formed: the tender notice is out, no award decided.
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
# Statuses in which a conflict can still be declared (s.83(5): kept under review until the end).
DECLARATIONS_OPEN = PANEL_OPEN | {Status.AWARD_DECIDED, Status.STANDSTILL}


@dataclass(frozen=True)
class ScoreInput:
    """One score as given: a criterion, a whole-number score and the words explaining it."""

    criterion_id: int
    score: int
    text: str


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def _require_buyer(actor, procurement: Procurement) -> None:
    if not has_role(actor, Role.BUYER, procurement.authority):
        raise DomainError("forbidden_action", "Only a buyer of the authority can do this.")


def _closed(message: str) -> DomainError:
    return DomainError(errors.EVALUATION_CLOSED, message)


def _refuse_unless_evaluating(procurement: Procurement) -> None:
    """Scores, reviews and moderation change only in evaluation, before an award is proposed."""
    if procurement.status in PANEL_OPEN and procurement.status != Status.EVALUATION:
        raise DomainError(
            errors.TENDERS_SEALED, "The tenders have not been opened yet: nothing can be scored."
        )
    if procurement.status != Status.EVALUATION:
        status = procurement.get_status_display().lower()
        raise _closed(f"The evaluation is over: the procurement is {status}.")
    if selectors.live_decision(procurement) is not None:
        raise _closed(
            "An award has been proposed, so the scores are frozen. The approver can return the "
            "proposal if anything needs to change."
        )


def _move_assignment(assignment: EvaluatorAssignment, target: str, message: str) -> str:
    if not can_transition_assignment(assignment.status, target):
        raise DomainError("invalid_transition", message)
    before = assignment.status
    assignment.status = target
    return before


def _scorer(actor, procurement: Procurement) -> EvaluatorAssignment:
    """The actor's place on the panel, if it lets them see the tenders (the ethical wall)."""
    assignment = selectors.assignment_of(actor, procurement)
    if assignment is None or assignment.status in (
        AssignmentStatus.REMOVED,
        AssignmentStatus.CONFLICTED,
    ):
        raise NotFound()
    if assignment.status == AssignmentStatus.AWAITING_DECLARATION:
        raise DomainError(
            errors.CONFLICTS_NOT_DECLARED,
            "Declare whether you have any conflict of interest before you see the tenders.",
            section=f"{ACT} s.81",
        )
    if assignment.status == AssignmentStatus.SUBMITTED:
        raise DomainError(
            errors.SCORES_SUBMITTED, "You have submitted your scores: they can no longer change."
        )
    return assignment


def _refuse_if_walled_off(actor, procurement: Procurement) -> None:
    """A buyer who declared a conflict takes no part in reviewing or moderating tenders."""
    assignment = selectors.assignment_of(actor, procurement)
    if assignment is not None and assignment.status == AssignmentStatus.CONFLICTED:
        raise NotFound()


def _check_scores(
    procurement: Procurement, scores: Sequence[ScoreInput], *, text_check, text_name: str
) -> dict:
    """Validate every score at once; refuse with the first problem and list them all."""
    if not scores:
        raise DomainError("invalid_input", "Give at least one score.")
    criteria = {c.pk: c for c in selectors.quality_criteria(procurement)}
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
            rules.check_score(given.score, criterion.max_score, field_name=f"score-{criterion.pk}")
        except RuleViolation as problem:
            problem.message = f"{criterion.title}: {problem.message}"
            problems.append(problem)
        try:
            text_check(given.text, field_name=f"{text_name}-{criterion.pk}")
        except RuleViolation as problem:
            problem.message = f"{criterion.title}: {problem.message}"
            problems.append(problem)
    if problems:
        first = problems[0]
        raise DomainError(
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
    return criteria


# ---------------------------------------------------------------------------------------------
# The panel and conflicts of interest (ss.81-83)
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def assign_evaluator(*, actor, procurement: Procurement, evaluator) -> EvaluatorAssignment:
    """Put a person who holds the evaluator role in the authority on the evaluation panel."""
    procurement = lock_procurement(procurement)
    _require_buyer(actor, procurement)
    if procurement.status not in PANEL_OPEN or selectors.live_decision(procurement):
        raise _closed("The panel cannot change once an award has been proposed.")
    if not has_role(evaluator, Role.EVALUATOR, procurement.authority):
        raise DomainError(
            errors.NOT_AN_EVALUATOR,
            f"{evaluator} is not an evaluator of {procurement.authority}.",
            field="evaluator",
        )
    assignment = EvaluatorAssignment.objects.filter(
        procurement=procurement, evaluator=evaluator
    ).first()
    now = clock.now()
    if assignment is None:
        assignment = EvaluatorAssignment.objects.create(
            procurement=procurement,
            evaluator=evaluator,
            status=AssignmentStatus.AWAITING_DECLARATION,
            assigned_by=actor,
            assigned_at=now,
        )
        before = {}
    elif assignment.status == AssignmentStatus.REMOVED:
        before = {"status": assignment.status}
        assignment.status = AssignmentStatus.AWAITING_DECLARATION
        assignment.assigned_by = actor
        assignment.assigned_at = now
        assignment.removed_at = None
        assignment.save(update_fields=["status", "assigned_by", "assigned_at", "removed_at"])
    else:
        raise DomainError(
            errors.ALREADY_ASSIGNED,
            f"{evaluator} is already on the evaluation panel.",
            field="evaluator",
        )
    audit.record(
        actor=actor,
        event_type=EvaluationEvent.EVALUATOR_ASSIGNED,
        obj=assignment,
        organisation_id=procurement.authority_id,
        before=before,
        after={"evaluator": str(evaluator), "status": assignment.status},
    )
    return assignment


@transaction.atomic
def remove_evaluator(*, actor, assignment: EvaluatorAssignment) -> EvaluatorAssignment:
    """Take an evaluator who has not submitted off the panel; their draft scores do not count."""
    procurement = lock_procurement(assignment.procurement)
    _require_buyer(actor, procurement)
    assignment = EvaluatorAssignment.objects.select_for_update().get(pk=assignment.pk)
    if procurement.status not in PANEL_OPEN or selectors.live_decision(procurement):
        raise _closed("The panel cannot change once an award has been proposed.")
    before = _move_assignment(
        assignment,
        AssignmentStatus.REMOVED,
        f"{assignment.evaluator} cannot be removed: they have submitted their scores or "
        "declared a conflict, and that stays on the record.",
    )
    assignment.removed_at = clock.now()
    assignment.save(update_fields=["status", "removed_at"])
    audit.record(
        actor=actor,
        event_type=EvaluationEvent.EVALUATOR_REMOVED,
        obj=assignment,
        organisation_id=procurement.authority_id,
        before={"status": before},
        after={"evaluator": str(assignment.evaluator), "status": assignment.status},
    )
    return assignment


@transaction.atomic
def declare_conflicts(
    *,
    actor,
    procurement: Procurement,
    has_conflict: bool,
    suppliers: Sequence = (),
    description: str = "",
) -> ConflictDeclaration:
    """An evaluator declares, for this procurement, no conflict of interest or a conflict with
    the named suppliers (s.81). A conflict walls them off from the tenders (s.82). The declaration
    becomes part of the procurement's conflicts assessment, which the buyer is then asked to
    revise (s.83(5): kept under review; only a buyer revises its summary)."""
    procurement = lock_procurement(procurement)
    assignment = selectors.assignment_of(actor, procurement)
    if assignment is None or assignment.status == AssignmentStatus.REMOVED:
        raise NotFound()
    assignment = EvaluatorAssignment.objects.select_for_update().get(pk=assignment.pk)
    if procurement.status not in DECLARATIONS_OPEN:
        raise _closed("The procurement is over: declarations are closed.")
    suppliers = list(suppliers)
    if has_conflict:
        if assignment.status == AssignmentStatus.CONFLICTED:
            raise DomainError(
                errors.ALREADY_DECLARED, "You have already declared a conflict of interest."
            )
        if not suppliers:
            raise DomainError(
                errors.SUPPLIERS_REQUIRED,
                "Choose the suppliers you have a conflict of interest with.",
                section=f"{ACT} s.81",
                field="suppliers",
            )
        if any(s.kind != OrganisationKind.SUPPLIER for s in suppliers):
            raise DomainError("invalid_input", "Choose suppliers only.", field="suppliers")
        if not description.strip():
            raise DomainError(
                errors.DESCRIPTION_REQUIRED,
                "Describe the conflict of interest: the interest and how it arises.",
                section=f"{ACT} s.81(2)",
                field="description",
            )
        target = AssignmentStatus.CONFLICTED
    else:
        if assignment.status != AssignmentStatus.AWAITING_DECLARATION:
            raise DomainError(
                errors.ALREADY_DECLARED,
                "You have already made your declaration for this procurement. If a conflict has "
                "arisen since, declare it.",
            )
        suppliers, description = [], ""
        target = AssignmentStatus.CLEARED
    now = clock.now()
    before = _move_assignment(assignment, target, "This declaration cannot be made now.")
    assignment.declared_at = now
    assignment.save(update_fields=["status", "declared_at"])
    try:
        assessment = procurement.conflicts_assessment
    except ObjectDoesNotExist:
        assessment = None
    declaration = ConflictDeclaration.objects.create(
        assignment=assignment,
        conflicts_assessment=assessment,
        has_conflict=has_conflict,
        description=description.strip(),
        declared_at=now,
    )
    ConflictedSupplier.objects.bulk_create(
        ConflictedSupplier(declaration=declaration, supplier=s) for s in suppliers
    )
    audit.record(
        actor=actor,
        event_type=EvaluationEvent.CONFLICTS_DECLARED,
        obj=declaration,
        organisation_id=procurement.authority_id,
        before={"status": before},
        after={
            "declaration": (
                "a conflict of interest with " + ", ".join(s.name for s in suppliers)
                if has_conflict
                else "no conflict of interest"
            ),
            "has_conflict": has_conflict,
            "suppliers": [s.name for s in suppliers],
            "description": declaration.description,
            "status": assignment.status,
            "conflicts_assessment_id": assessment.pk if assessment else None,
        },
    )
    return declaration


# ---------------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def record_scores(
    *, actor, procurement: Procurement, tender_id: int, scores: Sequence[ScoreInput]
) -> list[Score]:
    """An evaluator scores one tender against quality criteria, on their own: a whole number
    from 0 to the criterion's maximum, each with a justification. Changeable until submitted."""
    procurement = lock_procurement(procurement)
    assignment = _scorer(actor, procurement)
    _refuse_unless_evaluating(procurement)
    tender = selectors.tender_for_evaluation(procurement, tender_id)
    criteria = _check_scores(
        procurement, scores, text_check=rules.check_justification, text_name="justification"
    )
    existing = {
        s.criterion_id: s
        for s in Score.objects.select_for_update().filter(
            assignment=assignment, tender_id=tender.tender_id
        )
    }
    now = clock.now()
    before, after, saved = [], [], []
    for given in scores:
        criterion = criteria[given.criterion_id]
        score = existing.get(criterion.pk)
        if score is not None:
            before.append(
                {"criterion": criterion.title, "score": score.score, "text": score.justification}
            )
            score.score, score.justification, score.recorded_at = given.score, given.text, now
            score.save(update_fields=["score", "justification", "recorded_at"])
        else:
            score = Score.objects.create(
                assignment=assignment,
                criterion=criterion,
                tender_id=tender.tender_id,
                supplier=tender.supplier,
                score=given.score,
                justification=given.text.strip(),
                recorded_at=now,
            )
        after.append({"criterion": criterion.title, "score": score.score, "text": given.text})
        saved.append(score)
    audit.record(
        actor=actor,
        event_type=EvaluationEvent.SCORES_RECORDED,
        obj=assignment,
        organisation_id=procurement.authority_id,
        before={"scores": before} if before else {},
        after={"supplier": tender.supplier.name, "tender_id": tender.tender_id, "scores": after},
    )
    return saved


@transaction.atomic
def submit_scores(*, actor, procurement: Procurement) -> EvaluatorAssignment:
    """An evaluator submits: every tender scored against every quality criterion. Their scores
    are then final, and they may see the scores of the others who have submitted."""
    procurement = lock_procurement(procurement)
    assignment = _scorer(actor, procurement)
    _refuse_unless_evaluating(procurement)
    missing = selectors.missing_scores(
        assignment,
        selectors.tenders_for_evaluation(procurement),
        selectors.quality_criteria(procurement),
    )
    if missing:
        raise DomainError(
            errors.SCORES_INCOMPLETE,
            f"Score every tender against every quality criterion first: {len(missing)} "
            f"score{'s are' if len(missing) > 1 else ' is'} missing.",
            details={
                "missing": [{"tender_id": t.tender_id, "criterion_id": c.pk} for t, c in missing]
            },
        )
    before = _move_assignment(assignment, AssignmentStatus.SUBMITTED, "Scores cannot be submitted.")
    assignment.submitted_at = clock.now()
    assignment.save(update_fields=["status", "submitted_at"])
    audit.record(
        actor=actor,
        event_type=EvaluationEvent.SCORES_SUBMITTED,
        obj=assignment,
        organisation_id=procurement.authority_id,
        before={"status": before},
        after={"status": assignment.status, "scores": assignment.scores.count()},
    )
    return assignment


# ---------------------------------------------------------------------------------------------
# Abnormally low tenders (s.19(4)-(5))
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def record_abnormally_low_decision(
    *,
    actor,
    procurement: Procurement,
    tender_id: int,
    explanation: str,
    decision: str,
    reason: str = "",
) -> AbnormallyLowReview:
    """Record the supplier's explanation of an abnormally low price and the authority's decision:
    accept the tender, or reject it and disregard it (s.19(4)-(5))."""
    procurement = lock_procurement(procurement)
    _require_buyer(actor, procurement)
    _refuse_if_walled_off(actor, procurement)
    _refuse_unless_evaluating(procurement)
    tender = selectors.tender_for_evaluation(procurement, tender_id)
    flagged = {f.tender.tender_id: f for f in selectors.flagged_tenders(procurement)}
    if tender.tender_id not in flagged:
        raise DomainError(
            errors.NOT_ABNORMALLY_LOW,
            f"The tender of {tender.supplier} is not flagged as abnormally low.",
            section=f"{ACT} s.19(4)",
        )
    rules.check_abnormally_low_review(explanation=explanation, decision=decision)
    if decision == AbnormallyLowDecision.REJECTED and not reason.strip():
        raise DomainError(
            errors.REASON_REQUIRED,
            "Give the reason for disregarding the tender.",
            section=f"{ACT} s.19(4)",
            field="reason",
        )
    finding = flagged[tender.tender_id].finding
    existing = AbnormallyLowReview.objects.filter(
        procurement=procurement, tender_id=tender.tender_id
    ).first()
    before = (
        {"decision": existing.decision, "explanation": existing.explanation} if existing else {}
    )
    review, _ = AbnormallyLowReview.objects.update_or_create(
        procurement=procurement,
        tender_id=tender.tender_id,
        defaults={
            "supplier": tender.supplier,
            "price": tender.price,
            "average_of_others": finding.average_of_others,
            "percent_below": finding.percent_below,
            "threshold_percent": finding.threshold_percent,
            "explanation": explanation.strip(),
            "decision": decision,
            "reason": reason.strip(),
            "decided_by": actor,
            "decided_at": clock.now(),
        },
    )
    audit.record(
        actor=actor,
        event_type=EvaluationEvent.ABNORMALLY_LOW_DECIDED,
        obj=review,
        organisation_id=procurement.authority_id,
        before=before,
        after={
            "supplier": tender.supplier.name,
            "decision": review.get_decision_display().lower(),
            "price": tender.price,
            "average_of_others": finding.average_of_others,
            "percent_below": finding.percent_below,
            "explanation": review.explanation,
            "reason": review.reason,
        },
    )
    return review


# ---------------------------------------------------------------------------------------------
# Moderation
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def record_consensus_scores(
    *, actor, procurement: Procurement, tender_id: int, scores: Sequence[ScoreInput]
) -> list[ConsensusScore]:
    """The buyer records the moderated (consensus) score for one tender against quality
    criteria, each with its rationale, once every evaluator on the panel has submitted."""
    procurement = lock_procurement(procurement)
    _require_buyer(actor, procurement)
    _refuse_if_walled_off(actor, procurement)
    _refuse_unless_evaluating(procurement)
    if not selectors.panel_has_submitted(procurement):
        raise DomainError(
            errors.EVALUATION_INCOMPLETE,
            "Moderation starts when every evaluator on the panel has submitted their scores.",
        )
    tender = selectors.tender_for_evaluation(procurement, tender_id)
    if tender.tender_id in selectors.disregarded_tender_ids(procurement):
        raise DomainError(
            errors.TENDER_DISREGARDED,
            f"The tender of {tender.supplier} was disregarded as abnormally low: it is not "
            "assessed.",
            section=f"{ACT} s.19(4)",
        )
    criteria = _check_scores(
        procurement, scores, text_check=rules.check_rationale, text_name="rationale"
    )
    existing = {
        c.criterion_id: c
        for c in ConsensusScore.objects.select_for_update().filter(
            procurement=procurement, tender_id=tender.tender_id
        )
    }
    now = clock.now()
    before, after, saved = [], [], []
    for given in scores:
        criterion = criteria[given.criterion_id]
        consensus = existing.get(criterion.pk)
        if consensus is not None:
            before.append(
                {
                    "criterion": criterion.title,
                    "score": consensus.score,
                    "text": consensus.rationale,
                }
            )
            consensus.score, consensus.rationale = given.score, given.text.strip()
            consensus.recorded_by, consensus.recorded_at = actor, now
            consensus.save(update_fields=["score", "rationale", "recorded_by", "recorded_at"])
        else:
            consensus = ConsensusScore.objects.create(
                procurement=procurement,
                criterion=criterion,
                tender_id=tender.tender_id,
                supplier=tender.supplier,
                score=given.score,
                rationale=given.text.strip(),
                recorded_by=actor,
                recorded_at=now,
            )
        after.append({"criterion": criterion.title, "score": given.score, "text": given.text})
        saved.append(consensus)
    audit.record(
        actor=actor,
        event_type=EvaluationEvent.CONSENSUS_RECORDED,
        object_type="evaluation.tender",
        object_id=f"{procurement.pk}-{tender.tender_id}",
        object_repr=f"Tender of {tender.supplier} for {procurement.reference}",
        organisation_id=procurement.authority_id,
        before={"scores": before} if before else {},
        after={"supplier": tender.supplier.name, "tender_id": tender.tender_id, "scores": after},
    )
    return saved


# ---------------------------------------------------------------------------------------------
# The award decision
# ---------------------------------------------------------------------------------------------


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@transaction.atomic
def propose_award(
    *,
    actor,
    procurement: Procurement,
    tie_break_order: Sequence[int] = (),
    tie_break_reason: str = "",
) -> AwardDecision:
    """The buyer proposes the award: the top N assessed tenders (N = the framework's maximum
    number of suppliers, or 1) become the preferred suppliers; for a procurement divided into
    lots, the top N of each lot (N = the lot's own number), within the tender notice's limit on
    the lots one supplier may be awarded (s.18(3)). Refused while an abnormally low tender is
    undecided, the panel or moderation is incomplete, or a tie cannot be broken."""
    procurement = lock_procurement(procurement)
    _require_buyer(actor, procurement)
    _refuse_if_walled_off(actor, procurement)
    if procurement.status != Status.EVALUATION:
        if procurement.status in PANEL_OPEN:
            raise DomainError(errors.TENDERS_SEALED, "The tenders have not been opened yet.")
        raise _closed("The award has already been decided.")
    if selectors.live_decision(procurement) is not None:
        raise DomainError(
            errors.AWARD_ALREADY_PROPOSED, "An award has already been proposed for approval."
        )
    if not selectors.panel_has_submitted(procurement):
        raise DomainError(
            errors.EVALUATION_INCOMPLETE,
            "Every evaluator on the panel must submit their scores before the award.",
        )
    tenders = selectors.tenders_for_evaluation(procurement)
    undecided = [f for f in selectors.flagged_tenders(procurement, tenders) if f.review is None]
    if undecided:
        names = _names([f.tender.supplier.name for f in undecided])
        raise DomainError(
            errors.ABNORMALLY_LOW_UNDECIDED,
            f"The price of {names} is abnormally low by the published test. Record the "
            "supplier's explanation and decide whether to accept or disregard the tender before "
            "the award decision.",
            section=f"{ACT} s.19(4)-(5)",
            details={"tender_ids": [f.tender.tender_id for f in undecided]},
        )
    order = [int(t) for t in tie_break_order]
    if order and not tie_break_reason.strip():
        raise DomainError(
            errors.TIE_BREAK_REASON_REQUIRED,
            "Give the reason for the order of the tied tenders.",
            field="tie_break_reason",
        )
    evaluation = selectors.build_evaluation(procurement, tie_break_order=order, tenders=tenders)
    by_id = {t.tender_id: t for t in tenders}
    assessed_ids = {r.tender_id for r in evaluation.results}
    decision = AwardDecision.objects.create(
        procurement=procurement,
        status=AwardDecisionStatus.PROPOSED,
        results={
            "evaluation": rules.evaluation_to_json(evaluation),
            "supplier_ids": {str(t.tender_id): t.supplier.pk for t in tenders},
            "tenders_received": len(tenders),
            "sme_tenders_received": sum(1 for t in tenders if selectors.is_sme(t.supplier)),
            "disregarded_tender_ids": sorted(
                t.tender_id for t in tenders if t.tender_id not in assessed_ids
            ),
            **_lot_statistics(procurement, tenders),
        },
        tie_break_order=order,
        tie_break_reason=tie_break_reason.strip(),
        proposed_by=actor,
        proposed_at=clock.now(),
    )
    PreferredSupplier.objects.bulk_create(
        PreferredSupplier(
            decision=decision,
            tender_id=r.tender_id,
            supplier=by_id[r.tender_id].supplier,
            rank=r.rank,
            total=r.total,
            price=r.price,
            lot_id=by_id[r.tender_id].lot_id,
        )
        for r in evaluation.winners
    )
    winners = _winner_names(evaluation)
    audit.record(
        actor=actor,
        event_type=EvaluationEvent.AWARD_PROPOSED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        after={
            "decision_id": decision.pk,
            "winners": winners,
            "results": [
                {"supplier": r.supplier, "total": r.total, "rank": r.rank}
                for r in evaluation.results
            ],
            "tie_break_order": order,
            "tie_break_reason": decision.tie_break_reason,
        },
    )
    return decision


def _lot_statistics(procurement: Procurement, tenders) -> dict:
    """For a procurement divided into lots, the tenders received in each lot (UK6's bid
    statistics are per lot); nothing for one that is not."""
    groups = selectors.by_lot(procurement, tenders)
    if groups[0][0] is None:
        return {}
    return {
        "lot_statistics": [
            {
                "lot": lot.number,
                "tenders_received": len(group),
                "sme_tenders_received": sum(1 for t in group if selectors.is_sme(t.supplier)),
            }
            for lot, group in groups
        ]
    }


def _winner_names(evaluation: rules.Evaluation) -> str:
    if not evaluation.lots:
        return _names([r.supplier for r in evaluation.winners])
    parts = []
    for lot in evaluation.lots:
        names = [r.supplier for r in evaluation.winners if r.lot == lot.number]
        parts.append(f"lot {lot.number}: {_names(names) if names else 'none'}")
    return "; ".join(parts)


def _proposal(procurement: Procurement) -> AwardDecision:
    decision = selectors.live_decision(procurement)
    if decision is None or decision.status != AwardDecisionStatus.PROPOSED:
        raise DomainError(errors.NO_PROPOSAL, "There is no award proposal awaiting approval.")
    return AwardDecision.objects.select_for_update().get(pk=decision.pk)


def _require_other_approver(actor, procurement: Procurement, decision: AwardDecision) -> None:
    if not has_role(actor, Role.APPROVER, procurement.authority):
        raise DomainError(
            "forbidden_action", "Only an approver of the authority can sign off an award."
        )
    if decision.proposed_by_id == actor.pk:
        raise DomainError(
            errors.APPROVER_MUST_DIFFER,
            "The award must be signed off by a different person from the one who proposed it.",
        )


@transaction.atomic
def approve_award(*, actor, procurement: Procurement) -> AwardDecision:
    """An approver of the authority, not the proposer, signs off the award decision: the
    procurement's award is decided (status award decided)."""
    procurement = lock_procurement(procurement)
    decision = _proposal(procurement)
    _require_other_approver(actor, procurement, decision)
    if not can_transition_decision(decision.status, AwardDecisionStatus.APPROVED):
        raise DomainError("invalid_transition", "This award decision cannot be approved.")
    current = {t.tender_id for t in selectors.tenders_for_evaluation(procurement)}
    gone = [
        r.supplier
        for r in selectors.stored_evaluation(decision).results
        if r.tender_id not in current
    ]
    if gone:
        raise DomainError(
            "proposal_out_of_date",
            f"{_names(sorted(set(gone)))} withdrew from the procurement after this award decision "
            "was proposed: return it so that the buyer can propose it again without them.",
        )
    before = procurement.status
    move(procurement, Status.AWARD_DECIDED)
    procurement.save(update_fields=["status"])
    decision.status = AwardDecisionStatus.APPROVED
    decision.decided_by, decision.decided_at = actor, clock.now()
    decision.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(
        actor=actor,
        event_type=EvaluationEvent.AWARD_APPROVED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        before={"status": before},
        after={"status": procurement.status, "decision_id": decision.pk},
    )
    return decision


@transaction.atomic
def return_award(*, actor, procurement: Procurement, reason: str) -> AwardDecision:
    """An approver returns the proposal without approving it, saying why; the buyer may then
    revise the moderation and propose again."""
    procurement = lock_procurement(procurement)
    decision = _proposal(procurement)
    _require_other_approver(actor, procurement, decision)
    if not reason.strip():
        raise DomainError(
            errors.RETURN_REASON_REQUIRED,
            "Say why the proposal is returned.",
            field="reason",
        )
    decision.status = AwardDecisionStatus.RETURNED
    decision.decided_by, decision.decided_at = actor, clock.now()
    decision.return_reason = reason.strip()
    decision.save(update_fields=["status", "decided_by", "decided_at", "return_reason"])
    audit.record(
        actor=actor,
        event_type=EvaluationEvent.AWARD_RETURNED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        after={"decision_id": decision.pk},
        reason=decision.return_reason,
    )
    return decision


# ---------------------------------------------------------------------------------------------
# Assessment summaries (s.50(3); reg 31) and the contract award notice (UK6; s.50, s.51)
# ---------------------------------------------------------------------------------------------


def _approved(procurement: Procurement) -> AwardDecision:
    decision = selectors.approved_decision(procurement)
    if decision is None:
        raise DomainError(errors.NOT_AWARD_DECIDED, "The award decision has not been approved.")
    return AwardDecision.objects.select_for_update().get(pk=decision.pk)


def _supplier_details(organisation) -> dict:
    address = ", ".join(
        part
        for part in (organisation.street_address, organisation.locality, organisation.postcode)
        if part
    )
    return {"name": organisation.name, "address": address, "identifier": organisation.party_id}


def _notify_suppliers(summaries: list[AssessmentSummary], procurement: Procurement) -> None:
    for summary in summaries:
        recipients = selectors.bid_manager_emails(summary.supplier)
        if not recipients:
            continue
        url = settings.PROCURA_BASE_URL + reverse(
            "evaluation:supplier-summary", args=[procurement.pk, summary.pk]
        )
        send_mail(
            subject=f"Assessment summary: {procurement.reference} {procurement.title}",
            message=(
                f"{procurement.authority} has sent {summary.supplier} its assessment summary "
                f"for {procurement.title} ({procurement.reference}), sent to every supplier "
                "that submitted an assessed tender at the same time.\n\n"
                f"Sign in to {settings.SERVICE_NAME} to read it: {url}\n"
            ),
            from_email=None,
            recipient_list=recipients,
        )


@transaction.atomic
def send_assessment_summaries(*, actor, procurement: Procurement) -> list[AssessmentSummary]:
    """Send an assessment summary to every supplier that submitted an assessed tender, all at
    the same time (s.50(3); reg 31(4)): one `sent_at` for all. With lots, one per tender: it
    names the lot and compares the tender with that lot's winners only."""
    procurement = lock_procurement(procurement)
    _require_buyer(actor, procurement)
    if procurement.status != Status.AWARD_DECIDED:
        if procurement.status in (Status.STANDSTILL, Status.CONTRACT_SIGNED):
            raise DomainError(
                errors.SUMMARIES_ALREADY_SENT, "The assessment summaries have already been sent."
            )
        raise DomainError(errors.NOT_AWARD_DECIDED, "The award decision has not been approved.")
    decision = _approved(procurement)
    if decision.assessment_summaries_sent_at is not None:
        raise DomainError(
            errors.SUMMARIES_ALREADY_SENT,
            "The assessment summaries were sent at "
            f"{clock.format_datetime(decision.assessment_summaries_sent_at)}.",
        )
    evaluation = selectors.stored_evaluation(decision)
    tenders = {t.tender_id: t for t in selectors.tenders_for_evaluation(procurement)}
    suppliers = {tender_id: t.supplier for tender_id, t in tenders.items()}
    criteria = selectors.as_rule_criteria(selectors.criteria_of(procurement))

    def content_for(result) -> dict:
        lot = (
            {"number": result.lot, "title": evaluation.lot_outcome(result.lot).title}
            if result.lot
            else None
        )
        return rules.assessment_summary_content(
            evaluation.for_lot(result.lot) if result.lot else evaluation,
            result.tender_id,
            supplier=_supplier_details(suppliers[result.tender_id]),
            procurement=about,
            criteria=criteria,
            lot=lot,
        )

    about = {"reference": procurement.reference, "title": procurement.title}
    sent_at = clock.now()
    summaries = AssessmentSummary.objects.bulk_create(
        AssessmentSummary(
            decision=decision,
            tender_id=result.tender_id,
            supplier=suppliers[result.tender_id],
            successful=result.successful,
            rank=result.rank,
            total=result.total,
            content=content_for(result),
            lot_id=tenders[result.tender_id].lot_id,
            sent_at=sent_at,
        )
        for result in evaluation.results
    )
    decision.assessment_summaries_sent_at = sent_at
    decision.save(update_fields=["assessment_summaries_sent_at"])
    audit.record(
        actor=actor,
        event_type=EvaluationEvent.SUMMARIES_SENT,
        obj=procurement,
        organisation_id=procurement.authority_id,
        after={
            "count": len(summaries),
            "sent_at": sent_at,
            "suppliers": [s.supplier.name for s in summaries],
        },
    )
    saved = list(AssessmentSummary.objects.filter(decision=decision).select_related("supplier"))
    transaction.on_commit(lambda: _notify_suppliers(saved, procurement))
    return saved


@transaction.atomic
def download_assessment_summary_pdf(*, actor, summary: AssessmentSummary) -> bytes:
    """The assessment summary as a PDF, its download put on the record: who, which summary
    (its supplier and when it was sent), the SHA-256 and size of the PDF given, and when (the
    event's time). On the procurement's timeline, which only the authority's officers read.
    The caller has checked who may read it (`permissions.access_assessment_summary`)."""
    pdf = assessment_summary_pdf(summary)
    procurement = summary.decision.procurement
    audit.record(
        actor=actor,
        event_type=EvaluationEvent.SUMMARY_DOWNLOADED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        after={
            "procurement": procurement.reference,
            "summary_id": summary.pk,
            "supplier": summary.supplier.name,
            "sent_at": summary.sent_at,
            "sha256": hashlib.sha256(pdf).hexdigest(),
            "size": len(pdf),
        },
    )
    return pdf


def _award_lots(procurement: Procurement, decision: AwardDecision, winners) -> list[dict] | None:
    """For a procurement divided into lots, what UK6 says of each lot (s.18): its winners, the
    value awarded (a framework lot: the lot's estimated value; a contract lot: the winning
    price) and the tenders it received. None when there are no lots."""
    lots = selectors.lots_of(procurement)
    if not lots:
        return None
    statistics = {s["lot"]: s for s in decision.results.get("lot_statistics", [])}
    entries = []
    for lot in lots:
        lot_winners = [w for w in winners if w.lot_id == lot.pk]
        counted = statistics.get(lot.number, {})
        entry = {
            "number": lot.number,
            "title": lot.title,
            "suppliers": [w.supplier for w in lot_winners],
            "bids_received": counted.get("tenders_received", 0),
            "sme_bids_received": counted.get("sme_tenders_received", 0),
        }
        if procurement.is_framework:
            entry["value_excl_vat"] = lot.estimated_value_excl_vat
            entry["value_incl_vat"] = lot.estimated_value_incl_vat
        else:
            entry["value_excl_vat"] = sum((w.price for w in lot_winners), Decimal(0))
        entries.append(entry)
    return entries


@transaction.atomic
def publish_award_notice(*, actor, procurement: Procurement):
    """Publish the contract award notice (UK6; s.50), which starts the mandatory standstill
    period of 8 working days (s.51). Refused until the assessment summaries were sent
    (s.50(3)). The procurement is then in standstill."""
    procurement = lock_procurement(procurement)
    _require_buyer(actor, procurement)
    if procurement.status in (Status.STANDSTILL, Status.CONTRACT_SIGNED):
        raise DomainError(
            errors.AWARD_NOTICE_ALREADY_PUBLISHED,
            "The contract award notice has already been published.",
        )
    if procurement.status != Status.AWARD_DECIDED:
        raise DomainError(errors.NOT_AWARD_DECIDED, "The award decision has not been approved.")
    decision = _approved(procurement)
    if decision.assessment_summaries_sent_at is None:
        raise DomainError(
            errors.SUMMARIES_NOT_SENT,
            "Send the assessment summaries to every supplier that submitted an assessed tender "
            "before publishing the contract award notice.",
            section=f"{ACT} s.50(3)",
        )
    winners = list(decision.preferred_suppliers.select_related("supplier"))
    summaries = selectors.summaries_of(decision)
    if procurement.is_framework:
        awards = [
            {
                "supplier": w.supplier,
                "value_excl_vat": procurement.estimated_value_excl_vat,
                "value_incl_vat": procurement.estimated_value_incl_vat,
            }
            for w in winners
        ]
    else:
        awards = [{"supplier": w.supplier, "value_excl_vat": w.price} for w in winners]
    lots = _award_lots(procurement, decision, winners)

    def build(*, notice_id, published):
        return ocds.award_notice(
            procurement,
            notice_id=notice_id,
            published=published,
            awards=awards,
            tenderers=[s.supplier for s in summaries],
            decided_at=decision.decided_at,
            summaries_sent_at=decision.assessment_summaries_sent_at,
            standstill=standstill(clock.local(published).date()),
            bids_received=decision.results["tenders_received"],
            sme_bids_received=decision.results["sme_tenders_received"],
            lots=lots,
        )

    notice = publish_notice(
        procurement=procurement, notice_type=NoticeType.UK6, build=build, actor=actor
    )
    period = standstill(clock.local(notice.published_at).date())
    before = procurement.status
    move(procurement, Status.STANDSTILL)
    procurement.save(update_fields=["status"])
    decision.award_notice = notice
    decision.standstill_first_day = period.first_day
    decision.standstill_last_day = period.last_day
    decision.earliest_entry_date = period.earliest_entry
    decision.save(
        update_fields=[
            "award_notice",
            "standstill_first_day",
            "standstill_last_day",
            "earliest_entry_date",
        ]
    )
    audit.record(
        actor=actor,
        event_type=EvaluationEvent.AWARD_NOTICE_PUBLISHED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        before={"status": before},
        after={
            "status": procurement.status,
            "notice_id": notice.notice_id,
            "standstill_end": format_date(period.last_day),
            "earliest_entry": format_date(period.earliest_entry),
        },
    )
    return notice
