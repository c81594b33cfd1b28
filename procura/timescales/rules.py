"""Timescales under the Procurement Act 2023 and the Procurement Regulations 2024.

Pure functions: plain values in (``datetime.date`` only, never datetimes), a result dataclass or a
``RuleViolation`` out. Nothing here imports Django or reads the clock, so every function gives the
same answer for the same arguments and can be tested without a database.

How periods are counted (docs/law.md, "Counting time"):

* "A period of N days **beginning with** day X" includes day X as day 1, so it ends on X + (N - 1).
  Almost every period in the Act is worded like this.
* s.54 is the exception: participation and tendering periods begin with the day **after** the
  invitation (s.54(5)), so a period of N days ends on invitation + N.
* Only the standstill periods (s.51, s.76) and the debarment standstill (s.62(6)) are counted in
  working days (s.123(1)). Everything else is calendar days.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import holidays

from procura.core.errors import RuleViolation
from procura.core.formatting import format_date

from .proclamations import PROCLAIMED_BANK_HOLIDAYS, REGION_NAMES

__all__ = ["RuleViolation", "format_date"]  # re-exported for callers of the rules

ACT = "Procurement Act 2023"
REGULATIONS = "Procurement Regulations 2024"


# ---------------------------------------------------------------------------------------------
# Working days (s.123(1))
# ---------------------------------------------------------------------------------------------

#: Every part of the United Kingdom. England and Wales have identical bank holidays today, but
#: Wales is asked for separately so that a future Welsh-only day is not missed.
_SUBDIVISIONS = ("ENG", "WLS", "SCT", "NIR")


def _display_name(package_name: str) -> str:
    """Turn a ``holidays`` name into the one used on GOV.UK ("St Andrew's Day, substitute day")."""
    name = package_name.replace("Saint ", "St ")
    return name.replace(" (observed)", ", substitute day")


def _join_regions(codes: list[str]) -> str:
    names = [REGION_NAMES[code] for code in _SUBDIVISIONS if code in codes]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


@functools.lru_cache(maxsize=64)
def _bank_holiday_calendar(year: int) -> tuple[tuple[date, str], ...]:
    """The bank holidays of ``year`` in every part of the UK, each with a label naming its regions.

    Cached per year: the package builds its calendars lazily and this is called for every day a
    period crosses. Returned as a tuple so that the cached value cannot be changed by a caller.
    """
    by_date: dict[date, dict[str, str]] = {}  # date -> region code -> name
    for subdivision in _SUBDIVISIONS:
        for day, name in holidays.GB(subdiv=subdivision, years=year).items():
            by_date.setdefault(day, {})[subdivision] = _display_name(name)
    for proclamation in PROCLAIMED_BANK_HOLIDAYS:
        if proclamation.day.year == year:
            # The project's own list wins over the package for the same day and region.
            by_date.setdefault(proclamation.day, {})[proclamation.region] = proclamation.name

    labelled: list[tuple[date, str]] = []
    for day in sorted(by_date):
        regions_by_name: dict[str, list[str]] = {}
        for region, name in by_date[day].items():
            regions_by_name.setdefault(name, []).append(region)
        parts = []
        for name, regions in regions_by_name.items():
            if len(regions) == len(_SUBDIVISIONS):
                parts.append(name)
            else:
                parts.append(f"{name} ({_join_regions(regions)})")
        labelled.append((day, "; ".join(parts)))
    return tuple(labelled)


def uk_bank_holidays(year: int) -> frozenset[date]:
    """Every bank holiday of ``year`` in any part of the United Kingdom (s.123(1)).

    "Working day" means a day other than a Saturday or Sunday, or a day that is a bank holiday
    under the Banking and Financial Dealings Act 1971 "in any part of the United Kingdom"
    (Procurement Act 2023 s.123(1)). The set is therefore the **union** of the bank holidays of
    England, Wales, Scotland and Northern Ireland, plus the days proclaimed under BFDA 1971
    s.1(3) that are listed in ``proclamations.py``. ``holidays.GB()`` with no subdivision would be
    wrong: it gives only the days common to all four nations.

    Weekend dates (such as 30 November when it is a Sunday) are included alongside the substitute
    weekday, so the set describes the calendar, not just the days that stop the clock.
    """
    return frozenset(day for day, _ in _bank_holiday_calendar(year))


def bank_holiday_names(year: int) -> dict[date, str]:
    """The name of each bank holiday of ``year`` in the UK, saying where it is a holiday.

    A day that is a holiday everywhere has its plain name ("Christmas Day"); otherwise the regions
    follow in brackets, for example "St Andrew's Day (Scotland)" or "Easter Monday (England, Wales
    and Northern Ireland)". The keys are exactly ``uk_bank_holidays(year)`` (s.123(1)).
    """
    return dict(_bank_holiday_calendar(year))


def is_working_day(d: date) -> bool:
    """Whether ``d`` is a working day under the Procurement Act 2023 s.123(1).

    A working day is a day other than a Saturday or Sunday, or a bank holiday in any part of the
    United Kingdom.
    """
    return d.weekday() < 5 and d not in uk_bank_holidays(d.year)


def first_working_day_on_or_after(d: date) -> date:
    """The first working day (s.123(1)) on or after ``d``."""
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


def working_days_between(start: date, end: date) -> int:
    """The number of working days (s.123(1)) from ``start`` to ``end``, both included.

    Returns 0 if ``end`` is before ``start``.
    """
    count = 0
    d = start
    while d <= end:
        if is_working_day(d):
            count += 1
        d += timedelta(days=1)
    return count


def last_of_working_days(start: date, n: int) -> date:
    """The last day of a period of ``n`` working days beginning with ``start`` (s.123(1)).

    "Beginning with" makes ``start`` day 1 when it is a working day. When ``start`` is not a
    working day (a weekend or a bank holiday anywhere in the UK), counting begins with the next
    working day. That follows from s.123(1), because a non-working day cannot be one of the N
    working days; the guidance on this point has not been checked (docs/law.md, "Unconfirmed
    points"), and this is the reading implemented here.
    """
    if n < 1:
        raise ValueError(f"A period must have at least one working day, not {n}.")
    d = first_working_day_on_or_after(start)
    counted = 1
    while counted < n:
        d += timedelta(days=1)
        if is_working_day(d):
            counted += 1
    return d


def _last_of_days(start: date, n: int) -> date:
    """The last day of a period of ``n`` calendar days beginning with ``start`` (day 1)."""
    return start + timedelta(days=n - 1)


def _add_months(d: date, months: int) -> date:
    """The same day ``months`` months later, or the month's last day if there is no such day."""
    month_index = d.month - 1 + months
    year, month = d.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _anniversary(d: date, years: int) -> date:
    """The ``years``-th anniversary of ``d``; 1 March if ``d`` is 29 February and there is none."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return date(d.year + years, 3, 1)


# ---------------------------------------------------------------------------------------------
# Standstill (ss.51, 76) and debarment standstill (s.62(6))
# ---------------------------------------------------------------------------------------------

STANDSTILL_WORKING_DAYS = 8


@dataclass(frozen=True, kw_only=True)
class StandstillPeriod:
    """A standstill period counted in working days.

    ``first_day`` is day 1 of the count (the trigger day, or the next working day if the trigger
    day is not a working day); ``last_day`` is the last of the ``working_days`` working days;
    ``earliest_entry`` is the calendar day after ``last_day``, the first day on which the contract
    may be entered into (or the modification made, or the supplier entered on the debarment list).
    The Act does not require that day to be a working day.
    """

    published: date
    first_day: date
    last_day: date
    earliest_entry: date
    working_days: int
    legal_basis: str = f"{ACT} s.51"


def _standstill(
    trigger: date, days: int, *, legal_basis: str, section: str, trigger_text: str
) -> StandstillPeriod:
    if days < STANDSTILL_WORKING_DAYS:
        shortest_end = last_of_working_days(trigger, STANDSTILL_WORKING_DAYS)
        raise RuleViolation(
            code="standstill_too_short",
            message=(
                f"The standstill period must be at least {STANDSTILL_WORKING_DAYS} working days"
                f" beginning with the day {trigger_text}, so it cannot end before"
                f" {format_date(shortest_end)}; {days} working days is too short ({section})."
            ),
            section=section,
        )
    last_day = last_of_working_days(trigger, days)
    return StandstillPeriod(
        published=trigger,
        first_day=first_working_day_on_or_after(trigger),
        last_day=last_day,
        earliest_entry=last_day + timedelta(days=1),
        working_days=days,
        legal_basis=legal_basis,
    )


def standstill(published: date, days: int = STANDSTILL_WORKING_DAYS) -> StandstillPeriod:
    """The mandatory standstill period before a public contract is entered into (s.51).

    "A contracting authority may not enter into a public contract before the end of the mandatory
    standstill period": a period of 8 working days beginning with the day on which the contract
    award notice is published (Procurement Act 2023 s.51(1)(a), (2)). If the notice provides for
    a longer period, the authority must wait for that one instead (s.51(1)(b)): pass it as
    ``days``. A period shorter than 8 working days raises ``standstill_too_short``.
    """
    return _standstill(
        published,
        days,
        legal_basis=f"{ACT} s.51",
        section=f"{ACT} s.51(1)–(2)",
        trigger_text="the contract award notice is published",
    )


def voluntary_standstill(published: date, days: int = STANDSTILL_WORKING_DAYS) -> StandstillPeriod:
    """A voluntary standstill period for a contract exempt from the mandatory one (s.51(4)–(5)).

    For a contract listed in s.51(3) (call-offs, dynamic market awards, light touch contracts and
    others) the authority may provide in the contract award notice that it will not enter into the
    contract before the end of a standstill period; that period must be at least 8 working days
    beginning with the day the notice is published (Procurement Act 2023 s.51(4)–(5)).
    """
    return _standstill(
        published,
        days,
        legal_basis=f"{ACT} s.51(4)–(5)",
        section=f"{ACT} s.51(5)",
        trigger_text="the contract award notice is published",
    )


def contract_change_standstill(
    published: date, days: int = STANDSTILL_WORKING_DAYS
) -> StandstillPeriod:
    """A voluntary standstill period before a contract is modified (s.76).

    A contract change notice may provide that the modification will not be made before the end of
    a standstill period of at least 8 working days beginning with the day the notice is published
    (Procurement Act 2023 s.76; the notice states it under Procurement Regulations 2024
    reg 40(2)(k)).
    """
    return _standstill(
        published,
        days,
        legal_basis=f"{ACT} s.76",
        section=f"{ACT} s.76",
        trigger_text="the contract change notice is published",
    )


def debarment_standstill(notice_given: date) -> StandstillPeriod:
    """The debarment standstill before a supplier is entered on the debarment list (s.62(6)).

    A Minister of the Crown may not enter a supplier on the debarment list before the end of the
    period of 8 working days beginning with the day on which the supplier is given notice of the
    decision (Procurement Act 2023 s.62(5)–(7)); an application for interim relief must be made in
    that window (s.63). ``earliest_entry`` is the first day the entry may be made.
    """
    return _standstill(
        notice_given,
        STANDSTILL_WORKING_DAYS,
        legal_basis=f"{ACT} s.62(6)",
        section=f"{ACT} s.62(6)",
        trigger_text="notice of the debarment decision is given",
    )


# ---------------------------------------------------------------------------------------------
# Minimum participation and tendering periods (s.54; s.15(3))
# ---------------------------------------------------------------------------------------------

PARTICIPATION_DAYS = 25
PARTICIPATION_DAYS_URGENT = 10
PLANNED_NOTICE_MIN_DAYS = 40
PLANNED_NOTICE_MAX_MONTHS = 12


@dataclass(frozen=True, kw_only=True)
class DateWindow:
    """A range of dates, both ends included."""

    earliest: date
    latest: date
    legal_basis: str


def qualifying_planned_procurement_window(planned_notice_published: date) -> DateWindow:
    """When a tender notice must be published for a planned procurement notice to qualify (s.15(3)).

    A planned procurement notice (UK3) is a "qualifying planned procurement notice" if it is
    published at least 40 days, and no more than 12 months, before the day on which the tender
    notice is published (Procurement Act 2023 s.15(3)). It then allows a 10-day tendering period
    (s.54(4), table entry 4). Returns the first and last days on which the tender notice can be
    published. "12 months" from 29 February ends on 28 February, the shorter reading.
    """
    return DateWindow(
        earliest=planned_notice_published + timedelta(days=PLANNED_NOTICE_MIN_DAYS),
        latest=_add_months(planned_notice_published, PLANNED_NOTICE_MAX_MONTHS),
        legal_basis=f"{ACT} s.15(3)",
    )


def is_qualifying_planned_procurement_notice(
    planned_notice_published: date, tender_notice_published: date
) -> bool:
    """Whether a planned procurement notice qualifies under s.15(3) for a given tender notice.

    It qualifies if it was published at least 40 days, and no more than 12 months, before the day
    on which the tender notice is published (Procurement Act 2023 s.15(3)).
    """
    window = qualifying_planned_procurement_window(planned_notice_published)
    return window.earliest <= tender_notice_published <= window.latest


def earliest_participation_deadline(
    invited: date, *, urgency: bool = False, light_touch: bool = False
) -> date | None:
    """The earliest deadline for requests to participate (s.54(3), (5)).

    In a competitive tendering procedure the participation period may not be less than 25 days,
    or 10 days if the authority considers that a state of urgency means 25 days is impractical
    (Procurement Act 2023 s.54(3)). There is no minimum for a light touch contract (None). The
    period begins with the day after the invitation (s.54(5)), so the earliest deadline is the
    invitation date plus 25 (or 10) days: a tender notice on Monday 2 February 2026 allows a
    deadline of Friday 27 February 2026 at the earliest.
    """
    if light_touch:
        return None
    days = PARTICIPATION_DAYS_URGENT if urgency else PARTICIPATION_DAYS
    return invited + timedelta(days=days)


def check_participation_deadline(
    invited: date, deadline: date, *, urgency: bool = False, light_touch: bool = False
) -> date | None:
    """Check a participation deadline against the minimum participation period (s.54(3), (5)).

    The participation deadline must be on or after the earliest one allowed by
    ``earliest_participation_deadline``; otherwise ``participation_period_too_short`` is raised.
    Returns the earliest allowed deadline (None for a light touch contract, which has no minimum).
    """
    earliest = earliest_participation_deadline(invited, urgency=urgency, light_touch=light_touch)
    if earliest is not None and deadline < earliest:
        days = PARTICIPATION_DAYS_URGENT if urgency else PARTICIPATION_DAYS
        section = f"{ACT} s.54(3), (5)"
        reason = " because of a state of urgency" if urgency else ""
        raise RuleViolation(
            code="participation_period_too_short",
            message=(
                f"The participation deadline must be on or after {format_date(earliest)}:"
                f" at least {days} days{reason} beginning with the day after the tender notice"
                f" ({section})."
            ),
            section=section,
        )
    return earliest


@dataclass(frozen=True, kw_only=True)
class TenderingFacts:
    """The facts that decide which entries of the s.54(4) table apply to a tendering period.

    Every flag defaults to the answer that gives the longest minimum period, so a fact nobody
    recorded can never shorten it (with everything left at its default the minimum is 35 days,
    entry 10).

    The planned procurement notice can be given either as ``qualifying_planned_procurement_notice``
    (already decided) or as the two publication dates, from which s.15(3) decides it; not both.
    """

    light_touch: bool = False
    #: A utilities contract (entries 2 and 3).
    utilities: bool = False
    #: The authority is a central government authority (PR 2024 reg 44 and Sch 2). A police force
    #: in England is not, so entries 2 and 3 are open to it.
    central_government_authority: bool = False
    #: The tendering period was agreed between the authority and each pre-selected supplier.
    negotiated_period_agreed: bool = False
    #: Tenders may be submitted only by pre-selected suppliers (assessed against conditions of
    #: participation before being invited to tender, or members of a dynamic market).
    preselected_suppliers_only: bool = False
    qualifying_planned_procurement_notice: bool = False
    planned_procurement_notice_published: date | None = None
    tender_notice_published: date | None = None
    #: The authority considers that a state of urgency makes the other minimums impractical.
    urgency: bool = False
    #: The contract is awarded by reference to suppliers' membership of a dynamic market.
    dynamic_market_award: bool = False
    #: Tenders may be submitted electronically.
    electronic_submission: bool = False
    #: All the associated tender documents are provided at the same time as the tender notice.
    all_documents_at_notice: bool = False

    def __post_init__(self) -> None:
        if self.planned_procurement_notice_published is not None:
            if self.qualifying_planned_procurement_notice:
                raise ValueError(
                    "Give either qualifying_planned_procurement_notice or the publication dates,"
                    " not both."
                )
            if self.tender_notice_published is None:
                raise ValueError(
                    "tender_notice_published is needed to decide whether the planned procurement"
                    " notice qualifies under s.15(3)."
                )

    @property
    def has_qualifying_planned_procurement_notice(self) -> bool:
        """Whether a qualifying planned procurement notice was published (s.15(3))."""
        if self.planned_procurement_notice_published is not None:
            assert self.tender_notice_published is not None  # checked in __post_init__
            return is_qualifying_planned_procurement_notice(
                self.planned_procurement_notice_published, self.tender_notice_published
            )
        return self.qualifying_planned_procurement_notice


def _utilities_or_not_central(facts: TenderingFacts) -> bool:
    return facts.utilities or not facts.central_government_authority


@dataclass(frozen=True)
class TenderingTableEntry:
    """One row of the table in s.54(4): a circumstance and the minimum tendering period."""

    number: int
    days: int | None
    circumstance: str
    applies: Callable[[TenderingFacts], bool]


#: The table in Procurement Act 2023 s.54(4), in the Act's order. ``days`` None means no minimum.
TENDERING_PERIOD_TABLE: tuple[TenderingTableEntry, ...] = (
    TenderingTableEntry(
        1,
        None,
        "The contract is a light touch contract.",
        lambda f: f.light_touch,
    ),
    TenderingTableEntry(
        2,
        None,
        "The contract is a utilities contract, or the authority is not a central government"
        " authority, and the tendering period has been agreed with each pre-selected supplier.",
        lambda f: _utilities_or_not_central(f) and f.negotiated_period_agreed,
    ),
    TenderingTableEntry(
        3,
        10,
        "The contract is a utilities contract, or the authority is not a central government"
        " authority, and tenders may be submitted only by pre-selected suppliers.",
        lambda f: _utilities_or_not_central(f) and f.preselected_suppliers_only,
    ),
    TenderingTableEntry(
        4,
        10,
        "A qualifying planned procurement notice was published (s.15(3)).",
        lambda f: f.has_qualifying_planned_procurement_notice,
    ),
    TenderingTableEntry(
        5,
        10,
        "The authority considers that a state of urgency makes the other minimum periods"
        " impractical.",
        lambda f: f.urgency,
    ),
    TenderingTableEntry(
        6,
        10,
        "The contract is awarded by reference to suppliers' membership of a dynamic market.",
        lambda f: f.dynamic_market_award,
    ),
    TenderingTableEntry(
        7,
        25,
        "Tenders may be submitted electronically and all the tender documents are provided with"
        " the tender notice.",
        lambda f: f.electronic_submission and f.all_documents_at_notice,
    ),
    TenderingTableEntry(
        8,
        30,
        "Tenders may be submitted electronically but the tender documents are not all provided"
        " with the tender notice.",
        lambda f: f.electronic_submission and not f.all_documents_at_notice,
    ),
    TenderingTableEntry(
        9,
        30,
        "Tenders may not be submitted electronically but all the tender documents are provided"
        " with the tender notice.",
        lambda f: not f.electronic_submission and f.all_documents_at_notice,
    ),
    TenderingTableEntry(
        10,
        35,
        "Tenders may not be submitted electronically and the tender documents are not all"
        " provided with the tender notice.",
        lambda f: not f.electronic_submission and not f.all_documents_at_notice,
    ),
)


@dataclass(frozen=True, kw_only=True)
class TenderingPeriod:
    """The minimum tendering period that applies, and the s.54(4) table entry that gives it.

    ``days`` is None when there is no minimum. ``applicable_entries`` lists every entry whose
    circumstance applies, in table order, so that a page can show which others were available.
    """

    days: int | None
    entry: int
    circumstance: str
    legal_basis: str
    applicable_entries: tuple[int, ...]


def minimum_tendering_period(facts: TenderingFacts) -> TenderingPeriod:
    """The minimum tendering period: the shortest applicable entry of the s.54(4) table.

    "Where more than one entry in the table applies, the shortest minimum period applies"
    (Procurement Act 2023 s.54(4)). Every entry is evaluated. No minimum (entries 1 and 2) is
    shorter than any number of days; between entries giving the same period the lower entry
    number is reported. Exactly one of entries 7 to 10 always applies, so there is always a
    result.
    """
    applicable = [entry for entry in TENDERING_PERIOD_TABLE if entry.applies(facts)]
    chosen = min(applicable, key=lambda e: (-1 if e.days is None else e.days, e.number))
    legal_basis = f"{ACT} s.54(4), table entry {chosen.number}"
    if chosen.number == 4:
        legal_basis += f"; {ACT} s.15(3)"
    return TenderingPeriod(
        days=chosen.days,
        entry=chosen.number,
        circumstance=chosen.circumstance,
        legal_basis=legal_basis,
        applicable_entries=tuple(entry.number for entry in applicable),
    )


def earliest_tender_deadline(
    invited: date, facts: TenderingFacts
) -> tuple[date | None, TenderingPeriod]:
    """The earliest tender deadline, and the s.54(4) period that sets it (s.54(4)–(5)).

    The tendering period begins with the day after the invitation to submit tenders (the tender
    notice in an open procedure; the invitation to tender in a competitive flexible procedure),
    so the earliest deadline is ``invited`` plus the minimum number of days (Procurement Act 2023
    s.54(5)). None when there is no minimum.
    """
    period = minimum_tendering_period(facts)
    if period.days is None:
        return None, period
    return invited + timedelta(days=period.days), period


def check_tender_deadline(invited: date, deadline: date, facts: TenderingFacts) -> date | None:
    """Check a tender deadline against the minimum tendering period (s.54(4)–(5)).

    The tender deadline must be on or after the earliest one allowed by
    ``earliest_tender_deadline``; otherwise ``tendering_period_too_short`` is raised. Returns the
    earliest allowed deadline (None where the table gives no minimum).
    """
    earliest, period = earliest_tender_deadline(invited, facts)
    if earliest is not None and deadline < earliest:
        section = f"{ACT} s.54(4), (5)"
        raise RuleViolation(
            code="tendering_period_too_short",
            message=(
                f"The tender deadline must be on or after {format_date(earliest)}:"
                f" at least {period.days} days beginning with the day after the invitation to"
                f" submit tenders ({ACT} s.54(4) table entry {period.entry}, s.54(5))."
            ),
            section=section,
        )
    return earliest


# ---------------------------------------------------------------------------------------------
# Notice and notification deadlines (calendar days, "beginning with" the trigger day)
# ---------------------------------------------------------------------------------------------

CONTRACT_DETAILS_DAYS = 30
CONTRACT_DETAILS_DAYS_LIGHT_TOUCH = 120
CONTRACT_COPY_DAYS = 90
NOTICE_DAYS = 30
PIPELINE_DAYS = 56


def contract_details_notice_due(entered_into: date, *, light_touch: bool = False) -> date:
    """The last day for publishing the contract details notice (UK7) (s.53(1)).

    The authority must publish a contract details notice before the end of the period of 30 days
    beginning with the day on which it enters into the public contract (Procurement Act 2023
    s.53(1); content in Procurement Regulations 2024 regs 32–35, including reg 33 for frameworks
    and reg 34 for call-offs). For a light touch contract the period is 120 days.
    """
    days = CONTRACT_DETAILS_DAYS_LIGHT_TOUCH if light_touch else CONTRACT_DETAILS_DAYS
    return _last_of_days(entered_into, days)


def contract_copy_due(entered_into: date) -> date:
    """The last day for publishing a copy of a contract worth more than £5 million (s.53(3)).

    The authority must publish a copy of the contract before the end of the period of 90 days
    beginning with the day on which it is entered into (Procurement Act 2023 s.53(3)).
    """
    return _last_of_days(entered_into, CONTRACT_COPY_DAYS)


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


def contract_performance_notice_due(first_applies: date) -> date:
    """The last day for a contract performance notice (UK9) about a breach or poor performance.

    Where a supplier's breach leads to termination, damages or a settlement, or poor performance
    is not put right after a proper opportunity, the authority must publish a contract
    performance notice within 30 days beginning with the day on which s.71(5) first applies
    (Procurement Act 2023 s.71(3)–(5); Procurement Regulations 2024 reg 39(6)–(7)). In force from
    1 January 2026.
    """
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


# ---------------------------------------------------------------------------------------------
# Frameworks (s.47)
# ---------------------------------------------------------------------------------------------

FRAMEWORK_MAX_YEARS = 4
FRAMEWORK_MAX_YEARS_DEFENCE_OR_UTILITIES = 8


def framework_maximum_end(
    start: date, *, defence_and_security: bool = False, utilities: bool = False
) -> date:
    """The last day of the longest term a framework may have without recorded reasons (s.47).

    A framework must not provide for a term of more than 4 years, or 8 years for a defence and
    security framework or a utilities framework (Procurement Act 2023 s.47(1)). A term of N years
    beginning with ``start`` ends on the day before its N-th anniversary.
    """
    years = (
        FRAMEWORK_MAX_YEARS_DEFENCE_OR_UTILITIES
        if defence_and_security or utilities
        else FRAMEWORK_MAX_YEARS
    )
    return _anniversary(start, years) - timedelta(days=1)


def check_framework_term(
    start: date,
    end: date,
    *,
    defence_and_security: bool = False,
    utilities: bool = False,
    longer_term_reasons_given: bool = False,
) -> date:
    """Check a framework's term against the maximum in s.47; return the maximum end date.

    A framework must not provide for a term of more than 4 years (8 for a defence and security or
    utilities framework) (Procurement Act 2023 s.47(1)), unless the authority considers that the
    nature of the goods, services or works requires a longer term, in which case it must set out
    its reasons in the tender or transparency notice (s.47(2)–(3)). ``end`` is the last day of
    the term. A longer term without reasons raises ``framework_term_too_long``.

    s.47 does not apply to open frameworks, private utility frameworks or light touch frameworks
    (s.47(5)); do not call this for them.
    """
    if end < start:
        raise ValueError("A framework cannot end before it starts.")
    maximum_end = framework_maximum_end(
        start, defence_and_security=defence_and_security, utilities=utilities
    )
    if end > maximum_end and not longer_term_reasons_given:
        years = (
            FRAMEWORK_MAX_YEARS_DEFENCE_OR_UTILITIES
            if defence_and_security or utilities
            else FRAMEWORK_MAX_YEARS
        )
        section = f"{ACT} s.47(1)–(3)"
        raise RuleViolation(
            code="framework_term_too_long",
            message=(
                f"A framework may last no more than {years} years, so its term must end on or"
                f" before {format_date(maximum_end)}, unless the nature of the goods, services or"
                f" works requires a longer term and the reasons are set out in the tender or"
                f" transparency notice ({section})."
            ),
            section=section,
        )
    return maximum_end


# ---------------------------------------------------------------------------------------------
# Every derived date, for a "Timescales" page
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class DerivedDate:
    """One date worked out from a reference date, with the provision and a plain explanation."""

    name: str
    date: date | None
    legal_basis: str
    explanation: str


def all_timescales(reference: date, facts: TenderingFacts | None = None) -> list[DerivedDate]:
    """Every date in this module worked out from one reference date, for a "Timescales" page.

    The reference date is read as whatever starts each clock: the publication date of the
    contract award notice (standstill, s.51), the invitation (participation and tendering
    periods, s.54), the day the contract is entered into (UK7 and the contract copy, s.53), the
    termination day (UK11, s.80), and so on; each entry's explanation says which. The pipeline
    notice is the next one due on or after the reference date. ``facts``
    decides the s.54(4) entry, the light touch periods and the framework maximum (utilities);
    without it the conservative defaults of ``TenderingFacts`` apply.
    """
    facts = facts or TenderingFacts()
    when = format_date(reference)
    mandatory = standstill(reference)
    debarment = debarment_standstill(reference)
    participation = earliest_participation_deadline(
        reference, urgency=facts.urgency, light_touch=facts.light_touch
    )
    tender_deadline, tendering = earliest_tender_deadline(reference, facts)
    planned_window = qualifying_planned_procurement_window(reference)
    participation_days = PARTICIPATION_DAYS_URGENT if facts.urgency else PARTICIPATION_DAYS
    uk7_days = CONTRACT_DETAILS_DAYS_LIGHT_TOUCH if facts.light_touch else CONTRACT_DETAILS_DAYS
    fy_start = financial_year_start(reference)
    if pipeline_notice_due(fy_start.year) < reference:
        fy_start = date(fy_start.year + 1, 4, 1)  # this year's notice was due already
    framework_years = (
        FRAMEWORK_MAX_YEARS_DEFENCE_OR_UTILITIES if facts.utilities else FRAMEWORK_MAX_YEARS
    )

    if participation is None:
        participation_text = "There is no minimum participation period for a light touch contract."
    else:
        participation_text = (
            f"If the tender notice is published on {when}: {participation_days} days beginning"
            " with the next day."
        )
    if tender_deadline is None:
        tender_text = f"No minimum tendering period applies (table entry {tendering.entry})."
    else:
        tender_text = (
            f"If the invitation to submit tenders is sent on {when}: {tendering.days} days"
            f" beginning with the next day (table entry {tendering.entry})."
        )

    return [
        DerivedDate(
            name="Mandatory standstill ends",
            date=mandatory.last_day,
            legal_basis=f"{ACT} s.51(1)–(2)",
            explanation=(
                f"If the contract award notice is published on {when}: the last of 8 working"
                " days beginning with that day (or the next working day)."
            ),
        ),
        DerivedDate(
            name="Earliest day to enter into the contract",
            date=mandatory.earliest_entry,
            legal_basis=f"{ACT} s.51(1)",
            explanation="The day after the mandatory standstill period ends.",
        ),
        DerivedDate(
            name="Earliest participation deadline",
            date=participation,
            legal_basis=f"{ACT} s.54(3), (5)",
            explanation=participation_text,
        ),
        DerivedDate(
            name="Earliest tender deadline",
            date=tender_deadline,
            legal_basis=f"{tendering.legal_basis}; s.54(5)",
            explanation=tender_text,
        ),
        DerivedDate(
            name="Contract details notice (UK7) due",
            date=contract_details_notice_due(reference, light_touch=facts.light_touch),
            legal_basis=f"{ACT} s.53(1)",
            explanation=(
                f"If the contract is entered into on {when}: {uk7_days} days beginning with"
                " that day."
            ),
        ),
        DerivedDate(
            name="Copy of the contract due (contracts over £5 million)",
            date=contract_copy_due(reference),
            legal_basis=f"{ACT} s.53(3)",
            explanation=(
                f"If the contract is entered into on {when}: 90 days beginning with that day."
            ),
        ),
        DerivedDate(
            name="Contract termination notice (UK11) due",
            date=contract_termination_notice_due(reference),
            legal_basis=f"{ACT} s.80",
            explanation=f"If the contract ends on {when}: 30 days beginning with that day.",
        ),
        DerivedDate(
            name="Contract performance notice (UK9) due",
            date=contract_performance_notice_due(reference),
            legal_basis=f"{ACT} s.71(3)–(5)",
            explanation=(
                f"If s.71(5) (breach or unremedied poor performance) first applies on {when}:"
                " 30 days beginning with that day."
            ),
        ),
        DerivedDate(
            name="Exclusion notified to the Minister",
            date=exclusion_notification_due(reference),
            legal_basis=f"{ACT} s.59",
            explanation=(
                f"If a supplier is excluded or a tender disregarded on {when}: 30 days"
                " beginning with that day."
            ),
        ),
        DerivedDate(
            name="Payments compliance notice (UK17) due",
            date=payments_compliance_notice_due(reference),
            legal_basis=f"{ACT} s.69; {REGULATIONS} reg 38",
            explanation=(
                "For the reporting period ending"
                f" {format_date(payments_compliance_period_end(reference))}, which contains"
                f" {when}: 30 days beginning with the period's last day."
            ),
        ),
        DerivedDate(
            name="Payments information (over £30,000) due",
            date=payments_information_due(reference),
            legal_basis=f"{ACT} s.70",
            explanation=(
                f"For payments made in the quarter containing {when}: 30 days beginning with"
                " the quarter's last day."
            ),
        ),
        DerivedDate(
            name="Pipeline notice (UK1) due",
            date=pipeline_notice_due(fy_start.year),
            legal_basis=f"{ACT} s.93",
            explanation=(
                f"The next one due on or after {when}, for the financial year beginning"
                f" {format_date(fy_start)}: 56 days beginning with 1 April."
            ),
        ),
        DerivedDate(
            name="Debarment standstill ends",
            date=debarment.last_day,
            legal_basis=f"{ACT} s.62(6)",
            explanation=(
                f"If the supplier is given notice of a debarment decision on {when}: the last"
                " of 8 working days beginning with that day (or the next working day)."
            ),
        ),
        DerivedDate(
            name="Framework maximum term ends",
            date=framework_maximum_end(reference, utilities=facts.utilities),
            legal_basis=f"{ACT} s.47(1)",
            explanation=(
                f"If the framework starts on {when}: {framework_years} years, unless reasons"
                " for a longer term are set out in the tender or transparency notice."
            ),
        ),
        DerivedDate(
            name="Qualifying planned procurement notice: earliest tender notice",
            date=planned_window.earliest,
            legal_basis=f"{ACT} s.15(3)",
            explanation=(
                f"If the planned procurement notice is published on {when}: at least 40 days later."
            ),
        ),
        DerivedDate(
            name="Qualifying planned procurement notice: latest tender notice",
            date=planned_window.latest,
            legal_basis=f"{ACT} s.15(3)",
            explanation=(
                f"If the planned procurement notice is published on {when}: no more than"
                " 12 months later."
            ),
        ),
    ]
