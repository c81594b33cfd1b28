"""The one clock. Every "now" in Procura comes from here, always timezone-aware (UTC).

Tests move time with `time_machine`, which this respects; nothing else reads the system clock.
People see Europe/London (`local`, `format_datetime`).

In the demo and in development, and never in production, a platform administrator may move the
service's clock forward (the demo clock, docs/adr/0008-demo-clock.md): the demo app then installs
an offset here with `use_offset`. Core does not know where the offset is kept; with none
installed (production, the tests) `now()` is the system's time, exactly as before.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from .formatting import format_date

LONDON = ZoneInfo("Europe/London")


_travelled: ContextVar[datetime | None] = ContextVar("procura_clock_travelled", default=None)
_offset: Callable[[], timedelta] | None = None


def now() -> datetime:
    """The current instant, timezone-aware, in UTC (or the instant `travel` set): the system's
    time, plus the demo clock's offset when one is installed."""
    travelled = _travelled.get()
    if travelled is not None:
        return travelled
    if _offset is None:
        return timezone.now()
    return timezone.now() + _offset()


def system_now() -> datetime:
    """The current instant without the demo clock's offset (or the instant `travel` set): what
    the demo clock measures its offset from."""
    return _travelled.get() or timezone.now()


def use_offset(offset: Callable[[], timedelta] | None) -> None:
    """Install (or, with None, remove) the function `now()` adds to the system's time. It is
    called on every `now()`, so it must be cheap (the demo clock caches its stored offset)."""
    global _offset
    _offset = offset


@contextmanager
def travel(moment: datetime) -> Iterator[None]:
    """Run the block as if it were `moment`: for replaying a story (the demo data) through the
    real services, so that every deadline, notice and audit event carries its story time."""
    if timezone.is_naive(moment):
        raise ValueError("Procura never handles naive datetimes.")
    token = _travelled.set(moment)
    try:
        yield
    finally:
        _travelled.reset(token)


def today() -> date:
    """Today's date in Europe/London (the date the law's day counts start from)."""
    return local(now()).date()


def local(moment: datetime) -> datetime:
    """`moment` as Europe/London wall-clock time."""
    if timezone.is_naive(moment):
        raise ValueError("Procura never handles naive datetimes.")
    return moment.astimezone(LONDON)


def format_datetime(moment: datetime) -> str:
    """'9:30am on Tuesday 3 March 2026' ('midday', 'midnight'): GOV.UK style, London time."""
    at = local(moment)
    hour = at.hour % 12 or 12
    suffix = "am" if at.hour < 12 else "pm"
    clock_part = f"{hour}{suffix}" if at.minute == 0 else f"{hour}:{at.minute:02d}{suffix}"
    if at.hour == 12 and at.minute == 0:
        clock_part = "midday"
    elif at.hour == 0 and at.minute == 0:
        clock_part = "midnight"
    return f"{clock_part} on {format_date(at.date())}"
