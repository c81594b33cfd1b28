"""Notice and notification deadlines: calendar days "beginning with" the day that starts each
clock. Pure."""

import calendar
from datetime import date

from .days import _last_of_days

# ---------------------------------------------------------------------------------------------
# Notice and notification deadlines (calendar days, "beginning with" the trigger day)
# ---------------------------------------------------------------------------------------------

CONTRACT_DETAILS_DAYS = 30
CONTRACT_DETAILS_DAYS_LIGHT_TOUCH = 120
CONTRACT_COPY_DAYS = 90
CONTRACT_COPY_DAYS_LIGHT_TOUCH = 180
NOTICE_DAYS = 30
PIPELINE_DAYS = 56


def contract_details_notice_due(entered_into: date, *, light_touch: bool = False) -> date:
    """The last day for publishing the contract details notice (UK7) (s.53(1)).

    The authority must publish a contract details notice before the end of the period of 30 days
    beginning with the day on which it enters into the public contract (Procurement Act 2023
    s.53(1)(b); content in Procurement Regulations 2024 regs 32–35, including reg 33 for
    frameworks and reg 34 for call-offs). For a light touch contract the period is 120 days
    (s.53(1)(a)).
    """
    days = CONTRACT_DETAILS_DAYS_LIGHT_TOUCH if light_touch else CONTRACT_DETAILS_DAYS
    return _last_of_days(entered_into, days)


def contract_copy_due(entered_into: date, *, light_touch: bool = False) -> date:
    """The last day for publishing a copy of a contract worth more than £5 million (s.53(3)).

    The authority must publish a copy of the contract before the end of the period of 90 days
    beginning with the day on which it is entered into (Procurement Act 2023 s.53(3)(b)), or
    180 days for a light touch contract (s.53(3)(a)).
    """
    days = CONTRACT_COPY_DAYS_LIGHT_TOUCH if light_touch else CONTRACT_COPY_DAYS
    return _last_of_days(entered_into, days)


def modified_contract_copy_due(modified: date) -> date:
    """The last day for publishing a copy of a modified contract worth more than £5m (s.77).

    Where a modification required a contract change notice, the authority must publish a copy of
    the contract as modified within 90 days beginning with the day of the modification
    (Procurement Act 2023 s.77).
    """
    return _last_of_days(modified, CONTRACT_COPY_DAYS)


def contract_termination_notice_due(terminated: date) -> date:
    """The last day for publishing a contract termination notice (UK11) (s.80).

    The authority must publish a contract termination notice within the period of 30 days
    beginning with the day on which the contract terminates, including by expiry (Procurement
    Act 2023 s.80; Procurement Regulations 2024 reg 41).
    """
    return _last_of_days(terminated, NOTICE_DAYS)


def contract_performance_notice_due(
    first_applies: date, *, light_touch: bool = False
) -> date | None:
    """The last day for a contract performance notice (UK9) about a breach or poor performance.

    Where a supplier's breach leads to termination, damages or a settlement, or poor performance
    is not put right after a proper opportunity, the authority must publish a contract
    performance notice within 30 days beginning with the day on which s.71(5) first applies
    (Procurement Act 2023 s.71(3)–(5); Procurement Regulations 2024 reg 39(6)–(7)). In force from
    1 January 2026. The duty does not apply to a light touch contract (s.71(6)): None.
    """
    if light_touch:
        return None
    return _last_of_days(first_applies, NOTICE_DAYS)


def payments_compliance_period_end(d: date) -> date:
    """The last day of the payments compliance reporting period that contains ``d`` (s.69).

    The reporting periods are the six months ending with 31 March and 30 September
    (Procurement Act 2023 s.69; Procurement Regulations 2024 reg 38). The duty is in force from
    1 January 2026, so the first period runs from 1 January to 31 March 2026.
    """
    if d.month <= 3:
        return date(d.year, 3, 31)
    if d.month <= 9:
        return date(d.year, 9, 30)
    return date(d.year + 1, 3, 31)


def payments_compliance_notice_due(day_in_period: date) -> date:
    """The last day for the payments compliance notice (UK17) for a reporting period (s.69).

    The notice must be published within 30 days beginning with the last day of the reporting
    period (Procurement Act 2023 s.69; Procurement Regulations 2024 reg 38): 29 April for the
    period ending 31 March, and 29 October for the period ending 30 September. Pass any day in
    the period, or its last day.
    """
    return _last_of_days(payments_compliance_period_end(day_in_period), NOTICE_DAYS)


def payments_information_due(payment_made: date) -> date:
    """The last day for publishing information about a payment of more than £30,000 (s.70).

    The authority must publish information about each such payment made in a quarter (three
    months beginning with 1 January, 1 April, 1 July or 1 October) within 30 days beginning with
    the last day of that quarter (Procurement Act 2023 s.70). In force from 1 April 2026.
    """
    quarter_end_month = (payment_made.month - 1) // 3 * 3 + 3
    quarter_end = date(
        payment_made.year,
        quarter_end_month,
        calendar.monthrange(payment_made.year, quarter_end_month)[1],
    )
    return _last_of_days(quarter_end, NOTICE_DAYS)


def exclusion_notification_due(decided: date) -> date:
    """The last day for notifying the Minister of an exclusion (s.59).

    An authority that disregards a tender, excludes a supplier, requires an associated person to
    be replaced or removes a supplier on an exclusion ground must give notice to the Minister
    within 30 days beginning with the day on which it does so (Procurement Act 2023 s.59).
    """
    return _last_of_days(decided, NOTICE_DAYS)


def financial_year_start(d: date) -> date:
    """1 April of the financial year (1 April to 31 March) that contains ``d`` (s.93)."""
    return date(d.year if d.month >= 4 else d.year - 1, 4, 1)


def pipeline_notice_due(financial_year_start_year: int) -> date:
    """The last day for publishing a pipeline notice (UK1) for a financial year (s.93).

    An authority that expects to pay more than £100 million under relevant contracts in the
    coming financial year must publish a pipeline notice within the period of 56 days beginning
    with the first day of that financial year (Procurement Act 2023 s.93): 26 May. Pass the
    calendar year in which the financial year begins (2026 for 2026–27).
    """
    return _last_of_days(date(financial_year_start_year, 4, 1), PIPELINE_DAYS)
