"""The evaluation and award API, under /api/v1/procurements/{procurement_id}/. Thin: parse,
access, one service or selector, shape the answer."""

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from procura.core.errors import DomainError, NotFound
from procura.core.openapi import refusals

from . import errors, permissions, selectors, services
from .models import AssessmentSummary, AwardDecision, EvaluatorAssignment
from .schemas import (
    AssignIn,
    AssignmentOut,
    AwardNoticeIn,
    AwardNoticeOut,
    ConsensusOut,
    ConsensusScoresIn,
    DecisionOut,
    DeclarationIn,
    DeclarationOut,
    FlaggedOut,
    PanelScoreOut,
    ProposeIn,
    ResultsOut,
    ReturnIn,
    ReviewIn,
    ScoreOut,
    ScoresIn,
    SummaryOut,
    SupplierOut,
    TenderOut,
)
from .services import ScoreInput

router = Router(tags=["evaluation and award"])

P = "/{procurement_id}"


# --- Shapes -----------------------------------------------------------------------------------


def _assignment(a: EvaluatorAssignment) -> dict:
    return {
        "id": a.pk,
        "evaluator_id": a.evaluator_id,
        "evaluator": str(a.evaluator),
        "status": a.status,
        "status_label": a.get_status_display(),
        "assigned_at": a.assigned_at,
        "declared_at": a.declared_at,
        "submitted_at": a.submitted_at,
    }


def _decision(d: AwardDecision) -> dict:
    return {
        "id": d.pk,
        "status": d.status,
        "proposed_by": str(d.proposed_by),
        "proposed_at": d.proposed_at,
        "decided_by": str(d.decided_by) if d.decided_by else None,
        "decided_at": d.decided_at,
        "return_reason": d.return_reason,
        "tie_break_reason": d.tie_break_reason,
        "preferred_suppliers": [
            {
                "supplier_id": p.supplier_id,
                "supplier": p.supplier.name,
                "rank": p.rank,
                "total": str(p.total),
                "price": str(p.price),
                "lot": p.lot.number if p.lot else "",
            }
            for p in d.preferred_suppliers.select_related("supplier", "lot")
        ],
        "assessment_summaries_sent_at": d.assessment_summaries_sent_at,
        "award_notice_id": d.award_notice.notice_id if d.award_notice else None,
        "voluntary_standstill": d.voluntary_standstill,
        "standstill_last_day": d.standstill_last_day,
        "earliest_entry_date": d.earliest_entry_date,
    }


def _summary(s: AssessmentSummary) -> dict:
    return {
        "id": s.pk,
        "supplier": s.supplier.name,
        "lot": s.lot.number if s.lot_id else "",
        "successful": s.successful,
        "rank": s.rank,
        "total": str(s.total),
        "sent_at": s.sent_at,
        "content": s.content,
    }


def _result(r) -> dict:
    return {
        "tender_id": r.tender_id,
        "supplier": r.supplier,
        "price": str(r.price),
        "quality_total": str(r.quality_total),
        "price_total": str(r.price_total),
        "total": str(r.total),
        "rank": r.rank,
        "tied": r.tied,
        "successful": r.successful,
        "lot": r.lot,
        "passed_over": r.passed_over,
        "criteria": [
            {
                "criterion_id": c.criterion_id,
                "title": c.title,
                "kind": c.kind,
                "weight": str(c.weight),
                "score": c.score,
                "max_score": c.max_score,
                "weighted": str(c.weighted),
                "explanation": c.explanation,
            }
            for c in r.criteria
        ],
    }


def _scores(items) -> list[ScoreInput]:
    return [
        ScoreInput(
            item.criterion_id,
            item.score,
            # An empty justification is the service's to refuse (justification_required).
            item.justification if hasattr(item, "justification") else item.rationale,
        )
        for item in items
    ]


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


def _lot_of_tender(procurement) -> dict[int, str]:
    """Each evaluated tender's lot number ("" when the procurement is not divided)."""
    return {t.tender_id: t.lot_number for t in selectors.tenders_for_evaluation(procurement)}


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
        {
            "tender_id": s.tender_id,
            "supplier": s.supplier.name,
            "lot": lots.get(s.tender_id, ""),
            "criterion_id": s.criterion_id,
            "criterion": s.criterion.title,
            "score": s.score,
            "justification": s.justification,
        }
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
    return [
        {
            "tender_id": s.tender_id,
            "supplier": s.supplier.name,
            "lot": lots.get(s.tender_id, ""),
            "criterion_id": s.criterion_id,
            "criterion": s.criterion.title,
            "score": s.score,
            "justification": s.justification,
        }
        for s in saved
    ]


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
        {
            "tender_id": s.tender_id,
            "supplier": s.supplier.name,
            "lot": lots.get(s.tender_id, ""),
            "criterion_id": s.criterion_id,
            "criterion": s.criterion.title,
            "score": s.score,
            "justification": s.justification,
            "evaluator": str(s.assignment.evaluator),
        }
        for scores in selectors.submitted_scores(procurement).values()
        for s in scores
    ]


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
    return [
        {
            "tender_id": c.tender_id,
            "supplier": c.supplier.name,
            "lot": lots.get(c.tender_id, ""),
            "criterion_id": c.criterion_id,
            "criterion": c.criterion.title,
            "score": c.score,
            "rationale": c.rationale,
        }
        for c in saved
    ]


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


# --- The award decision -------------------------------------------------------------------------


@router.get(
    f"{P}/award-decisions", response=list[DecisionOut], summary="Award proposals and decisions"
)
def decisions(request: HttpRequest, procurement_id: int):
    procurement = permissions.access_results(request.user, procurement_id)
    return [_decision(d) for d in selectors.decisions_of(procurement)]


@router.post(
    f"{P}/award-decisions",
    response={201: DecisionOut},
    summary="Propose the award: the top N become the preferred suppliers (buyer)",
    openapi_extra=refusals(
        "abnormally_low_undecided",
        "award_already_proposed",
        "evaluation_closed",
        "evaluation_incomplete",
        "exclusion_not_considered",
        "forbidden_action",
        "invalid_tie_order",
        "moderation_incomplete",
        "no_assessed_tenders",
        "price_not_positive",
        "score_out_of_range",
        "tenders_sealed",
        "tie_break_reason_required",
        "tie_unresolved",
    ),
)
def propose(request: HttpRequest, procurement_id: int, payload: ProposeIn):
    procurement = permissions.access_procurement_as_buyer(request.user, procurement_id)
    decision = services.propose_award(
        actor=request.user,
        procurement=procurement,
        tie_break_order=payload.tie_break_order,
        tie_break_reason=payload.tie_break_reason,
    )
    return Status(201, _decision(decision))


@router.post(
    f"{P}/award-decisions/approval",
    response=DecisionOut,
    summary="Sign off the proposed award (an approver other than the proposer)",
    openapi_extra=refusals(
        "approver_must_differ",
        "forbidden_action",
        "invalid_transition",
        "no_award_proposal",
        "proposal_out_of_date",
    ),
)
def approve(request: HttpRequest, procurement_id: int):
    procurement = permissions.access_procurement_as_approver(request.user, procurement_id)
    return _decision(services.approve_award(actor=request.user, procurement=procurement))


@router.post(
    f"{P}/award-decisions/return",
    response=DecisionOut,
    summary="Return the proposed award without approving it (approver)",
    openapi_extra=refusals(
        "approver_must_differ", "forbidden_action", "no_award_proposal", "return_reason_required"
    ),
)
def return_proposal(request: HttpRequest, procurement_id: int, payload: ReturnIn):
    procurement = permissions.access_procurement_as_approver(request.user, procurement_id)
    return _decision(
        services.return_award(actor=request.user, procurement=procurement, reason=payload.reason)
    )


# --- Assessment summaries and the contract award notice ----------------------------------------


@router.post(
    f"{P}/assessment-summaries",
    response={201: list[SummaryOut]},
    summary="Send every assessment summary at the same time (buyer; s.50(3), reg 31)",
    openapi_extra=refusals(
        "assessment_summaries_already_sent", "award_not_decided", "forbidden_action"
    ),
)
def send_summaries(request: HttpRequest, procurement_id: int):
    procurement = permissions.access_procurement_as_buyer(request.user, procurement_id)
    summaries = services.send_assessment_summaries(actor=request.user, procurement=procurement)
    return Status(201, [_summary(s) for s in summaries])


@router.get(
    f"{P}/assessment-summaries",
    response=list[SummaryOut],
    summary="Assessment summaries: all for the authority; a supplier sees only its own",
)
def list_summaries(request: HttpRequest, procurement_id: int):
    try:
        procurement = permissions.access_results(request.user, procurement_id)
    except NotFound:
        return [_summary(s) for s in permissions.access_own_summaries(request.user, procurement_id)]
    decision = selectors.approved_decision(procurement)
    return [_summary(s) for s in selectors.summaries_of(decision)] if decision else []


@router.get(
    f"{P}/assessment-summaries/{{summary_id}}",
    response=SummaryOut,
    summary="One assessment summary",
)
def summary(request: HttpRequest, procurement_id: int, summary_id: int):
    return _summary(permissions.access_assessment_summary(request.user, procurement_id, summary_id))


@router.get(
    f"{P}/assessment-summaries/{{summary_id}}/pdf",
    summary="One assessment summary as a PDF",
)
def summary_pdf(request: HttpRequest, procurement_id: int, summary_id: int):
    found = permissions.access_assessment_summary(request.user, procurement_id, summary_id)
    pdf = services.download_assessment_summary_pdf(actor=request.user, summary=found)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="assessment-summary-{found.decision.procurement.reference}.pdf"'
    )
    return response


@router.post(
    f"{P}/award-notice",
    response={201: AwardNoticeOut},
    summary="Publish the contract award notice (UK6), starting the standstill (buyer; s.50-51)",
    openapi_extra=refusals(
        "assessment_summaries_not_sent",
        "award_not_decided",
        "award_notice_already_published",
        "forbidden_action",
        "invalid_transition",
    ),
)
def publish_award_notice(
    request: HttpRequest, procurement_id: int, payload: AwardNoticeIn | None = None
):
    procurement = permissions.access_procurement_as_buyer(request.user, procurement_id)
    notice = services.publish_award_notice(
        actor=request.user,
        procurement=procurement,
        voluntary_standstill=bool(payload and payload.voluntary_standstill),
    )
    return Status(
        201,
        {
            "notice_id": notice.notice_id,
            "notice_type": notice.notice_type,
            "published_at": notice.published_at,
            "release": notice.release,
        },
    )
