"""Reads of procurements, each with a bounded number of queries."""

import base64
import binascii
import json
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet

from procura.accounts.models import Organisation
from procura.accounts.rules import BUYER_SIDE_ROLES
from procura.accounts.selectors import is_platform_admin, organisation_ids_where
from procura.accounts.states import OrganisationKind, Role
from procura.core.errors import DomainError

from .models import Clarification, Procurement
from .states import PUBLISHED, Status


def public_procurements() -> QuerySet[Procurement]:
    """Procurements whose tender notice is public: anyone may see the notice."""
    return Procurement.objects.filter(status__in=PUBLISHED).select_related("authority")


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
