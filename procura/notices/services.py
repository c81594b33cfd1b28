"""Publishing notices: the only writer of Notice rows."""

import hashlib
import json
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from procura.audit import services as audit
from procura.core import clock

from .events import NoticeEvent
from .models import Notice

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
    return notice
