"""Public timescale calculators: no sign-in needed. Every answer cites its legal basis."""

from datetime import date, datetime

from ninja import Query, Router

from procura.core import clock
from procura.core.errors import DomainError
from procura.core.openapi import refusals

from . import rules
from .schemas import (
    BankHolidayOut,
    DeadlineOut,
    DerivedDateOut,
    LastDayOut,
    StandstillOut,
    TenderingFactsIn,
    WorkingDayOut,
)
from .selectors import describe_day

router = Router(tags=["timescales"], auth=None)

EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


def _in_range(name: str, value: date) -> date:
    if not EARLIEST <= value <= LATEST:
        raise DomainError(
            "invalid_input",
            f"{name} must be between 1 January 2000 and 31 December 2100.",
            field=name,
        )
    return value


@router.get(
    "/standstill",
    response=StandstillOut,
    summary="Standstill period (s.51)",
    openapi_extra=refusals("standstill_too_short"),
)
def standstill(request, published: date, days: int = rules.STANDSTILL_WORKING_DAYS):
    """The mandatory standstill: 8 working days beginning with the day the contract award notice
    is published; the contract may be entered into from the day after (`earliest_entry`)."""
    return rules.standstill(_in_range("published", published), days)


@router.get(
    "/participation", response=DeadlineOut, summary="Earliest participation deadline (s.54(3))"
)
def participation(request, invited: date, urgency: bool = False, light_touch: bool = False):
    earliest = rules.earliest_participation_deadline(
        _in_range("invited", invited), urgency=urgency, light_touch=light_touch
    )
    days = None if light_touch else (10 if urgency else 25)
    return {
        "invited": invited,
        "earliest_deadline": earliest,
        "minimum_days": days,
        "legal_basis": "Procurement Act 2023 s.54(3), (5)",
    }


@router.get("/tendering", response=DeadlineOut, summary="Earliest tender deadline (s.54(4))")
def tendering(request, invited: date, facts: Query[TenderingFactsIn]):
    earliest, period = rules.earliest_tender_deadline(
        _in_range("invited", invited), rules.TenderingFacts(**facts.dict())
    )
    return {
        "invited": invited,
        "earliest_deadline": earliest,
        "minimum_days": period.days,
        "legal_basis": period.legal_basis,
        "table_entry": period.entry,
        "circumstance": period.circumstance,
        "applicable_entries": list(period.applicable_entries),
    }


@router.get("/all", response=list[DerivedDateOut], summary="Every date derived from one date")
def all_dates(request, reference: date, facts: Query[TenderingFactsIn]):
    return rules.all_timescales(
        _in_range("reference", reference), rules.TenderingFacts(**facts.dict())
    )


@router.get("/last-day", response=LastDayOut, summary="The last day a deadline leaves (s.54(5))")
def last_day(request, deadline: datetime):
    """The day a s.54 period ends with, for a deadline: a deadline at 00:00 (London time) on a day
    leaves the day before as the last day on which anything can be submitted."""
    if deadline.tzinfo is None:
        raise DomainError(
            "invalid_input",
            "deadline must include a time zone, for example 2026-02-27T00:00:00+00:00.",
            field="deadline",
        )
    local = clock.local(deadline)
    _in_range("deadline", local.date())
    return {
        "deadline": local,
        "last_day": rules.deadline_day(local.date(), local.time()),
        "legal_basis": "Procurement Act 2023 s.54(5)",
    }


@router.get("/working-day", response=WorkingDayOut, summary="Is this a working day? (s.123(1))")
def working_day(request, on: date):
    return describe_day(_in_range("on", on))


@router.get("/bank-holidays", response=list[BankHolidayOut], summary="UK-wide bank holidays")
def bank_holidays(request, year: int):
    if not EARLIEST.year <= year <= LATEST.year:
        raise DomainError("invalid_input", "year must be between 2000 and 2100.", field="year")
    return [
        {"date": day, "name": name} for day, name in sorted(rules.bank_holiday_names(year).items())
    ]
