"""Reads of the audit trail."""

from collections.abc import Iterator
from dataclasses import dataclass

from procura.core import clock

from .event_types import sentence_template
from .models import AuditChainHead, AuditEvent
from .rules import ChainBreak, verify_chain
from .services import content_of


@dataclass(frozen=True)
class TimelineEntry:
    event: AuditEvent
    sentence: str
    when: str


class _Blank(dict):
    def __missing__(self, key):
        return "—"


def sentence_for(event: AuditEvent) -> str:
    """The event as a readable sentence, e.g. 'Jane Doe gave Sam Lee the role Buyer in MPS.'"""
    template = sentence_template(event.event_type)
    values = _Blank({k: v for k, v in (event.after or {}).items() if isinstance(v, str | int)})
    values.update(actor=event.actor_name, object=event.object_repr)
    return template.format_map(values)


def timeline(object_type: str, object_id: str | int) -> list[TimelineEntry]:
    events = AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id))
    return [
        TimelineEntry(event=e, sentence=sentence_for(e), when=clock.format_datetime(e.occurred_at))
        for e in events.select_related("actor").order_by("sequence")
    ]


def _stored_events() -> Iterator[dict]:
    # Stored order is by primary key: the order rows were written in.
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        yield {
            "sequence": event.sequence,
            "previous_hash": event.previous_hash,
            "hash": event.hash,
            "content": content_of(event),
        }


def find_chain_break() -> ChainBreak | None:
    """The first point where the stored trail no longer matches its hash chain, or None."""
    head = AuditChainHead.objects.get(pk=1)
    return verify_chain(
        _stored_events(), head_sequence=head.last_sequence, head_hash=head.last_hash
    )
