"""Downloads of opened tenders' files, each on the record."""

from django.db import transaction

from procura.accounts.models import User
from procura.audit import services as audit

from ..events import TenderingEvent
from ..models import (
    Tender,
    UnsealedFile,
)


@transaction.atomic
def record_file_download(*, actor: User, opened_file: UnsealedFile) -> UnsealedFile:
    """Put one download of an opened tender's file on the record: who, which tender and file
    (position, name, SHA-256 as on the receipt), and when (the event's time). The caller has
    checked who may read it (the authority's officers, or an evaluator behind the ethical wall).
    It is on the procurement's timeline, which only the authority's officers read: a supplier
    does not learn who on the buyer's side read its tender."""
    tender = (
        Tender.objects.select_related("procurement", "supplier")
        .defer("content_ciphertext", "content_wrapped_key")
        .get(unsealed__pk=opened_file.unsealed_tender_id)
    )
    procurement = tender.procurement
    audit.record(
        actor=actor,
        event_type=TenderingEvent.FILE_DOWNLOADED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        after={
            "procurement": procurement.reference,
            "tender_id": tender.pk,
            "reference": tender.reference,
            "supplier": tender.supplier.name,
            "position": opened_file.position,
            "file_name": opened_file.name,
            "size": opened_file.size,
            "sha256": opened_file.sha256,
        },
    )
    return opened_file
