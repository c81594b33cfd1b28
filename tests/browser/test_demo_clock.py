"""The demo clock in a real browser: the platform administrator moves the service's time past the
demo's open participation deadline, which the deadline job then closes; every page checked with
axe-core."""

import re

import pytest
from journeys import heading, main, sign_in, success_banner
from playwright.sync_api import expect

from procura.demo import met_forensics
from procura.procurements.models import Procurement
from procura.procurements.states import Status

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_admin_moves_the_clock_past_a_deadline_which_is_then_closed(
    page, demo_data, axe_check, settings
):
    # Given the demo, its clock switched on, and the small Met procurement open for requests
    settings.PROCURA_DEMO_CLOCK = True
    forensics = Procurement.objects.get(title=met_forensics.FORENSICS_TITLE)
    assert forensics.status == Status.PARTICIPATION_OPEN

    # When the admin moves the clock forward by 40 days (past its deadline, a month away)
    sign_in(page, "admin")
    page.goto("/demo/clock/")
    expect(heading(page)).to_have_text("The demo clock")
    axe_check(page, "the demo clock")
    page.get_by_label("By a number of days and hours").check()
    page.get_by_label("Days", exact=True).fill("forty")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Days must be a number")
    axe_check(page, "the demo clock, refused")
    page.get_by_label("By a number of days and hours").check()
    page.get_by_label("Days", exact=True).fill("40")
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("Move the service's clock forward?")
    axe_check(page, "the demo clock, confirm")
    page.get_by_role("button", name="Move the clock forward").click()

    # Then the time moved, and the deadline job closed the participation deadline it passed
    expect(success_banner(page)).to_contain_text(
        re.compile(r"The service's time is now .*closed the passed deadlines of 1 procurement")
    )
    forensics.refresh_from_db()
    assert forensics.status == Status.PARTICIPATION_CLOSED
    page.get_by_role("link", name="demo clock's audit trail").click()
    expect(main(page)).to_contain_text("moved the service's clock forward")
