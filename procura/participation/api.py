"""The participation API, under /api/v1/procurements/{procurement_id}/...

Thin: parse -> access (permissions) -> one service or selector -> shape. A supplier with no part
in a procurement gets 404 from every document and stage endpoint, exactly as for a procurement
that does not exist; one that takes part but has not accepted the current version of every
agreement, or no longer takes part, gets 403 with the reason (`agreements_not_accepted`,
`no_longer_taking_part`).
"""

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import File, Form, Router, Status, UploadedFile

from procura.core.errors import DomainError, NotFound
from procura.core.openapi import refusals

from . import errors, permissions, selectors, services
from .models import Agreement, ExclusionDecision, Participant, ParticipationResponse
from .schemas import (
    AcceptanceOut,
    AgreementIn,
    AgreementOut,
    AssessmentIn,
    DocumentOut,
    ExclusionIn,
    ExclusionOut,
    InterestIn,
    InvitationIn,
    InvitationOut,
    OutcomeOut,
    ParticipantOut,
    ParticipationOut,
    ParticipationQuestionOut,
    ParticipationReceiptOut,
    QuestionnaireIn,
    ResponseIn,
    ResponseOut,
    ShortlistIn,
    SubmittedResponseOut,
    WithdrawalIn,
    WithdrawalOut,
)

router = Router(tags=["participation"])


# --- Shaping ----------------------------------------------------------------------------------


def _agreement_out(agreement: Agreement, *, current: bool, accepted: bool | None = None) -> dict:
    return {
        "id": agreement.pk,
        "kind": agreement.kind,
        "version": agreement.version,
        "title": agreement.title,
        "text": agreement.text,
        "sha256": agreement.sha256,
        "created_at": agreement.created_at,
        "current": current,
        "accepted": accepted,
    }


def _participation_out(participant: Participant) -> dict:
    rows = selectors.agreements_to_accept(participant)
    return {
        "procurement_id": participant.procurement_id,
        "procurement_reference": participant.procurement.reference,
        "supplier_id": participant.supplier_id,
        "supplier": participant.supplier.name,
        "status": participant.status,
        "status_label": participant.get_status_display(),
        "interest_expressed_at": participant.interest_expressed_at,
        "admitted_at": participant.admitted_at,
        "gate_current": selectors.gate_is_current(participant),
        "agreements": [
            _agreement_out(r["agreement"], current=True, accepted=r["accepted"])
            for r in rows
            if r["agreement"]
        ],
        "agreements_not_issued": [r["kind"] for r in rows if not r["agreement"]],
        "withdrawn_at": participant.withdrawn_at,
        "withdrawal_reason": participant.withdrawal_reason,
    }


def _document_out(document) -> dict:
    return {
        **{
            name: getattr(document, name)
            for name in (
                "id",
                "title",
                "description",
                "version",
                "file_name",
                "content_type",
                "size",
                "sha256",
                "uploaded_at",
            )
        },
        "download_url": reverse(
            "api:participation_download_document",
            kwargs={"procurement_id": document.procurement_id, "document_id": document.pk},
        ),
    }


def _receipt(response: ParticipationResponse) -> dict | None:
    if not response.is_submitted:
        return None
    return {
        "reference": response.receipt_reference,
        "submitted_at": response.submitted_at,
        "sha256": response.receipt_sha256,
    }


def _response_out(participant: Participant) -> dict:
    response = selectors.response_of(participant)
    rows = selectors.questionnaire_rows(participant.procurement, response)
    return {
        "status": participant.status,
        "answers": [
            {
                "question_id": r["question"].pk,
                "position": r["question"].position,
                "text": r["answer"].text,
                "file_name": r["answer"].file_name,
                "file_sha256": r["answer"].file_sha256,
            }
            for r in rows
            if r["answer"] is not None
        ],
        "annual_turnover": response.annual_turnover if response else None,
        "financial_information": response.financial_information if response else "",
        "financial_evidence_name": response.financial_evidence_name if response else "",
        "financial_evidence_sha256": response.financial_evidence_sha256 if response else "",
        "updated_at": response.updated_at if response else None,
        "submitted": bool(response and response.is_submitted),
        "receipt": _receipt(response) if response else None,
        "participation_deadline": participant.procurement.participation_deadline,
    }


def _submitted_out(participant: Participant, response: ParticipationResponse) -> dict:
    rows = selectors.questionnaire_rows(participant.procurement, response)
    return {
        "participant_id": participant.pk,
        "supplier": participant.supplier.name,
        "answers": [
            {
                "question_id": r["question"].pk,
                "position": r["question"].position,
                "text": r["answer"].text,
                "file_name": r["answer"].file_name,
                "file_sha256": r["answer"].file_sha256,
                "result": r["answer"].result,
                "score": r["answer"].score,
                "comment": r["answer"].comment,
            }
            for r in rows
            if r["answer"] is not None
        ],
        "annual_turnover": response.annual_turnover,
        "financial_information": response.financial_information,
        "financial_evidence_name": response.financial_evidence_name,
        "financial_evidence_sha256": response.financial_evidence_sha256,
        "financial_result": response.financial_result,
        "financial_comment": response.financial_comment,
        "receipt": _receipt(response),
    }


def _exclusion_out(decision: ExclusionDecision | None) -> dict | None:
    if decision is None:
        return None
    return {
        name: getattr(decision, name)
        for name in (
            "id",
            "outcome",
            "ground_type",
            "ground",
            "representations",
            "representations_invited_on",
            "evidence",
            "reasons",
            "decided_on",
            "minister_notification_due",
            "recorded_at",
        )
    }


def _participant_out(participant: Participant) -> dict:
    response = participant.submitted_response
    assessment = participant.assessment
    return {
        "id": participant.pk,
        "supplier_id": participant.supplier_id,
        "supplier": participant.supplier.name,
        "status": participant.status,
        "status_label": participant.get_status_display(),
        "gate_current": participant.gate_current,
        "interest_expressed_at": participant.interest_expressed_at,
        "admitted_at": participant.admitted_at,
        "submitted_at": participant.submitted_at,
        "receipt_reference": response.receipt_reference if response else None,
        "score": assessment.score if assessment else None,
        "max_score": assessment.max_score if assessment else None,
        "passes": assessment.passes if assessment else None,
        "fails": assessment.fails if assessment else None,
        "financial_result": assessment.financial_result if assessment else None,
        "exclusion": _exclusion_out(participant.latest_exclusion),
        "decision_reason": participant.decision_reason,
        "withdrawn_at": participant.withdrawn_at,
        "withdrawal_reason": participant.withdrawal_reason,
    }


def _file_response(field_file, name: str) -> FileResponse:
    return FileResponse(field_file.open("rb"), as_attachment=True, filename=name)


def _is_buyer_side(user, procurement_id) -> bool:
    try:
        permissions.access_procurement_as_buyer(user, procurement_id, "view")
    except NotFound:
        return False
    return True


# --- 1. Agreements and interest ---------------------------------------------------------------


@router.post(
    "/{procurement_id}/agreements",
    response={201: AgreementOut},
    summary="Issue a new version of the NDA or ethical walls agreement (buyer)",
    openapi_extra=refusals("agreement_unchanged", "forbidden_action", "procurement_closed"),
)
def issue_agreement(request: HttpRequest, procurement_id: int, payload: AgreementIn):
    procurement = permissions.access_procurement_as_buyer(request.user, procurement_id, "manage")
    agreement = services.issue_agreement(
        actor=request.user,
        procurement=procurement,
        kind=payload.kind,
        title=payload.title,
        text=payload.text,
    )
    return Status(201, _agreement_out(agreement, current=True))


@router.get(
    "/{procurement_id}/agreements",
    response=list[AgreementOut],
    summary="The agreements: every version (buyer) or the current ones to accept (supplier)",
)
def list_agreements(request: HttpRequest, procurement_id: int):
    if _is_buyer_side(request.user, procurement_id):
        procurement = permissions.access_procurement_as_buyer(request.user, procurement_id)
        current_ids = {a.pk for a in selectors.current_agreements(procurement).values()}
        return [
            _agreement_out(a, current=a.pk in current_ids)
            for a in selectors.agreement_history(procurement)
        ]
    procurement, _, participant = permissions.access_procurement_for_interest(
        request.user, procurement_id
    )
    accepted = selectors.accepted_agreement_ids(participant) if participant else set()
    return [
        _agreement_out(a, current=True, accepted=(a.pk in accepted) if participant else None)
        for a in selectors.current_agreements(procurement).values()
    ]


@router.post(
    "/{procurement_id}/interest",
    response={201: ParticipationOut},
    summary="Express interest for your supplier organisation",
    openapi_extra=refusals("already_interested", "forbidden_action", "not_open_for_interest"),
)
def express_interest(request: HttpRequest, procurement_id: int, payload: InterestIn):
    procurement, suppliers, _ = permissions.access_procurement_for_interest(
        request.user, procurement_id
    )
    if payload.supplier_id is not None:
        supplier = next((s for s in suppliers if s.pk == payload.supplier_id), None)
        if supplier is None:
            raise NotFound()
    elif len(suppliers) == 1:
        supplier = suppliers[0]
    else:
        raise DomainError(
            errors.INVALID_INPUT,
            "You are a bid manager of more than one supplier: give supplier_id.",
            field="supplier_id",
        )
    participant = services.express_interest(
        actor=request.user, procurement=procurement, supplier=supplier
    )
    return Status(201, _participation_out(participant))


def _own_participant(request, procurement_id) -> Participant:
    _, _, participant = permissions.access_procurement_for_interest(request.user, procurement_id)
    if participant is None:
        raise NotFound()
    return participant


@router.get(
    "/{procurement_id}/participation",
    response=ParticipationOut,
    summary="Your supplier's participation: status and agreements",
)
def my_participation(request: HttpRequest, procurement_id: int):
    return _participation_out(_own_participant(request, procurement_id))


@router.post(
    "/{procurement_id}/participation/withdrawal",
    response={201: WithdrawalOut},
    summary="Withdraw your supplier from the procurement (final; before the award decision)",
    openapi_extra=refusals(
        "agreement_superseded",
        "already_withdrawn",
        "forbidden_action",
        "invalid_transition",
        "lot_required",
        "no_tender_to_withdraw",
        "not_divided_into_lots",
        "not_withdrawable",
        "tender_deadline_passed",
        "tendering_not_open",
        "unknown_lot",
        "withdrawal_too_late",
    ),
)
def withdraw(request: HttpRequest, procurement_id: int, payload: WithdrawalIn):
    participant = _own_participant(request, procurement_id)
    withdrawn = services.withdraw_participation(
        actor=request.user,
        procurement=participant.procurement,
        supplier=participant.supplier,
        reason=payload.reason,
    )
    return Status(
        201, {**_participation_out(withdrawn), "tenders_withdrawn": withdrawn.tenders_withdrawn}
    )


@router.post(
    "/{procurement_id}/agreements/{agreement_id}/acceptance",
    response={201: AcceptanceOut},
    summary="Accept the current version of an agreement for your supplier",
    openapi_extra=refusals(
        "agreement_superseded",
        "already_accepted",
        "forbidden_action",
        "invalid_transition",
        "procurement_closed",
        "withdrawn",
    ),
)
def accept_agreement(request: HttpRequest, procurement_id: int, agreement_id: int):
    participant = _own_participant(request, procurement_id)
    agreement = Agreement.objects.filter(pk=agreement_id, procurement_id=procurement_id).first()
    if agreement is None:
        raise NotFound()
    acceptance = services.accept_agreement(
        actor=request.user, participant=participant, agreement=agreement
    )
    participant.refresh_from_db()
    return Status(
        201,
        {
            "agreement_id": agreement.pk,
            "kind": agreement.kind,
            "version": agreement.version,
            "accepted_at": acceptance.accepted_at,
            "accepted_by": str(acceptance.accepted_by),
            "participant_status": participant.status,
            "admitted": selectors.gate_is_current(participant),
        },
    )


# --- Documents --------------------------------------------------------------------------------


@router.get(
    "/{procurement_id}/documents",
    response=list[DocumentOut],
    summary="The procurement documents (buyer, or a supplier that accepted the agreements)",
    openapi_extra=refusals("agreements_not_accepted", "no_longer_taking_part"),
)
def list_documents(request: HttpRequest, procurement_id: int):
    if _is_buyer_side(request.user, procurement_id):
        procurement = permissions.access_procurement_as_buyer(request.user, procurement_id)
        documents = selectors.documents_of(procurement)
    else:
        procurement, _ = permissions.access_procurement_as_supplier(
            request.user, procurement_id, "view"
        )
        documents = selectors.current_documents(procurement)
    return [_document_out(d) for d in documents]


@router.post(
    "/{procurement_id}/documents",
    response={201: DocumentOut},
    summary="Upload a procurement document (buyer); the same title makes a new version",
    openapi_extra=refusals(
        "file_empty", "file_too_large", "forbidden_action", "procurement_closed"
    ),
)
def upload_document(
    request: HttpRequest,
    procurement_id: int,
    title: Form[str],
    file: File[UploadedFile],
    description: Form[str] = "",
):
    procurement = permissions.access_procurement_as_buyer(request.user, procurement_id, "manage")
    document = services.upload_document(
        actor=request.user,
        procurement=procurement,
        title=title,
        uploaded_file=file,
        description=description,
    )
    return Status(201, _document_out(document))


@router.get(
    "/{procurement_id}/documents/{document_id}/file",
    url_name="participation_download_document",
    summary="Download a procurement document",
    openapi_extra=refusals("agreements_not_accepted", "no_longer_taking_part"),
)
def download_document(request: HttpRequest, procurement_id: int, document_id: int):
    document, participant = permissions.access_document_for_download(
        request.user, procurement_id, document_id
    )
    services.record_document_download(
        actor=request.user, document=document, participant=participant
    )
    return _file_response(document.file, document.file_name)


# --- 2. Conditions of participation -----------------------------------------------------------


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
    openapi_extra=refusals(
        "agreements_not_accepted",
        "already_submitted",
        "file_empty",
        "file_too_large",
        "forbidden_action",
        "invalid_transition",
        "no_longer_taking_part",
        "not_competitive_flexible",
        "participation_deadline_passed",
    ),
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
    openapi_extra=refusals(
        "agreements_not_accepted",
        "already_submitted",
        "file_empty",
        "file_too_large",
        "forbidden_action",
        "invalid_transition",
        "no_longer_taking_part",
        "not_competitive_flexible",
        "participation_deadline_passed",
    ),
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
    openapi_extra=refusals(
        "agreements_not_accepted",
        "already_submitted",
        "file_empty",
        "file_too_large",
        "forbidden_action",
        "invalid_transition",
        "no_longer_taking_part",
        "not_competitive_flexible",
        "participation_deadline_passed",
    ),
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
