"""The panel and conflicts of interest (Procurement Act 2023 ss.81-83)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction

from procura.accounts.models import User
from procura.accounts.selectors import has_role
from procura.accounts.states import Role
from procura.audit import services as audit
from procura.core import clock
from procura.core.errors import NotFound
from procura.procurements.models import Procurement
from procura.procurements.services import lock_procurement

from .. import rules, selectors
from ..events import EvaluationEvent
from ..models import ConflictDeclaration, ConflictedSupplier, EvaluatorAssignment
from ..states import AssignmentStatus
from .common import PANEL_OPEN, _move_assignment, _require_buyer


@transaction.atomic
def assign_evaluator(
    *, actor: User, procurement: Procurement, evaluator: User
) -> EvaluatorAssignment:
    """Put a person who holds the evaluator role in the authority on the evaluation panel."""
    procurement = lock_procurement(procurement)
    _require_buyer(actor, procurement)
    rules.check_panel_open(
        procurement_status=procurement.status,
        award_proposed=procurement.status in PANEL_OPEN
        and selectors.live_decision(procurement) is not None,
    )
    assignment = EvaluatorAssignment.objects.filter(
        procurement=procurement, evaluator=evaluator
    ).first()
    rules.check_assignable(
        is_evaluator=has_role(evaluator, Role.EVALUATOR, procurement.authority),
        evaluator=str(evaluator),
        authority=str(procurement.authority),
        assignment_status=assignment.status if assignment is not None else None,
    )
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
    else:  # taken off the panel before: put back (`rules.check_assignable`)
        before = {"status": assignment.status}
        assignment.status = AssignmentStatus.AWAITING_DECLARATION
        assignment.assigned_by = actor
        assignment.assigned_at = now
        assignment.removed_at = None
        assignment.save(update_fields=["status", "assigned_by", "assigned_at", "removed_at"])
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
def remove_evaluator(*, actor: User, assignment: EvaluatorAssignment) -> EvaluatorAssignment:
    """Take an evaluator who has not submitted off the panel; their draft scores do not count."""
    procurement = lock_procurement(assignment.procurement)
    _require_buyer(actor, procurement)
    assignment = EvaluatorAssignment.objects.select_for_update().get(pk=assignment.pk)
    rules.check_panel_open(
        procurement_status=procurement.status,
        award_proposed=procurement.status in PANEL_OPEN
        and selectors.live_decision(procurement) is not None,
    )
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
    actor: User,
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
    suppliers = list(suppliers)
    rules.check_declaration(
        procurement_status=procurement.status,
        assignment_status=assignment.status,
        has_conflict=has_conflict,
        supplier_kinds=[s.kind for s in suppliers],
        description=description,
    )
    if has_conflict:
        target = AssignmentStatus.CONFLICTED
    else:
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
