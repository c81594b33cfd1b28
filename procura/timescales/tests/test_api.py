"""The public timescales API: one exact answer per endpoint, and every way a request is refused.

Expected dates are worked by hand from the law (and agree with test_rules.py); the API adds no
arithmetic of its own.
"""

from dataclasses import asdict
from datetime import date

import pytest

from procura.timescales import rules

pytestmark = pytest.mark.django_db

BASE = "/api/v1/timescales"


def test_standstill_from_a_christmas_publication(api_client):
    # Given: published Monday 21 December 2026; 25, 28 December and 1, 4 January are bank
    # holidays somewhere in the UK (4 January 2027 in Scotland)

    # When
    response = api_client.get(f"{BASE}/standstill", published="2026-12-21")

    # Then
    assert response.status_code == 200
    assert response.json() == {
        "published": "2026-12-21",
        "first_day": "2026-12-21",
        "last_day": "2027-01-05",
        "earliest_entry": "2027-01-06",
        "working_days": 8,
        "legal_basis": "Procurement Act 2023 s.51",
    }


def test_standstill_needs_no_sign_in_and_ignores_a_bad_token(api_client):
    response = api_client.get(f"{BASE}/standstill", token="prc_wrong", published="2026-12-21")

    assert response.status_code == 200


def test_a_longer_standstill_can_be_asked_for(api_client):
    response = api_client.get(f"{BASE}/standstill", published="2026-02-02", days="10")

    assert response.status_code == 200
    assert response.json()["last_day"] == "2026-02-13"
    assert response.json()["working_days"] == 10


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({"published": "2026-02-30"}, "day value is outside expected range"),
        ({"published": "hello"}, "input is too short"),
        ({}, "Field required"),
    ],
    ids=["not-a-real-date", "not-a-date", "missing"],
)
def test_standstill_refuses_an_invalid_date(api_client, params, problem):
    # When
    response = api_client.get(f"{BASE}/standstill", **params)

    # Then
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["message"].startswith("The request is not valid: published: ")
    assert problem in body["message"]
    assert [e["field"] for e in body["errors"]] == ["query.published"]


@pytest.mark.parametrize("published", ["1999-12-31", "2101-01-01"])
def test_standstill_refuses_a_year_out_of_range(api_client, published):
    response = api_client.get(f"{BASE}/standstill", published=published)

    # invalid_input is a 422 wherever it comes from (core.errors.HTTP_STATUS)
    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid_input",
        "message": "published must be between 1 January 2000 and 31 December 2100.",
        "field": "published",
    }


def test_standstill_refuses_fewer_than_eight_working_days(api_client):
    # When
    response = api_client.get(f"{BASE}/standstill", published="2026-12-21", days="7")

    # Then
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "standstill_too_short"
    assert body["section"] == "Procurement Act 2023 s.51(1)–(2)"
    assert "cannot end before Tuesday 5 January 2027" in body["message"]


def test_participation_deadline(api_client):
    # Given: a tender notice on Monday 2 February 2026; 25 days beginning with the next day

    # When
    response = api_client.get(f"{BASE}/participation", invited="2026-02-02")

    # Then
    assert response.status_code == 200
    assert response.json() == {
        "invited": "2026-02-02",
        "earliest_deadline": "2026-02-27",
        "minimum_days": 25,
        "legal_basis": "Procurement Act 2023 s.54(3), (5)",
        "table_entry": None,
        "circumstance": None,
        "applicable_entries": [],
    }


def test_participation_deadline_under_urgency_and_light_touch(api_client):
    urgent = api_client.get(f"{BASE}/participation", invited="2026-02-02", urgency="true")
    light = api_client.get(f"{BASE}/participation", invited="2026-02-02", light_touch="true")

    assert (urgent.json()["earliest_deadline"], urgent.json()["minimum_days"]) == (
        "2026-02-12",
        10,
    )
    assert (light.json()["earliest_deadline"], light.json()["minimum_days"]) == (None, None)


def test_tender_deadline_with_no_facts_is_the_longest(api_client):
    # When
    response = api_client.get(f"{BASE}/tendering", invited="2026-02-02")

    # Then: entry 10, 35 days beginning with the next day
    assert response.status_code == 200
    assert response.json() == {
        "invited": "2026-02-02",
        "earliest_deadline": "2026-03-09",
        "minimum_days": 35,
        "legal_basis": "Procurement Act 2023 s.54(4), table entry 10",
        "table_entry": 10,
        "circumstance": (
            "Tenders may not be submitted electronically and the tender documents are not all "
            "provided with the tender notice."
        ),
        "applicable_entries": [10],
    }


def test_tender_deadline_with_electronic_submission_and_all_documents(api_client):
    response = api_client.get(
        f"{BASE}/tendering",
        invited="2026-02-02",
        electronic_submission="true",
        all_documents_at_notice="true",
    )

    assert response.json()["earliest_deadline"] == "2026-02-27"
    assert response.json()["table_entry"] == 7
    assert response.json()["minimum_days"] == 25


def test_every_date_from_one_date(api_client):
    # When
    response = api_client.get(f"{BASE}/all", reference="2026-02-02")

    # Then
    assert response.status_code == 200
    body = response.json()
    assert body[0] == {
        "name": "Mandatory standstill ends",
        "date": "2026-02-11",
        "legal_basis": "Procurement Act 2023 s.51(1)–(2)",
        "explanation": (
            "If the contract award notice is published on Monday 2 February 2026: the last of 8 "
            "working days beginning with that day (or the next working day)."
        ),
    }
    assert body == [
        {**asdict(d), "date": d.date.isoformat() if d.date else None}
        for d in rules.all_timescales(date(2026, 2, 2))
    ]


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("2026-06-15", (False, "Bank holiday: FIFA World Cup bank holiday (Scotland)")),
        ("2026-12-25", (False, "Bank holiday: Christmas Day")),
        ("2026-02-07", (False, "Weekend")),
        ("2026-02-02", (True, "Working day")),
    ],
)
def test_working_day(api_client, on, expected):
    response = api_client.get(f"{BASE}/working-day", on=on)

    assert response.status_code == 200
    assert response.json() == {
        "date": on,
        "working_day": expected[0],
        "reason": expected[1],
        "legal_basis": "Procurement Act 2023 s.123(1)",
    }


def test_bank_holidays_of_2026_in_every_part_of_the_uk(api_client):
    # When
    response = api_client.get(f"{BASE}/bank-holidays", year="2026")

    # Then: the law notes' 2026 list, with the two weekend days whose substitutes follow
    assert response.status_code == 200
    assert response.json() == [
        {"date": "2026-01-01", "name": "New Year's Day"},
        {"date": "2026-01-02", "name": "New Year Holiday (Scotland)"},
        {"date": "2026-03-17", "name": "St Patrick's Day (Northern Ireland)"},
        {"date": "2026-04-03", "name": "Good Friday"},
        {"date": "2026-04-06", "name": "Easter Monday (England, Wales and Northern Ireland)"},
        {"date": "2026-05-04", "name": "May Day"},
        {"date": "2026-05-25", "name": "Spring Bank Holiday"},
        {"date": "2026-06-15", "name": "FIFA World Cup bank holiday (Scotland)"},
        {"date": "2026-07-12", "name": "Battle of the Boyne (Northern Ireland)"},
        {"date": "2026-07-13", "name": "Battle of the Boyne, substitute day (Northern Ireland)"},
        {"date": "2026-08-03", "name": "Summer Bank Holiday (Scotland)"},
        {
            "date": "2026-08-31",
            "name": "Late Summer Bank Holiday (England, Wales and Northern Ireland)",
        },
        {"date": "2026-11-30", "name": "St Andrew's Day (Scotland)"},
        {"date": "2026-12-25", "name": "Christmas Day"},
        {"date": "2026-12-26", "name": "Boxing Day"},
        {"date": "2026-12-28", "name": "Boxing Day, substitute day"},
    ]


@pytest.mark.parametrize("year", ["1999", "2101"])
def test_bank_holidays_refuse_a_year_out_of_range(api_client, year):
    response = api_client.get(f"{BASE}/bank-holidays", year=year)

    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid_input",
        "message": "year must be between 2000 and 2100.",
        "field": "year",
    }


#: Facts whose answers issue 8 changed: the page, the API and the pure function must agree.
CHANGED_FACTS = [
    ["light_touch"],
    ["negotiated_period_agreed"],  # s.54(5): no entry 2 without pre-selection
    ["negotiated_period_agreed", "preselected_suppliers_only"],
    ["defence_and_security"],
    ["utilities"],
]


@pytest.mark.parametrize("facts", CHANGED_FACTS)
def test_every_date_agrees_with_the_rules_for_the_changed_facts(api_client, facts):
    response = api_client.get(f"{BASE}/all", reference="2026-02-02", **dict.fromkeys(facts, "true"))

    assert response.status_code == 200
    assert response.json() == [
        {**asdict(d), "date": d.date.isoformat() if d.date else None}
        for d in rules.all_timescales(
            date(2026, 2, 2), rules.TenderingFacts(**dict.fromkeys(facts, True))
        )
    ]


def test_light_touch_dates_through_the_api(api_client):
    body = api_client.get(f"{BASE}/all", reference="2026-02-02", light_touch="true").json()
    by_name = {row["name"]: row for row in body}

    assert by_name["Mandatory standstill ends"]["date"] is None
    assert by_name["Mandatory standstill ends"]["legal_basis"] == "Procurement Act 2023 s.51(3)(f)"
    assert by_name["Earliest day to enter into the contract"]["date"] == "2026-02-02"
    assert by_name["Contract details notice (UK7) due"]["date"] == "2026-06-01"
    assert by_name["Copy of the contract due (contracts over £5 million)"]["date"] == "2026-07-31"
    assert by_name["Contract performance notice (UK9) due"]["date"] is None


@pytest.mark.parametrize(
    ("facts", "earliest", "entry"),
    [
        ({"negotiated_period_agreed": "true"}, "2026-03-09", 10),  # 35 days, not "no minimum"
        ({"negotiated_period_agreed": "true", "preselected_suppliers_only": "true"}, None, 2),
    ],
)
def test_a_negotiated_period_needs_pre_selection_through_the_api(
    api_client, facts, earliest, entry
):
    body = api_client.get(f"{BASE}/tendering", invited="2026-02-02", **facts).json()

    assert body["earliest_deadline"] == earliest
    assert body["table_entry"] == entry


@pytest.mark.parametrize(
    ("deadline", "last_day"),
    [
        ("2026-02-27T00:00:00+00:00", "2026-02-26"),  # midnight in London (GMT)
        ("2026-02-27T00:01:00+00:00", "2026-02-27"),
        ("2026-06-26T23:00:00+00:00", "2026-06-26"),  # 00:00 BST on 27 June
        ("2026-06-26T22:59:00+00:00", "2026-06-26"),  # 23:59 BST on 26 June
    ],
)
def test_the_last_day_a_deadline_leaves_agrees_with_the_rule(api_client, deadline, last_day):
    response = api_client.get(f"{BASE}/last-day", deadline=deadline)

    assert response.status_code == 200
    assert response.json()["last_day"] == last_day
    assert response.json()["legal_basis"] == "Procurement Act 2023 s.54(5)"


def test_the_last_day_refuses_a_deadline_without_a_time_zone(api_client):
    response = api_client.get(f"{BASE}/last-day", deadline="2026-02-27T00:00:00")

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
