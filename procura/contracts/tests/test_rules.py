"""Entering into the contract: pure rules."""

from datetime import date, timedelta

import pytest

from procura.contracts import rules
from procura.core.errors import RuleViolation
from procura.timescales.rules import award_standstill, standstill

CHRISTMAS = standstill(date(2026, 12, 21))  # UK6 published Monday 21 December 2026


def test_the_christmas_standstill_ends_on_tuesday_5_january_2027():
    assert (CHRISTMAS.last_day, CHRISTMAS.earliest_entry) == (date(2027, 1, 5), date(2027, 1, 6))


@pytest.mark.parametrize(
    ("signed", "today"),
    [
        (date(2026, 12, 21), date(2026, 12, 21)),
        (date(2027, 1, 4), date(2027, 1, 4)),
        (date(2027, 1, 5), date(2027, 1, 5)),  # the last day of the standstill
        (date(2027, 1, 5), date(2027, 1, 20)),  # back-dated into the standstill
    ],
)
def test_entering_into_the_contract_before_the_standstill_has_ended_is_refused(signed, today):
    with pytest.raises(RuleViolation) as refused:
        rules.check_may_enter_into_contract(CHRISTMAS, date_signed=signed, today=today)

    assert refused.value.code == "standstill_not_ended"
    assert refused.value.message == (
        "The standstill period ends at the end of Tuesday 5 January 2027: the contract can be "
        "entered into on or after Wednesday 6 January 2027, not on "
        f"{rules.format_date(signed)}."
    )
    assert refused.value.section == "Procurement Act 2023 s.51(1)-(2)"
    assert refused.value.details == {
        "standstill_last_day": "2027-01-05",
        "earliest_entry": "2027-01-06",
    }


@pytest.mark.parametrize(
    ("signed", "today"),
    [(date(2027, 1, 6), date(2027, 1, 6)), (date(2027, 1, 6), date(2027, 3, 1))],
)
def test_the_day_after_the_standstill_the_contract_may_be_entered_into(signed, today):
    assert rules.check_may_enter_into_contract(CHRISTMAS, date_signed=signed, today=today) is None


# A light touch contract without a voluntary standstill (s.51(3)(f)): no period, only the day its
# award notice was published on Find a Tender.
NO_STANDSTILL = award_standstill(date(2026, 12, 21), light_touch=True)


def test_a_light_touch_contract_has_no_standstill_unless_its_notice_provides_one():
    assert NO_STANDSTILL is None
    voluntary = award_standstill(date(2026, 12, 21), light_touch=True, voluntary_days=8)
    assert voluntary is not None
    assert (voluntary.last_day, voluntary.earliest_entry) == (
        CHRISTMAS.last_day,
        CHRISTMAS.earliest_entry,
    )


@pytest.mark.parametrize(
    ("signed", "today"),
    [(date(2026, 12, 21), date(2026, 12, 21)), (date(2026, 12, 22), date(2027, 1, 5))],
)
def test_without_a_standstill_the_contract_may_be_entered_into_from_the_day_of_publication(
    signed, today
):
    assert (
        rules.check_may_enter_into_contract(
            NO_STANDSTILL, date_signed=signed, today=today, published_on=date(2026, 12, 21)
        )
        is None
    )


@pytest.mark.parametrize(
    ("signed", "today", "code"),
    [
        (date(2026, 12, 20), date(2026, 12, 21), "award_notice_not_published"),
        (date(2026, 12, 22), date(2026, 12, 21), "date_signed_in_future"),
    ],
)
def test_without_a_standstill_a_signature_before_the_notice_or_to_come_is_refused(
    signed, today, code
):
    with pytest.raises(RuleViolation) as refused:
        rules.check_may_enter_into_contract(
            NO_STANDSTILL, date_signed=signed, today=today, published_on=date(2026, 12, 21)
        )
    assert refused.value.code == code
    assert refused.value.field == "date_signed"


def test_a_signature_cannot_be_recorded_before_it_happens():
    with pytest.raises(RuleViolation) as refused:
        rules.check_may_enter_into_contract(
            CHRISTMAS, date_signed=date(2027, 1, 7), today=date(2027, 1, 6)
        )

    assert refused.value.code == "date_signed_in_future"


def test_a_term_cannot_end_before_it_starts():
    with pytest.raises(RuleViolation) as refused:
        rules.check_term(date(2027, 2, 1), date(2027, 1, 31))

    assert refused.value.code == "end_before_start"
    assert rules.check_term(date(2027, 2, 1), date(2027, 2, 1)) is None


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 11, 1), 24, date(2028, 11, 1)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2027, 12, 15), 1, date(2028, 1, 15)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
    ],
)
def test_add_months(start, months, expected):
    assert rules.add_months(start, months) == expected


@pytest.mark.parametrize(
    ("initial_end", "extensions", "latest"),
    [
        (date(2028, 10, 31), [12, 12], date(2030, 10, 31)),  # the Met: 24 + 12 + 12 months
        (date(2028, 10, 31), [], date(2028, 10, 31)),
        (date(2028, 2, 28), [6], date(2028, 8, 28)),
    ],
)
def test_the_latest_end_takes_every_extension_option(initial_end, extensions, latest):
    assert rules.latest_end(initial_end, extensions) == latest


@pytest.mark.parametrize(
    ("entered", "standstill_", "notice", "code"),
    [
        (True, False, True, "already_entered_into"),
        (True, True, True, "already_entered_into"),
        (False, False, True, "award_notice_not_published"),
        (False, True, False, "award_notice_not_published"),
        (False, False, False, "award_notice_not_published"),
    ],
)
def test_a_contract_is_entered_into_once_and_only_after_the_award_notice(
    entered, standstill_, notice, code
):
    with pytest.raises(RuleViolation) as refusal:
        rules.check_standstill_started(
            already_entered_into=entered, in_standstill=standstill_, award_notice_published=notice
        )

    assert refusal.value.code == code
    assert refusal.value.section == (
        None
        if code == "already_entered_into"
        else "Procurement Act 2023 ss.50-51; Procurement Regulations 2024 reg 5(4)"
    )


def test_in_standstill_with_the_award_notice_the_contract_may_be_entered_into():
    assert (
        rules.check_standstill_started(
            already_entered_into=False, in_standstill=True, award_notice_published=True
        )
        is None
    )


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2027, 2, 1), 24, date(2029, 1, 31)),
        (date(2027, 2, 1), 120, date(2037, 1, 31)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),  # no 31 February: the month's last day
        (date(2028, 2, 29), 12, date(2029, 2, 28)),  # no 29 February 2029
        (date(2027, 3, 1), 1, date(2027, 3, 31)),
    ],
)
def test_initial_end_is_the_day_before_the_term_anniversary(start, months, end):
    assert rules.initial_end(start, months) == end
    rules.check_end_date_agrees_with_term(start, end, term_months=months)


@pytest.mark.parametrize("days_off", [-1, 1, -(365 * 7)])
def test_an_end_date_that_contradicts_the_term_is_refused(days_off):
    end = date(2037, 1, 31) + timedelta(days=days_off)

    with pytest.raises(RuleViolation) as caught:
        rules.check_end_date_agrees_with_term(
            date(2027, 2, 1), end, term_months=120, extension_months=[12]
        )

    assert caught.value.code == "end_date_contradicts_term"
    assert caught.value.details["latest_end_date"] == "2038-01-31"


def test_no_term_recorded_means_nothing_to_check():
    rules.check_end_date_agrees_with_term(date(2027, 2, 1), date(2027, 3, 1), term_months=None)
