"""The evaluator's tenders and scores."""

from django.http import HttpRequest
from ninja import Status

from procura.core.errors import DomainError
from procura.core.openapi import refusals

from .. import permissions, selectors, services
from ..schemas import (
    AssignmentOut,
    DeclarationIn,
    DeclarationOut,
    PanelScoreOut,
    ScoreOut,
    ScoresIn,
    SupplierOut,
    TenderOut,
)
from . import router
from .shaping import (
    P,
    _assignment,
    _lot_of_tender,
    _score_out,
    _scores,
)

# --- The evaluator ------------------------------------------------------------------------------


@router.get(
    f"{P}/evaluation/me", response=AssignmentOut, summary="My place on the evaluation panel"
)
def my_assignment(request: HttpRequest, procurement_id: int):
    _procurement, assignment = permissions.access_assignment(request.user, procurement_id)
    return _assignment(assignment)


@router.get(
    f"{P}/evaluation/suppliers",
    response=list[SupplierOut],
    summary="The suppliers I may name in a conflict declaration",
)
def declarable_suppliers(request: HttpRequest, procurement_id: int):
    procurement, _assignment_ = permissions.access_assignment(request.user, procurement_id)
    return [{"id": s.pk, "name": s.name} for s in selectors.declarable_suppliers(procurement)]


@router.post(
    f"{P}/evaluation/declarations",
    response={201: DeclarationOut},
    summary="Declare my conflicts of interest (before seeing any tender)",
    openapi_extra=refusals(
        "conflicts_already_declared",
        "description_required",
        "evaluation_closed",
        "invalid_transition",
        "suppliers_required",
    ),
)
def declare(request: HttpRequest, procurement_id: int, payload: DeclarationIn):
    procurement, _assignment_ = permissions.access_assignment(request.user, procurement_id)
    known = {s.pk: s for s in selectors.declarable_suppliers(procurement)}
    if any(pk not in known for pk in payload.supplier_ids):
        raise DomainError("invalid_input", "Name only suppliers taking part.", field="supplier_ids")
    declaration = services.declare_conflicts(
        actor=request.user,
        procurement=procurement,
        has_conflict=payload.has_conflict,
        suppliers=[known[pk] for pk in payload.supplier_ids],
        description=payload.description,
    )
    return Status(
        201,
        {
            "id": declaration.pk,
            "has_conflict": declaration.has_conflict,
            "suppliers": [s.name for s in declaration.suppliers.all()],
            "description": declaration.description,
            "declared_at": declaration.declared_at,
            "status": declaration.assignment.status,
        },
    )


@router.get(
    f"{P}/evaluation/tenders",
    response=list[TenderOut],
    summary="The opened tenders' answers, without prices (evaluators who declared no conflict)",
    openapi_extra=refusals("conflicts_not_declared"),
)
def tenders(request: HttpRequest, procurement_id: int):
    procurement, _assignment_ = permissions.access_tenders_as_evaluator(
        request.user, procurement_id
    )
    criteria = selectors.quality_criteria(procurement)
    return [
        {
            "tender_id": t.tender_id,
            "supplier": t.supplier.name,
            "lot": t.lot_number,
            "answers": [
                {"criterion_id": c.pk, "criterion": c.title, "answer": t.answer_to(c)}
                for c in criteria
            ],
            "files": [getattr(file, "name", str(file)) for file in t.files],
        }
        for t in selectors.tenders_for_evaluation(procurement)
    ]


@router.get(
    f"{P}/evaluation/scores",
    response=list[ScoreOut],
    summary="My scores",
    openapi_extra=refusals("conflicts_not_declared"),
)
def my_scores(request: HttpRequest, procurement_id: int):
    procurement, assignment = permissions.access_tenders_as_evaluator(request.user, procurement_id)
    lots = _lot_of_tender(procurement)
    return [
        _score_out(s, lots, justification=s.justification)
        for s in assignment.scores.select_related("supplier", "criterion")
    ]


@router.put(
    f"{P}/evaluation/tenders/{{tender_id}}/scores",
    response=list[ScoreOut],
    summary="Score one tender against quality criteria (evaluator)",
    openapi_extra=refusals(
        "conflicts_not_declared",
        "evaluation_closed",
        "justification_required",
        "not_a_quality_criterion",
        "score_out_of_range",
        "scores_submitted",
        "tenders_sealed",
    ),
)
def record_scores(request: HttpRequest, procurement_id: int, tender_id: int, payload: ScoresIn):
    procurement, _assignment_ = permissions.access_tenders_as_evaluator(
        request.user, procurement_id
    )
    saved = services.record_scores(
        actor=request.user,
        procurement=procurement,
        tender_id=tender_id,
        scores=_scores(payload.scores),
    )
    lots = _lot_of_tender(procurement)
    return [_score_out(s, lots, justification=s.justification) for s in saved]


@router.post(
    f"{P}/evaluation/submission",
    response=AssignmentOut,
    summary="Submit all my scores; they are then final",
    openapi_extra=refusals(
        "conflicts_not_declared",
        "evaluation_closed",
        "invalid_transition",
        "scores_incomplete",
        "scores_submitted",
        "tenders_sealed",
    ),
)
def submit(request: HttpRequest, procurement_id: int):
    procurement, _assignment_ = permissions.access_tenders_as_evaluator(
        request.user, procurement_id
    )
    return _assignment(services.submit_scores(actor=request.user, procurement=procurement))


@router.get(
    f"{P}/evaluation/panel-scores",
    response=list[PanelScoreOut],
    summary="Every submitted evaluator's scores (once I have submitted; buyers once all have)",
)
def panel_scores(request: HttpRequest, procurement_id: int):
    procurement = permissions.access_panel_scores(request.user, procurement_id)
    lots = _lot_of_tender(procurement)
    return [
        _score_out(s, lots, justification=s.justification, evaluator=str(s.assignment.evaluator))
        for scores in selectors.submitted_scores(procurement).values()
        for s in scores
    ]
