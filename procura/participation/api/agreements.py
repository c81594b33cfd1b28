"""The agreements gate, expressing interest, withdrawing, and the procurement documents."""

from django.http import HttpRequest
from ninja import File, Form, Status, UploadedFile

from procura.core.errors import DomainError, NotFound
from procura.core.openapi import refusals

from .. import errors, permissions, selectors, services
from ..models import Agreement, Participant
from ..schemas import (
    AcceptanceOut,
    AgreementIn,
    AgreementOut,
    DocumentOut,
    InterestIn,
    ParticipationOut,
    WithdrawalIn,
    WithdrawalOut,
)
from . import router
from .shaping import (
    _agreement_out,
    _document_out,
    _file_response,
    _is_buyer_side,
    _participation_out,
)

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
