"""Downloads of procurement documents, put on the record."""

from django.db import transaction

from procura.accounts.models import User
from procura.audit import services as audit

from ..events import ParticipationEvent
from ..models import Participant, ProcurementDocument


@transaction.atomic
def record_document_download(
    *, actor: User, document: ProcurementDocument, participant: Participant | None = None
) -> ProcurementDocument:
    """Put one download of a procurement document on the record: who, which document and
    version (with its SHA-256), and when (the event's time). A supplier's download is on its
    participant's timeline; the authority's own staff's on the procurement's. The caller has
    checked access (`permissions.access_document_for_download`)."""
    procurement = document.procurement
    audit.record(
        actor=actor,
        event_type=ParticipationEvent.DOCUMENT_DOWNLOADED,
        obj=participant if participant is not None else procurement,
        organisation_id=procurement.authority_id,
        after={
            "procurement": procurement.reference,
            "document_id": document.pk,
            "title": document.title,
            "version": document.version,
            "file_name": document.file_name,
            "size": document.size,
            "sha256": document.sha256,
            "supplier": participant.supplier.name if participant is not None else "",
        },
    )
    return document
