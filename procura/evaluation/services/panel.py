"""The panel and conflicts of interest (Procurement Act 2023 ss.81-83)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction

from procura.accounts.selectors import has_role
from procura.accounts.states import OrganisationKind, Role
from procura.audit import services as audit
from procura.core import clock
from procura.core.errors import DomainError, NotFound
from procura.procurements.models import Procurement
from procura.procurements.services import lock_procurement

from .. import errors, selectors
from ..events import EvaluationEvent
from ..models import ConflictDeclaration, ConflictedSupplier, EvaluatorAssignment
from ..states import AssignmentStatus
from .common import ACT, DECLARATIONS_OPEN, PANEL_OPEN, _closed, _move_assignment, _require_buyer


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
