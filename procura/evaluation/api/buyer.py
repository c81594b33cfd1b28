"""The buyer's part: abnormally low tenders, moderation and the results."""

from django.http import HttpRequest

from procura.core.openapi import refusals

from .. import permissions, selectors, services
from ..schemas import (
    ConsensusOut,
    ConsensusScoresIn,
    FlaggedOut,
    ResultsOut,
    ReviewIn,
)
from . import router
from .shaping import (
    P,
    _lot_of_tender,
    _result,
    _score_out,
    _scores,
)

# --- The buyer: abnormally low tenders, moderation, results ------------------------------------


@router.get(
    f"{P}/abnormally-low-tenders",
    response=list[FlaggedOut],
    summary="Tenders flagged as abnormally low, with any decision (s.19(4))",
)
def flagged(request: HttpRequest, procurement_id: int):
    procurement = permissions.access_results(request.user, procurement_id)
    return [
        {
            "tender_id": f.tender.tender_id,
            "supplier": f.tender.supplier.name,
            "lot": f.tender.lot_number,
            "price": str(f.tender.price),
            "average_of_others": str(f.finding.average_of_others),
            "percent_below": str(f.finding.percent_below),
            "threshold_percent": str(f.finding.threshold_percent),
            "decision": f.review.decision if f.review else None,
            "explanation": f.review.explanation if f.review else "",
            "reason": f.review.reason if f.review else "",
        }
        for f in selectors.flagged_tenders(procurement)
    ]


@router.put(
    f"{P}/abnormally-low-tenders/{{tender_id}}",
    response=FlaggedOut,
    summary="Record the supplier's explanation and the decision (buyer)",
    openapi_extra=refusals(
        "evaluation_closed",
        "explanation_required",
        "forbidden_action",
        "not_abnormally_low",
        "reason_required",
        "tenders_sealed",
    ),
)
def decide_abnormally_low(
    request: HttpRequest, procurement_id: int, tender_id: int, payload: ReviewIn
):
    procurement = permissions.access_procurement_as_buyer(request.user, procurement_id)
    review = services.record_abnormally_low_decision(
        actor=request.user,
        procurement=procurement,
        tender_id=tender_id,
        explanation=payload.explanation,
        decision=payload.decision,
        reason=payload.reason,
    )
    return {
        "tender_id": review.tender_id,
        "supplier": review.supplier.name,
        "lot": selectors.tender_for_evaluation(procurement, review.tender_id).lot_number,
        "price": str(review.price),
        "average_of_others": str(review.average_of_others),
        "percent_below": str(review.percent_below),
        "threshold_percent": str(review.threshold_percent),
        "decision": review.decision,
        "explanation": review.explanation,
        "reason": review.reason,
    }


@router.put(
    f"{P}/moderation/tenders/{{tender_id}}",
    response=list[ConsensusOut],
    summary="Record the moderated scores of one tender (buyer, once every evaluator submitted)",
    openapi_extra=refusals(
        "evaluation_closed",
        "evaluation_incomplete",
        "forbidden_action",
        "not_a_quality_criterion",
        "rationale_required",
        "score_out_of_range",
        "tender_disregarded",
        "tenders_sealed",
    ),
)
def moderate(request: HttpRequest, procurement_id: int, tender_id: int, payload: ConsensusScoresIn):
    procurement = permissions.access_procurement_as_buyer(request.user, procurement_id)
    saved = services.record_consensus_scores(
        actor=request.user,
        procurement=procurement,
        tender_id=tender_id,
        scores=_scores(payload.scores),
    )
    lots = _lot_of_tender(procurement)
    return [_score_out(c, lots, rationale=c.rationale) for c in saved]


@router.get(
    f"{P}/results",
    response=ResultsOut,
    summary="Scores, totals and ranks",
    openapi_extra=refusals(
        "invalid_tie_order",
        "moderation_incomplete",
        "no_assessed_tenders",
        "price_not_positive",
        "score_out_of_range",
        "tie_unresolved",
    ),
)
def results(request: HttpRequest, procurement_id: int):
    procurement = permissions.access_results(request.user, procurement_id)
    outcome = selectors.results_of(procurement)
    evaluation = outcome.evaluation
    return {
        "complete": outcome.complete,
        "problem": (
            {"code": outcome.problem.code, "message": outcome.problem.message}
            if outcome.problem
            else None
        ),
        "number_to_award": procurement.number_to_award,
        "results": [_result(r) for r in evaluation.results] if evaluation else [],
    }
