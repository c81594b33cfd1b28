"""Small template helpers for the evaluation pages."""

from django import template

from procura.core import clock
from procura.core.formatting import format_date, format_money

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`mapping[key]`, or nothing when there is no such key (or no mapping)."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


@register.filter
def money(amount):
    return format_money(amount)


@register.filter
def gov_date(day):
    return format_date(day) if day else "—"


@register.filter
def gov_datetime(moment):
    return clock.format_datetime(moment) if moment else "—"
