"""The rules of the demo clock (docs/adr/0008-demo-clock.md). Pure: plain values in, the target
time or a DomainError out. Not law: what keeps the demo's records believable."""

from datetime import datetime, timedelta

from django.utils import timezone

from procura.core.clock import format_datetime
from procura.core.errors import DomainError

# One move spans at most this long: enough for any procurement's longest period (a 10-year
# contract's standstill, tendering and participation together take a few months), short enough
# that a slip of the keyboard does not throw the demo years ahead.
MAX_MOVE = timedelta(days=400)


def clock_target(
    *, now: datetime, to: datetime | None = None, by: timedelta | None = None
) -> datetime:
    """Where a move of the demo clock lands: `to` a time, or `by` an amount, from the service's
    time `now`. Only forwards, since every record already made would otherwise lie in the
    future; at most MAX_MOVE at a time."""
    if (to is None) == (by is None):
        raise DomainError(
            "clock_move_unclear",
            "Say how far to move the clock: by a number of days and hours, or to a date and time.",
        )
    if to is not None and timezone.is_naive(to):
        raise DomainError("invalid_input", "Give the date and time with its time zone.", field="to")
    target = to if to is not None else now + (by or timedelta(0))
    if target <= now:
        raise DomainError(
            "clock_not_forward",
            f"The clock can only move forward: the service's time is already "
            f"{format_datetime(now)}.",
            field="to" if to is not None else "days",
        )
    if target - now > MAX_MOVE:
        raise DomainError(
            "clock_move_too_far",
            f"Move the clock at most {MAX_MOVE.days} days at a time: "
            f"{format_datetime(target)} is {(target - now).days} days after the service's time.",
            field="to" if to is not None else "days",
        )
    return target
