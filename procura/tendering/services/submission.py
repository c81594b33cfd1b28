"""Submitting, replacing and withdrawing a sealed tender, strictly before the tender deadline
(Procurement Act 2023 s.54(2)), with a receipt for each."""

import secrets
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Max

from procura.accounts.models import Organisation, User
from procura.accounts.selectors import has_role
from procura.accounts.states import Role
from procura.audit import services as audit
from procura.core import clock, locks
from procura.core.errors import DomainError, NotFound
from procura.procurements import services as procurement_services
from procura.procurements.models import Lot, Procurement
from procura.procurements.states import Status

from .. import rules, sealing, selectors
from ..events import TenderingEvent
from ..models import (
    SealingKey,
    Tender,
    TenderFile,
)
from ..permissions import may_submit_tender
from ..selectors import ReceiptFile, TenderReceipt, receipt_of
from ..states import TenderStatus, can_transition
from .keys import _content_aad, _file_aad, _sealing_key


@dataclass(frozen=True)
class UploadedDocument:
    """A file as the supplier uploaded it: its name and its bytes."""

    name: str
    content: bytes


def _require_tenderer(actor: User, procurement: Procurement, supplier: Organisation) -> None:
    """The actor is a bid manager of a supplier invited to tender; anyone else finds nothing."""
    if not has_role(actor, Role.SUPPLIER_BID_MANAGER, supplier):
        raise NotFound()
    if not may_submit_tender(procurement, supplier):
        raise NotFound()


def _check_window(procurement: Procurement, *, received_at) -> None:
    """The deadline is judged at `received_at`, the moment the whole submission reached the
    service, not when it got its lock: a tender that arrived in time is not refused because
    others were being stored (s.54(2), ADR 0003). It may therefore be stored after the deadline
    has closed tendering, but never once the tenders have been opened."""
    rules.check_tender_window(
        now=received_at,
        deadline=procurement.tender_deadline,
        tendering_open=procurement.status in (Status.TENDERING_OPEN, Status.TENDERS_CLOSED),
    )


def _lock_for_tenderer(procurement: Procurement, supplier: Organisation) -> Procurement:
    """Lock what a submission or withdrawal needs, letting different suppliers' submissions run
    side by side.

    On PostgreSQL, once the procurement's sealing key exists, the procurement row is locked
    FOR SHARE (so closing, extending, terminating and opening, which take it FOR UPDATE, wait
    for every submission in flight and none commits after them), and a transaction-level
    advisory lock on (procurement, supplier) keeps one supplier's own submissions in order.
    Otherwise (SQLite, whose writers are serialised anyway, and the first submission, which
    makes the key) the procurement row is locked FOR UPDATE."""
    if connection.vendor != "postgresql" or not (
        SealingKey.objects.filter(procurement_id=procurement.pk).exists()
    ):
        return procurement_services.lock_procurement(procurement)
    procurement = locks.share(procurement)
    locks.advisory_lock("tender", procurement.pk, supplier.pk)
    return procurement


def _bytes_of(upload) -> bytes:
    """An UploadedDocument's bytes, or those of an uploaded file (anything with read())."""
    if isinstance(upload, UploadedDocument):
        return bytes(upload.content)
    upload.seek(0)
    return upload.read()


def _new_reference(procurement: Procurement) -> str:
    # Random, not sequential: a receipt must not tell a supplier how many others tendered.
    while True:
        reference = f"{procurement.reference}-T{secrets.token_hex(4).upper()}"
        if not Tender.objects.filter(reference=reference).exists():
            return reference


def _live_tender_locked(
    procurement: Procurement, supplier: Organisation, lot: Lot | None = None
) -> Tender | None:
    # of=("self",) and no ordering: Tender's Meta.ordering joins the procurement and the
    # supplier, and a plain select_for_update() would lock their rows FOR UPDATE too, upgrading
    # the shared procurement lock (a deadlock between two suppliers).
    return (
        Tender.objects.select_for_update(of=("self",))
        .filter(procurement=procurement, supplier=supplier, lot=lot, status=TenderStatus.SUBMITTED)
        .order_by()
        .defer("content_ciphertext", "content_wrapped_key")
        .first()
    )


def _check_lot(procurement: Procurement, lot: Lot | None) -> None:
    """A tender names one lot of a procurement divided into lots, and none otherwise (s.18)."""
    rules.check_lot_choice(
        divided=procurement.lots.exists(),
        lot_given=lot is not None,
        lot_of_this_procurement=lot is not None and lot.procurement_id == procurement.pk,
    )


def _check_lots_bid_limit(procurement: Procurement, supplier: Organisation, lot: Lot) -> None:
    """The limit on the lots one supplier may tender for (s.20(7)). The caller holds the
    supplier's lock (`_lock_for_tenderer`), so two of its submissions cannot both pass."""
    if procurement.max_lots_bid_per_supplier is None:
        return
    lots = set(
        Tender.objects.filter(
            procurement=procurement, supplier=supplier, status=TenderStatus.SUBMITTED
        ).values_list("lot_id", flat=True)
    )
    rules.check_lots_bid_limit(
        maximum=procurement.max_lots_bid_per_supplier,
        lots_with_tenders=len(lots),
        already_in_this_lot=lot.pk in lots,
        lot_number=lot.number,
    )


def move_tender(tender: Tender, target: str) -> None:
    """Set a tender's status, refused unless its transition table allows the move (a tender is
    superseded by a new version, or withdrawn; nothing else moves it). Not saved: the caller
    saves it with the time of the change."""
    if not can_transition(tender.status, target):
        raise DomainError("invalid_transition", f"Tender {tender.reference} cannot change now.")
    tender.status = target


@transaction.atomic
def submit_tender(
    *,
    actor: User,
    procurement: Procurement,
    supplier: Organisation,
    price,
    answers: dict,
    line_items=(),
    files=(),
    lot: Lot | None = None,
) -> TenderReceipt:
    """Submit a sealed tender, or replace the supplier's live one with a new version (the old
    version is kept, superseded). Refused at or after the tender deadline, and nothing of a
    refused tender is stored. `price` is in £ excluding VAT; `answers` maps each quality
    criterion id to the answer; `files` are UploadedDocuments or uploaded files. For a
    procurement divided into lots the tender is for one `lot` (required; one live tender per
    supplier and lot; at most the notice's number of lots per supplier, s.20(7)). Returns the
    receipt: reference, time, SHA-256 of the canonical content."""
    received_at = clock.now()
    procurement = _lock_for_tenderer(procurement, supplier)
    _require_tenderer(actor, procurement, supplier)
    _check_window(procurement, received_at=received_at)
    _check_lot(procurement, lot)
    if lot is not None:
        _check_lots_bid_limit(procurement, supplier, lot)
    price = rules.check_price(price)
    items = rules.check_line_items(line_items)
    answers = rules.check_answers(selectors.quality_criteria(procurement), answers)
    # Read only now, after the deadline check: a late tender's bytes are never even read.
    documents = [UploadedDocument(rules.clean_file_name(f.name), _bytes_of(f)) for f in files]
    rules.check_files((d.name, len(d.content)) for d in documents)

    now = received_at
    previous = _live_tender_locked(procurement, supplier, lot)
    last_version = Tender.objects.filter(
        procurement=procurement, supplier=supplier, lot=lot
    ).aggregate(last=Max("version"))["last"]
    version = (last_version or 0) + 1
    key = _sealing_key(procurement)
    public_key = bytes(key.public_key)
    reference = _new_reference(procurement)
    facts = tuple(
        rules.FileFacts(d.name, rules.sha256_hex(d.content), len(d.content)) for d in documents
    )
    salt = secrets.token_hex(16)
    content = rules.canonical_content(
        procurement_reference=procurement.reference,
        tender_reference=reference,
        supplier_id=supplier.pk,
        version=version,
        price=price,
        line_items=items,
        answers=answers,
        files=facts,
        salt=salt,
        lot=lot.number if lot is not None else "",
    )
    sealed = sealing.seal(public_key, content, aad=_content_aad(procurement, reference))
    if previous is not None:
        move_tender(previous, TenderStatus.SUPERSEDED)
        previous.superseded_at = now
        previous.save(update_fields=["status", "superseded_at"])
    tender = Tender.objects.create(
        procurement=procurement,
        supplier=supplier,
        lot=lot,
        version=version,
        reference=reference,
        status=TenderStatus.SUBMITTED,
        submitted_by=actor,
        submitted_at=now,
        content_sha256=rules.sha256_hex(content),
        sealing_key=key,
        content_ciphertext=sealed.ciphertext,
        content_wrapped_key=sealed.wrapped_key,
    )
    sealed_files = []
    for position, (document, fact) in enumerate(zip(documents, facts, strict=True), start=1):
        sealed_file = sealing.seal(
            public_key, document.content, aad=_file_aad(procurement, reference, position)
        )
        sealed_files.append(
            TenderFile(
                tender=tender,
                position=position,
                sha256=fact.sha256,
                size=fact.size,
                ciphertext=sealed_file.ciphertext,
                wrapped_key=sealed_file.wrapped_key,
            )
        )
    TenderFile.objects.bulk_create(sealed_files)
    replaces = previous.reference if previous else ""
    audit.record(
        actor=actor,
        event_type=(
            TenderingEvent.TENDER_REPLACED if previous else TenderingEvent.TENDER_SUBMITTED
        ),
        obj=tender,
        organisation_id=supplier.pk,
        after={
            "procurement": procurement.reference,
            **({"lot": lot.number} if lot is not None else {}),
            "reference": reference,
            "version": version,
            "sha256": tender.content_sha256,
            "files": [{"sha256": f.sha256, "size": f.size} for f in facts],
            "replaces": replaces,
        },
    )
    return receipt_of(
        tender,
        files=tuple(
            ReceiptFile(position, f.sha256, f.size, f.name)
            for position, f in enumerate(facts, start=1)
        ),
        salt=salt,
        replaces=replaces,
    )


@transaction.atomic
def withdraw_tender(
    *, actor: User, procurement: Procurement, supplier: Organisation, lot: Lot | None = None
) -> TenderReceipt:
    """Withdraw the supplier's live tender (for `lot`, when the procurement is divided into
    lots) before the deadline. It is kept, sealed, and never opened; the supplier may still
    submit a new one before the deadline."""
    received_at = clock.now()
    procurement = _lock_for_tenderer(procurement, supplier)
    _require_tenderer(actor, procurement, supplier)
    _check_window(procurement, received_at=received_at)
    _check_lot(procurement, lot)
    tender = _live_tender_locked(procurement, supplier, lot)
    rules.check_tender_to_withdraw(
        has_live_tender=tender is not None, lot_number=lot.number if lot is not None else None
    )
    assert tender is not None  # for the type checker: refused just above
    move_tender(tender, TenderStatus.WITHDRAWN)
    tender.withdrawn_at = received_at
    tender.withdrawn_by = actor
    tender.save(update_fields=["status", "withdrawn_at", "withdrawn_by"])
    audit.record(
        actor=actor,
        event_type=TenderingEvent.TENDER_WITHDRAWN,
        obj=tender,
        organisation_id=supplier.pk,
        before={"status": TenderStatus.SUBMITTED},
        after={
            "status": TenderStatus.WITHDRAWN,
            "procurement": procurement.reference,
            **({"lot": lot.number} if lot is not None else {}),
            "reference": tender.reference,
            "sha256": tender.content_sha256,
        },
    )
    return receipt_of(tender)
