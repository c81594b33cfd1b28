"""The evaluation panel and its conflict declarations (ss.81-83)."""

from django.http import HttpRequest
from ninja import Status

from procura.core.errors import DomainError, NotFound
from procura.core.openapi import refusals

from .. import errors, permissions, selectors, services
from ..schemas import (
    AssignIn,
    AssignmentOut,
)
from . import router
from .shaping import (
    P,
    _assignment,
)

# --- The panel --------------------------------------------------------------------------------


@router.get(f"{P}/evaluators", response=list[AssignmentOut], summary="The evaluation panel")
def list_evaluators(request: HttpRequest, procurement_id: int):
    procurement = permissions.access_results(request.user, procurement_id)
    return [_assignment(a) for a in selectors.assignments(procurement)]


@router.post(
    f"{P}/evaluators",
    response={201: AssignmentOut},
    summary="Assign an evaluator (buyer)",
    openapi_extra=refusals(
        "already_assigned", "evaluation_closed", "forbidden_action", "not_an_evaluator"
    ),
)
def assign_evaluator(request: HttpRequest, procurement_id: int, payload: AssignIn):
    procurement = permissions.access_procurement_as_buyer(request.user, procurement_id)
    person = selectors.authority_person(procurement, payload.evaluator_id)
    if person is None:
        raise DomainError(
            errors.NOT_AN_EVALUATOR,
            f"That person is not an evaluator of {procurement.authority}.",
            field="evaluator_id",
        )
    assignment = services.assign_evaluator(
        actor=request.user, procurement=procurement, evaluator=person
    )
    return Status(201, _assignment(assignment))


@router.post(
    f"{P}/evaluators/{{assignment_id}}/removal",
    response=AssignmentOut,
    summary="Take an evaluator who has not submitted off the panel (buyer)",
    openapi_extra=refusals("evaluation_closed", "forbidden_action", "invalid_transition"),
)
def remove_evaluator(request: HttpRequest, procurement_id: int, assignment_id: int):
    procurement = permissions.access_procurement_as_buyer(request.user, procurement_id)
    assignment = next(
        (a for a in selectors.assignments(procurement) if a.pk == assignment_id), None
    )
    if assignment is None:
        raise NotFound()
    return _assignment(services.remove_evaluator(actor=request.user, assignment=assignment))
