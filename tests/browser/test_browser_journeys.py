"""End-to-end journeys in a real browser (Debian's Chromium), each page checked with axe-core."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from procura.accounts.models import Organisation
from procura.timescales import rules

# The live server needs committed data, so each test flushes the database when it ends; the
# serialized rollback puts back what the migrations created (the audit chain's head).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DEMO_PASSWORD = "procura-demo"  # every demo sign-in (procura.demo.people)
GOVUK_BLACK = "rgb(11, 12, 12)"  # #0b0c0c, the GOV.UK header background


def long_date(day: date) -> str:
    """A date as the pages show it (Django's "l j F Y"), e.g. "Friday 27 February 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def assert_styled(page) -> None:
    """The compiled GOV.UK stylesheet has loaded, so axe's colour checks mean something."""
    header = page.locator(".govuk-header")
    expect(header).to_have_css("background-color", GOVUK_BLACK)
    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert font.startswith("system-ui"), f"the heading font is {font!r}, not the system fonts"
    assert header.locator("svg").count() == 0, "the header shows a logo; Procura is not GOV.UK"


def sign_in(page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def fill_date(page, day: str, month: str, year: str) -> None:
    page.get_by_label("Day").fill(day)
    page.get_by_label("Month").fill(month)
    page.get_by_label("Year").fill(year)


def navigation(page):
    return page.get_by_role("navigation", name="Menu")


def test_buyer_signs_in_works_out_timescales_and_signs_out(
    page, demo_data, axe_check, screenshot_dir
):
    css_responses = []
    page.on(
        "response",
        lambda r: css_responses.append(r) if r.url.endswith("/build/procura.css") else None,
    )

    # The start page.
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Run procurements under the Procurement Act 2023"
    )
    assert [r.status for r in css_responses] == [200], "the stylesheet did not load"
    assert_styled(page)
    axe_check(page, "the start page")
    page.get_by_role("main").get_by_role("button", name="Sign in").click()

    # A wrong password first: the GOV.UK error summary, focused, above the same heading.
    expect(page).to_have_url(re.compile(r"/sign-in/$"))
    sign_in(page, "mps.buyer", "not-the-password")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text(
        "Enter a correct username and password. Both are case-sensitive."
    )
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_username")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Procura")
    expect(page.get_by_label("Username")).to_have_value("mps.buyer")
    expect(page.get_by_label("Password")).to_have_value("")
    axe_check(page, "the sign-in page with an error")

    # Then the right password: the buyer's landing page.
    sign_in(page, "mps.buyer")
    expect(page).to_have_url(re.compile(r"/home/buyer/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your procurements")
    expect(page.get_by_role("main")).to_contain_text("Metropolitan Police Service")
    expect(
        page.get_by_role("main").get_by_role("link", name="Metropolitan Police Service")
    ).to_be_visible()
    nav = navigation(page)
    expect(nav.get_by_role("link", name="Procurements")).to_have_attribute("aria-current", "true")
    expect(nav.get_by_role("link", name="Timescales")).to_be_visible()
    expect(nav.get_by_role("button", name="Sign out")).to_be_visible()
    assert_styled(page)
    axe_check(page, "the buyer landing page")
    page.screenshot(path=screenshot_dir / "buyer-landing.png", full_page=True)

    # Timescales, through the navigation; the results are swapped in by htmx.
    nav.get_by_role("link", name="Timescales").click()
    expect(page).to_have_url(re.compile(r"/timescales/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Procurement Act timescales")
    expect(navigation(page).get_by_role("link", name="Timescales")).to_have_attribute(
        "aria-current", "true"
    )
    assert page.evaluate("typeof window.htmx") == "object", "htmx is not loaded on the page"
    page.evaluate("window.procuraNotReloaded = true")
    fill_date(page, "2", "2", "2026")
    page.get_by_role("button", name="Work out the dates").click()

    results = page.locator("#results")
    expect(results.get_by_role("heading", level=2)).to_have_text(
        "Dates from Monday 2 February 2026"
    )
    expect(results.locator('td[data-name="Earliest participation deadline"]')).to_have_text(
        "Friday 27 February 2026"
    )
    standstill = rules.standstill(date(2026, 2, 2))
    expect(results.locator('td[data-name="Mandatory standstill ends"]')).to_have_text(
        long_date(standstill.last_day)
    )
    expect(results.locator('td[data-name="Earliest day to enter into the contract"]')).to_have_text(
        long_date(standstill.earliest_entry)
    )
    assert page.evaluate("window.procuraNotReloaded === true"), (
        "the page was reloaded: htmx did not swap #results"
    )
    expect(page).to_have_url(re.compile(r"/timescales/\?date-day=2&date-month=2&date-year=2026$"))
    assert_styled(page)
    axe_check(page, "the timescales page with results")
    page.screenshot(path=screenshot_dir / "timescales.png", full_page=True)

    # A date that does not exist: the GOV.UK error summary, still without a reload.
    fill_date(page, "31", "2", "2026")
    page.get_by_role("button", name="Work out the dates").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text("The date must be a real date")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#date-day")
    expect(page.locator("#date-error")).to_have_text("Error: The date must be a real date")
    expect(page.get_by_label("Day")).to_have_value("31")
    expect(page.locator("#results table")).to_have_count(0)
    assert page.evaluate("window.procuraNotReloaded === true"), (
        "the page was reloaded: htmx did not swap in the error summary"
    )
    axe_check(page, "the timescales page with an error (after htmx)")

    # Sign out: a POST button in the navigation.
    navigation(page).get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/signed-out/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    expect(navigation(page).get_by_role("link", name="Sign in")).to_be_visible()
    axe_check(page, "the signed-out page")
    page.goto("/home/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/home/$"))


def test_timescales_invalid_date_without_javascript_shows_the_error_summary(
    page, transactional_db, axe_check
):
    """The form's own GET (what a browser without JavaScript sends) for a date that is not real."""
    response = page.goto("/timescales/?date-day=31&date-month=2&date-year=2026")
    assert response is not None
    assert response.status == 400
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text("The date must be a real date")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#date-day")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: Procurement Act timescales"))
    expect(page.locator("#date-error")).to_have_text("Error: The date must be a real date")
    expect(page.get_by_label("Day")).to_have_value("31")
    expect(page.locator("#results table")).to_have_count(0)
    axe_check(page, "the timescales page with an error")


def test_timescales_invalid_date_through_htmx_behaves_like_a_full_page_load(page, transactional_db):
    """GOV.UK error pattern: focus moves to the error summary and the title starts "Error: "."""
    page.goto("/timescales/")
    fill_date(page, "31", "2", "2026")
    page.get_by_role("button", name="Work out the dates").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text("The date must be a real date")
    expect(summary).to_be_focused(timeout=3_000)
    expect(page).to_have_title(re.compile(r"^Error: Procurement Act timescales"), timeout=1_000)


def test_supplier_cannot_see_another_suppliers_organisation(page, demo_data, axe_check):
    page.goto("/sign-in/")
    sign_in(page, "albion.bid")
    expect(page).to_have_url(re.compile(r"/home/supplier_bid_manager/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Opportunities and bids")
    expect(navigation(page).get_by_role("link", name="Opportunities")).to_be_visible()
    axe_check(page, "the supplier bid manager landing page")

    # Their own organisation is visible...
    page.get_by_role("main").get_by_role("link", name="Albion Technology Solutions Ltd").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Albion Technology Solutions Ltd")
    axe_check(page, "the supplier's own organisation page")

    # ...another supplier's is not found, exactly like one that does not exist.
    other = Organisation.objects.get(name="Brightwell IT Supply Ltd")
    response = page.goto(f"/organisations/{other.pk}/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("main")).not_to_contain_text("Brightwell")
    assert_styled(page)
    axe_check(page, "the 404 page")
