"""The notices API, under /api/v1/notices: a notice's publication on Find a Tender. Thin."""

from django.http import HttpRequest
from ninja import Router

from procura.core.openapi import refusals

from . import permissions, services
from .models import Notice
from .schemas import PublicationIn, PublicationOut

router = Router(tags=["notices"])

PUBLICATION_ERRORS = """
A notice is published when it is on Find a Tender, the central digital platform (Procurement
Regulations 2024 reg 5(4)). Refusals (`{"code", "message"}`), nothing changed:

- 400 `fts_notice_id_missing`, `fts_notice_id_ill_formed` (not `nnnnnn-yyyy`),
  `fts_notice_id_taken` (another notice has it);
- 400 `fts_published_before_prepared`, `fts_published_in_future`;
- 400 `notice_already_published` (confirmed once only), `notice_already_sent`;
- 403 `forbidden_action` (a user of the authority who is not a buyer);
- 404 `not_found` (no such notice, or not one of your authority's).
"""


def publication_out(notice: Notice) -> dict:
    publication = notice.publication
    return {
        "notice_id": notice.notice_id,
        "notice_type": notice.notice_type,
        "status": publication.status,
        "sent_at": publication.sent_at,
        "fts_notice_id": publication.fts_notice_id,
        "fts_published_at": publication.fts_published_at,
    }


@router.get(
    "/{notice_id}/publication",
    response=PublicationOut,
    summary="Where a notice stands on Find a Tender: prepared, sent or published (authority)",
)
def publication(request: HttpRequest, notice_id: str):
    return publication_out(permissions.access_notice(request.user, notice_id))


@router.post(
    "/{notice_id}/sent",
    response=PublicationOut,
    summary="Record that the notice was sent to Find a Tender (buyer)",
    description=PUBLICATION_ERRORS,
    openapi_extra=refusals("forbidden_action", "notice_already_published", "notice_already_sent"),
)
def sent(request: HttpRequest, notice_id: str):
    notice = permissions.access_notice(request.user, notice_id)
    services.mark_sent(actor=request.user, notice=notice)
    return publication_out(notice)


@router.post(
    "/{notice_id}/publication",
    response=PublicationOut,
    summary="Record that Find a Tender published the notice: its identifier and date (buyer)",
    description=PUBLICATION_ERRORS
    + "\nThe award notice's standstill (s.51) starts on the day given here.",
    openapi_extra=refusals(
        "forbidden_action",
        "fts_notice_id_ill_formed",
        "fts_notice_id_missing",
        "fts_notice_id_taken",
        "fts_published_before_prepared",
        "fts_published_in_future",
        "notice_already_published",
    ),
)
def confirm(request: HttpRequest, notice_id: str, payload: PublicationIn):
    notice = permissions.access_notice(request.user, notice_id)
    services.confirm_published(
        actor=request.user,
        notice=notice,
        fts_notice_id=payload.fts_notice_id,
        published_on=payload.published_on,
    )
    return publication_out(notice)
