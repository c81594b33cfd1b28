from datetime import datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema

from procura.core.openapi import refusals

from .registry import access_timeline_object, timeline_object_types
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


class _RegisteredObjectTypes:
    """Documents `object_type` as an enum of the types registered when the document is made
    (each app registers its own when ready); any other value is simply not found."""

    def __get_pydantic_json_schema__(self, core_schema, handler):
        schema = handler(core_schema)
        return {**schema, "description": "`app_label.model`", "enum": timeline_object_types()}


ObjectType = Annotated[str, _RegisteredObjectTypes()]


@router.get(
    "/{object_type}/{object_id}/events",
    response=list[TimelineEventOut],
    summary="The audit timeline of one object",
    description="Any other `object_type`, or an object the caller may not see, is `not_found`.",
    openapi_extra=refusals(),
)
def events(request: HttpRequest, object_type: ObjectType, object_id: str):
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
