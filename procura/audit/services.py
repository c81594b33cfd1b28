"""The only writer of audit events. Every service function calls `record` inside its transaction."""

import json
from typing import TYPE_CHECKING

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from procura.core import clock

from .event_types import is_registered
from .models import AuditChainHead, AuditEvent
from .rules import canonical_content, chain_hash

if TYPE_CHECKING:
    from procura.accounts.models import User


def _plain(values: dict | None) -> dict:
    """Values as they will read back from the JSON column (Decimal and dates as strings)."""
    return json.loads(json.dumps(values or {}, cls=DjangoJSONEncoder, sort_keys=True))


def describe_actor(actor: "User | None") -> str:
    if actor is None:
        return "Procura (scheduled job)"
    full_name = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return full_name or actor.get_username()


def record(
    *,
    actor: "User | None",
    event_type: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    object_repr: str | None = None,
    organisation_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction.

    Locks the chain head so events are numbered and chained one at a time, even when many
    requests write at once; the lock is released when the caller's transaction commits, so an
    event exists if and only if the change it records was committed.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
        object_repr = object_repr or str(obj)
    if not is_registered(str(event_type)):
        raise ValueError(f"Unknown audit event type {event_type!r}: register it first.")
    if not object_type or object_id is None:
        raise ValueError("An audit event needs the object it is about.")
    actor = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        event = AuditEvent(
            sequence=head.last_sequence + 1,
            occurred_at=clock.now(),
            actor=actor,
            actor_name=describe_actor(actor),
            event_type=str(event_type),
            object_type=object_type,
            object_id=str(object_id),
            object_repr=(object_repr or "")[:300],
            organisation_id=organisation_id,
            before=_plain(before),
            after=_plain(after),
            reason=reason or "",
        )
        event.previous_hash = head.last_hash
        event.hash = chain_hash(head.last_hash, content_of(event))
        event.save()
        head.last_sequence = event.sequence
        head.last_hash = event.hash
        head.save(update_fields=["last_sequence", "last_hash"])
    return event


def content_of(event: AuditEvent) -> str:
    return canonical_content(
        sequence=event.sequence,
        occurred_at=event.occurred_at,
        actor_id=event.actor_id,
        actor_name=event.actor_name,
        event_type=event.event_type,
        object_type=event.object_type,
        object_id=event.object_id,
        object_repr=event.object_repr,
        organisation_id=event.organisation_id,
        before=event.before,
        after=event.after,
        reason=event.reason,
    )
