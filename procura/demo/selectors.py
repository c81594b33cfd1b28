"""Reads of the demo clock."""

from datetime import datetime, timedelta

from procura.core import clock

from . import rules


def preview_move(*, to: datetime | None = None, by: timedelta | None = None) -> datetime:
    """Where a move would take the service's time, refused as the move itself would be."""
    return rules.clock_target(now=clock.now(), to=to, by=by)
