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

One module per part of the law, every public name re-exported here (`rules.standstill(...)`):
`days` (working days and day arithmetic), `standstills`, `periods` (s.54), `notice_deadlines`,
`frameworks` (s.47), `derived` (every date from one reference date).
"""

from procura.core.errors import RuleViolation
from procura.core.formatting import format_date

from .days import (
    ACT,
    REGULATIONS,
    bank_holiday_names,
    first_working_day_on_or_after,
    is_working_day,
    last_of_working_days,
    uk_bank_holidays,
    working_days_between,
)
from .derived import DerivedDate, all_timescales
from .frameworks import (
    FRAMEWORK_MAX_YEARS,
    FRAMEWORK_MAX_YEARS_DEFENCE_OR_UTILITIES,
    check_framework_term,
    framework_maximum_end,
    framework_maximum_years,
)
from .notice_deadlines import (
    CONTRACT_COPY_DAYS,
    CONTRACT_COPY_DAYS_LIGHT_TOUCH,
    CONTRACT_DETAILS_DAYS,
    CONTRACT_DETAILS_DAYS_LIGHT_TOUCH,
    NOTICE_DAYS,
    PIPELINE_DAYS,
    contract_copy_due,
    contract_details_notice_due,
    contract_performance_notice_due,
    contract_termination_notice_due,
    exclusion_notification_due,
    financial_year_start,
    modified_contract_copy_due,
    payments_compliance_notice_due,
    payments_compliance_period_end,
    payments_information_due,
    pipeline_notice_due,
)
from .periods import (
    PARTICIPATION_DAYS,
    PARTICIPATION_DAYS_URGENT,
    PLANNED_NOTICE_MAX_MONTHS,
    PLANNED_NOTICE_MIN_DAYS,
    TENDERING_PERIOD_TABLE,
    DateWindow,
    TenderingFacts,
    TenderingPeriod,
    TenderingTableEntry,
    check_participation_deadline,
    check_tender_deadline,
    check_tendering_facts,
    deadline_day,
    earliest_participation_deadline,
    earliest_tender_deadline,
    is_qualifying_planned_procurement_notice,
    minimum_tendering_period,
    qualifying_planned_procurement_window,
)
from .standstills import (
    STANDSTILL_WORKING_DAYS,
    StandstillPeriod,
    award_standstill,
    contract_change_standstill,
    debarment_standstill,
    standstill,
    voluntary_standstill,
)

__all__ = [
    "ACT",
    "CONTRACT_COPY_DAYS",
    "CONTRACT_COPY_DAYS_LIGHT_TOUCH",
    "CONTRACT_DETAILS_DAYS",
    "CONTRACT_DETAILS_DAYS_LIGHT_TOUCH",
    "DateWindow",
    "DerivedDate",
    "FRAMEWORK_MAX_YEARS",
    "FRAMEWORK_MAX_YEARS_DEFENCE_OR_UTILITIES",
    "NOTICE_DAYS",
    "PARTICIPATION_DAYS",
    "PARTICIPATION_DAYS_URGENT",
    "PIPELINE_DAYS",
    "PLANNED_NOTICE_MAX_MONTHS",
    "PLANNED_NOTICE_MIN_DAYS",
    "REGULATIONS",
    "RuleViolation",
    "STANDSTILL_WORKING_DAYS",
    "StandstillPeriod",
    "TENDERING_PERIOD_TABLE",
    "TenderingFacts",
    "TenderingPeriod",
    "TenderingTableEntry",
    "all_timescales",
    "award_standstill",
    "bank_holiday_names",
    "check_framework_term",
    "check_participation_deadline",
    "check_tender_deadline",
    "check_tendering_facts",
    "contract_change_standstill",
    "contract_copy_due",
    "contract_details_notice_due",
    "contract_performance_notice_due",
    "contract_termination_notice_due",
    "deadline_day",
    "debarment_standstill",
    "earliest_participation_deadline",
    "earliest_tender_deadline",
    "exclusion_notification_due",
    "financial_year_start",
    "first_working_day_on_or_after",
    "format_date",
    "framework_maximum_end",
    "framework_maximum_years",
    "is_qualifying_planned_procurement_notice",
    "is_working_day",
    "last_of_working_days",
    "minimum_tendering_period",
    "modified_contract_copy_due",
    "payments_compliance_notice_due",
    "payments_compliance_period_end",
    "payments_information_due",
    "pipeline_notice_due",
    "qualifying_planned_procurement_window",
    "standstill",
    "uk_bank_holidays",
    "voluntary_standstill",
    "working_days_between",
]
