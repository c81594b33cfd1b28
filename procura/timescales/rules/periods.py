"""Minimum participation and tendering periods (Procurement Act 2023 s.54; s.15(3)), with the
s.54(4) table as data. Pure."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta

from procura.core.errors import RuleViolation
from procura.core.formatting import format_date

from .days import ACT, _add_months

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

    "At least 40 days before" is read as 40 clear days: neither the day the planned procurement
    notice is published nor the day of the tender notice counts, so a notice published on
    2 February 2026 allows a tender notice from 15 March 2026 (41 days later), not 14 March. This
    is the conservative reading of "at least N days before" (R v Turner [1910] 1 KB 346; Re
    Hector Whaling Ltd [1936] Ch 208); the Act has no counting rule of its own for s.15(3), and a
    reading that is one day too short would lose the 10-day period of entry 4 altogether.
    """
    return DateWindow(
        earliest=planned_notice_published + timedelta(days=PLANNED_NOTICE_MIN_DAYS + 1),
        latest=_add_months(planned_notice_published, PLANNED_NOTICE_MAX_MONTHS),
        legal_basis=f"{ACT} s.15(3)",
    )


def is_qualifying_planned_procurement_notice(
    planned_notice_published: date, tender_notice_published: date
) -> bool:
    """Whether a planned procurement notice qualifies under s.15(3) for a given tender notice.

    It qualifies if it was published at least 40 clear days, and no more than 12 months, before
    the day on which the tender notice is published (Procurement Act 2023 s.15(3); clear days as
    in ``qualifying_planned_procurement_window``).
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
    #: A defence and security contract or framework: only the framework maximum (s.47(1)) reads
    #: it; no entry of the s.54(4) table does.
    defence_and_security: bool = False
    #: A utilities contract (entries 2 and 3).
    utilities: bool = False
    #: The authority is a central government authority (PR 2024 reg 44 and Sch 2). A police force
    #: in England is not, so entries 2 and 3 are open to it.
    central_government_authority: bool = False
    #: The tendering period was agreed between the authority and each pre-selected supplier.
    #: It gives entry 2 only together with ``preselected_suppliers_only`` (s.54(5)): without
    #: pre-selection there is nobody to agree it with.
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
        " authority, tenders may be submitted only by pre-selected suppliers, and the tendering"
        " period has been agreed with each of them.",
        lambda f: (
            _utilities_or_not_central(f)
            and f.preselected_suppliers_only
            and f.negotiated_period_agreed
        ),
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


def deadline_day(day: date, at: time) -> date:
    """The last day on which requests or tenders can be submitted, for a deadline at ``at`` on
    ``day`` (London time).

    A participation or tendering period is a period "beginning with the day after" the invitation
    and ending with the day by which requests or tenders must be submitted (Procurement Act 2023
    s.54(5)); s.54(4) sets its minimum length in days. A deadline at 00:00 on day D closes as D
    begins, so nothing can be submitted on D: the period ends with D − 1, and D − 1 is the day
    counted. Any later time on D leaves part of D usable, so D is counted. So a tender notice on
    2 February 2026 with a 25-day minimum allows any deadline on 27 February 2026 after 00:00,
    or 00:00 on 28 February, but not 00:00 on 27 February.
    """
    if at == time(0, 0):
        return day - timedelta(days=1)
    return day


def check_tendering_facts(facts: TenderingFacts, *, open_procedure: bool) -> None:
    """Refuse tendering facts that the procedure cannot have (s.20(2)(a), s.54(4)–(5)).

    Table entries 2 and 3 of s.54(4) apply only where tenders may be submitted only by
    pre-selected suppliers: suppliers assessed as meeting conditions of participation before
    being invited to tender, or members of a dynamic market (s.54(5)). An open procedure is a
    single-stage procedure with no restriction on who may submit tenders (s.20(2)(a)), so nobody
    is pre-selected and neither entry applies; it is refused with ``open_procedure_preselection``.
    A negotiated tendering period (entry 2) is agreed with each pre-selected supplier, so it
    cannot be claimed without pre-selection: ``negotiated_period_without_preselection``.
    """
    if open_procedure and (facts.preselected_suppliers_only or facts.negotiated_period_agreed):
        section = f"{ACT} s.20(2)(a); {ACT} s.54(4)–(5)"
        raise RuleViolation(
            code="open_procedure_preselection",
            message=(
                "An open procedure lets any supplier submit a tender, so no supplier is"
                " pre-selected: the 10-day and agreed tendering periods (s.54(4) table entries"
                ' 2 and 3) are not available. Untick "only pre-selected suppliers may tender"'
                ' and "the tendering period was agreed"; the minimum is 25, 30 or 35 days'
                f" ({section})."
            ),
            section=section,
            field="tendering_facts",
        )
    if facts.negotiated_period_agreed and not facts.preselected_suppliers_only:
        section = f"{ACT} s.54(4)–(5)"
        raise RuleViolation(
            code="negotiated_period_without_preselection",
            message=(
                "A tendering period can be agreed only with pre-selected suppliers, where only"
                f" they may submit tenders (s.54(4) table entry 2, s.54(5)) ({section})."
            ),
            section=section,
            field="tendering_facts",
        )
