"""Reads of the tendering stage. Nothing here decrypts: before the opening only metadata
(references, times, receipt hashes, counts) is readable; after it, the content the opening
service stored (ADR 0003)."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, Prefetch

from procura.accounts.models import Organisation
from procura.core import clock
from procura.core.errors import DomainError, NotFound
from procura.procurements.models import Clarification, Lot, Procurement
from procura.procurements.states import CriterionKind

from . import errors
from .models import (
    OpeningConfirmation,
    Tender,
    TenderFile,
    TenderOpening,
    TenderOpeningPolicy,
    TenderQuestion,
    UnsealedFile,
    UnsealedTender,
)
from .rules import LineItem
from .states import Integrity, TenderStatus

DEFAULT_PANEL_SIZE = 2


class ReceiptFile(NamedTuple):
    position: int
    sha256: str
    size: int
    name: str = ""  # known only on the receipt given at submission: names are sealed


@dataclass(frozen=True)
class TenderReceipt:
    """What a supplier is given for a submission or withdrawal: proof of what was sent, when.
    `salt` is on the receipt given at submission only (it is never stored in the clear)."""

    reference: str
    procurement_reference: str
    version: int
    status: str
    submitted_at: datetime
    content_sha256: str
    files: tuple[ReceiptFile, ...]
    replaces: str = ""
    withdrawn_at: datetime | None = None
    salt: str = ""
    lot: str = ""  # the lot's number, for a procurement divided into lots
    lot_title: str = ""

    @property
    def status_label(self) -> str:
        return TenderStatus(self.status).label

    @property
    def submitted_at_text(self) -> str:
        return clock.format_datetime(self.submitted_at)


def receipt_of(
    tender: Tender, *, files: tuple[ReceiptFile, ...] | None = None, salt: str = "", replaces=""
) -> TenderReceipt:
    if files is None:
        prefetched = "files" in getattr(tender, "_prefetched_objects_cache", {})
        stored = (
            tender.files.all()
            if prefetched
            else TenderFile.objects.filter(tender=tender).defer("ciphertext", "wrapped_key")
        )
        files = tuple(ReceiptFile(f.position, f.sha256, f.size) for f in stored)
    lot = tender.lot if tender.lot_id else None
    return TenderReceipt(
        reference=tender.reference,
        procurement_reference=tender.procurement.reference,
        version=tender.version,
        status=tender.status,
        submitted_at=tender.submitted_at,
        content_sha256=tender.content_sha256,
        files=files,
        replaces=replaces,
        withdrawn_at=tender.withdrawn_at,
        salt=salt,
        lot=lot.number if lot else "",
        lot_title=lot.title if lot else "",
    )


def _metadata_only(queryset):
    """Tenders without their ciphertext columns: reads here never load sealed bytes."""
    return queryset.defer("content_ciphertext", "content_wrapped_key")


def receipts_of(procurement: Procurement, supplier: Organisation) -> list[TenderReceipt]:
    """Every version the supplier sent, newest first."""
    tenders = (
        _metadata_only(Tender.objects.filter(procurement=procurement, supplier=supplier))
        .select_related("procurement", "lot")
        .prefetch_related(
            Prefetch("files", queryset=TenderFile.objects.defer("ciphertext", "wrapped_key"))
        )
        .order_by("-submitted_at", "-pk")
    )
    return [receipt_of(t) for t in tenders]


def live_tender(
    procurement: Procurement, supplier: Organisation, lot: Lot | None = None
) -> Tender | None:
    return (
        _metadata_only(Tender.objects.filter(procurement=procurement, supplier=supplier, lot=lot))
        .filter(status=TenderStatus.SUBMITTED)
        .first()
    )


def lots_of(procurement: Procurement) -> list[Lot]:
    """The procurement's lots, in order (empty when it is not divided into lots, s.18)."""
    return list(procurement.lots.order_by("position", "pk"))


def lot_of(procurement: Procurement, number) -> Lot | None:
    """The lot with this number, when one is named: None when none is; refused when it is not a
    lot of this procurement (unknown_lot), or the procurement has none (not_divided_into_lots)."""
    if number in (None, ""):
        return None
    lot = procurement.lots.filter(number=str(number).strip()).first()
    if lot is not None:
        return lot
    if procurement.lots.exists():
        raise DomainError(errors.UNKNOWN_LOT, "That is not a lot of this procurement.", field="lot")
    raise DomainError(
        errors.NOT_DIVIDED_INTO_LOTS,
        "This procurement is not divided into lots: tender for the whole of it.",
        field="lot",
    )


@dataclass(frozen=True)
class LotTender:
    """A lot as the supplier sees it on its tender page: its live tender's receipt, if any."""

    lot: Lot
    live: TenderReceipt | None


def tenders_by_lot(procurement: Procurement, receipts: list[TenderReceipt]) -> list[LotTender]:
    live = {r.lot: r for r in receipts if r.status == TenderStatus.SUBMITTED}
    return [LotTender(lot=lot, live=live.get(lot.number)) for lot in lots_of(procurement)]


def panel_size_for(authority: Organisation) -> int:
    policy = TenderOpeningPolicy.objects.filter(authority=authority).first()
    return policy.panel_size if policy else DEFAULT_PANEL_SIZE


def quality_criteria(procurement: Procurement) -> dict[int, str]:
    """The quality award criteria each tender must answer: id -> title, in order."""
    return dict(
        procurement.criteria.filter(kind=CriterionKind.QUALITY)
        .order_by("position", "pk")
        .values_list("pk", "title")
    )


def quality_criteria_details(procurement: Procurement) -> list:
    return list(procurement.criteria.filter(kind=CriterionKind.QUALITY).order_by("position", "pk"))


@dataclass(frozen=True)
class Confirmation:
    officer: str
    confirmed_at: datetime


@dataclass(frozen=True)
class SealedReceipt:
    """A live tender as the buyer may see it before the opening: no supplier, no price."""

    reference: str
    submitted_at: datetime
    content_sha256: str
    files: int


@dataclass(frozen=True)
class TenderBox:
    """The buyer's view of the tender box."""

    procurement: Procurement
    count: int
    receipts: list[SealedReceipt]
    panel_size: int
    confirmations: list[Confirmation]
    opening: TenderOpening | None
    opened: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.opening is not None


def tender_box(procurement: Procurement, *, with_content: bool = False) -> TenderBox:
    """Counts and receipt metadata of the live tenders (in the order received, without who sent
    them), the opening panel's confirmations, and, after the opening and if `with_content`
    (the caller checked the reader is the authority's staff), the opened tenders."""
    live = (
        Tender.objects.filter(procurement=procurement, status=TenderStatus.SUBMITTED)
        .order_by("submitted_at", "pk")
        .annotate(file_count=Count("files"))
        .values("reference", "submitted_at", "content_sha256", "file_count")
    )
    receipts = [
        SealedReceipt(t["reference"], t["submitted_at"], t["content_sha256"], t["file_count"])
        for t in live
    ]
    confirmations = [
        Confirmation(officer=str(c.officer), confirmed_at=c.confirmed_at)
        for c in OpeningConfirmation.objects.filter(procurement=procurement).select_related(
            "officer"
        )
    ]
    opening = TenderOpening.objects.filter(procurement=procurement).first()
    return TenderBox(
        procurement=procurement,
        count=len(receipts),
        receipts=receipts,
        panel_size=opening.panel_size if opening else panel_size_for(procurement.authority),
        confirmations=confirmations,
        opening=opening,
        opened=opened_tenders(procurement) if opening and with_content else [],
        problems=opening_problems(procurement) if opening and with_content else [],
    )


def has_confirmed_opening(procurement: Procurement, officer) -> bool:
    return OpeningConfirmation.objects.filter(procurement=procurement, officer=officer).exists()


class OpenedFile(NamedTuple):
    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class OpenedTender:
    """One opened tender, for evaluation: the supplier's live version at the deadline."""

    tender_id: int
    supplier: Organisation
    price: Decimal
    line_items: tuple[LineItem, ...]
    answers: dict[int, str]
    files: list[OpenedFile]
    reference: str = ""
    lot: Lot | None = None  # the lot it is for, when the procurement is divided into lots
    integrity: str = Integrity.VERIFIED  # MISMATCH is flagged to the buyer, never hidden
    problem: str = ""

    @property
    def verified(self) -> bool:
        return self.integrity == Integrity.VERIFIED


def _require_opened(procurement: Procurement) -> None:
    if not TenderOpening.objects.filter(procurement=procurement).exists():
        raise DomainError(
            errors.TENDERS_SEALED,
            "The tenders are sealed until the opening panel opens them after the deadline.",
        )


def opened_tenders(procurement: Procurement) -> list[OpenedTender]:
    """The opened tenders, by supplier name: only each supplier's latest version that was not
    withdrawn. Tenders that could not be decrypted are left out (see `opening_problems`); a
    tender whose content did not match its receipt is included and flagged.
    Raises DomainError("tenders_sealed") before the opening."""
    _require_opened(procurement)
    unsealed = (
        UnsealedTender.objects.filter(tender__procurement=procurement)
        .exclude(integrity=Integrity.UNDECRYPTABLE)
        .select_related("tender__supplier", "tender__lot")
        .prefetch_related(
            Prefetch("files", queryset=UnsealedFile.objects.defer("content").order_by("position"))
        )
        .order_by("tender__supplier__name", "tender_id")
    )
    return [
        OpenedTender(
            tender_id=u.tender_id,
            supplier=u.tender.supplier,
            price=u.price,
            line_items=tuple(
                LineItem(description=i["description"], amount=Decimal(i["amount"]))
                for i in u.line_items
            ),
            answers={int(key): value for key, value in u.answers.items()},
            files=[OpenedFile(f.name, f.sha256, f.size) for f in u.files.all()],
            reference=u.tender.reference,
            integrity=u.integrity,
            problem=u.problem,
            lot=u.tender.lot,
        )
        for u in unsealed
    ]


@dataclass(frozen=True)
class OpeningProblem:
    tender_id: int
    reference: str
    supplier: Organisation
    integrity: str
    problem: str


def opening_problems(procurement: Procurement) -> list[OpeningProblem]:
    """Every opened tender that did not match its receipt or could not be decrypted."""
    _require_opened(procurement)
    return [
        OpeningProblem(u.tender_id, u.tender.reference, u.tender.supplier, u.integrity, u.problem)
        for u in UnsealedTender.objects.filter(tender__procurement=procurement)
        .exclude(integrity=Integrity.VERIFIED)
        .select_related("tender__supplier")
        .order_by("tender__supplier__name")
    ]


def questions_for_buyer(procurement: Procurement) -> list[TenderQuestion]:
    """Tender-stage questions with who asked, open ones first."""
    return list(
        TenderQuestion.objects.filter(procurement=procurement)
        .select_related("supplier", "asked_by", "clarification")
        .order_by("-status", "asked_at", "pk")
    )


def questions_of(procurement: Procurement, supplier: Organisation) -> list[TenderQuestion]:
    return list(
        TenderQuestion.objects.filter(procurement=procurement, supplier=supplier).select_related(
            "clarification"
        )
    )


def published_clarifications(procurement: Procurement) -> list[Clarification]:
    """What every supplier sees: the clarifications, never who asked."""
    return list(procurement.clarifications.order_by("published_at", "pk"))


def opened_file(procurement: Procurement, tender_id: int, position: int) -> UnsealedFile:
    """One file of an opened tender (the caller has checked who may read it)."""
    _require_opened(procurement)
    try:
        return UnsealedFile.objects.get(
            unsealed_tender__tender_id=tender_id,
            unsealed_tender__tender__procurement=procurement,
            position=position,
        )
    except UnsealedFile.DoesNotExist as error:
        raise NotFound() from error
