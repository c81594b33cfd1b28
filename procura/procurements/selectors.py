"""Reads of procurements, each with a bounded number of queries."""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from procura.accounts.models import Organisation
from procura.accounts.rules import BUYER_SIDE_ROLES
from procura.accounts.selectors import is_platform_admin, members_of, organisation_ids_where
from procura.accounts.states import OrganisationKind, Role
from procura.audit.models import AuditEvent
from procura.core import clock
from procura.core.errors import DomainError
from procura.core.formatting import format_money
from procura.notices.states import NoticeType, Publication
from procura.participation.states import ParticipantStatus

from . import rules
from .events import ProcurementEvent
from .models import Clarification, Lot, Procurement
from .states import PUBLISHED, CriterionKind, Status


def public_procurements() -> QuerySet[Procurement]:
    """Procurements whose tender notice is public: published, and on Find a Tender, where it
    must be before it is anywhere else (Procurement Regulations 2024 reg 5(11))."""
    return (
        Procurement.objects.filter(status__in=PUBLISHED)
        .filter(
            notices__notice_type=NoticeType.UK4,
            notices__publication__status=Publication.PUBLISHED,
        )
        .distinct()
        .select_related("authority")
    )


def buyer_procurements(user) -> QuerySet[Procurement]:
    """Procurements of the authorities in which the user holds a buyer-side role."""
    if is_platform_admin(user):
        return Procurement.objects.select_related("authority")
    return Procurement.objects.filter(
        authority_id__in=organisation_ids_where(user, *BUYER_SIDE_ROLES)
    ).select_related("authority")


def with_details(queryset: QuerySet[Procurement]) -> QuerySet[Procurement]:
    """Everything a procurement page or API answer shows, in a fixed number of queries."""
    return queryset.select_related(
        "authority", "created_by", "conflicts_assessment__prepared_by"
    ).prefetch_related(
        "criteria",
        "lots",
        "participants",
        "call_off_authorities",
        Prefetch("clarifications", queryset=Clarification.objects.order_by("published_at", "pk")),
    )


def procurement_detail(procurement: Procurement) -> Procurement:
    """`procurement` (already reached through permissions) re-read with its details."""
    return with_details(Procurement.objects.filter(pk=procurement.pk)).get()


def buying_authorities(user) -> QuerySet[Organisation]:
    """The authorities in which the user may create procurements."""
    return Organisation.objects.filter(pk__in=organisation_ids_where(user, Role.BUYER))


def is_buyer_anywhere(user) -> bool:
    return bool(organisation_ids_where(user, Role.BUYER))


# Organisations a procurement may name. accounts.selectors has no query by kind, so this app
# reads the Organisation table directly here, in one place.
CALL_OFF_KINDS = (OrganisationKind.CONTRACTING_AUTHORITY, OrganisationKind.PARTICIPANT)
PARTICIPANT_KINDS = (OrganisationKind.PARTICIPANT, OrganisationKind.CONTRACTING_AUTHORITY)


def organisations_of_kinds(kinds) -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind__in=kinds).order_by("name")


def organisations_by_ids(ids, *, kinds, field: str) -> list[Organisation]:
    """The organisations with these ids, refusing any that does not exist or is of another kind
    (a supplier cannot be a participant or call off from a framework)."""
    wanted = list(dict.fromkeys(int(i) for i in ids))
    found = list(Organisation.objects.filter(pk__in=wanted, kind__in=kinds))
    missing = sorted(set(wanted) - {o.pk for o in found})
    if missing:
        raise DomainError(
            "invalid_input",
            f"No public body has the id {', '.join(map(str, missing))}.",
            field=field,
        )
    return found


# --- The public register of opportunities --------------------------------------------------------

PUBLIC_STATUS_FILTERS = [s for s in Status if s in PUBLISHED]


def search_public(*, text: str = "", status: str = "") -> QuerySet[Procurement]:
    """Published procurements matching `text` (reference, title, description or authority) and
    `status`, newest first. Drafts never appear."""
    queryset = public_procurements()
    text = (text or "").strip()
    if text:
        queryset = queryset.filter(
            Q(reference__icontains=text)
            | Q(title__icontains=text)
            | Q(description__icontains=text)
            | Q(authority__name__icontains=text)
        )
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-published_at", "-pk")


def encode_cursor(procurement: Procurement) -> str:
    raw = json.dumps([procurement.published_at.isoformat(), procurement.pk])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        published, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        moment = datetime.fromisoformat(published)
        if moment.tzinfo is None:
            raise ValueError("naive")
        return moment, int(pk)
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError) as error:
        raise DomainError(
            "invalid_input", "The cursor is not one this service gave.", field="cursor"
        ) from error


def public_page(
    *, text: str = "", status: str = "", cursor: str | None = None, limit: int = 20
) -> tuple[list[Procurement], str | None, int]:
    """One page of the public register, newest first, by keyset: (items, next cursor, total).

    A cursor stays right while new notices are published: it names the last item seen, so the
    next page starts after it whatever was added before it.
    """
    queryset = search_public(text=text, status=status)
    total = queryset.count()
    if cursor:
        published, pk = decode_cursor(cursor)
        queryset = queryset.filter(
            Q(published_at__lt=published) | Q(published_at=published, pk__lt=pk)
        )
    items = list(queryset[: limit + 1])
    next_cursor = encode_cursor(items[limit - 1]) if len(items) > limit else None
    return items[:limit], next_cursor, total


# --- Modifications (s.31) -------------------------------------------------------------------------

_MONEY_FIELDS = frozenset(
    {
        "estimated_value_excl_vat",
        "estimated_value_incl_vat",
        "value_range_min_incl_vat",
        "value_range_max_incl_vat",
    }
)
_MONTH_FIELDS = frozenset({"framework_term_months", "contract_term_months"})
_DATETIME_FIELDS = frozenset({"participation_deadline", "tender_deadline"})


def _months(number) -> str:
    return f"{number} month" if int(number) == 1 else f"{number} months"


def _moment(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def display_value(name: str, value) -> str:
    """A modified field's value as people read it, from the stored value or its JSON form in the
    audit trail (money and times as strings): '£252,000,000', '24 months', 'midday on Friday 27
    February 2026'. Empty is ''."""
    if name in rules.LOT_LIMIT_FIELDS and value is None:
        return "No limit"
    if name == "lots":
        return "; ".join(f"Lot {lot['number']}: {lot_text(lot)}" for lot in value or ()) or (
            "Not divided into lots"
        )
    if value in (None, "", []):
        return "None" if name == "extension_options_months" else ""
    if name in _MONEY_FIELDS:
        return format_money(Decimal(str(value)))
    if name in _MONTH_FIELDS:
        return _months(value)
    if name in _DATETIME_FIELDS:
        return clock.format_datetime(_moment(value))
    if name == "extension_options_months":
        return ", ".join(_months(m) for m in value)
    if name == "cpv_codes":
        return ", ".join(value)
    if name == "is_framework":
        return "A framework agreement" if value else "A single contract"
    if name == "criteria":
        return "; ".join(
            f"{c['title']} ({CriterionKind(c['kind']).label.lower()}) "
            f"{Decimal(str(c['weight'])).normalize():f}%"
            for c in value
        )
    return str(value)


def lot_text(lot: dict) -> str:
    """A lot (a dict of its fields, stored or as the audit trail holds it) as people read it:
    'Hardware (£140,000,000 excluding VAT, £168,000,000 including VAT, CPV codes 30200000, up to
    3 suppliers)'."""
    parts = [
        f"{display_value('estimated_value_excl_vat', lot.get('estimated_value_excl_vat'))} "
        "excluding VAT",
        f"{display_value('estimated_value_incl_vat', lot.get('estimated_value_incl_vat'))} "
        "including VAT",
    ]
    if lot.get("cpv_codes"):
        parts.append(f"CPV codes {', '.join(lot['cpv_codes'])}")
    if lot.get("max_framework_suppliers"):
        parts.append(f"up to {lot['max_framework_suppliers']} suppliers")
    return f"{lot.get('title', '')} ({', '.join(parts)})"


def lot_field_text(name: str, value) -> str:
    """One field of a lot as people read it; an empty one says what applies instead."""
    if name == "max_framework_suppliers" and value is None:
        return "The framework's maximum"
    if name == "cpv_codes" and not value:
        return "The procurement's CPV codes"
    return display_value(name, value)


def lot_numbers_with_tenders(procurement: Procurement) -> set[str]:
    """The numbers of the procurement's lots that any tender (live, replaced or withdrawn) was
    submitted for, in one query."""
    return set(
        Lot.objects.filter(procurement=procurement, tenders__isnull=False)
        .values_list("number", flat=True)
        .distinct()
    )


def most_live_lot_tenders_per_supplier(procurement: Procurement) -> int:
    """The most lots any one supplier has a live (submitted, not replaced or withdrawn) tender
    for: a limit on lots bid for cannot go below it."""
    from django.db.models import Count

    from procura.tendering.states import TenderStatus

    counts = (
        procurement.tenders.filter(status=TenderStatus.SUBMITTED, lot__isnull=False)
        .values("supplier")
        .annotate(lots=Count("lot", distinct=True))
        .values_list("lots", flat=True)
    )
    return max(counts, default=0)


def has_tenders_for_the_whole(procurement: Procurement) -> bool:
    """Whether any tender was submitted for the procurement as a whole (for no lot)."""
    return procurement.tenders.filter(lot__isnull=True).exists()


def change_label(name: str) -> str:
    return rules.MODIFIABLE_FIELDS.get(name) or rules.DEADLINE_LABELS.get(name, name)


@dataclass(frozen=True)
class Change:
    """One field a modification changed: raw values as recorded, and as people read them."""

    field: str
    label: str
    before: object
    after: object
    before_text: str
    after_text: str


@dataclass(frozen=True)
class Modification:
    """One modification of a published procurement (s.31), as its audit event recorded it."""

    number: int
    notice_id: str
    modified_at: datetime
    modified_by: str
    reason: str
    substantial: bool
    time_limits_reconsidered: str
    changes: list[Change]


_FIELD_ORDER = [*rules.MODIFIABLE_FIELDS, *rules.DEADLINE_LABELS]


def _in_field_order(item: tuple[str, object]) -> int:
    name = item[0]
    return _FIELD_ORDER.index(name) if name in _FIELD_ORDER else len(_FIELD_ORDER)


def modifications_of(procurement: Procurement) -> list[Modification]:
    """Every modification of the procurement, oldest first, in one query. Read from the audit
    trail: each modification is one `procurement.modified` event, with the changed fields'
    values before and after, the reason and the revised tender notice's id."""
    events = AuditEvent.objects.filter(
        object_type=Procurement._meta.label_lower,
        object_id=str(procurement.pk),
        event_type=ProcurementEvent.MODIFIED,
    ).order_by("sequence")
    return [
        Modification(
            number=number,
            notice_id=event.after.get("notice_id", ""),
            modified_at=event.occurred_at,
            modified_by=event.actor_name,
            reason=event.reason,
            substantial=bool(event.after.get("substantial")),
            time_limits_reconsidered=event.after.get("time_limits_reconsidered", ""),
            changes=[
                Change(
                    field=name,
                    label=change_label(name),
                    before=before,
                    after=event.after.get(name),
                    before_text=display_value(name, before),
                    after_text=display_value(name, event.after.get(name)),
                )
                for name, before in sorted(event.before.items(), key=_in_field_order)
            ],
        )
        for number, event in enumerate(events, start=1)
    ]


@dataclass(frozen=True)
class Revision:
    """One revision of the public tender notice, as the latest tender notice lists it."""

    notice_id: str
    revised_at: datetime
    rationale: str
    description: str


def notice_revisions(notices) -> list[Revision]:
    """The revisions of the tender notice, oldest first: the `tender.amendments` of the latest
    tender notice (UK4) among `notices` (each revised notice carries every amendment so far)."""
    tender_notices = [n for n in notices if n.notice_type == NoticeType.UK4]
    if not tender_notices:
        return []
    amendments = tender_notices[-1].release.get("tender", {}).get("amendments", [])
    return [
        Revision(
            notice_id=a.get("id", ""),
            revised_at=datetime.fromisoformat(a["date"]),
            rationale=a.get("rationale", ""),
            description=a.get("description", ""),
        )
        for a in amendments
    ]


# Suppliers told of a modification: every one that registered interest and is still in the running.
TOLD_OF_MODIFICATIONS = (
    ParticipantStatus.INTERESTED,
    ParticipantStatus.ADMITTED,
    ParticipantStatus.SUBMITTED,
    ParticipantStatus.INVITED,
)


def suppliers_to_tell(procurement: Procurement) -> list[tuple[Organisation, list[str]]]:
    """Each supplier taking part (or that registered interest), with where to tell it: its bid
    managers' addresses, else the organisation's own. By name."""
    suppliers = Organisation.objects.filter(
        participations__procurement=procurement,
        participations__status__in=TOLD_OF_MODIFICATIONS,
    ).order_by("name")
    label = Role.SUPPLIER_BID_MANAGER.label
    told = []
    for supplier in suppliers:
        emails = [
            person["user"].email
            for person in members_of(supplier)
            if label in person["roles"] and person["user"].email and person["user"].is_active
        ]
        told.append((supplier, emails or ([supplier.email] if supplier.email else [])))
    return told
