"""The notices API's shapes: a notice's publication on Find a Tender."""

from datetime import datetime

from ninja import Schema


class PublicationIn(Schema):
    """Find a Tender's identifier of the notice (`nnnnnn-yyyy`) and when it was published there
    (ISO 8601 with an offset; a time without one is read as UK time)."""

    fts_notice_id: str
    published_on: datetime


class PublicationOut(Schema):
    notice_id: str
    notice_type: str
    status: str
    sent_at: datetime | None
    fts_notice_id: str | None
    fts_published_at: datetime | None
