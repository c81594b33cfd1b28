"""Every date derived from one reference date, for the "Timescales" page and API. Pure."""

from dataclasses import dataclass
from datetime import date

from procura.core.formatting import format_date

from .days import ACT, REGULATIONS
from .frameworks import (
    FRAMEWORK_MAX_YEARS,
    FRAMEWORK_MAX_YEARS_DEFENCE_OR_UTILITIES,
    framework_maximum_end,
)
from .notice_deadlines import (
    CONTRACT_COPY_DAYS,
    CONTRACT_COPY_DAYS_LIGHT_TOUCH,
    CONTRACT_DETAILS_DAYS,
    CONTRACT_DETAILS_DAYS_LIGHT_TOUCH,
    contract_copy_due,
    contract_details_notice_due,
    contract_performance_notice_due,
    contract_termination_notice_due,
    exclusion_notification_due,
    financial_year_start,
    payments_compliance_notice_due,
    payments_compliance_period_end,
    payments_information_due,
    pipeline_notice_due,
)
from .periods import (
    PARTICIPATION_DAYS,
    PARTICIPATION_DAYS_URGENT,
    TenderingFacts,
    earliest_participation_deadline,
    earliest_tender_deadline,
    qualifying_planned_procurement_window,
)
from .standstills import debarment_standstill, standstill

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
        FRAMEWORK_MAX_YEARS_DEFENCE_OR_UTILITIES
        if facts.utilities or facts.defence_and_security
        else FRAMEWORK_MAX_YEARS
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

    copy_days = CONTRACT_COPY_DAYS_LIGHT_TOUCH if facts.light_touch else CONTRACT_COPY_DAYS
    if facts.light_touch:
        standstill_dates = [
            DerivedDate(
                name="Mandatory standstill ends",
                date=None,
                legal_basis=f"{ACT} s.51(3)(f)",
                explanation=(
                    "A light touch contract has no mandatory standstill. If the contract award"
                    " notice provides for a voluntary one, it is at least 8 working days and"
                    " binds the authority (s.51(4)–(5))."
                ),
            ),
            DerivedDate(
                name="Earliest day to enter into the contract",
                date=reference,
                legal_basis=f"{ACT} s.51(3)(f)",
                explanation=(
                    f"If the contract award notice is published on {when}: that day, unless the"
                    " notice provides for a voluntary standstill."
                ),
            ),
        ]
    else:
        standstill_dates = [
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
        ]
    if facts.light_touch:
        performance_text = "A light touch contract needs no contract performance notice (s.71(6))."
    else:
        performance_text = (
            f"If s.71(5) (breach or unremedied poor performance) first applies on {when}:"
            " 30 days beginning with that day."
        )

    return [
        *standstill_dates,
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
            legal_basis=f"{ACT} s.53(1)(a)" if facts.light_touch else f"{ACT} s.53(1)(b)",
            explanation=(
                f"If the contract is entered into on {when}: {uk7_days} days beginning with"
                " that day."
            ),
        ),
        DerivedDate(
            name="Copy of the contract due (contracts over £5 million)",
            date=contract_copy_due(reference, light_touch=facts.light_touch),
            legal_basis=f"{ACT} s.53(3)(a)" if facts.light_touch else f"{ACT} s.53(3)(b)",
            explanation=(
                f"If the contract is entered into on {when}: {copy_days} days beginning with"
                " that day."
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
            date=contract_performance_notice_due(reference, light_touch=facts.light_touch),
            legal_basis=f"{ACT} s.71(6)" if facts.light_touch else f"{ACT} s.71(3)–(5)",
            explanation=performance_text,
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
            date=framework_maximum_end(
                reference,
                defence_and_security=facts.defence_and_security,
                utilities=facts.utilities,
            ),
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
                f"If the planned procurement notice is published on {when}: at least 40 clear"
                " days later (neither publication day counts)."
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
