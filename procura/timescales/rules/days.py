"""Counting days: working days (Procurement Act 2023 s.123(1)), with every UK bank holiday, and
the calendar arithmetic the periods share. Pure."""

import calendar
import functools
from datetime import date, timedelta

import holidays

from ..proclamations import PROCLAIMED_BANK_HOLIDAYS, REGION_NAMES

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
