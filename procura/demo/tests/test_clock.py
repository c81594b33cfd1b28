"""The demo clock: a platform administrator moves the service's time forward, on the audit
trail, and the deadline job runs for the time skipped; with the switch off nothing of it exists."""

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procura.accounts.states import Role
from procura.accounts.tests.factories import OrganisationFactory, member
from procura.audit.models import AuditEvent
from procura.audit.selectors import sentence_for
from procura.core import clock
from procura.core.errors import DomainError
from procura.demo import offset, services
from procura.demo.events import DemoEvent
from procura.demo.models import DemoClock
from procura.procurements import services as procurement_services
from procura.procurements.events import ProcurementEvent
from procura.procurements.models import Procurement
from procura.procurements.states import Status
from procura.procurements.tests.factories import MetFrameworkFactory

pytestmark = pytest.mark.django_db

# Where the `traveller` fixture stands the system's clock.
MONDAY_2_FEB_2026 = datetime(2026, 2, 2, 9, 0, tzinfo=clock.LONDON)

FRIDAY_27_FEB_NOON = MONDAY_2_FEB_2026.replace(day=27, hour=12)


def stored_offset() -> timedelta:
    return DemoClock.objects.get(pk=1).offset


def nothing_changed_since(events: int) -> None:
    assert stored_offset() == timedelta(0)
    assert AuditEvent.objects.count() == events
    assert clock.now() == MONDAY_2_FEB_2026


def published_with_participation_deadline(deadline) -> Procurement:
    procurement = MetFrameworkFactory(participation_deadline=deadline)
    procurement_services.publish_tender_notice(
        actor=procurement.created_by, procurement=procurement
    )
    return procurement


# --- The clock -------------------------------------------------------------------------------


def test_with_the_switch_off_now_ignores_a_stored_offset(traveller):
    # Given an offset in the table (a database copied from the demo, say)
    DemoClock.objects.filter(pk=1).update(offset=timedelta(days=30))

    # When / Then: no offset is installed, and now() never reads the table
    with CaptureQueriesContext(connection) as queries:
        assert clock.now() == MONDAY_2_FEB_2026
    assert clock._offset is None
    assert len(queries) == 0


def test_with_the_switch_on_now_adds_the_stored_offset_read_at_most_once_a_second(
    traveller, demo_clock_on
):
    # Given
    DemoClock.objects.filter(pk=1).update(offset=timedelta(days=30))
    offset.stored_offset()  # the first read of a process also checks that the table exists
    offset.forget()

    # When
    with CaptureQueriesContext(connection) as queries:
        moments = [clock.now() for _ in range(50)]

    # Then
    assert set(moments) == {MONDAY_2_FEB_2026 + timedelta(days=30)}
    assert len(queries) == 1
    assert clock.system_now() == MONDAY_2_FEB_2026


def test_travel_is_not_moved_by_the_demo_clock(traveller, demo_clock_on):
    DemoClock.objects.filter(pk=1).update(offset=timedelta(days=30))
    offset.forget()
    moment = MONDAY_2_FEB_2026 - timedelta(days=100)

    with clock.travel(moment):
        assert clock.now() == moment


# --- advance_clock -----------------------------------------------------------------------------


def test_a_platform_admin_moves_the_clock_forward_on_the_audit_trail(
    traveller, demo_clock_on, admin
):
    # When
    moved = services.advance_clock(actor=admin, by=timedelta(days=3, hours=2))

    # Then
    after = MONDAY_2_FEB_2026 + timedelta(days=3, hours=2)
    assert (moved.before, moved.after, moved.deadlines_closed) == (MONDAY_2_FEB_2026, after, 0)
    assert clock.now() == after
    assert stored_offset() == timedelta(days=3, hours=2)
    event = AuditEvent.objects.get(event_type=DemoEvent.CLOCK_ADVANCED)
    assert (event.actor, event.object_type, event.object_id) == (admin, "demo.democlock", "1")
    assert event.occurred_at == MONDAY_2_FEB_2026
    assert event.before == {
        "service_time": MONDAY_2_FEB_2026.isoformat(),
        "offset": "0:00:00",
    }
    assert event.after == {
        "service_time": after.isoformat(),
        "offset": "3 days, 2:00:00",
        "moved_from": "9am on Monday 2 February 2026",
        "moved_to": "11am on Thursday 5 February 2026",
    }
    assert sentence_for(event) == (
        f"{admin.get_full_name()} moved the service's clock forward from 9am on Monday "
        "2 February 2026 to 11am on Thursday 5 February 2026 (demo only)."
    )


def test_moves_add_up_and_a_move_to_a_time_counts_from_the_service_time(
    traveller, demo_clock_on, admin
):
    services.advance_clock(actor=admin, by=timedelta(days=10))

    moved = services.advance_clock(actor=admin, to=FRIDAY_27_FEB_NOON)

    assert moved.before == MONDAY_2_FEB_2026 + timedelta(days=10)
    assert clock.now() == FRIDAY_27_FEB_NOON
    assert stored_offset() == FRIDAY_27_FEB_NOON - MONDAY_2_FEB_2026
    assert AuditEvent.objects.filter(event_type=DemoEvent.CLOCK_ADVANCED).count() == 2


def test_the_deadline_job_closes_the_deadlines_the_move_passed(traveller, demo_clock_on, admin):
    # Given one deadline the move passes and one it does not
    passed = published_with_participation_deadline(FRIDAY_27_FEB_NOON)
    later = published_with_participation_deadline(FRIDAY_27_FEB_NOON + timedelta(days=7))

    # When
    moved = services.advance_clock(actor=admin, to=FRIDAY_27_FEB_NOON + timedelta(hours=1))

    # Then
    passed.refresh_from_db()
    later.refresh_from_db()
    assert moved.deadlines_closed == 1
    assert (passed.status, passed.participation_closed_at) == (
        Status.PARTICIPATION_CLOSED,
        FRIDAY_27_FEB_NOON + timedelta(hours=1),
    )
    assert later.status == Status.PARTICIPATION_OPEN
    clock_event = AuditEvent.objects.get(event_type=DemoEvent.CLOCK_ADVANCED)
    closed_event = AuditEvent.objects.get(event_type=ProcurementEvent.PARTICIPATION_CLOSED)
    assert closed_event.sequence > clock_event.sequence
    assert closed_event.actor is None


@pytest.mark.parametrize(
    ("move", "code"),
    [
        ({"by": timedelta(days=-1)}, "clock_not_forward"),
        ({"to": MONDAY_2_FEB_2026 - timedelta(minutes=1)}, "clock_not_forward"),
        ({"by": timedelta(days=401)}, "clock_move_too_far"),
        ({}, "clock_move_unclear"),
    ],
    ids=["backwards-by", "backwards-to", "too-far", "unclear"],
)
def test_a_bad_move_is_refused_and_changes_nothing(traveller, demo_clock_on, admin, move, code):
    events = AuditEvent.objects.count()

    with pytest.raises(DomainError) as refused:
        services.advance_clock(actor=admin, **move)

    assert refused.value.code == code
    nothing_changed_since(events)


def test_anyone_but_a_platform_admin_is_refused_as_not_found(traveller, demo_clock_on):
    buyer = member(OrganisationFactory(), Role.BUYER)
    events = AuditEvent.objects.count()

    with pytest.raises(DomainError) as refused:
        services.advance_clock(actor=buyer, by=timedelta(days=1))

    assert refused.value.code == "not_found"
    nothing_changed_since(events)


def test_with_the_switch_off_even_a_platform_admin_is_refused(traveller, admin):
    events = AuditEvent.objects.count()

    with pytest.raises(DomainError) as refused:
        services.advance_clock(actor=admin, by=timedelta(days=1))

    assert refused.value.code == "not_found"
    nothing_changed_since(events)


# --- manage.py advance_clock -------------------------------------------------------------------


def advance(*args: str) -> str:
    out = StringIO()
    call_command("advance_clock", *args, stdout=out)
    return out.getvalue()


def test_the_command_moves_the_clock_by_days_hours_or_to_a_time(traveller, demo_clock_on, admin):
    published_with_participation_deadline(FRIDAY_27_FEB_NOON)

    assert advance("--days", "2") == (
        "The service's time was 9am on Monday 2 February 2026; it is now 9am on Wednesday "
        "4 February 2026. Closed the passed deadlines of 0 procurements.\n"
    )
    advance("--hours", "3")
    assert clock.now() == MONDAY_2_FEB_2026 + timedelta(days=2, hours=3)
    assert advance("--to", "2026-02-27T12:30") == (
        "The service's time was midday on Wednesday 4 February 2026; it is now 12:30pm on "
        "Friday 27 February 2026. Closed the passed deadlines of 1 procurement.\n"
    )
    assert clock.now() == FRIDAY_27_FEB_NOON + timedelta(minutes=30)
    assert list(
        AuditEvent.objects.filter(event_type=DemoEvent.CLOCK_ADVANCED).values_list(
            "actor__username", flat=True
        )
    ) == ["admin", "admin", "admin"]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--to", "15/01/2027"], "invalid_input"),
        (["--to", "2027-02-30T12:00"], "invalid_input"),
        (["--days", "-1"], "clock_not_forward"),
        (["--to", "2026-02-01T12:00"], "clock_not_forward"),
        (["--days", "401"], "clock_move_too_far"),
        (["--days", "1", "--as", "nobody"], "not_found"),
    ],
    ids=["malformed", "not-a-date", "backwards", "to-the-past", "too-far", "no-such-user"],
)
def test_the_command_refuses_bad_input_with_its_code(traveller, demo_clock_on, admin, args, code):
    events = AuditEvent.objects.count()

    with pytest.raises(CommandError) as refused:
        advance(*args)

    assert str(refused.value).startswith(f"{code}: ")
    nothing_changed_since(events)


def test_the_command_refuses_a_user_who_is_not_a_platform_admin(traveller, demo_clock_on):
    member(OrganisationFactory(), Role.BUYER, username="buyer")
    events = AuditEvent.objects.count()

    with pytest.raises(CommandError) as refused:
        advance("--days", "1", "--as", "buyer")

    assert str(refused.value).startswith("not_found: ")
    nothing_changed_since(events)


def test_the_command_refuses_when_the_switch_is_off(traveller, admin):
    events = AuditEvent.objects.count()

    with pytest.raises(CommandError) as refused:
        advance("--days", "1")

    assert str(refused.value).startswith("not_found: the demo clock is off")
    nothing_changed_since(events)
