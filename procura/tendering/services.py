"""Every write of the tendering stage: submit, replace and withdraw a sealed tender; the
opening panel and the one opening; tender-stage clarification questions; the opening policy.

Each function is keyword-only with an explicit actor, runs in one transaction, checks every
rule before writing anything, and records one audit event per change. Locks are taken in a
fixed order: the procurement row first, then the tenders or question.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max

from procura.accounts.models import Organisation, User
from procura.accounts.selectors import has_role
from procura.accounts.states import Role
from procura.audit import services as audit
from procura.core import clock, locks
from procura.core.errors import DomainError, NotFound
from procura.procurements import services as procurement_services
from procura.procurements.models import Clarification, Lot, Procurement
from procura.procurements.states import Status

from . import errors, rules, sealing, selectors
from .events import TenderingEvent
from .models import (
    OpeningConfirmation,
    SealingKey,
    Tender,
    TenderFile,
    TenderOpening,
    TenderOpeningPolicy,
    TenderQuestion,
    UnsealedFile,
    UnsealedTender,
)
from .permissions import may_submit_tender
from .selectors import ReceiptFile, TenderReceipt, receipt_of
from .states import Integrity, QuestionStatus, TenderStatus, can_transition

OPENING_PANEL_ROLES = (Role.BUYER, Role.APPROVER)


@dataclass(frozen=True)
class UploadedDocument:
    """A file as the supplier uploaded it: its name and its bytes."""

    name: str
    content: bytes


# --- Keys -------------------------------------------------------------------------------------


def _keks() -> list[bytes]:
    return sealing.keks_from_setting(getattr(settings, "PROCURA_TENDER_KEK", None))


def _key_context(procurement: Procurement) -> bytes:
    return f"procurement/{procurement.pk}/{procurement.ocid}".encode()


def _content_aad(procurement: Procurement, reference: str) -> bytes:
    return f"procura/tender/{procurement.pk}/{reference}/content".encode()


def _file_aad(procurement: Procurement, reference: str, position: int) -> bytes:
    return f"procura/tender/{procurement.pk}/{reference}/file/{position}".encode()


def _sealing_key(procurement: Procurement) -> SealingKey:
    """The procurement's sealing key, made on the first submission (the caller holds the
    procurement lock, so two first submissions cannot both make one)."""
    key = SealingKey.objects.filter(procurement=procurement).first()
    if key is not None:
        return key
    kek = _keks()[0]
    public_key, encrypted_private_key = sealing.new_key_pair(kek, context=_key_context(procurement))
    key = SealingKey.objects.create(
        procurement=procurement,
        scheme=sealing.SCHEME,
        public_key=public_key,
        encrypted_private_key=encrypted_private_key,
        kek_id=sealing.kek_id(kek),
        created_at=clock.now(),
    )
    # The system made it, as part of a submission: naming the submitter would tell the
    # timeline's readers who tendered first.
    audit.record(
        actor=None,
        event_type=TenderingEvent.SEALING_KEY_CREATED,
        obj=key,
        organisation_id=procurement.authority_id,
        after={"procurement": procurement.reference, "scheme": key.scheme, "kek_id": key.kek_id},
    )
    return key


def _private_key_for_opening(procurement: Procurement) -> bytes | None:
    """Unwrap the procurement's private key. Called only by `confirm_opening`, when the panel's
    quorum is reached after the deadline: nothing else in Procura unwraps it."""
    key = SealingKey.objects.filter(procurement=procurement).first()
    if key is None:
        return None  # nobody ever tendered
    for kek in _keks():
        if sealing.kek_id(kek) == key.kek_id:
            try:
                return sealing.decrypt_private_key(
                    kek, bytes(key.encrypted_private_key), context=_key_context(procurement)
                )
            except sealing.SealBroken:
                break
    raise DomainError(
        errors.SEALING_KEY_UNAVAILABLE,
        "The tenders cannot be opened: the key that seals them cannot be unlocked with the "
        "configured key-encryption key. Nothing was opened. Contact the service team.",
    )


# --- Submitting, replacing and withdrawing ----------------------------------------------------


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
    """The limit on the lots one supplier may tender for (s.18(3)). The caller holds the
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
    supplier and lot; at most the notice's number of lots per supplier, s.18(3)). Returns the
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


# --- The opening panel and the opening --------------------------------------------------------


@dataclass(frozen=True)
class OpeningOutcome:
    confirmations: int
    panel_size: int
    opened: bool
    tenders_opened: int = 0
    problems: int = 0


def _panel_members(procurement: Procurement) -> list:
    """Officers who confirmed and still hold a panel role in the authority."""
    return [
        confirmation.officer
        for confirmation in OpeningConfirmation.objects.filter(
            procurement=procurement
        ).select_related("officer")
        if any(
            has_role(confirmation.officer, role, procurement.authority)
            for role in OPENING_PANEL_ROLES
        )
    ]


@transaction.atomic
def confirm_opening(*, actor: User, procurement: Procurement) -> OpeningOutcome:
    """One officer of the opening panel (a buyer or approver of the authority) confirms that
    the tenders may be opened. When the authority's panel size of DISTINCT officers have
    confirmed, the tenders are opened, once, here and nowhere else."""
    procurement = procurement_services.lock_procurement(procurement)
    if not any(has_role(actor, role, procurement.authority) for role in OPENING_PANEL_ROLES):
        raise DomainError(
            "forbidden_action",
            "Only a buyer or an approver of the authority can be on the opening panel.",
        )
    now = clock.now()
    if (
        procurement.status == Status.TENDERING_OPEN
        and procurement.tender_deadline
        and procurement.tender_deadline <= now
    ):
        # The scheduled job has not run yet: run the same idempotent service it runs.
        procurement_services.close_tendering(procurement=procurement)
        procurement = procurement_services.lock_procurement(procurement)
    rules.check_opening_confirmation(
        now=now,
        deadline=procurement.tender_deadline,
        status=procurement.status,
        opened=TenderOpening.objects.filter(procurement=procurement).exists(),
        already_confirmed=OpeningConfirmation.objects.filter(
            procurement=procurement, officer=actor
        ).exists(),
    )
    panel_size = selectors.panel_size_for(procurement.authority)
    confirmed = len(_panel_members(procurement)) + 1
    reaching_quorum = rules.quorum_reached(confirmed_officers=confirmed, panel_size=panel_size)
    # Unwrap before writing anything: if the key cannot be unlocked, nothing changes.
    private_key = _private_key_for_opening(procurement) if reaching_quorum else None

    OpeningConfirmation.objects.create(procurement=procurement, officer=actor, confirmed_at=now)
    audit.record(
        actor=actor,
        event_type=TenderingEvent.OPENING_CONFIRMED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        after={"confirmations": confirmed, "panel_size": panel_size},
    )
    if not reaching_quorum:
        return OpeningOutcome(confirmations=confirmed, panel_size=panel_size, opened=False)
    opening = _open_tenders(procurement=procurement, private_key=private_key, panel_size=panel_size)
    return OpeningOutcome(
        confirmations=confirmed,
        panel_size=panel_size,
        opened=True,
        tenders_opened=opening.tenders_opened,
        problems=opening.problems,
    )


def _open_tenders(*, procurement: Procurement, private_key: bytes | None, panel_size: int):
    """Decrypt every live tender, check it against its receipt, store it for evaluation, and
    move the procurement to evaluation. Only `confirm_opening` calls this."""
    now = clock.now()
    opening = TenderOpening.objects.create(
        procurement=procurement,
        opened_at=now,
        panel_size=panel_size,
        tenders_opened=0,
        problems=0,
    )
    SealingKey.objects.filter(procurement=procurement).update(released_at=now)
    results = []
    live = (
        Tender.objects.filter(procurement=procurement, status=TenderStatus.SUBMITTED)
        .select_related("supplier", "procurement", "lot")
        .order_by("supplier__name", "pk")
    )
    for tender in live:
        # A live tender was sealed under the procurement's key, so the key exists and was
        # unwrapped: `_private_key_for_opening` gives None only when nobody ever tendered.
        assert private_key is not None
        unsealed = _unseal(tender, private_key=private_key, opening=opening)
        results.append({"reference": tender.reference, "integrity": unsealed.integrity})
    opening.tenders_opened = len(results)
    opening.problems = sum(1 for r in results if r["integrity"] != Integrity.VERIFIED)
    opening.save(update_fields=["tenders_opened", "problems"])
    procurement_services.transition(
        procurement,
        Status.EVALUATION,
        actor=None,
        event_type=TenderingEvent.TENDERS_OPENED,
        after={
            "tenders_opened": opening.tenders_opened,
            "problems": opening.problems,
            "panel": [str(officer) for officer in _panel_members(procurement)],
            "tenders": results,
        },
    )
    return opening


def _unseal(tender: Tender, *, private_key: bytes, opening: TenderOpening) -> UnsealedTender:
    """Decrypt one tender and verify it against its receipt. A mismatch is recorded on the
    opened tender and flagged, never silently ignored."""
    procurement = tender.procurement
    try:
        content = sealing.unseal(
            private_key,
            sealing.Sealed(bytes(tender.content_ciphertext), bytes(tender.content_wrapped_key)),
            aad=_content_aad(procurement, tender.reference),
        )
        parsed = rules.parse_content(content)
    except (sealing.SealBroken, ValueError, KeyError, TypeError):
        return UnsealedTender.objects.create(
            tender=tender,
            opening=opening,
            integrity=Integrity.UNDECRYPTABLE,
            problem="The tender could not be decrypted: its sealed content does not "
            "authenticate, so it was damaged or altered after submission.",
        )
    problems = []
    lot_number = tender.lot.number if tender.lot is not None else ""
    if parsed.lot != lot_number:
        problems.append(
            f"The sealed content is for lot {parsed.lot or '(none)'} but the tender was "
            f"received for lot {lot_number or '(none)'}."
        )
    actual = rules.sha256_hex(content)
    if actual != tender.content_sha256:
        problems.append(
            f"The content's SHA-256 is {actual} but the receipt says {tender.content_sha256}."
        )
    stored_files = list(tender.files.order_by("position"))
    if len(stored_files) != len(parsed.files):
        problems.append(
            f"The receipt lists {len(parsed.files)} files but {len(stored_files)} are stored."
        )
    unsealed = UnsealedTender.objects.create(
        tender=tender,
        opening=opening,
        price=parsed.price,
        line_items=[
            {"description": item.description, "amount": f"{item.amount:f}"}
            for item in parsed.line_items
        ],
        answers={str(key): value for key, value in parsed.answers.items()},
        integrity=Integrity.VERIFIED,
    )
    for stored, fact in zip(stored_files, parsed.files, strict=False):
        try:
            data = sealing.unseal(
                private_key,
                sealing.Sealed(bytes(stored.ciphertext), bytes(stored.wrapped_key)),
                aad=_file_aad(procurement, tender.reference, stored.position),
            )
        except sealing.SealBroken:
            data, integrity = b"", Integrity.UNDECRYPTABLE
            problems.append(f"The file {fact.name} could not be decrypted.")
        else:
            integrity = Integrity.VERIFIED
            if rules.sha256_hex(data) != fact.sha256 or stored.sha256 != fact.sha256:
                integrity = Integrity.MISMATCH
                problems.append(f"The file {fact.name} does not match the receipt's SHA-256.")
        UnsealedFile.objects.create(
            unsealed_tender=unsealed,
            position=stored.position,
            name=fact.name,
            sha256=fact.sha256,
            size=fact.size,
            content=data,
            integrity=integrity,
        )
    if problems:
        unsealed.integrity = Integrity.MISMATCH
        unsealed.problem = " ".join(problems)
        unsealed.save(update_fields=["integrity", "problem"])
    return unsealed


@transaction.atomic
def set_opening_policy(*, actor: User, authority: Organisation, panel_size) -> TenderOpeningPolicy:
    """Set how many distinct officers of the authority must confirm before tenders are opened."""
    if not has_role(actor, Role.BUYER, authority):
        raise DomainError("forbidden_action", "Only a buyer of the authority can do this.")
    size = rules.check_panel_size(panel_size)
    policy = TenderOpeningPolicy.objects.select_for_update().filter(authority=authority).first()
    before = {"panel_size": policy.panel_size if policy else selectors.DEFAULT_PANEL_SIZE}
    if policy is None:
        policy = TenderOpeningPolicy(authority=authority)
    policy.panel_size = size
    policy.updated_at = clock.now()
    policy.updated_by = actor
    policy.save()
    audit.record(
        actor=actor,
        event_type=TenderingEvent.OPENING_POLICY_SET,
        obj=policy,
        organisation_id=authority.pk,
        before=before,
        after={"panel_size": size},
    )
    return policy


# --- Tender-stage clarification questions -----------------------------------------------------


@transaction.atomic
def ask_question(
    *, actor: User, procurement: Procurement, supplier: Organisation, question: str
) -> TenderQuestion:
    """An invited supplier asks the buyer a question before the tender deadline. Only the
    buyer sees who asked."""
    procurement = procurement_services.lock_procurement(procurement)
    _require_tenderer(actor, procurement, supplier)
    rules.check_tender_window(
        now=clock.now(),
        deadline=procurement.tender_deadline,
        tendering_open=procurement.status == Status.TENDERING_OPEN,
    )
    text = rules.check_question_text(question)
    asked = TenderQuestion.objects.create(
        procurement=procurement,
        supplier=supplier,
        asked_by=actor,
        asked_at=clock.now(),
        question=text,
    )
    audit.record(
        actor=actor,
        event_type=TenderingEvent.QUESTION_ASKED,
        obj=asked,
        organisation_id=supplier.pk,
        after={"procurement": procurement.reference, "question": text},
    )
    return asked


@transaction.atomic
def answer_question(
    *, actor: User, question: TenderQuestion, answer: str, published_question: str | None = None
) -> Clarification:
    """Answer a question by publishing a clarification to every supplier at once, without
    saying who asked. `published_question` is the question as published (edited to anonymise
    it if need be); it may not name the supplier or the person who asked."""
    procurement = procurement_services.lock_procurement(question.procurement)
    question = TenderQuestion.objects.select_for_update().get(pk=question.pk)
    if not has_role(actor, Role.BUYER, procurement.authority):
        raise DomainError("forbidden_action", "Only a buyer of the authority can do this.")
    rules.check_question_open(question.status)
    if not (answer or "").strip():
        raise DomainError("invalid_input", "Enter the answer.", field="answer")
    text = rules.check_question_text(
        question.question if published_question is None else published_question,
        field="published_question",
        empty_message="Enter the question as it will be published.",
    )
    rules.check_anonymous(text, names=[question.supplier.name, question.asked_by.get_full_name()])
    clarification = procurement_services.publish_clarification(
        actor=actor, procurement=procurement, question=text, answer=answer
    )
    question.status = QuestionStatus.ANSWERED
    question.answered_by = actor
    question.answered_at = clock.now()
    question.clarification = clarification
    question.save(update_fields=["status", "answered_by", "answered_at", "clarification"])
    audit.record(
        actor=actor,
        event_type=TenderingEvent.QUESTION_ANSWERED,
        obj=question,
        organisation_id=procurement.authority_id,
        before={"status": QuestionStatus.OPEN},
        after={"status": QuestionStatus.ANSWERED, "clarification_id": clarification.pk},
    )
    return clarification


# --- Downloads on the record ------------------------------------------------------------------


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
