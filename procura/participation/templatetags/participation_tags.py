"""Template helpers for the participation pages, and the supplier's landing-page list."""

from django import template

from procura.core import clock
from procura.core.formatting import format_date, format_money

from .. import selectors
from ..states import ParticipantStatus

register = template.Library()

_TAG_COLOURS = {
    ParticipantStatus.INTERESTED: "govuk-tag--grey",
    ParticipantStatus.ADMITTED: "govuk-tag--blue",
    ParticipantStatus.SUBMITTED: "govuk-tag--light-blue",
    ParticipantStatus.EXCLUDED: "govuk-tag--red",
    ParticipantStatus.NOT_SHORTLISTED: "govuk-tag--orange",
    ParticipantStatus.INVITED: "govuk-tag--green",
    ParticipantStatus.WITHDRAWN: "govuk-tag--grey",
}


@register.filter
def uk_datetime(moment) -> str:
    """'midday on Friday 27 February 2026' (UK time), or an empty string."""
    return clock.format_datetime(moment) if moment else ""


@register.filter
def uk_date(day) -> str:
    return format_date(day) if day else ""


@register.filter
def money(amount) -> str:
    return format_money(amount)


@register.filter
def status_colour(status: str) -> str:
    return _TAG_COLOURS.get(status, "govuk-tag--grey")


@register.inclusion_tag("participation/tags/supplier_procurements.html", takes_context=True)
def supplier_procurements(context):
    """The procurements the signed-in bid manager's organisations take part in."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"participations": selectors.participations_of_user(user) if user else []}


@register.filter
def get(mapping, key):
    """`mapping|get:key`, for keys built in the template; None when missing."""
    return mapping.get(key) if hasattr(mapping, "get") else None
