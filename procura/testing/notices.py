"""Recording a notice as published on Find a Tender, as a buyer does by hand (docs/adr/0012)."""

from procura.core import clock
from procura.notices.services import confirm_published


def on_find_a_tender(notice, actor, *, at=None, fts_notice_id: str | None = None):
    """Record that Find a Tender published `notice` at `at` (now by default), under its own
    identifier or Procura's."""
    return confirm_published(
        actor=actor,
        notice=notice,
        fts_notice_id=fts_notice_id or notice.notice_id,
        published_on=at or clock.now(),
    )
