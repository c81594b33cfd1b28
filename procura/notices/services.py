"""Publishing notices: the only writer of Notice and NoticePublication rows.

A notice is prepared in Procura, sent to Find a Tender and published there (Procurement
Regulations 2024 reg 5); it is public, and dates count from it, only once it is published there.
"""

import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction

from procura.accounts.selectors import has_role, roles_of
from procura.accounts.states import Role
from procura.audit import services as audit
from procura.core import clock
from procura.core.errors import DomainError, NotFound, RuleViolation
from procura.core.locks import lock

from . import rules
from .events import NoticeEvent
from .models import Notice, NoticePublication
from .states import Publication

if TYPE_CHECKING:
    from procura.accounts.models import User


def _next_notice_id(year: int) -> str:
    count = Notice.objects.filter(notice_id__endswith=f"-{year}").count()
    return f"{count + 1:06d}-{year}"


@transaction.atomic
def publish_notice(*, procurement, notice_type: str, build, actor: "User | None") -> Notice:
    """Publish one notice: `build(notice_id=..., published=...)` returns the OCDS release.

    The notice id, publication time and release are fixed here, once, and never change.
    """
    published = clock.now()
    for _attempt in range(3):
        notice_id = _next_notice_id(clock.local(published).year)
        release = build(notice_id=notice_id, published=published)
        body = json.dumps(release, sort_keys=True, separators=(",", ":"))
        try:
            with transaction.atomic():
                notice = Notice.objects.create(
                    procurement=procurement,
                    notice_type=notice_type,
                    notice_id=notice_id,
                    published_at=published,
                    published_by=actor if getattr(actor, "is_authenticated", False) else None,
                    release=release,
                    sha256=hashlib.sha256(body.encode()).hexdigest(),
                )
            break
        except IntegrityError:  # another notice took the number first
            continue
    else:
        raise RuntimeError("Could not allocate a notice number")
    audit.record(
        actor=actor,
        event_type=NoticeEvent.PUBLISHED,
        obj=notice,
        organisation_id=procurement.authority_id,
        after={"notice_type": notice_type, "notice_id": notice_id, "sha256": notice.sha256},
    )
    NoticePublication.objects.create(notice=notice)
    if settings.PROCURA_PUBLISH_AT_ONCE:
        # The demo and development only: as if Find a Tender had published it at once, with
        # Procura's own identifier and time.
        _confirm(notice, actor=actor, fts_notice_id=notice.notice_id, published_at=published)
    return notice


# What other apps do when a notice of a type is published on Find a Tender (the award notice
# starts the standstill): registered by their AppConfig.ready, called in the same transaction.
_ON_PUBLISHED: dict[str, list[Callable[[Notice, "User | None"], None]]] = {}


def when_published(notice_type: str, handler: Callable[[Notice, "User | None"], None]) -> None:
    """Call `handler(notice, actor)` whenever a notice of `notice_type` is published there."""
    handlers = _ON_PUBLISHED.setdefault(notice_type, [])
    if handler not in handlers:
        handlers.append(handler)


def _require_buyer(actor: "User", notice: Notice) -> None:
    """Only a buyer of the authority records a notice's publication; to someone outside the
    authority the notice's record does not exist."""
    authority = notice.procurement.authority
    if not has_role(actor, Role.BUYER, authority):
        if roles_of(actor, authority):
            raise DomainError("forbidden_action", "Only a buyer of the authority can do this.")
        raise NotFound()


def _locked_publication(notice: Notice) -> NoticePublication:
    return lock(notice.publication)


@transaction.atomic
def mark_sent(*, actor: "User", notice: Notice) -> NoticePublication:
    """Record that the notice was sent to Find a Tender (it is not public yet)."""
    _require_buyer(actor, notice)
    publication = _locked_publication(notice)
    rules.check_publication_move(publication.status, Publication.SENT)
    publication.status = Publication.SENT
    publication.sent_at = clock.now()
    publication.save(update_fields=["status", "sent_at"])
    notice.publication.refresh_from_db()
    audit.record(
        actor=actor,
        event_type=NoticeEvent.SENT,
        obj=notice,
        organisation_id=notice.procurement.authority_id,
        before={"status": Publication.PREPARED},
        after={"status": Publication.SENT, "notice_id": notice.notice_id},
    )
    return publication


@transaction.atomic
def confirm_published(
    *, actor: "User", notice: Notice, fts_notice_id: str, published_on: datetime
) -> NoticePublication:
    """Record, by hand, that Find a Tender published the notice: its identifier there and the
    date and time it was published (Procurement Regulations 2024 reg 5(4)). From then on the
    notice is public in Procura and the dates that count from it count from `published_on`."""
    _require_buyer(actor, notice)
    if published_on.tzinfo is None:  # a time without an offset is UK time
        published_on = published_on.replace(tzinfo=clock.LONDON)
    publication = _locked_publication(notice)
    rules.check_publication_move(publication.status, Publication.PUBLISHED)
    rules.check_fts_notice_id(fts_notice_id)
    rules.check_fts_published_at(
        clock.local(published_on),
        prepared_at=clock.local(notice.published_at),
        now=clock.local(clock.now()),
    )
    fts_notice_id = fts_notice_id.strip()
    if (
        NoticePublication.objects.filter(fts_notice_id=fts_notice_id)
        .exclude(pk=publication.pk)
        .exists()
    ):
        raise RuleViolation(
            "fts_notice_id_taken",
            f"Another notice is already recorded as Find a Tender notice {fts_notice_id}: check "
            "the identifier.",
            section=f"{rules.REGS} reg 5(4)",
            field="fts_notice_id",
        )
    return _confirm(notice, actor=actor, fts_notice_id=fts_notice_id, published_at=published_on)


def _confirm(
    notice: Notice, *, actor: "User | None", fts_notice_id: str, published_at: datetime
) -> NoticePublication:
    publication = _locked_publication(notice)
    before = publication.status
    publication.status = Publication.PUBLISHED
    publication.fts_notice_id = fts_notice_id
    publication.fts_published_at = published_at
    publication.confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
    publication.save(update_fields=["status", "fts_notice_id", "fts_published_at", "confirmed_by"])
    audit.record(
        actor=actor,
        event_type=NoticeEvent.PUBLISHED_ON_FIND_A_TENDER,
        obj=notice,
        organisation_id=notice.procurement.authority_id,
        before={"status": before},
        after={
            "status": Publication.PUBLISHED,
            "notice_id": notice.notice_id,
            "fts_notice_id": fts_notice_id,
            "fts_published_at": published_at.isoformat(),
        },
    )
    notice.publication.refresh_from_db()  # the notice's own copy, as now saved
    for handler in _ON_PUBLISHED.get(notice.notice_type, []):
        handler(notice, actor)
    return publication
