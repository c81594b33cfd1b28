"""How the participation API shapes its answers, and the helpers its endpoints share."""

from django.http import FileResponse
from django.urls import reverse

from procura.core.errors import NotFound

from .. import permissions, selectors
from ..models import Agreement, ExclusionDecision, Participant, ParticipationResponse

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
