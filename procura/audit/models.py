"""The audit trail: the append-only, hash-chained legal record of every change."""

from django.conf import settings
from django.db import models


class AuditEventQuerySet(models.QuerySet):
    """Events can be added and read, never changed or removed through the ORM."""

    def update(self, **kwargs):
        raise PermissionError("Audit events are append-only.")

    def delete(self):
        raise PermissionError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One change to the record: who did what to which object, when, and from what to what.

    `sequence` numbers events 1, 2, 3 ... with no gaps. `hash` is the SHA-256 of the canonical
    content of this event together with `previous_hash`, the hash of the event before it, so that
    altering, deleting or reordering any row breaks the chain (`manage.py verify_audit`).
    `occurred_at` is UTC; pages show Europe/London.
    """

    sequence = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who made the change; empty for the system (scheduled jobs).",
    )
    actor_name = models.CharField(max_length=300, help_text="The actor's name at the time.")
    event_type = models.CharField(max_length=80, help_text="A registered event type.")
    object_type = models.CharField(max_length=100, help_text="app_label.model of the object.")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    organisation_id = models.BigIntegerField(
        null=True, blank=True, help_text="The organisation whose record this is, if any."
    )
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["sequence"]
        indexes = [models.Index(fields=["object_type", "object_id", "sequence"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.event_type} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")


class AuditChainHead(models.Model):
    """A single row holding the newest event's sequence and hash.

    Writers lock it (SELECT ... FOR UPDATE) so that events are chained one at a time, and it lets
    `verify_audit` notice when the newest events have been deleted.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="audit_head_single_row")
        ]

    def __str__(self) -> str:
        return f"audit head #{self.last_sequence}"
