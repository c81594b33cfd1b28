"""The rules on the values a buyer enters, checked whenever they are saved. Pure.

A page, the API (POST and PATCH), a modification and publication all refuse a bad value here,
with the same code; forms and schemas check only the shape (procura.core.specs; ADR 0009).
"""

from procura.core.errors import RuleViolation

from .facts import ACT


def check_value_incl_vat(value_excl_vat, value_incl_vat) -> RuleViolation | None:
    """The estimated value including VAT cannot be less than the value without it
    (Procurement Act 2023 s.123(2): the value is the amount payable including VAT)."""
    if value_excl_vat is None or value_incl_vat is None or value_incl_vat >= value_excl_vat:
        return None
    return RuleViolation(
        "value_incl_vat_below_excl",
        "The value including VAT cannot be less than the value excluding VAT",
        section=f"{ACT} s.123(2)",
        field="estimated_value_incl_vat",
    )


def check_value_range(low, high) -> RuleViolation | None:
    """A contract's value range (when the value depends on which participants join) is a real
    range: its lowest value is not more than its highest (Procurement Act 2023 Sch 3 para 1)."""
    if low is None or high is None or low <= high:
        return None
    return RuleViolation(
        "value_range_inverted",
        "The lowest value of the range must not be more than the highest.",
        section=f"{ACT} Sch 3 para 1",
        field="value_range_min_incl_vat",
    )


def check_entered_values(procurement) -> RuleViolation | None:
    """The rules on a procurement's values as entered (anything with its value fields): checked
    by every service that saves them, before the database would refuse them less clearly."""
    return check_value_incl_vat(
        procurement.estimated_value_excl_vat, procurement.estimated_value_incl_vat
    ) or check_value_range(
        procurement.value_range_min_incl_vat, procurement.value_range_max_incl_vat
    )
