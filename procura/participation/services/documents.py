"""Procurement documents the buyer shares with admitted suppliers, versioned by title."""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from procura.accounts.models import User
from procura.audit import services as audit
from procura.core import clock
from procura.procurements.models import Procurement

from .. import rules
from ..events import ParticipationEvent
from ..models import ProcurementDocument
from .common import _hash_upload, _lock_procurement, _require_buyer


@transaction.atomic
def upload_document(
    *,
    actor: User,
    procurement: Procurement,
    title: str,
    uploaded_file: UploadedFile,
    description="",
) -> ProcurementDocument:
    """The buyer shares a procurement document with admitted suppliers. A document with the same
    title as an earlier one is its next version."""
    procurement = _lock_procurement(procurement)
    _require_buyer(actor, procurement)
    rules.check_document(
        procurement_status=procurement.status, title=title, has_file=uploaded_file is not None
    )
    title = title.strip()
    name, size = uploaded_file.name or "", uploaded_file.size or 0
    rules.check_file(name=name, size=size, field="file")
    sha256 = _hash_upload(uploaded_file)
    latest = (
        ProcurementDocument.objects.filter(procurement=procurement, title=title)
        .order_by("-version")
        .first()
    )
    document = ProcurementDocument(
        procurement=procurement,
        title=title,
        description=(description or "").strip(),
        version=(latest.version + 1) if latest else 1,
        file_name=name[:255],
        content_type=(getattr(uploaded_file, "content_type", "") or "")[:100],
        size=size,
        sha256=sha256,
        uploaded_at=clock.now(),
        uploaded_by=actor,
    )
    document.file.save(name, uploaded_file, save=False)
    document.save()
    audit.record(
        actor=actor,
        event_type=ParticipationEvent.DOCUMENT_UPLOADED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        after={
            "document_id": document.pk,
            "title": title,
            "version": document.version,
            "file_name": document.file_name,
            "size": document.size,
            "sha256": sha256,
        },
    )
    return document
