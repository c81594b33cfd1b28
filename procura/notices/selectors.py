"""Reads of published notices, and the OCDS release package they are served in."""

import json
from functools import lru_cache

from django.conf import settings
from django.db.models import QuerySet

from procura.core.errors import NotFound

from . import ocds
from .models import Notice
from .states import Publication

OCDS_VERSION = "1.1"
LICENSE = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


@lru_cache(maxsize=1)
def package_extensions() -> tuple[str, ...]:
    """The extensions Find a Tender declares in every package (schema/extensions.json)."""
    return tuple(json.loads((ocds.SCHEMA_DIR / "extensions.json").read_text()))


def notices_of(procurement) -> QuerySet[Notice]:
    """Every notice prepared for the procurement, published on Find a Tender or not, oldest
    first: for the authority's own users only."""
    return (
        Notice.objects.filter(procurement=procurement)
        .select_related("publication")
        .order_by("published_at", "pk")
    )


def public_notices_of(procurement) -> QuerySet[Notice]:
    """The procurement's notices that Find a Tender has published, oldest first: the only ones
    anyone may see, since none may be published elsewhere first (Procurement Regulations 2024
    reg 5(11))."""
    return notices_of(procurement).filter(publication__status=Publication.PUBLISHED)


def notice_of(procurement, notice_id: str) -> Notice:
    """One notice of the procurement, by its notice id (`nnnnnn-yyyy`)."""
    try:
        return notices_of(procurement).get(notice_id=str(notice_id))
    except Notice.DoesNotExist as error:
        raise NotFound() from error


def public_notice_of(procurement, notice_id: str) -> Notice:
    """One notice of the procurement that Find a Tender has published; any other is not found."""
    try:
        return public_notices_of(procurement).get(notice_id=str(notice_id))
    except Notice.DoesNotExist as error:
        raise NotFound() from error


def notice_of_id(notice_id: str) -> Notice:
    """One notice, by Procura's notice id (`nnnnnn-yyyy`); not found when there is none."""
    try:
        return Notice.objects.select_related("publication", "procurement__authority").get(
            notice_id=str(notice_id)
        )
    except Notice.DoesNotExist as error:
        raise NotFound() from error


def release_package(notices, *, uri: str) -> dict:
    """An OCDS release package holding the releases of `notices`, shaped as Find a Tender's
    `/ocdsReleasePackages/{noticeId}` answer. `uri` is where this package can be fetched."""
    notices = list(notices)
    if not notices:
        raise NotFound()
    latest = max(notice.published_at for notice in notices)
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "extensions": list(package_extensions()),
        "publishedDate": ocds.ocds_datetime(latest),
        "publisher": {"name": settings.SERVICE_NAME},
        "license": LICENSE,
        "releases": [notice.release for notice in notices],
    }
