"""Standstill periods (Procurement Act 2023 ss.51, 76) and the debarment standstill (s.62(6)),
counted in working days. Pure."""

from dataclasses import dataclass
from datetime import date, timedelta

from procura.core.errors import RuleViolation
from procura.core.formatting import format_date

from .days import ACT, first_working_day_on_or_after, last_of_working_days

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


def award_standstill(
    published: date, *, light_touch: bool = False, voluntary_days: int | None = None
) -> StandstillPeriod | None:
    """The standstill that must end before a contract awarded after a competitive tendering
    procedure is entered into, or None when there is none (s.51).

    Every such contract has the mandatory standstill (``standstill``, s.51(1)–(2)), except a
    light touch contract, which is exempt (Procurement Act 2023 s.51(3)(f)): it may be entered
    into at once, unless the contract award notice provided for a voluntary standstill
    (``voluntary_days``), which then binds the authority (s.51(4)–(5), ``voluntary_standstill``).
    ``voluntary_days`` for any other contract is a longer mandatory period (s.51(1)(b)).
    """
    if light_touch:
        if voluntary_days is None:
            return None
        return voluntary_standstill(published, voluntary_days)
    return standstill(published, voluntary_days or STANDSTILL_WORKING_DAYS)


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
