"""The public Timescales page: a GOV.UK date input in, every derived date out."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _cell(page: str, name: str) -> str:
    """The date shown in the results table for the row called `name`."""
    match = re.search(
        rf'<td class="govuk-table__cell" data-name="{re.escape(name)}">([^<]*)</td>', page
    )
    assert match is not None, f"no row {name!r}"
    return match.group(1)


def test_the_empty_page_shows_the_form_and_no_results(client):
    # When
    response = client.get("/timescales/")

    # Then
    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Procurement Act timescales</h1>' in page
    assert 'name="date-day"' in page and 'name="date-month"' in page and 'name="date-year"' in page
    assert "govuk-error-summary" not in page
    assert '<div id="results" aria-live="polite">' in page
    assert "Dates from" not in page
    assert "govuk-table" not in page


def test_a_date_gives_every_derived_date(client):
    # When: a tender notice on Monday 2 February 2026
    response = client.get("/timescales/", {"date-day": "2", "date-month": "2", "date-year": "2026"})

    # Then
    page = response.content.decode()
    assert response.status_code == 200
    heading = (
        '<h2 class="govuk-heading-m" data-focus-after-swap>Dates from Monday 2 February 2026</h2>'
    )
    assert heading in page
    assert _cell(page, "Earliest participation deadline") == "Friday 27 February 2026"
    assert _cell(page, "Mandatory standstill ends") == "Wednesday 11 February 2026"
    assert _cell(page, "Earliest tender deadline") == "Monday 9 March 2026"


def test_ticked_facts_change_the_tender_deadline(client):
    response = client.get(
        "/timescales/",
        {
            "date-day": "2",
            "date-month": "2",
            "date-year": "2026",
            "facts": ["electronic_submission", "all_documents_at_notice"],
        },
    )

    page = response.content.decode()
    assert _cell(page, "Earliest tender deadline") == "Friday 27 February 2026"
    assert 'value="electronic_submission" checked' in page


def test_light_touch_has_no_minimum_participation_period(client):
    response = client.get(
        "/timescales/",
        {"date-day": "2", "date-month": "2", "date-year": "2026", "facts": "light_touch"},
    )

    assert _cell(response.content.decode(), "Earliest participation deadline") == "No minimum"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"date-day": "30", "date-month": "2", "date-year": "2026"},
            "The date must be a real date",
        ),
        ({"date-day": "x", "date-month": "2", "date-year": "2026"}, "The date must be a real date"),
        ({"date-day": "", "date-month": "", "date-year": "", "facts": "urgency"}, "Enter the date"),
        (
            {"date-day": "2", "date-month": "", "date-year": ""},
            "The date must include a month and year",
        ),
        (
            {"date-day": "2", "date-month": "2", "date-year": "1999"},
            "The year must be between 2000 and 2100",
        ),
    ],
    ids=["not-real", "not-a-number", "empty", "incomplete", "out-of-range"],
)
def test_an_invalid_date_shows_the_error_summary(client, params, message):
    # When
    response = client.get("/timescales/", params)

    # Then
    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: Procurement Act timescales – Procura</title>" in page
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in page
    assert f'<li><a href="#date-day">{message}</a></li>' in page
    assert (
        '<p id="date-error" class="govuk-error-message">'
        f'<span class="govuk-visually-hidden">Error:</span> {message}</p>'
    ) in page
    assert "Dates from" not in page


def test_an_htmx_request_gets_only_the_calculator_fragment(client):
    # When
    response = client.get(
        "/timescales/",
        {"date-day": "2", "date-month": "2", "date-year": "2026"},
        headers={"HX-Request": "true"},
    )

    # Then the form and results come back without the page around them
    page = response.content.decode()
    assert response.status_code == 200
    assert page.strip().startswith('<div id="calculator">')
    assert page.strip().endswith("</div>")
    assert "<html" not in page
    assert '<div id="results" aria-live="polite">' in page
    assert _cell(page, "Earliest participation deadline") == "Friday 27 February 2026"


def test_an_htmx_request_with_an_invalid_date_gets_the_error_summary(client):
    # When
    response = client.get(
        "/timescales/",
        {"date-day": "31", "date-month": "2", "date-year": "2026"},
        headers={"HX-Request": "true"},
    )

    # Then the fragment carries the GOV.UK error summary (htmx is configured to swap a 400)
    page = response.content.decode()
    assert response.status_code == 400
    assert page.strip().startswith('<div id="calculator">')
    assert "<html" not in page
    assert "There is a problem" in page
    assert "The date must be a real date" in page
    assert "Dates from" not in page


@pytest.mark.parametrize(
    "facts",
    [
        ["light_touch"],
        ["negotiated_period_agreed"],
        ["negotiated_period_agreed", "preselected_suppliers_only"],
        ["defence_and_security"],
    ],
)
def test_the_page_agrees_with_the_rules_for_the_changed_facts(client, facts):
    from datetime import date

    from procura.timescales import rules

    response = client.get(
        "/timescales/", {"date-day": "2", "date-month": "2", "date-year": "2026", "facts": facts}
    )

    page = response.content.decode()
    for derived in rules.all_timescales(
        date(2026, 2, 2), rules.TenderingFacts(**dict.fromkeys(facts, True))
    ):
        shown = _cell(page, derived.name)
        if derived.date is not None:
            assert shown == derived.date.strftime("%A %-d %B %Y")
        else:
            assert shown in ("No minimum", "Not required")


def test_light_touch_shows_no_standstill_and_no_performance_notice(client):
    response = client.get(
        "/timescales/",
        {"date-day": "2", "date-month": "2", "date-year": "2026", "facts": "light_touch"},
    )

    page = response.content.decode()
    assert _cell(page, "Mandatory standstill ends") == "Not required"
    assert _cell(page, "Contract performance notice (UK9) due") == "Not required"
    assert _cell(page, "Copy of the contract due (contracts over £5 million)") == (
        "Friday 31 July 2026"
    )
