"""Money and times as GOV.UK writes them, for the tendering pages."""

from django import template

from procura.core import clock
from procura.core.formatting import format_money

register = template.Library()


@register.filter
def money(amount) -> str:
    return format_money(amount)


@register.filter
def when(moment) -> str:
    return clock.format_datetime(moment) if moment else "—"


@register.filter
def filesize(size) -> str:
    size = int(size or 0)
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
