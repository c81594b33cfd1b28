"""The one way a procurement's status changes: `services.transition` moves, stamps, sets the
fields that change with the move, saves and audits, or refuses and changes nothing."""

from datetime import datetime

import pytest
import time_machine

from procura.audit.models import AuditEvent
from procura.core import clock
from procura.core.errors import DomainError
from procura.notices.models import Notice
from procura.procurements import services
from procura.procurements.events import ProcurementEvent
from procura.procurements.models import Procurement
from procura.procurements.states import Status
from procura.procurements.tests.factories import MetFrameworkFactory

pytestmark = pytest.mark.django_db

MONDAY_2_FEB_2026 = datetime(2026, 2, 2, 9, 0, tzinfo=clock.LONDON)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(MONDAY_2_FEB_2026, tick=False):
        yield


def row(procurement: Procurement) -> dict:
    return Procurement.objects.filter(pk=procurement.pk).values().get()


def test_a_transition_moves_stamps_saves_and_audits():
    procurement = MetFrameworkFactory(status=Status.TENDERING_OPEN)

    moved = services.transition(
        services.lock_procurement(procurement),
        Status.TENDERS_CLOSED,
        actor=None,
        event_type=ProcurementEvent.TENDERS_CLOSED,
        stamp="tenders_closed_at",
        after={"note": "deadline"},
        reason="The deadline passed.",
    )

    stored = row(procurement)
    assert (stored["status"], stored["tenders_closed_at"]) == (
        Status.TENDERS_CLOSED,
        MONDAY_2_FEB_2026,
    )
    assert moved.status == Status.TENDERS_CLOSED
    event = AuditEvent.objects.get()
    assert event.event_type == ProcurementEvent.TENDERS_CLOSED
    assert event.actor is None
    assert event.before == {"status": Status.TENDERING_OPEN}
    assert event.after == {"status": Status.TENDERS_CLOSED, "note": "deadline"}
    assert event.reason == "The deadline passed."


def test_a_transition_stamps_several_fields_alike_and_sets_the_fields_that_move_with_it():
    procurement = MetFrameworkFactory(status=Status.PARTICIPATION_CLOSED)

    services.transition(
        services.lock_procurement(procurement),
        Status.TERMINATED,
        actor=procurement.created_by,
        event_type=ProcurementEvent.TERMINATED,
        stamp=("terminated_at", "tendering_opened_at"),
        fields={"termination_reason": "Budget withdrawn."},
    )

    stored = row(procurement)
    assert stored["status"] == Status.TERMINATED
    assert stored["terminated_at"] == stored["tendering_opened_at"] == MONDAY_2_FEB_2026
    assert stored["termination_reason"] == "Budget withdrawn."
    assert AuditEvent.objects.get().after == {"status": Status.TERMINATED}


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (Status.DRAFT, Status.TENDERS_CLOSED),
        (Status.TERMINATED, Status.TERMINATED),
        (Status.CONTRACT_SIGNED, Status.TERMINATED),
    ],
)
def test_a_transition_the_table_does_not_allow_changes_nothing(current, target):
    procurement = MetFrameworkFactory(status=current)
    before = row(procurement)

    with pytest.raises(DomainError) as refusal:
        services.transition(
            services.lock_procurement(procurement),
            target,
            actor=procurement.created_by,
            event_type=ProcurementEvent.TERMINATED,
            stamp="terminated_at",
            fields={"termination_reason": "No."},
        )

    assert refusal.value.code == "invalid_transition"
    assert row(procurement) == before
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("status", [Status.TERMINATED, Status.CONTRACT_SIGNED])
def test_an_ended_procurement_is_not_terminated_and_no_notice_is_published(status):
    procurement = MetFrameworkFactory(status=status)
    before = row(procurement)

    with pytest.raises(DomainError) as refusal:
        services.terminate_procurement(
            actor=procurement.created_by, procurement=procurement, reason="Budget withdrawn."
        )

    assert refusal.value.code == "invalid_transition"
    assert row(procurement) == before
    assert (Notice.objects.count(), AuditEvent.objects.count()) == (0, 0)
