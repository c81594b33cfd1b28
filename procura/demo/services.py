"""The only writer of the demo clock (docs/adr/0008-demo-clock.md)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from procura.accounts.models import User
from procura.audit import services as audit
from procura.core import clock
from procura.core.locks import lock
from procura.procurements import services as procurements

from . import offset, rules
from .events import DemoEvent
from .models import DemoClock
from .permissions import access_demo_clock


@dataclass(frozen=True)
class ClockMove:
    """A move of the demo clock: the service's time before and after, and how many
    procurements' deadlines the deadline job then closed."""

    before: datetime
    after: datetime
    deadlines_closed: int


def advance_clock(
    *, actor: User, to: datetime | None = None, by: timedelta | None = None
) -> ClockMove:
    """Move the service's clock forward, `to` a time or `by` an amount (platform
    administrators, demo clock on), then run the deadline job for the time skipped, as its
    schedule would have: every deadline the move passed is closed by the service that closes it.
    Refused (nothing changed) when it would go backwards or more than 400 days."""
    before, after = _move(actor=actor, to=to, by=by)
    offset.forget()  # again: another thread may have cached the old offset before the commit
    # After the move is committed: the job is the same idempotent one the schedule runs, each
    # procurement in its own transaction, stamped with the new time.
    closed = procurements.close_due_deadlines()
    return ClockMove(before=before, after=after, deadlines_closed=closed)


@transaction.atomic
def _move(*, actor: User, to: datetime | None, by: timedelta | None) -> tuple[datetime, datetime]:
    access_demo_clock(actor)
    demo_clock, _ = DemoClock.objects.get_or_create(pk=1)
    demo_clock = lock(demo_clock)
    system = clock.system_now()
    before = system + demo_clock.offset
    after = rules.clock_target(now=before, to=to, by=by)
    new_offset = after - system
    audit.record(
        actor=actor,
        event_type=DemoEvent.CLOCK_ADVANCED,
        obj=demo_clock,
        before={"service_time": before.isoformat(), "offset": str(demo_clock.offset)},
        after={
            "service_time": after.isoformat(),
            "offset": str(new_offset),
            "moved_from": clock.format_datetime(before),
            "moved_to": clock.format_datetime(after),
        },
    )
    demo_clock.offset = new_offset
    demo_clock.save(update_fields=["offset"])
    offset.forget()
    return before, after
