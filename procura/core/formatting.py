"""Dates and money as GOV.UK writes them. Pure: no Django, no locale."""

from datetime import date
from decimal import Decimal

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(d: date) -> str:
    """Format a date the GOV.UK way, with the day of the week: "Friday 27 February 2026".

    Built from fixed English names so that the output does not depend on the server's locale.
    """
    return f"{_DAY_NAMES[d.weekday()]} {d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"


def format_money(amount: Decimal | None) -> str:
    """'£252,000,000' or '£1,234.50' (pence only when there are any)."""
    if amount is None:
        return "—"
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"
