"""The demo clock's offset as `core.clock.now()` reads it: installed by DemoConfig.ready() only
when PROCURA_DEMO_CLOCK is on.

`now()` is called many times a request, so the stored offset is read at most once a second per
process; a move made in this process forgets it at once, and other processes see it within a
second. `time.monotonic` measures the second: the tests' time_machine does not move it.
"""

import time
from datetime import timedelta

from django.db import connection

from .models import DemoClock

FRESH_FOR = 1.0  # seconds

_cached: tuple[float, timedelta] | None = None
_table_exists = False


def offset() -> timedelta:
    """The stored offset, at most FRESH_FOR seconds old."""
    global _cached
    cached, tick = _cached, time.monotonic()
    if cached is not None and tick < cached[0]:
        return cached[1]
    value = stored_offset()
    _cached = (tick + FRESH_FOR, value)
    return value


def stored_offset() -> timedelta:
    """The offset in the database; none before the demo app's table is migrated."""
    global _table_exists
    if not _table_exists:
        # `migrate` on a fresh database may ask the time before the table exists; a failed
        # query would break the caller's transaction on PostgreSQL, so look before reading.
        _table_exists = DemoClock._meta.db_table in connection.introspection.table_names()
        if not _table_exists:
            return timedelta(0)
    stored = DemoClock.objects.filter(pk=1).values_list("offset", flat=True).first()
    return stored or timedelta(0)


def forget() -> None:
    """Read the stored offset afresh on the next `now()` (after a move, or a setting change)."""
    global _cached
    _cached = None
