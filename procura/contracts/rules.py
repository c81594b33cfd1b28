"""Entering into the contract: the standstill and the term, as pure functions.

Plain dates in, nothing or a RuleViolation out; nothing here reads the clock or the database.
"""

import calendar
from datetime import date, timedelta

from procura.core.errors import RuleViolation
from procura.core.formatting import format_date
from procura.timescales.rules import StandstillPeriod, check_framework_term

from . import errors

ACT = "Procurement Act 2023"

__all__ = ["check_framework_term"]


def check_standstill_started(
    *, already_entered_into: bool, in_standstill: bool, award_notice_published: bool
) -> None:
    """A contract is entered into once, and only after the contract award notice has been
    published on Find a Tender: the notice starts the mandatory standstill period (Procurement
    Act 2023 ss.50-51) when it is published on the central digital platform (Procurement
    Regulations 2024 reg 5(4)), and that period must end first (`check_may_enter_into_contract`).
    A notice Procura prepared, or sent, but Find a Tender has not yet published starts nothing."""
    if already_entered_into:
        raise RuleViolation(
            errors.ALREADY_ENTERED_INTO, "The contract has already been entered into."
        )
    if not (in_standstill and award_notice_published):
        raise RuleViolation(
            errors.AWARD_NOTICE_NOT_PUBLISHED,
            "The contract award notice is not yet recorded as published on Find a Tender: the "
            "standstill period starts only on the day it is published there, and the contract "
            "can be entered into only after that period has ended.",
            section=f"{ACT} ss.50-51; Procurement Regulations 2024 reg 5(4)",
        )


def check_may_enter_into_contract(
    period: StandstillPeriod | None,
    *,
    date_signed: date,
    today: date,
    published_on: date | None = None,
) -> None:
    """The contract may not be entered into before the end of the standstill period.

    "A contracting authority may not enter into a public contract ... before the end of the
    mandatory standstill period": 8 working days beginning with the day the contract award notice
    is published (Procurement Act 2023 s.51(1)-(2)). Entering into it earlier is a ground for
    setting it aside (s.105(1)(b)). The first permitted day is the day after the last day of the
    period, working day or not. A signature cannot be recorded before it has happened.

    `period` is None when there is no standstill (a light touch contract whose award notice
    provides for no voluntary one, s.51(3)(f); `timescales.rules.award_standstill`): the contract
    may then be entered into from `published_on`, the day the award notice was published on Find
    a Tender, but not before it (s.50(1); Procurement Regulations 2024 reg 5(4)).
    """
    if period is None:
        if published_on is not None and date_signed < published_on:
            raise RuleViolation(
                errors.AWARD_NOTICE_NOT_PUBLISHED,
                "The contract award notice was published on Find a Tender on "
                f"{format_date(published_on)}: the contract cannot be entered into before it, "
                f"on {format_date(date_signed)}.",
                section=f"{ACT} s.50(1); Procurement Regulations 2024 reg 5(4)",
                field="date_signed",
                details={"earliest_entry": published_on.isoformat()},
            )
    elif date_signed < period.earliest_entry:
        raise RuleViolation(
            "standstill_not_ended",
            f"The standstill period ends at the end of {format_date(period.last_day)}: the "
            f"contract can be entered into on or after {format_date(period.earliest_entry)}, "
            f"not on {format_date(date_signed)}.",
            section=f"{ACT} s.51(1)-(2)",
            field="date_signed",
            details={
                "standstill_last_day": period.last_day.isoformat(),
                "earliest_entry": period.earliest_entry.isoformat(),
            },
        )
    if date_signed > today:
        raise RuleViolation(
            "date_signed_in_future",
            f"The contract cannot have been signed on {format_date(date_signed)}, a day still to "
            "come: record the signature once it has happened.",
            field="date_signed",
        )


def check_term(start: date, end: date) -> None:
    """A contract's last day cannot come before its first."""
    if end < start:
        raise RuleViolation(
            "end_before_start",
            f"The end date must be on or after the start date, {format_date(start)}.",
            field="end_date",
        )


def initial_end(start: date, term_months: int) -> date:
    """The last day of a term of `term_months` months beginning with `start`: the day before the
    same day `term_months` months later (24 months from 1 February 2027 end on 31 January 2029),
    or the last day of that month where it has no such day (a month from 31 January ends on
    28 February; 12 months from 29 February 2028 end on 28 February 2029)."""
    index = start.month - 1 + term_months
    year, month = start.year + index // 12, index % 12 + 1
    if start.day > calendar.monthrange(year, month)[1]:
        return date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, start.day) - timedelta(days=1)


def check_end_date_agrees_with_term(
    start: date, end: date, *, term_months: int | None, extension_months=()
) -> None:
    """The end date recorded when the contract is entered into must be the end of the initial
    term stated in the tender notice: `initial_end(start, term)`. The latest end then follows
    from the extension options (`latest_end`), for a framework as for a contract. A 10-year
    contract recorded as ending 3 years after its start would publish a term nobody agreed, and
    would wrongly shorten a framework's term for s.47; it is refused with
    `end_date_contradicts_term` (house rule: the record must agree with the tender notice; the
    s.47 maximum is checked on the latest end separately). No term recorded: nothing to check.
    """
    if not term_months:
        return
    expected = initial_end(start, term_months)
    if end != expected:
        latest = latest_end(expected, extension_months)
        with_options = (
            f" (with every optional extension the term would end on {format_date(latest)})"
            if latest != expected
            else ""
        )
        raise RuleViolation(
            "end_date_contradicts_term",
            f"The initial term is {term_months} months, so from {format_date(start)} it ends on "
            f"{format_date(expected)}, not {format_date(end)}{with_options}. Enter the last day "
            "of the initial term as the end date (house rule: the record must agree with the "
            "term in the tender notice).",
            field="end_date",
            details={
                "expected_end_date": expected.isoformat(),
                "latest_end_date": latest.isoformat(),
                "term_months": term_months,
            },
        )


def add_months(d: date, months: int) -> date:
    """The same day `months` months later, or the last day of that month if it has no such day."""
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def latest_end(initial_end: date, extension_months) -> date:
    """The last day of the term if every optional extension is taken: each extension follows on
    from the day after the term it extends (a 24-month term from 1 November 2026 ends on
    31 October 2028; two 12-month extensions take it to 31 October 2030)."""
    total = sum(int(m) for m in extension_months or ())
    if not total:
        return initial_end
    return add_months(initial_end + timedelta(days=1), total) - timedelta(days=1)
