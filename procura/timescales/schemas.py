from datetime import date, datetime

from ninja import Field, Schema


class TenderingFactsIn(Schema):
    """The facts that decide the s.54(4) tendering period (every flag defaults to 'no')."""

    light_touch: bool = False
    defence_and_security: bool = False
    utilities: bool = False
    central_government_authority: bool = False
    negotiated_period_agreed: bool = False
    preselected_suppliers_only: bool = False
    qualifying_planned_procurement_notice: bool = False
    urgency: bool = False
    dynamic_market_award: bool = False
    electronic_submission: bool = False
    all_documents_at_notice: bool = False


class StandstillOut(Schema):
    published: date
    first_day: date = Field(
        description="Day 1 of the count (the next working day if published on a non-working day)"
    )
    last_day: date = Field(description="The last day of the standstill period")
    earliest_entry: date = Field(description="The first day the contract may be entered into")
    working_days: int
    legal_basis: str


class DeadlineOut(Schema):
    invited: date
    earliest_deadline: date | None = Field(description="None when no minimum applies")
    minimum_days: int | None
    legal_basis: str
    table_entry: int | None = None
    circumstance: str | None = None
    applicable_entries: list[int] = []


class DerivedDateOut(Schema):
    name: str
    date: date | None
    legal_basis: str
    explanation: str


class LastDayOut(Schema):
    deadline: datetime = Field(description="The deadline, in London time")
    last_day: date = Field(
        description="The last day on which requests or tenders can be submitted: the deadline's"
        " day, or the day before for a deadline at 00:00"
    )
    legal_basis: str


class WorkingDayOut(Schema):
    date: date
    working_day: bool
    reason: str
    legal_basis: str


class BankHolidayOut(Schema):
    date: date
    name: str
