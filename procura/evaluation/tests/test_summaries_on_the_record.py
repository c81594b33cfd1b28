"""Assessment summaries: the e-mail links to the summary by its full address, and every download
of a summary PDF (and of a tender's file by an evaluator) is on the record."""

import hashlib
import json
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client

from procura.accounts.states import Role
from procura.accounts.tests.factories import member
from procura.audit.models import AuditEvent
from procura.evaluation import selectors, services
from procura.evaluation.models import AssessmentSummary
from procura.tendering import services as tendering
from procura.tendering.services import UploadedDocument
from procura.tendering.tests.factories import AFTER, submit, tender_stage
from procura.testing.client import Api

from . import factories as f

pytestmark = pytest.mark.django_db

SENT = datetime(2026, 12, 18, 16, 30, tzinfo=UTC)
DOWNLOADED = datetime(2026, 12, 19, 9, 15, tzinfo=UTC)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _events(event_type) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type).order_by("sequence"))


# --- The e-mail -------------------------------------------------------------------------------


def test_the_summary_email_links_to_the_summary_by_its_full_address(
    tender_box, settings, django_capture_on_commit_callbacks
):
    # Given the service is reached at its public address
    settings.PROCURA_BASE_URL = "https://procura.example.police.uk"
    e = f.evaluation(tender_box, evaluators=1)
    f.approved(e)
    albion = e.tender("Albion").supplier
    member(albion, Role.SUPPLIER_BID_MANAGER, email="bids@albion.example")

    # When the summaries are sent
    with time_machine.travel(SENT, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.send_assessment_summaries(actor=e.buyer, procurement=e.procurement)

    # Then the link is absolute and goes straight to Albion's summary
    summary = AssessmentSummary.objects.get(supplier=albion)
    [message] = mail.outbox
    expected = (
        f"https://procura.example.police.uk/procurements/{e.procurement.pk}"
        f"/assessment-summaries/{summary.pk}/"
    )
    assert message.body.splitlines()[-1] == f"Sign in to Procura to read it: {expected}"


def test_the_development_address_is_the_default(tender_box, django_capture_on_commit_callbacks):
    e = f.evaluation(tender_box, evaluators=1)
    f.approved(e)
    albion = e.tender("Albion").supplier
    member(albion, Role.SUPPLIER_BID_MANAGER, email="bids@albion.example")

    with django_capture_on_commit_callbacks(execute=True):
        services.send_assessment_summaries(actor=e.buyer, procurement=e.procurement)

    summary = AssessmentSummary.objects.get(supplier=albion)
    [message] = mail.outbox
    assert (
        f"http://127.0.0.1:8000/procurements/{e.procurement.pk}/assessment-summaries/"
        f"{summary.pk}/\n"
    ) in message.body


# --- Downloads of the summary PDF -------------------------------------------------------------


def test_a_supplier_downloading_its_summary_pdf_is_one_event_with_what_it_got(tender_box):
    # Given
    e = f.evaluation(tender_box, evaluators=1)
    with time_machine.travel(SENT, tick=False):
        f.summaries_sent(e)
    albion = e.tender("Albion").supplier
    bid_manager = member(albion, Role.SUPPLIER_BID_MANAGER, first_name="Alice", last_name="Bid")
    summary = AssessmentSummary.objects.get(supplier=albion)

    # When
    with time_machine.travel(DOWNLOADED, tick=False):
        response = _client(bid_manager).get(
            f"/procurements/{e.procurement.pk}/assessment-summaries/{summary.pk}/pdf/"
        )

    # Then
    assert response.status_code == 200
    [event] = _events("evaluation.summary_downloaded")
    assert (
        event.actor,
        event.occurred_at,
        event.object_type,
        event.object_id,
        event.organisation_id,
    ) == (
        bid_manager,
        DOWNLOADED,
        "procurements.procurement",
        str(e.procurement.pk),
        e.procurement.authority_id,
    )
    assert event.after == {
        "procurement": e.procurement.reference,
        "summary_id": summary.pk,
        "supplier": "Albion Technology Solutions Ltd",
        "sent_at": "2026-12-18T16:30:00Z",
        "sha256": hashlib.sha256(response.content).hexdigest(),
        "size": len(response.content),
    }


def test_a_summary_pdf_through_the_api_is_on_the_record_and_a_refused_one_is_not(tender_box):
    # Given
    e = f.evaluation(tender_box, evaluators=1)
    f.summaries_sent(e)
    albion = e.tender("Albion").supplier
    own = AssessmentSummary.objects.get(supplier=albion)
    other = AssessmentSummary.objects.get(supplier=e.tender("Eastbrook").supplier)
    bid_manager = member(albion, Role.SUPPLIER_BID_MANAGER)
    api = Api(bid_manager)
    base = f"/api/v1/procurements/{e.procurement.pk}/assessment-summaries"

    # When
    refused = api.get(f"{base}/{other.pk}/pdf")
    got = api.get(f"{base}/{own.pk}/pdf")

    # Then
    assert (refused.status_code, json.loads(refused.content)["code"]) == (404, "not_found")
    assert got.status_code == 200 and got.content.startswith(b"%PDF")
    [event] = _events("evaluation.summary_downloaded")
    assert (event.actor, event.after["summary_id"], event.after["sha256"]) == (
        bid_manager,
        own.pk,
        hashlib.sha256(got.content).hexdigest(),
    )


# --- An evaluator downloading a tender's file --------------------------------------------------


def test_an_evaluator_downloading_a_tenders_file_is_one_event():
    # Given an opened tender with a file and a cleared evaluator
    stage = tender_stage()
    receipt = submit(stage, files=[UploadedDocument("delivery-plan.pdf", b"%PDF-1.4 plan")])
    procurement = stage.procurement
    services.assign_evaluator(actor=stage.buyer, procurement=procurement, evaluator=stage.evaluator)
    services.declare_conflicts(actor=stage.evaluator, procurement=procurement, has_conflict=False)
    with time_machine.travel(AFTER, tick=False):
        tendering.confirm_opening(actor=stage.buyer, procurement=procurement)
        tendering.confirm_opening(actor=stage.buyer2, procurement=procurement)
    [tender] = selectors.tenders_for_evaluation(procurement)

    # When
    with time_machine.travel(DOWNLOADED, tick=False):
        response = _client(stage.evaluator).get(
            f"/procurements/{procurement.pk}/evaluation/tenders/{tender.tender_id}/files/1/"
        )

    # Then
    assert response.content == b"%PDF-1.4 plan"
    [event] = _events("tendering.file_downloaded")
    assert (event.actor, event.occurred_at, event.object_type, event.organisation_id) == (
        stage.evaluator,
        DOWNLOADED,
        "procurements.procurement",
        stage.authority.pk,
    )
    assert event.after == {
        "procurement": procurement.reference,
        "tender_id": tender.tender_id,
        "reference": receipt.reference,
        "supplier": stage.albion.name,
        "position": 1,
        "file_name": "delivery-plan.pdf",
        "size": len(b"%PDF-1.4 plan"),
        "sha256": receipt.files[0].sha256,
    }
