"""Tests for the timescale rules (Procurement Act 2023). Pure: no database, no clock.

Expected dates were worked out by hand from the law notes (docs/law.md: "Counting time", and the
"Bank holiday table 2025–2031" for the bank holidays), not by running the code.
"""

from datetime import date, time, timedelta

import pytest

from procura.timescales import rules
from procura.timescales.proclamations import PROCLAIMED_BANK_HOLIDAYS
from procura.timescales.rules import (
    RuleViolation,
    TenderingFacts,
    all_timescales,
    award_standstill,
    bank_holiday_names,
    check_framework_term,
    check_participation_deadline,
    check_tender_deadline,
    contract_change_standstill,
    contract_copy_due,
    contract_details_notice_due,
    contract_performance_notice_due,
    contract_termination_notice_due,
    deadline_day,
    debarment_standstill,
    earliest_participation_deadline,
    earliest_tender_deadline,
    exclusion_notification_due,
    financial_year_start,
    first_working_day_on_or_after,
    format_date,
    framework_maximum_end,
    is_qualifying_planned_procurement_notice,
    is_working_day,
    last_of_working_days,
    minimum_tendering_period,
    modified_contract_copy_due,
    payments_compliance_notice_due,
    payments_compliance_period_end,
    payments_information_due,
    pipeline_notice_due,
    qualifying_planned_procurement_window,
    standstill,
    uk_bank_holidays,
    voluntary_standstill,
    working_days_between,
)

# ---------------------------------------------------------------------------------------------
# Working days (s.123(1))
# ---------------------------------------------------------------------------------------------

# The rows of the "Bank holiday table 2025–2031" in docs/law.md, copied verbatim.
LAW_SHEET_UK_WIDE_WEEKDAYS = {
    2025: "01 Jan, 02 Jan, 17 Mar, 18 Apr, 21 Apr, 05 May, 26 May, 14 Jul, 04 Aug, 25 Aug, 01 Dec,"
    " 25 Dec, 26 Dec",
    2026: "01 Jan, 02 Jan, 17 Mar, 03 Apr, 06 Apr, 04 May, 25 May, 15 Jun, 13 Jul, 03 Aug, 31 Aug,"
    " 30 Nov, 25 Dec, 28 Dec",
    2027: "01 Jan, 04 Jan, 17 Mar, 26 Mar, 29 Mar, 03 May, 31 May, 12 Jul, 02 Aug, 30 Aug, 30 Nov,"
    " 27 Dec, 28 Dec",
    2028: "03 Jan, 04 Jan, 17 Mar, 14 Apr, 17 Apr, 01 May, 29 May, 12 Jul, 07 Aug, 28 Aug, 30 Nov,"
    " 25 Dec, 26 Dec",
    2029: "01 Jan, 02 Jan, 19 Mar, 30 Mar, 02 Apr, 07 May, 28 May, 12 Jul, 06 Aug, 27 Aug, 30 Nov,"
    " 25 Dec, 26 Dec",
    2030: "01 Jan, 02 Jan, 18 Mar, 19 Apr, 22 Apr, 06 May, 27 May, 12 Jul, 05 Aug, 26 Aug, 02 Dec,"
    " 25 Dec, 26 Dec",
    2031: "01 Jan, 02 Jan, 17 Mar, 11 Apr, 14 Apr, 05 May, 26 May, 14 Jul, 04 Aug, 25 Aug, 01 Dec,"
    " 25 Dec, 26 Dec",
}
_MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


def _law_sheet_dates(year: int) -> set[date]:
    dates = set()
    for item in LAW_SHEET_UK_WIDE_WEEKDAYS[year].split(","):
        day, month = item.split()
        dates.add(date(year, _MONTHS[month], int(day)))
    return dates


@pytest.mark.parametrize("year", sorted(LAW_SHEET_UK_WIDE_WEEKDAYS))
def test_weekday_bank_holidays_are_the_union_in_the_law_sheet(year):
    # Given the law notes' UK-wide weekday rows (union of E&W, Scotland and NI)
    expected = _law_sheet_dates(year)

    # When the weekday bank holidays for the year are worked out
    weekdays = {d for d in uk_bank_holidays(year) if d.weekday() < 5}

    # Then they match the law notes exactly, and none of them is a working day
    assert weekdays == expected
    assert not any(is_working_day(d) for d in expected)


def test_bank_holidays_include_weekend_dates_as_well_as_their_substitutes():
    holidays_2025 = uk_bank_holidays(2025)

    assert date(2025, 11, 30) in holidays_2025  # St Andrew's Day, a Sunday
    assert date(2025, 12, 1) in holidays_2025  # its substitute
    assert date(2025, 7, 12) in holidays_2025  # Battle of the Boyne, a Saturday
    assert date(2025, 7, 14) in holidays_2025  # its substitute


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (date(2026, 1, 2), "2 January (Scotland)"),
        (date(2027, 1, 4), "2 January substitute (Scotland)"),
        (date(2026, 8, 3), "first Monday in August (Scotland)"),
        (date(2026, 11, 30), "St Andrew's Day (Scotland)"),
        (date(2025, 12, 1), "St Andrew's Day substitute (Scotland)"),
        (date(2030, 12, 2), "St Andrew's Day substitute (Scotland)"),
        (date(2026, 6, 15), "FIFA World Cup day proclaimed for Scotland"),
        (date(2026, 3, 17), "St Patrick's Day (Northern Ireland)"),
        (date(2029, 3, 19), "St Patrick's Day substitute (Northern Ireland)"),
        (date(2026, 7, 13), "Battle of the Boyne substitute (Northern Ireland)"),
        (date(2027, 7, 12), "Battle of the Boyne (Northern Ireland)"),
        (date(2026, 4, 6), "Easter Monday (not Scotland): missing from holidays.GB()"),
        (date(2026, 8, 31), "late August bank holiday (not Scotland)"),
    ],
)
def test_regional_bank_holidays_are_not_working_days(day, why):
    assert day.weekday() < 5
    assert is_working_day(day) is False, why


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 2, 27),  # Friday
        date(2026, 7, 14),  # the day after the Boyne substitute
        date(2026, 12, 1),  # the day after St Andrew's Day
        date(2026, 12, 29),  # between Christmas and New Year
        date(2027, 7, 13),
    ],
)
def test_ordinary_weekdays_are_working_days(day):
    assert is_working_day(day) is True


@pytest.mark.parametrize("day", [date(2026, 2, 7), date(2026, 2, 8)])
def test_weekends_are_not_working_days(day):
    assert is_working_day(day) is False


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 11, 30), "St Andrew's Day (Scotland)"),
        (date(2025, 12, 1), "St Andrew's Day, substitute day (Scotland)"),
        (date(2026, 3, 17), "St Patrick's Day (Northern Ireland)"),
        (date(2026, 7, 13), "Battle of the Boyne, substitute day (Northern Ireland)"),
        (date(2026, 6, 15), "FIFA World Cup bank holiday (Scotland)"),
        (date(2026, 8, 3), "Summer Bank Holiday (Scotland)"),
        (date(2026, 4, 6), "Easter Monday (England, Wales and Northern Ireland)"),
        (date(2026, 12, 25), "Christmas Day"),
        (date(2026, 12, 28), "Boxing Day, substitute day"),
    ],
)
def test_bank_holiday_names_say_where_the_day_is_a_holiday(day, name):
    assert bank_holiday_names(day.year)[day] == name


def test_bank_holiday_names_cover_exactly_the_bank_holidays():
    assert set(bank_holiday_names(2026)) == uk_bank_holidays(2026)


def test_bank_holiday_names_cannot_change_the_cached_calendar():
    # Given a caller that changes the dict it was given
    names = bank_holiday_names(2026)
    names.clear()

    # Then the next caller still gets every day
    assert len(bank_holiday_names(2026)) == 16


def test_every_proclaimed_day_is_a_bank_holiday():
    for proclamation in PROCLAIMED_BANK_HOLIDAYS:
        assert proclamation.day in uk_bank_holidays(proclamation.day.year)


def test_proclaimed_day_stops_the_clock_even_if_the_package_drops_it(monkeypatch):
    # Given a release of the holidays package that no longer has the 15 June 2026 proclamation
    real_gb = rules.days.holidays.GB

    def gb_without_world_cup_day(**kwargs):
        calendar = real_gb(**kwargs)
        if date(2026, 6, 15) in calendar:
            calendar.pop(date(2026, 6, 15))
        return calendar

    monkeypatch.setattr(rules.days.holidays, "GB", gb_without_world_cup_day)
    rules.days._bank_holiday_calendar.cache_clear()
    try:
        # When the working days are worked out
        # Then the project's own proclamation list still makes it a non-working day
        assert is_working_day(date(2026, 6, 15)) is False
        assert bank_holiday_names(2026)[date(2026, 6, 15)] == (
            "FIFA World Cup bank holiday (Scotland)"
        )
    finally:
        rules.days._bank_holiday_calendar.cache_clear()


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (date(2026, 3, 2), date(2026, 3, 2), 1),  # one working day
        (date(2026, 2, 7), date(2026, 2, 8), 0),  # a weekend
        (date(2026, 3, 3), date(2026, 3, 2), 0),  # end before start
        (date(2026, 12, 21), date(2027, 1, 5), 8),  # across Christmas and New Year
        (date(2026, 1, 1), date(2026, 12, 31), 247),  # 261 weekdays less 14 bank holidays
    ],
)
def test_working_days_between_counts_both_ends(start, end, count):
    assert working_days_between(start, end) == count


@pytest.mark.parametrize(
    ("start", "n", "last"),
    [
        (date(2026, 3, 2), 1, date(2026, 3, 2)),  # a working day is day 1
        (date(2026, 2, 7), 1, date(2026, 2, 9)),  # Saturday: counting begins on Monday
        (date(2026, 12, 24), 2, date(2026, 12, 29)),  # 25-28 December are not working days
    ],
)
def test_last_of_working_days_begins_with_the_start_day(start, n, last):
    assert last_of_working_days(start, n) == last


def test_last_of_working_days_needs_at_least_one_day():
    with pytest.raises(ValueError):
        last_of_working_days(date(2026, 3, 2), 0)


@pytest.mark.parametrize(
    ("day", "first"),
    [
        (date(2026, 3, 2), date(2026, 3, 2)),
        (date(2026, 12, 25), date(2026, 12, 29)),
        (date(2027, 1, 1), date(2027, 1, 5)),  # Fri 1 Jan, weekend, Mon 4 Jan (Scotland)
    ],
)
def test_first_working_day_on_or_after(day, first):
    assert first_working_day_on_or_after(day) == first


def test_format_date_uses_the_day_of_the_week():
    assert format_date(date(2026, 2, 27)) == "Friday 27 February 2026"
    assert format_date(date(2027, 1, 1)) == "Friday 1 January 2027"


def test_rule_violation_carries_code_message_and_section():
    error = RuleViolation(code="x_code", message="Read me.", section="Procurement Act 2023 s.1")

    assert (error.code, error.message, error.section) == (
        "x_code",
        "Read me.",
        "Procurement Act 2023 s.1",
    )
    assert str(error) == "Read me."


# ---------------------------------------------------------------------------------------------
# Standstill (s.51, s.76) and debarment standstill (s.62(6))
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "first_day", "last_day", "earliest_entry"),
    [
        # An ordinary fortnight: Mon 2 Mar (1) .. Fri 6 (5), Mon 9 (6), Tue 10 (7), Wed 11 (8)
        (date(2026, 3, 2), date(2026, 3, 2), date(2026, 3, 11), date(2026, 3, 12)),
        # Christmas/New Year: Mon 21 (1) - Thu 24 Dec (4); 25 Dec, weekend, 28 Dec (substitute);
        # Tue 29 (5) - Thu 31 (7); Fri 1 Jan, weekend, Mon 4 Jan (Scotland); Tue 5 Jan (8)
        (date(2026, 12, 21), date(2026, 12, 21), date(2027, 1, 5), date(2027, 1, 6)),
        # Christmas 2027: Wed 22 (1) - Fri 24 (3); 27, 28 Dec (substitutes); Wed 29 (4) - Fri 31
        # (6); Mon 3 Jan 2028 (substitute), Tue 4 Jan (Scotland); Wed 5 (7), Thu 6 Jan (8)
        (date(2027, 12, 22), date(2027, 12, 22), date(2028, 1, 6), date(2028, 1, 7)),
        # 2 January (Scotland): Wed 31 Dec (1); 1, 2 Jan; Mon 5 (2) .. Fri 9 (6), Mon 12, Tue 13
        (date(2025, 12, 31), date(2025, 12, 31), date(2026, 1, 13), date(2026, 1, 14)),
        # St Andrew's Day: Thu 26 (1), Fri 27 (2); Mon 30 Nov; Tue 1 Dec (3) .. Tue 8 Dec (8)
        (date(2026, 11, 26), date(2026, 11, 26), date(2026, 12, 8), date(2026, 12, 9)),
        # 12 July a Sunday, Mon 13 July substitute (NI): Thu 9 (1), Fri 10 (2), Tue 14 (3) ..
        # Tue 21 (8)
        (date(2026, 7, 9), date(2026, 7, 9), date(2026, 7, 21), date(2026, 7, 22)),
        # 12 July 2027 a Monday (NI): Fri 9 (1), Tue 13 (2) .. Fri 16 (5), Mon 19 .. Wed 21 (8)
        (date(2027, 7, 9), date(2027, 7, 9), date(2027, 7, 21), date(2027, 7, 22)),
        # Easter: Wed 1 (1), Thu 2 (2); Good Friday 3, Easter Monday 6; Tue 7 (3) .. Tue 14 (8)
        (date(2026, 4, 1), date(2026, 4, 1), date(2026, 4, 14), date(2026, 4, 15)),
        # 15 June 2026 (Scotland): Thu 11 (1), Fri 12 (2), Tue 16 (3) .. Tue 23 (8)
        (date(2026, 6, 11), date(2026, 6, 11), date(2026, 6, 23), date(2026, 6, 24)),
        # Published on a Saturday: counting begins Mon 9 Feb (1) .. Wed 18 Feb (8)
        (date(2026, 2, 7), date(2026, 2, 9), date(2026, 2, 18), date(2026, 2, 19)),
        # Published on a bank holiday (Mon 4 May): Tue 5 (1) .. Thu 14 May (8)
        (date(2026, 5, 4), date(2026, 5, 5), date(2026, 5, 14), date(2026, 5, 15)),
    ],
)
def test_mandatory_standstill_is_eight_uk_working_days(
    published, first_day, last_day, earliest_entry
):
    # When the contract award notice is published
    period = standstill(published)

    # Then the standstill runs for 8 working days and entry is the next calendar day
    assert period.published == published
    assert period.first_day == first_day
    assert period.last_day == last_day
    assert period.earliest_entry == earliest_entry
    assert period.working_days == 8
    assert period.legal_basis == "Procurement Act 2023 s.51"
    assert working_days_between(published, last_day) == 8


def test_standstill_can_be_longer_if_the_notice_says_so():
    # Given a contract award notice providing for 10 working days (s.51(1)(b))
    period = standstill(date(2026, 3, 2), days=10)

    # Then Mon 2 .. Fri 6 (5), Mon 9 .. Fri 13 March (10)
    assert (period.last_day, period.earliest_entry) == (date(2026, 3, 13), date(2026, 3, 14))
    assert period.working_days == 10


@pytest.mark.parametrize(
    ("rule", "section"),
    [
        (standstill, "Procurement Act 2023 s.51(1)–(2)"),
        (voluntary_standstill, "Procurement Act 2023 s.51(5)"),
        (contract_change_standstill, "Procurement Act 2023 s.76"),
    ],
)
def test_standstill_shorter_than_eight_working_days_is_refused(rule, section):
    with pytest.raises(RuleViolation) as caught:
        rule(date(2026, 12, 21), days=7)

    assert caught.value.code == "standstill_too_short"
    assert caught.value.section == section
    assert "Tuesday 5 January 2027" in caught.value.message


@pytest.mark.parametrize(
    ("rule", "legal_basis"),
    [
        (voluntary_standstill, "Procurement Act 2023 s.51(4)–(5)"),
        (contract_change_standstill, "Procurement Act 2023 s.76"),
        (debarment_standstill, "Procurement Act 2023 s.62(6)"),
    ],
)
def test_other_standstills_count_eight_working_days_and_cite_their_section(rule, legal_basis):
    # Published (or notice given) on Thu 26 Nov 2026, across St Andrew's Day
    period = rule(date(2026, 11, 26))

    assert (period.last_day, period.earliest_entry) == (date(2026, 12, 8), date(2026, 12, 9))
    assert period.legal_basis == legal_basis


# ---------------------------------------------------------------------------------------------
# Participation period (s.54(3), (5))
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "earliest"),
    [
        ({}, date(2026, 2, 27)),  # law notes' s.54 example: 25 days from Tue 3 Feb
        ({"urgency": True}, date(2026, 2, 12)),  # 10 days
        ({"light_touch": True}, None),  # no minimum
    ],
)
def test_earliest_participation_deadline(kwargs, earliest):
    assert earliest_participation_deadline(date(2026, 2, 2), **kwargs) == earliest


def test_participation_deadline_on_the_earliest_day_is_allowed():
    assert check_participation_deadline(date(2026, 2, 2), date(2026, 2, 27)) == date(2026, 2, 27)
    assert check_participation_deadline(date(2026, 2, 2), date(2026, 2, 12), urgency=True) == date(
        2026, 2, 12
    )
    assert (
        check_participation_deadline(date(2026, 2, 2), date(2026, 2, 3), light_touch=True) is None
    )


def test_participation_deadline_a_day_early_is_refused():
    with pytest.raises(RuleViolation) as caught:
        check_participation_deadline(date(2026, 2, 2), date(2026, 2, 26))

    assert caught.value.code == "participation_period_too_short"
    assert caught.value.section == "Procurement Act 2023 s.54(3), (5)"
    assert caught.value.message == (
        "The participation deadline must be on or after Friday 27 February 2026: at least 25 days"
        " beginning with the day after the tender notice (Procurement Act 2023 s.54(3), (5))."
    )


def test_urgent_participation_deadline_a_day_early_is_refused():
    with pytest.raises(RuleViolation) as caught:
        check_participation_deadline(date(2026, 2, 2), date(2026, 2, 11), urgency=True)

    assert caught.value.code == "participation_period_too_short"
    assert "Thursday 12 February 2026" in caught.value.message


# ---------------------------------------------------------------------------------------------
# Tendering period (s.54(4), (5)) and qualifying planned procurement notices (s.15(3))
# ---------------------------------------------------------------------------------------------

CENTRAL = {"central_government_authority": True}  # entries 2 and 3 closed unless utilities
ELECTRONIC_ALL_DOCUMENTS = {"electronic_submission": True, "all_documents_at_notice": True}


@pytest.mark.parametrize(
    ("facts", "entry", "days", "applicable"),
    [
        # Each entry where it is the shortest that applies
        (TenderingFacts(light_touch=True), 1, None, (1, 10)),
        (
            TenderingFacts(negotiated_period_agreed=True, preselected_suppliers_only=True),
            2,
            None,
            (2, 3, 10),
        ),
        (
            TenderingFacts(
                utilities=True,
                negotiated_period_agreed=True,
                preselected_suppliers_only=True,
                **CENTRAL,
            ),
            2,
            None,
            (2, 3, 10),
        ),
        # s.54(5): an agreed period without pre-selection is no entry 2 at all
        (TenderingFacts(negotiated_period_agreed=True), 10, 35, (10,)),
        (
            TenderingFacts(negotiated_period_agreed=True, **ELECTRONIC_ALL_DOCUMENTS),
            7,
            25,
            (7,),
        ),
        (TenderingFacts(preselected_suppliers_only=True), 3, 10, (3, 10)),
        (TenderingFacts(qualifying_planned_procurement_notice=True, **CENTRAL), 4, 10, (4, 10)),
        (TenderingFacts(urgency=True, **CENTRAL), 5, 10, (5, 10)),
        (TenderingFacts(dynamic_market_award=True, **CENTRAL), 6, 10, (6, 10)),
        (TenderingFacts(**ELECTRONIC_ALL_DOCUMENTS), 7, 25, (7,)),
        (TenderingFacts(electronic_submission=True), 8, 30, (8,)),
        (TenderingFacts(all_documents_at_notice=True), 9, 30, (9,)),
        (TenderingFacts(), 10, 35, (10,)),
        # Entries 2 and 3 are closed to a central government authority buying non-utilities
        (
            TenderingFacts(
                negotiated_period_agreed=True,
                preselected_suppliers_only=True,
                **CENTRAL,
                **ELECTRONIC_ALL_DOCUMENTS,
            ),
            7,
            25,
            (7,),
        ),
        # Several apply: no minimum beats 10 days
        (
            TenderingFacts(
                negotiated_period_agreed=True,
                preselected_suppliers_only=True,
                urgency=True,
                **ELECTRONIC_ALL_DOCUMENTS,
            ),
            2,
            None,
            (2, 3, 5, 7),
        ),
        # Several apply, all giving none: light touch is reported
        (
            TenderingFacts(
                light_touch=True, negotiated_period_agreed=True, preselected_suppliers_only=True
            ),
            1,
            None,
            (1, 2, 3, 10),
        ),
        # Several 10-day entries: the lowest entry number is reported, all are listed
        (
            TenderingFacts(
                preselected_suppliers_only=True,
                qualifying_planned_procurement_notice=True,
                urgency=True,
                dynamic_market_award=True,
                electronic_submission=True,
            ),
            3,
            10,
            (3, 4, 5, 6, 8),
        ),
        (
            TenderingFacts(urgency=True, dynamic_market_award=True, **CENTRAL),
            5,
            10,
            (5, 6, 10),
        ),
    ],
)
def test_minimum_tendering_period_is_the_shortest_applicable_entry(facts, entry, days, applicable):
    period = minimum_tendering_period(facts)

    assert period.entry == entry
    assert period.days == days
    assert period.applicable_entries == applicable
    assert period.legal_basis.startswith(f"Procurement Act 2023 s.54(4), table entry {entry}")


def test_entry_4_also_cites_section_15():
    period = minimum_tendering_period(
        TenderingFacts(qualifying_planned_procurement_notice=True, **CENTRAL)
    )

    assert period.legal_basis == (
        "Procurement Act 2023 s.54(4), table entry 4; Procurement Act 2023 s.15(3)"
    )


@pytest.mark.parametrize(
    ("facts", "earliest"),
    [
        # Invitation Mon 2 Mar 2026; the period begins Tue 3 Mar (s.54(5))
        (TenderingFacts(preselected_suppliers_only=True), date(2026, 3, 12)),  # 10 days
        (TenderingFacts(**ELECTRONIC_ALL_DOCUMENTS), date(2026, 3, 27)),  # 25 days
        (TenderingFacts(electronic_submission=True), date(2026, 4, 1)),  # 30 days
        (TenderingFacts(), date(2026, 4, 6)),  # 35 days
        (TenderingFacts(negotiated_period_agreed=True, preselected_suppliers_only=True), None),
        (TenderingFacts(negotiated_period_agreed=True), date(2026, 4, 6)),  # s.54(5): 35 days
    ],
)
def test_earliest_tender_deadline(facts, earliest):
    deadline, period = earliest_tender_deadline(date(2026, 3, 2), facts)

    assert deadline == earliest
    assert period == minimum_tendering_period(facts)


def test_tender_deadline_on_the_earliest_day_is_allowed():
    facts = TenderingFacts(preselected_suppliers_only=True)

    assert check_tender_deadline(date(2026, 3, 2), date(2026, 3, 12), facts) == date(2026, 3, 12)
    assert (
        check_tender_deadline(
            date(2026, 3, 2),
            date(2026, 3, 3),
            TenderingFacts(negotiated_period_agreed=True, preselected_suppliers_only=True),
        )
        is None
    )


def test_tender_deadline_a_day_early_is_refused():
    facts = TenderingFacts(**ELECTRONIC_ALL_DOCUMENTS)

    with pytest.raises(RuleViolation) as caught:
        check_tender_deadline(date(2026, 3, 2), date(2026, 3, 26), facts)

    assert caught.value.code == "tendering_period_too_short"
    assert caught.value.section == "Procurement Act 2023 s.54(4), (5)"
    assert "Friday 27 March 2026" in caught.value.message
    assert "entry 7" in caught.value.message


@pytest.mark.parametrize(
    ("tender_notice", "qualifies"),
    [
        # UK3 published Mon 2 Feb 2026
        (date(2026, 3, 13), False),  # 39 days later
        (date(2026, 3, 14), False),  # 40 days later: only 39 clear days between
        (date(2026, 3, 15), True),  # 41 days later: 40 clear days between
        (date(2027, 2, 2), True),  # exactly 12 months later
        (date(2027, 2, 3), False),  # 12 months and 1 day later
    ],
)
def test_qualifying_planned_procurement_notice_window(tender_notice, qualifies):
    planned = date(2026, 2, 2)

    assert is_qualifying_planned_procurement_notice(planned, tender_notice) is qualifies

    # And the s.54(4) table decides entry 4 from the same dates
    facts = TenderingFacts(
        planned_procurement_notice_published=planned,
        tender_notice_published=tender_notice,
        **CENTRAL,
        **ELECTRONIC_ALL_DOCUMENTS,
    )
    assert minimum_tendering_period(facts).entry == (4 if qualifies else 7)


@pytest.mark.parametrize(
    ("planned", "earliest", "latest"),
    [
        (date(2026, 2, 2), date(2026, 3, 15), date(2027, 2, 2)),  # 40 clear days between
        (date(2028, 2, 29), date(2028, 4, 10), date(2029, 2, 28)),  # no 29 Feb 2029
    ],
)
def test_qualifying_planned_procurement_window_dates(planned, earliest, latest):
    window = qualifying_planned_procurement_window(planned)

    assert (window.earliest, window.latest) == (earliest, latest)
    assert window.legal_basis == "Procurement Act 2023 s.15(3)"


def test_planned_procurement_notice_needs_the_tender_notice_date():
    with pytest.raises(ValueError):
        TenderingFacts(planned_procurement_notice_published=date(2026, 2, 2))


def test_planned_procurement_notice_flag_and_dates_are_not_both_given():
    with pytest.raises(ValueError):
        TenderingFacts(
            qualifying_planned_procurement_notice=True,
            planned_procurement_notice_published=date(2026, 2, 2),
            tender_notice_published=date(2026, 3, 13),
        )


# ---------------------------------------------------------------------------------------------
# Notice and notification deadlines
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "trigger", "due"),
    [
        # UK7: 30 days beginning with the day of entry (s.53(1))
        (contract_details_notice_due, date(2026, 4, 1), date(2026, 4, 30)),
        # Contract copy above £5m: 90 days (s.53(3)); 29 in April, 31 in May, 29 in June
        (contract_copy_due, date(2026, 4, 1), date(2026, 6, 29)),
        # Modified contract copy: 90 days (s.77)
        (modified_contract_copy_due, date(2026, 4, 1), date(2026, 6, 29)),
        # UK11: 30 days beginning with the termination day (s.80)
        (contract_termination_notice_due, date(2026, 3, 31), date(2026, 4, 29)),
        # UK9: 30 days beginning with the day s.71(5) first applies
        (contract_performance_notice_due, date(2026, 1, 15), date(2026, 2, 13)),
        # Notify the Minister of an exclusion: 30 days (s.59)
        (exclusion_notification_due, date(2026, 6, 10), date(2026, 7, 9)),
    ],
)
def test_notice_due_dates_count_the_trigger_day_as_day_one(rule, trigger, due):
    assert rule(trigger) == due


def test_light_touch_contract_details_notice_is_due_in_120_days():
    # 1 Apr + 119 days: 30 Apr (+29), 30 May (+59), 30 Jun (+90), 29 Jul (+119)
    assert contract_details_notice_due(date(2026, 4, 1), light_touch=True) == date(2026, 7, 29)


@pytest.mark.parametrize(
    ("day", "period_end", "due"),
    [
        (date(2026, 3, 31), date(2026, 3, 31), date(2026, 4, 29)),
        (date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 29)),
        (date(2026, 4, 1), date(2026, 9, 30), date(2026, 10, 29)),
        (date(2026, 9, 30), date(2026, 9, 30), date(2026, 10, 29)),
        (date(2026, 11, 15), date(2027, 3, 31), date(2027, 4, 29)),
    ],
)
def test_payments_compliance_notice_due(day, period_end, due):
    assert payments_compliance_period_end(day) == period_end
    assert payments_compliance_notice_due(day) == due


@pytest.mark.parametrize(
    ("paid", "due"),
    [
        (date(2026, 4, 15), date(2026, 7, 29)),  # quarter ends 30 June
        (date(2026, 12, 31), date(2027, 1, 29)),  # quarter ends 31 December
        (date(2027, 1, 1), date(2027, 4, 29)),  # quarter ends 31 March
        (date(2026, 8, 20), date(2026, 10, 29)),  # quarter ends 30 September
    ],
)
def test_payments_information_due(paid, due):
    assert payments_information_due(paid) == due


@pytest.mark.parametrize("year", [2026, 2027])
def test_pipeline_notice_is_due_on_26_may(year):
    assert pipeline_notice_due(year) == date(year, 5, 26)


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (date(2026, 3, 31), date(2025, 4, 1)),
        (date(2026, 4, 1), date(2026, 4, 1)),
    ],
)
def test_financial_year_start(day, start):
    assert financial_year_start(day) == start


# ---------------------------------------------------------------------------------------------
# Framework maximum term (s.47)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "kwargs", "maximum_end"),
    [
        (date(2026, 4, 1), {}, date(2030, 3, 31)),
        (date(2026, 4, 1), {"utilities": True}, date(2034, 3, 31)),
        (date(2026, 4, 1), {"defence_and_security": True}, date(2034, 3, 31)),
        (date(2028, 2, 29), {}, date(2032, 2, 28)),
    ],
)
def test_framework_maximum_end(start, kwargs, maximum_end):
    assert framework_maximum_end(start, **kwargs) == maximum_end


def test_framework_of_exactly_four_years_is_allowed():
    assert check_framework_term(date(2026, 4, 1), date(2030, 3, 31)) == date(2030, 3, 31)


def test_framework_longer_than_four_years_is_refused():
    with pytest.raises(RuleViolation) as caught:
        check_framework_term(date(2026, 4, 1), date(2030, 4, 1))

    assert caught.value.code == "framework_term_too_long"
    assert caught.value.section == "Procurement Act 2023 s.47(1)–(3)"
    assert "Sunday 31 March 2030" in caught.value.message


def test_framework_longer_than_four_years_is_allowed_with_reasons():
    assert check_framework_term(
        date(2026, 4, 1), date(2032, 3, 31), longer_term_reasons_given=True
    ) == date(2030, 3, 31)


def test_utilities_framework_may_last_eight_years():
    assert check_framework_term(date(2026, 4, 1), date(2034, 3, 31), utilities=True) == date(
        2034, 3, 31
    )


def test_framework_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        check_framework_term(date(2026, 4, 1), date(2026, 3, 31))


# ---------------------------------------------------------------------------------------------
# Every derived date from one reference date
# ---------------------------------------------------------------------------------------------


def test_all_timescales_from_one_reference_date():
    # Given Monday 2 March 2026 and a competitive flexible procedure's tendering stage
    facts = TenderingFacts(preselected_suppliers_only=True, **ELECTRONIC_ALL_DOCUMENTS)

    # When every timescale is worked out
    timescales = all_timescales(date(2026, 3, 2), facts)

    # Then each derived date is the one the specific rule gives
    assert [(t.name, t.date) for t in timescales] == [
        ("Mandatory standstill ends", date(2026, 3, 11)),
        ("Earliest day to enter into the contract", date(2026, 3, 12)),
        ("Earliest participation deadline", date(2026, 3, 27)),
        ("Earliest tender deadline", date(2026, 3, 12)),
        ("Contract details notice (UK7) due", date(2026, 3, 31)),
        ("Copy of the contract due (contracts over £5 million)", date(2026, 5, 30)),
        ("Contract termination notice (UK11) due", date(2026, 3, 31)),
        ("Contract performance notice (UK9) due", date(2026, 3, 31)),
        ("Exclusion notified to the Minister", date(2026, 3, 31)),
        ("Payments compliance notice (UK17) due", date(2026, 4, 29)),
        ("Payments information (over £30,000) due", date(2026, 4, 29)),
        ("Pipeline notice (UK1) due", date(2026, 5, 26)),
        ("Debarment standstill ends", date(2026, 3, 11)),
        ("Framework maximum term ends", date(2030, 3, 1)),
        ("Qualifying planned procurement notice: earliest tender notice", date(2026, 4, 12)),
        ("Qualifying planned procurement notice: latest tender notice", date(2027, 3, 2)),
    ]
    assert all(t.legal_basis.startswith("Procurement Act 2023 s.") for t in timescales)
    assert all(t.explanation for t in timescales)


def test_all_timescales_for_a_light_touch_contract():
    timescales = {
        t.name: t.date for t in all_timescales(date(2026, 4, 1), TenderingFacts(light_touch=True))
    }

    assert timescales["Earliest participation deadline"] is None
    assert timescales["Earliest tender deadline"] is None
    assert timescales["Contract details notice (UK7) due"] == date(2026, 7, 29)


def test_all_timescales_gives_next_years_pipeline_notice_once_this_years_is_past():
    timescales = {t.name: t.date for t in all_timescales(date(2026, 5, 27))}

    assert timescales["Pipeline notice (UK1) due"] == date(2027, 5, 26)


# --- s.54(5): a deadline at midnight leaves the day before as the last day ----------------------


@pytest.mark.parametrize(
    ("day", "at", "last_day"),
    [
        (date(2026, 2, 27), time(0, 0), date(2026, 2, 26)),  # closes as the 27th begins
        (date(2026, 2, 27), time(0, 1), date(2026, 2, 27)),
        (date(2026, 2, 27), time(12, 0), date(2026, 2, 27)),
        (date(2026, 2, 27), time(23, 59), date(2026, 2, 27)),
        (date(2026, 3, 1), time(0, 0), date(2026, 2, 28)),  # across a month end
    ],
)
def test_deadline_day_counts_a_midnight_deadline_as_the_day_before(day, at, last_day):
    assert deadline_day(day, at) == last_day


@pytest.mark.parametrize(
    ("day", "at", "allowed"),
    [
        # Invitation Mon 2 Feb 2026, 25 days: the earliest last day is Fri 27 Feb
        (date(2026, 2, 27), time(0, 0), False),  # last usable day 26 Feb: 24 days
        (date(2026, 2, 27), time(0, 1), True),
        (date(2026, 2, 28), time(0, 0), True),  # last usable day 27 Feb: 25 days
    ],
)
def test_a_midnight_participation_deadline_at_the_boundary(day, at, allowed):
    last_day = deadline_day(day, at)
    if allowed:
        assert check_participation_deadline(date(2026, 2, 2), last_day) == date(2026, 2, 27)
    else:
        with pytest.raises(RuleViolation) as caught:
            check_participation_deadline(date(2026, 2, 2), last_day)
        assert caught.value.code == "participation_period_too_short"


# --- Light touch contracts (s.51(3)(f), s.53(1)(a), s.53(3)(a), s.71(6)) -----------------------


@pytest.mark.parametrize(
    ("light_touch", "details_due", "copy_due"),
    [
        # Entered into Mon 2 Feb 2026: day 1 is 2 Feb
        (False, date(2026, 3, 3), date(2026, 5, 2)),  # 30 and 90 days (s.53(1)(b), (3)(b))
        (True, date(2026, 6, 1), date(2026, 7, 31)),  # 120 and 180 days (s.53(1)(a), (3)(a))
    ],
)
def test_s53_light_touch_notice_and_copy_deadlines(light_touch, details_due, copy_due):
    entered = date(2026, 2, 2)

    assert contract_details_notice_due(entered, light_touch=light_touch) == details_due
    assert contract_copy_due(entered, light_touch=light_touch) == copy_due
    # the day after is already late
    assert contract_copy_due(entered, light_touch=light_touch) < copy_due + timedelta(days=1)


def test_s71_6_a_light_touch_contract_has_no_contract_performance_notice():
    assert contract_performance_notice_due(date(2026, 2, 2)) == date(2026, 3, 3)
    assert contract_performance_notice_due(date(2026, 2, 2), light_touch=True) is None


@pytest.mark.parametrize(
    ("light_touch", "voluntary_days", "earliest_entry"),
    [
        (False, None, date(2026, 2, 12)),  # mandatory: 8 working days, 2–11 Feb
        (False, 10, date(2026, 2, 14)),  # a longer period the notice provides (s.51(1)(b))
        (True, None, None),  # s.51(3)(f): no standstill
        (True, 8, date(2026, 2, 12)),  # voluntary, provided for in the notice (s.51(4)–(5))
    ],
)
def test_s51_3_f_a_light_touch_contract_has_no_mandatory_standstill(
    light_touch, voluntary_days, earliest_entry
):
    period = award_standstill(
        date(2026, 2, 2), light_touch=light_touch, voluntary_days=voluntary_days
    )

    assert (period.earliest_entry if period else None) == earliest_entry


def test_s51_5_a_voluntary_standstill_of_a_light_touch_contract_is_at_least_8_working_days():
    with pytest.raises(RuleViolation) as caught:
        award_standstill(date(2026, 2, 2), light_touch=True, voluntary_days=7)

    assert caught.value.code == "standstill_too_short"
    assert caught.value.section == "Procurement Act 2023 s.51(5)"


@pytest.mark.parametrize(
    ("facts", "last_day"),
    [
        # A framework starting Mon 2 Feb 2026 (s.47(1)): 4 years end 1 Feb 2030, 8 years 2034
        ({}, date(2030, 2, 1)),
        ({"utilities": True}, date(2034, 2, 1)),
        ({"defence_and_security": True}, date(2034, 2, 1)),
    ],
)
def test_s47_1_the_framework_maximum_on_the_timescales(facts, last_day):
    derived = {d.name: d.date for d in all_timescales(date(2026, 2, 2), TenderingFacts(**facts))}

    assert derived["Framework maximum term ends"] == last_day
