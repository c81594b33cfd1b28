from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from .registry import access_timeline_object
from .selectors import timeline

router = Router(tags=["audit trail"])


class TimelineEventOut(Schema):
    sequence: int
    occurred_at: datetime
    event_type: str
    actor: str
    sentence: str
    before: dict
    after: dict
    reason: str
    hash: str


@router.get(
    "/{object_type}/{object_id}/events",
    response=list[TimelineEventOut],
    summary="The audit timeline of one object",
)
def events(request: HttpRequest, object_type: str, object_id: str):
    access_timeline_object(request.user, object_type, object_id)
    return [
        {
            "sequence": entry.event.sequence,
            "occurred_at": entry.event.occurred_at,
            "event_type": entry.event.event_type,
            "actor": entry.event.actor_name,
            "sentence": entry.sentence,
            "before": entry.event.before,
            "after": entry.event.after,
            "reason": entry.event.reason,
            "hash": entry.event.hash,
        }
        for entry in timeline(object_type, object_id)
    ]
