"""The buyer's assessment, exclusion decisions, shortlist and invitation to tender."""

from django.http import HttpRequest
from ninja import Status

from procura.core.errors import NotFound
from procura.core.openapi import refusals

from .. import permissions, selectors, services
from ..schemas import (
    AssessmentIn,
    ExclusionIn,
    ExclusionOut,
    InvitationIn,
    InvitationOut,
    ParticipantOut,
    ShortlistIn,
    SubmittedResponseOut,
)
from . import router
from .shaping import (
    _exclusion_out,
    _file_response,
    _participant_out,
    _submitted_out,
)

# --- 3. Assessment, exclusion, shortlist, invitation (buyer) ----------------------------------


@router.get(
    "/{procurement_id}/participants",
    response=list[ParticipantOut],
    summary="Every supplier taking part, with status, marks and exclusion decision (buyer)",
)
def participants(request: HttpRequest, procurement_id: int):
    procurement = permissions.access_procurement_as_buyer(request.user, procurement_id)
    return [_participant_out(p) for p in selectors.participants_for_buyer(procurement)]


@router.get(
    "/{procurement_id}/participants/{participant_id}/response",
    response=SubmittedResponseOut,
    summary="A submitted request to participate, with the marks (buyer)",
)
def submitted_response(request: HttpRequest, procurement_id: int, participant_id: int):
    _, participant, response = permissions.access_submitted_response(
        request.user, procurement_id, participant_id
    )
    return _submitted_out(participant, response)


@router.get(
    "/{procurement_id}/participants/{participant_id}/response/answers/{question_id}/file",
    summary="Download a file a supplier submitted as an answer (buyer)",
)
def submitted_answer_file(
    request: HttpRequest, procurement_id: int, participant_id: int, question_id: int
):
    _, _, response = permissions.access_submitted_response(
        request.user, procurement_id, participant_id
    )
    answer = selectors.answers_by_question(response).get(question_id)
    if answer is None or not answer.file:
        raise NotFound()
    return _file_response(answer.file, answer.file_name)


@router.get(
    "/{procurement_id}/participants/{participant_id}/response/financial-evidence",
    summary="Download a supplier's submitted financial evidence (buyer)",
)
def submitted_financial_evidence(request: HttpRequest, procurement_id: int, participant_id: int):
    _, _, response = permissions.access_submitted_response(
        request.user, procurement_id, participant_id
    )
    if not response.financial_evidence:
        raise NotFound()
    return _file_response(response.financial_evidence, response.financial_evidence_name)


@router.put(
    "/{procurement_id}/participants/{participant_id}/assessment",
    response=SubmittedResponseOut,
    summary="Record pass/fail and scores for a submitted request to participate (buyer)",
    openapi_extra=refusals(
        "forbidden_action",
        "invalid_mark",
        "not_assessable_now",
        "not_submitted",
        "score_out_of_range",
    ),
)
def assess(request: HttpRequest, procurement_id: int, participant_id: int, payload: AssessmentIn):
    _, participant = permissions.access_participant_as_buyer(
        request.user, procurement_id, participant_id, "manage"
    )
    response = services.assess_response(
        actor=request.user,
        participant=participant,
        marks=[
            {
                "question_id": m.question_id,
                "result": m.result or "",
                "score": m.score,
                "comment": m.comment,
            }
            for m in payload.marks
        ],
        financial_result=payload.financial_result,
        financial_comment=payload.financial_comment,
    )
    return _submitted_out(participant, response)


@router.get(
    "/{procurement_id}/participants/{participant_id}/exclusion-decisions",
    response=list[ExclusionOut],
    summary="The exclusion decisions about a supplier, oldest first (buyer)",
)
def exclusion_decisions(request: HttpRequest, procurement_id: int, participant_id: int):
    _, participant = permissions.access_participant_as_buyer(
        request.user, procurement_id, participant_id
    )
    return [_exclusion_out(d) for d in selectors.exclusion_decisions_of(participant)]


@router.post(
    "/{procurement_id}/participants/{participant_id}/exclusion-decisions",
    response={201: ExclusionOut},
    summary="Record an exclusion decision (ss.57-59) about a supplier (buyer)",
    openapi_extra=refusals(
        "already_excluded",
        "decided_in_future",
        "forbidden_action",
        "ground_does_not_match",
        "ground_required",
        "invalid_transition",
        "not_decidable",
        "reasons_required",
        "representations_after_decision",
        "representations_required",
    ),
)
def decide_exclusion(
    request: HttpRequest, procurement_id: int, participant_id: int, payload: ExclusionIn
):
    _, participant = permissions.access_participant_as_buyer(
        request.user, procurement_id, participant_id, "manage"
    )
    decision = services.record_exclusion_decision(
        actor=request.user,
        participant=participant,
        outcome=payload.outcome,
        ground_type=payload.ground_type or "",
        ground=payload.ground,
        representations=payload.representations,
        representations_invited_on=payload.representations_invited_on,
        evidence=payload.evidence,
        reasons=payload.reasons,
        decided_on=payload.decided_on,
    )
    return Status(201, _exclusion_out(decision))


@router.post(
    "/{procurement_id}/shortlist",
    response=list[ParticipantOut],
    summary="Decide the shortlist, with the reasons each supplier will see (buyer)",
    openapi_extra=refusals(
        "already_shortlisted",
        "exclusion_not_decided",
        "forbidden_action",
        "invalid_transition",
        "not_competitive_flexible",
        "not_eligible",
        "participation_not_closed",
        "reason_required",
        "shortlist_empty",
        "shortlist_incomplete",
        "shortlist_too_long",
    ),
)
def shortlist(request: HttpRequest, procurement_id: int, payload: ShortlistIn):
    procurement = permissions.access_procurement_as_buyer(request.user, procurement_id, "manage")
    services.decide_shortlist(
        actor=request.user,
        procurement=procurement,
        shortlisted={c.participant_id: c.reason for c in payload.shortlisted},
        not_shortlisted={c.participant_id: c.reason for c in payload.not_shortlisted},
    )
    return [_participant_out(p) for p in selectors.participants_for_buyer(procurement)]


@router.post(
    "/{procurement_id}/invitation-to-tender",
    response=InvitationOut,
    summary="Invite the shortlisted suppliers to tender and set the tender deadline (buyer)",
    openapi_extra=refusals(
        "deadline_in_past",
        "forbidden_action",
        "invalid_transition",
        "not_competitive_flexible",
        "participation_not_closed",
        "shortlist_not_decided",
        "tendering_period_too_short",
    ),
)
def invite_to_tender(request: HttpRequest, procurement_id: int, payload: InvitationIn):
    procurement = permissions.access_procurement_as_buyer(request.user, procurement_id, "manage")
    procurement = services.invite_to_tender(
        actor=request.user, procurement=procurement, tender_deadline=payload.tender_deadline
    )
    return {
        "procurement_id": procurement.pk,
        "status": procurement.status,
        "tender_deadline": procurement.tender_deadline,
        "tendering_opened_at": procurement.tendering_opened_at,
        "invited": [s.name for s in selectors.invited_suppliers(procurement)],
    }
