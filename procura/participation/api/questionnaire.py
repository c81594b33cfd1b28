"""The conditions of participation: the questionnaire, a supplier's response and its outcome."""

from django.http import HttpRequest
from ninja import File, Status, UploadedFile

from procura.core.openapi import refusals

from .. import permissions, selectors, services
from ..schemas import (
    OutcomeOut,
    ParticipationQuestionOut,
    ParticipationReceiptOut,
    QuestionnaireIn,
    ResponseIn,
    ResponseOut,
)
from . import router
from .shaping import (
    _is_buyer_side,
    _receipt,
    _response_out,
)

# --- 2. Conditions of participation -----------------------------------------------------------


#: What the endpoints that change a supplier's draft response can refuse with.
DRAFT_REFUSALS = refusals(
    "agreements_not_accepted",
    "already_submitted",
    "file_empty",
    "file_too_large",
    "forbidden_action",
    "invalid_transition",
    "no_longer_taking_part",
    "not_competitive_flexible",
    "participation_deadline_passed",
)


@router.get(
    "/{procurement_id}/questionnaire",
    response=list[ParticipationQuestionOut],
    summary="The conditions of participation questionnaire",
    openapi_extra=refusals("agreements_not_accepted", "no_longer_taking_part"),
)
def questionnaire(request: HttpRequest, procurement_id: int):
    if _is_buyer_side(request.user, procurement_id):
        procurement = permissions.access_procurement_as_buyer(request.user, procurement_id)
    else:
        procurement, _ = permissions.access_procurement_as_supplier(
            request.user, procurement_id, "respond"
        )
    return selectors.questions_of(procurement)


@router.put(
    "/{procurement_id}/questionnaire",
    response=list[ParticipationQuestionOut],
    summary="Replace the questionnaire (buyer; draft procurements only)",
    openapi_extra=refusals(
        "forbidden_action",
        "max_score_not_allowed",
        "max_score_required",
        "not_competitive_flexible",
        "questionnaire_locked",
    ),
)
def set_questionnaire(request: HttpRequest, procurement_id: int, payload: QuestionnaireIn):
    procurement = permissions.access_procurement_as_buyer(request.user, procurement_id, "manage")
    return services.set_questionnaire(
        actor=request.user,
        procurement=procurement,
        questions=[q.model_dump() for q in payload.questions],
    )


@router.get(
    "/{procurement_id}/response",
    response=ResponseOut,
    summary="Your request to participate (draft or submitted)",
    openapi_extra=refusals("agreements_not_accepted", "no_longer_taking_part"),
)
def my_response(request: HttpRequest, procurement_id: int):
    _, participant = permissions.access_procurement_as_supplier(
        request.user, procurement_id, "respond"
    )
    return _response_out(participant)


@router.put(
    "/{procurement_id}/response",
    response=ResponseOut,
    summary="Save your draft request to participate (answers and financial information)",
    openapi_extra=DRAFT_REFUSALS,
)
def save_response(request: HttpRequest, procurement_id: int, payload: ResponseIn):
    _, participant = permissions.access_procurement_as_supplier(
        request.user, procurement_id, "respond"
    )
    fields = payload.model_dump(exclude_unset=True)
    services.save_response(
        actor=request.user,
        participant=participant,
        answers={a.question_id: a.text for a in payload.answers},
        annual_turnover=(
            payload.annual_turnover if "annual_turnover" in fields else services.UNSET
        ),
        financial_information=payload.financial_information,
    )
    return _response_out(participant)


@router.post(
    "/{procurement_id}/response/answers/{question_id}/file",
    response=ResponseOut,
    summary="Upload the file that answers a file question (draft)",
    openapi_extra=DRAFT_REFUSALS,
)
def upload_answer_file(
    request: HttpRequest, procurement_id: int, question_id: int, file: File[UploadedFile]
):
    _, participant = permissions.access_procurement_as_supplier(
        request.user, procurement_id, "respond"
    )
    services.save_response(actor=request.user, participant=participant, files={question_id: file})
    return _response_out(participant)


@router.post(
    "/{procurement_id}/response/financial-evidence",
    response=ResponseOut,
    summary="Upload your accounts or other financial evidence (draft)",
    openapi_extra=DRAFT_REFUSALS,
)
def upload_financial_evidence(request: HttpRequest, procurement_id: int, file: File[UploadedFile]):
    _, participant = permissions.access_procurement_as_supplier(
        request.user, procurement_id, "respond"
    )
    services.save_response(actor=request.user, participant=participant, financial_evidence=file)
    return _response_out(participant)


@router.post(
    "/{procurement_id}/response/submission",
    response={201: ParticipationReceiptOut},
    summary="Submit your request to participate; returns the receipt",
    openapi_extra=refusals(
        "agreements_not_accepted",
        "already_submitted",
        "answer_missing",
        "answers_missing",
        "forbidden_action",
        "invalid_transition",
        "no_longer_taking_part",
        "not_competitive_flexible",
        "participation_deadline_passed",
    ),
)
def submit_response(request: HttpRequest, procurement_id: int):
    _, participant = permissions.access_procurement_as_supplier(
        request.user, procurement_id, "respond"
    )
    response = services.submit_response(actor=request.user, participant=participant)
    return Status(201, _receipt(response))


@router.get(
    "/{procurement_id}/outcome",
    response=OutcomeOut,
    summary="Your supplier's outcome and the reasons given to it",
    openapi_extra=refusals("agreements_not_accepted", "no_longer_taking_part"),
)
def my_outcome(request: HttpRequest, procurement_id: int):
    _, participant = permissions.access_procurement_as_supplier(
        request.user, procurement_id, "view_outcome"
    )
    return selectors.outcome_for(participant).__dict__
