"""The demo clock's page: a platform administrator sees the service's time, previews a move,
confirms it; refusals in the GOV.UK error summary; 404 for everyone else and with the switch off."""

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from procura.accounts.states import Role
from procura.accounts.tests.factories import OrganisationFactory, member
from procura.audit.models import AuditEvent
from procura.core import clock
from procura.demo.events import DemoEvent
from procura.demo.models import DemoClock
from procura.procurements import services as procurement_services
from procura.procurements.states import Status
from procura.procurements.tests.factories import MetFrameworkFactory

pytestmark = pytest.mark.django_db

# Where the `traveller` fixture stands the system's clock.
MONDAY_2_FEB_2026 = datetime(2026, 2, 2, 9, 0, tzinfo=clock.LONDON)

URL = reverse("demo:clock")
BY_3_DAYS = {"how": "by", "days": "3", "hours": ""}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def nothing_changed_since(events: int) -> None:
    assert DemoClock.objects.get(pk=1).offset == timedelta(0)
    assert AuditEvent.objects.count() == events
    assert clock.now() == MONDAY_2_FEB_2026


def test_a_platform_admin_sees_the_service_time(traveller, demo_clock_on, admin):
    response = signed_in(admin).get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert '<strong data-name="service-time">9am on Monday 2 February 2026</strong>' in page
    assert reverse("audit:timeline", args=["demo.democlock", 1]) in page


def test_continue_shows_the_move_to_confirm_and_changes_nothing(traveller, demo_clock_on, admin):
    events = AuditEvent.objects.count()

    response = signed_in(admin).post(URL, BY_3_DAYS)

    assert response.status_code == 200
    page = response.content.decode()
    after = '<dd class="govuk-summary-list__value" data-name="after">9am on Thursday 5 February'
    assert after in page
    assert '<input type="hidden" name="confirmed" value="yes">' in page
    nothing_changed_since(events)


def test_confirming_moves_the_clock_and_closes_the_passed_deadlines(
    traveller, demo_clock_on, admin
):
    # Given a participation deadline 25 days away
    procurement = MetFrameworkFactory(
        participation_deadline=MONDAY_2_FEB_2026.replace(day=27, hour=12)
    )
    procurement_services.publish_tender_notice(
        actor=procurement.created_by, procurement=procurement
    )
    client = signed_in(admin)

    # When
    response = client.post(
        URL,
        {"how": "to", "day": "27", "month": "2", "year": "2026", "time": "13:00"}
        | {"confirmed": "yes"},
        follow=True,
    )

    # Then
    assert response.redirect_chain == [(URL, 302)]
    assert clock.now() == MONDAY_2_FEB_2026.replace(day=27, hour=13)
    procurement.refresh_from_db()
    assert procurement.status == Status.PARTICIPATION_CLOSED
    assert AuditEvent.objects.filter(event_type=DemoEvent.CLOCK_ADVANCED).count() == 1
    page = response.content.decode()
    assert (
        "The service&#x27;s time is now 1pm on Friday 27 February 2026. The deadline job closed "
        "the passed deadlines of 1 procurement." in page
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "how", "Choose how to move"),
        ({"how": "by"}, "days", "Enter a number of days or hours"),
        ({"how": "by", "days": "three"}, "days", "Days must be a number"),
        ({"how": "to", "day": "30", "month": "2", "year": "2026"}, "day", "real date"),
        ({"how": "to", "day": "3", "month": "3", "year": "2026", "time": "noon"}, "time", "14:30"),
        ({"how": "by", "days": "-1"}, "days", "The clock can only move forward"),
        ({"how": "to", "day": "1", "month": "2", "year": "2026"}, "day", "only move forward"),
        ({"how": "by", "days": "401"}, "days", "at most 400 days at a time"),
    ],
    ids=[
        "no-choice",
        "no-amount",
        "not-a-number",
        "not-a-date",
        "not-a-time",
        "backwards-by",
        "backwards-to",
        "too-far",
    ],
)
def test_bad_input_is_shown_in_the_error_summary_and_changes_nothing(
    traveller, demo_clock_on, admin, data, field, message
):
    events = AuditEvent.objects.count()

    for confirmed in ({}, {"confirmed": "yes"}):
        response = signed_in(admin).post(URL, data | confirmed)

        assert response.status_code == 200
        page = response.content.decode()
        assert "<title>Error: The demo clock" in page
        assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in page
        assert f'<li><a href="#{field}">' in page
        assert message in response.context["form"].errors[field][0]
    nothing_changed_since(events)


@pytest.mark.parametrize("method", ["get", "post"])
def test_anyone_but_a_platform_admin_gets_404(traveller, demo_clock_on, method):
    buyer = member(OrganisationFactory(), Role.BUYER)
    auditor = member(OrganisationFactory(platform_operator=True), Role.AUDITOR)
    events = AuditEvent.objects.count()

    for client in (Client(), signed_in(buyer), signed_in(auditor)):
        response = getattr(client, method)(URL, BY_3_DAYS | {"confirmed": "yes"})
        assert response.status_code == 404
    nothing_changed_since(events)


@pytest.mark.parametrize("method", ["get", "post"])
def test_with_the_switch_off_the_page_is_not_found(traveller, admin, method):
    events = AuditEvent.objects.count()

    response = getattr(signed_in(admin), method)(URL, BY_3_DAYS | {"confirmed": "yes"})

    assert response.status_code == 404
    nothing_changed_since(events)


def test_a_platform_admin_reads_the_clocks_timeline(traveller, demo_clock_on, admin):
    client = signed_in(admin)
    client.post(URL, BY_3_DAYS | {"confirmed": "yes"})

    response = client.get(reverse("audit:timeline", args=["demo.democlock", 1]))

    assert response.status_code == 200
    assert "moved the service&#x27;s clock forward from 9am on Monday 2 February 2026" in (
        response.content.decode()
    )
