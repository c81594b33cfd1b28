"""The award decision, the assessment summaries and the contract award notice."""

from django.http import HttpRequest, HttpResponse
from ninja import Status

from procura.core.errors import NotFound
from procura.core.openapi import refusals

from .. import permissions, selectors, services
from ..schemas import (
    AwardNoticeIn,
    AwardNoticeOut,
    DecisionOut,
    ProposeIn,
    ReturnIn,
    SummaryOut,
)
from . import router
from .shaping import (
    P,
    _decision,
    _summary,
)

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
