"""Deadlines close when they pass, not when the scheduled job runs (s.54(2)): each window of the
participation stage judged one second before and one second after its deadline, without the job.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from procura.audit.models import AuditEvent
from procura.core.errors import DomainError
from procura.participation import services
from procura.participation.models import Participant
from procura.participation.states import ExclusionOutcome, ParticipantStatus
from procura.participation.tests import factories as f
from procura.procurements.events import ProcurementEvent
from procura.procurements.models import Procurement
from procura.procurements.states import Status
from procura.testing.client import Api

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
DEADLINE = datetime(2027, 3, 31, 12, 0, tzinfo=LONDON)
BEFORE, AFTER = DEADLINE - timedelta(seconds=1), DEADLINE + timedelta(seconds=1)
API = "/api/v1/procurements/"


def state() -> tuple:
    return (
        list(Procurement.objects.values_list("pk", "status", "participation_closed_at")),
        list(Participant.objects.order_by("pk").values_list("pk", "status")),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def open_for_requests():
    """A competitive flexible procedure whose requests to participate close at DEADLINE; two
    suppliers have submitted theirs. The scheduled job never runs in these tests."""
    with time_machine.travel(DEADLINE - timedelta(days=20), tick=False):
        procurement = f.ProcurementFactory(participation_deadline=DEADLINE)
        buyer = f.buyer_of(procurement.authority)
        f.issue_agreements(procurement, buyer)
        f.standard_questions(procurement)
        submitted = [
            f.submitted_participant(procurement, *f.supplier(name))
            for name in ("Albion Technology Ltd", "Brightwell Systems Ltd")
        ]
    return procurement, buyer, submitted


@pytest.mark.parametrize("when, accepted", [(BEFORE, True), (AFTER, False)])
def test_interest_is_judged_against_the_clock_not_the_status(open_for_requests, when, accepted):
    # Given the status still says participation open (the job has not run)
    procurement, _, _ = open_for_requests
    organisation, bid_manager = f.supplier("Keystone Public Sector IT Ltd")
    before = state()

    with time_machine.travel(when, tick=False):
        if accepted:
            # When Keystone asks to join one second before the deadline, Then it joins
            participant = services.express_interest(
                actor=bid_manager, procurement=procurement, supplier=organisation
            )
            assert participant.status == ParticipantStatus.INTERESTED
            return
        # When it asks one second after, Then it is refused and nothing changed
        with pytest.raises(DomainError) as refused:
            services.express_interest(
                actor=bid_manager, procurement=procurement, supplier=organisation
            )
    assert refused.value.code == "not_open_for_interest"
    assert state() == before
    assert Procurement.objects.get().status == Status.PARTICIPATION_OPEN


@pytest.mark.parametrize("when, status", [(BEFORE, 201), (AFTER, 400)])
def test_interest_through_the_api_is_judged_against_the_clock(open_for_requests, when, status):
    # Given
    procurement, _, _ = open_for_requests
    organisation, bid_manager = f.supplier("Keystone Public Sector IT Ltd")
    api = Api(bid_manager, prefix=API)
    before = state()

    # When
    with time_machine.travel(when, tick=False):
        response = api.post(f"{procurement.pk}/interest", {"supplier_id": organisation.pk})

    # Then
    assert response.status_code == status
    if status == 400:
        assert response.json()["code"] == "not_open_for_interest"
        assert state() == before
    else:
        assert Participant.objects.filter(supplier=organisation).count() == 1


@pytest.mark.parametrize("when, accepted", [(BEFORE, True), (AFTER, False)])
def test_a_request_to_participate_is_judged_against_the_clock(when, accepted):
    # Given an admitted supplier with a complete draft
    with time_machine.travel(DEADLINE - timedelta(days=20), tick=False):
        procurement = f.ProcurementFactory(participation_deadline=DEADLINE)
        buyer = f.buyer_of(procurement.authority)
        f.issue_agreements(procurement, buyer)
        f.standard_questions(procurement)
        organisation, bid_manager = f.supplier("Albion Technology Ltd")
        participant = f.admitted_participant(procurement, organisation, bid_manager)
        f.complete_answers(participant, bid_manager)
    before = state()

    with time_machine.travel(when, tick=False):
        if accepted:
            response = services.submit_response(actor=bid_manager, participant=participant)
            assert response.submitted_at == BEFORE
            return
        with pytest.raises(DomainError) as refused:
            services.submit_response(actor=bid_manager, participant=participant)
    assert refused.value.code == "participation_deadline_passed"
    assert state() == before


@pytest.mark.parametrize("when, accepted", [(BEFORE, False), (AFTER, True)])
def test_shortlisting_after_the_deadline_does_not_wait_for_the_job(
    open_for_requests, when, accepted
):
    # Given two submitted suppliers, neither excluded, and the job has not run
    procurement, buyer, (albion, brightwell) = open_for_requests
    with time_machine.travel(DEADLINE - timedelta(days=1), tick=False):
        for participant in (albion, brightwell):
            services.record_exclusion_decision(
                actor=buyer, participant=participant, outcome=ExclusionOutcome.NOT_EXCLUDED
            )
    before = state()

    with time_machine.travel(when, tick=False):
        if not accepted:
            # When the buyer shortlists one second before the deadline, Then it must wait
            with pytest.raises(DomainError) as refused:
                services.decide_shortlist(
                    actor=buyer,
                    procurement=procurement,
                    shortlisted={albion.pk: "Top"},
                    not_shortlisted={brightwell.pk: "Second"},
                )
            assert refused.value.code == "participation_not_closed"
            assert state() == before
            return
        # When it shortlists one second after
        services.decide_shortlist(
            actor=buyer,
            procurement=procurement,
            shortlisted={albion.pk: "Top"},
            not_shortlisted={brightwell.pk: "Second"},
        )

    # Then the close is recorded first, by the deadline service, at the time of the request
    procurement.refresh_from_db()
    assert (procurement.status, procurement.participation_closed_at) == (
        Status.PARTICIPATION_CLOSED,
        AFTER,
    )
    closed = AuditEvent.objects.filter(event_type=ProcurementEvent.PARTICIPATION_CLOSED).get()
    assert closed.actor is None
    albion.refresh_from_db()
    assert albion.status == ParticipantStatus.INVITED


def test_assessment_after_the_deadline_does_not_wait_for_the_job(open_for_requests):
    # Given
    procurement, buyer, (albion, _) = open_for_requests

    # When the buyer assesses one second after the deadline
    with time_machine.travel(AFTER, tick=False):
        services.assess_response(actor=buyer, participant=albion, financial_result="pass")

    # Then
    assert Procurement.objects.get().status == Status.PARTICIPATION_CLOSED
