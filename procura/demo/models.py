"""The demo clock's one row: how far a platform administrator has moved the service's clock
forward in the demo (docs/adr/0008-demo-clock.md). Kept in the database so that every process of
the service (each web worker, the scheduled job, a management command) agrees on the time."""

from datetime import timedelta

from django.db import models


class DemoClock(models.Model):
    """The demo clock: the service's time is the system's time plus `offset`.

    A single row (id 1). `offset` only grows: it is written by `services.advance_clock` alone,
    and read by `clock.now()` only when the PROCURA_DEMO_CLOCK setting is on (never in
    production). Every move is on the audit trail with the service's time before and after.
    """

    offset = models.DurationField(default=timedelta(0))

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="demo_clock_single_row"),
            models.CheckConstraint(
                condition=models.Q(offset__gte=timedelta(0)), name="demo_clock_offset_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return "The demo clock"
