"""Whether a procurement keeps its documents behind the NDA and ethical walls agreements is part
of its set-up; if it does, the tender notice is published only once both are issued (a house
rule), so that no supplier is left at a closed gate."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from procura.audit.models import AuditEvent
from procura.notices.models import Notice
from procura.participation.models import Agreement
from procura.procurements import rules
from procura.procurements.models import Procurement
from procura.procurements.states import Status
from procura.procurements.tests.factories import MetFrameworkFactory
from procura.procurements.tests.pages import signed_in
from procura.testing.client import Api

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NDA, WALLS = "Non-disclosure agreement", "Ethical walls agreement"


@pytest.fixture(autouse=True)
def traveller():
    with time_machine.travel(datetime(2026, 2, 2, 9, 0, tzinfo=LONDON), tick=False):
        yield


def state(procurement: Procurement):
    return (
        Procurement.objects.filter(pk=procurement.pk).values().get(),
        Notice.objects.count(),
        Agreement.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(
    "gated, not_issued, refused",
    [
        (True, (NDA, WALLS), True),
        (True, (WALLS,), True),
        (True, (NDA,), True),
        (True, (), False),
        (False, (NDA, WALLS), False),
        (False, (), False),
    ],
)
def test_publication_waits_for_the_agreements_only_where_they_gate_the_documents(
    gated, not_issued, refused
):
    check = rules.PublicationCheck(
        publication_date=date(2026, 2, 2),
        competitive_flexible=False,
        has_conflicts_assessment=True,
        participation_deadline=None,
        tender_deadline=None,
        documents_behind_agreements=gated,
        agreements_not_issued=not_issued,
    )

    violation = rules.check_agreements_issued(check)

    if not refused:
        assert violation is None
        return
    assert (violation.code, violation.section, violation.field) == (
        "agreements_not_issued",
        None,
        "documents_behind_agreements",
    )
    assert "(a house rule)" in violation.message
    for name in not_issued:
        assert name.lower() in violation.message


def test_the_api_refuses_publication_until_the_agreements_are_issued_and_changes_nothing():
    met = MetFrameworkFactory(agreements=False)
    api = Api(met.created_by)
    before = state(met)

    response = api.post(f"/api/v1/procurements/{met.pk}/publish")

    assert response.status_code == 400
    assert response.json()["code"] == "agreements_not_issued"
    assert response.json()["field"] == "documents_behind_agreements"
    assert state(met) == before


def test_the_page_refuses_publication_with_the_same_reason_and_changes_nothing():
    met = MetFrameworkFactory(agreements=False)
    client = signed_in(met.created_by)
    before = state(met)

    response = client.post(f"/procurements/{met.pk}/publish/")

    assert response.status_code == 400
    assert (
        "Issue the non-disclosure agreement and the ethical walls agreement before publishing"
        in (response.content.decode())
    )
    assert state(met) == before


def test_a_procurement_that_does_not_gate_its_documents_publishes_without_agreements():
    met = MetFrameworkFactory(agreements=False, documents_behind_agreements=False)

    response = Api(met.created_by).post(f"/api/v1/procurements/{met.pk}/publish")

    assert response.status_code == 201
    met.refresh_from_db()
    assert met.status == Status.PARTICIPATION_OPEN


def test_the_gate_is_part_of_the_set_up_in_the_api():
    met = MetFrameworkFactory()
    api = Api(met.created_by)

    changed = api.patch(f"/api/v1/procurements/{met.pk}", {"documents_behind_agreements": False})

    assert changed.status_code == 200, changed.content
    assert changed.json()["documents_behind_agreements"] is False
    met.refresh_from_db()
    assert met.documents_behind_agreements is False
