"""Money, dates and months as GOV.UK writes them, and the buyer's procurements panel."""

from decimal import Decimal

from django import template

from procura.core import clock
from procura.core.formatting import format_date, format_money

from .. import selectors
from ..forms import TENDERING_FACT_CHOICES

register = template.Library()


@register.filter
def money(amount) -> str:
    """£252,000,000"""
    return format_money(amount)


@register.filter
def uk_datetime(moment) -> str:
    """'midday on Friday 27 February 2026', in UK time; '—' when there is none."""
    return clock.format_datetime(moment) if moment else "—"


@register.filter
def uk_date(moment) -> str:
    return format_date(clock.local(moment).date()) if moment else "—"


@register.filter
def percent(number) -> str:
    """40.00 -> '40%', 12.50 -> '12.5%'."""
    if number in (None, ""):
        return "—"
    return f"{Decimal(number).normalize():f}%"


@register.filter
def months(number) -> str:
    """'24 months', '1 month'; '—' when there is none."""
    if number in (None, ""):
        return "—"
    return f"{number} month" if int(number) == 1 else f"{number} months"


@register.filter
def status_tag(status: str) -> str:
    """The GOV.UK tag colour for a procurement status."""
    return {
        "draft": "govuk-tag--grey",
        "participation_open": "govuk-tag--green",
        "tendering_open": "govuk-tag--green",
        "participation_closed": "govuk-tag--blue",
        "tenders_closed": "govuk-tag--blue",
        "evaluation": "govuk-tag--purple",
        "award_decided": "govuk-tag--purple",
        "standstill": "govuk-tag--yellow",
        "contract_signed": "govuk-tag--turquoise",
        "terminated": "govuk-tag--red",
    }.get(status, "govuk-tag--grey")


@register.filter
def fact_labels(facts) -> list[str]:
    """The s.54(4) facts that were ticked, in words."""
    facts = facts or {}
    return [label for name, label in TENDERING_FACT_CHOICES if facts.get(name)]


PANEL_SIZE = 10


@register.inclusion_tag("procurements/includes/buyer_procurements.html")
def buyer_procurements(user):
    """The buyer's most recent procurements, for the buyer's landing page."""
    queryset = selectors.buyer_procurements(user).order_by("-created_at", "-pk")
    return {
        "procurements": list(queryset[:PANEL_SIZE]),
        "more": queryset.count() > PANEL_SIZE,
        "can_create": selectors.is_buyer_anywhere(user),
    }
