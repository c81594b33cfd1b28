"""Every download of an opened tender's file is on the record: who, which tender and file, when.
A download refused (sealed, or not theirs to read) records nothing."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from procura.audit.models import AuditEvent
from procura.tendering import services
from procura.tendering.models import Tender
from procura.tendering.tests.factories import AFTER, submit, tender_stage
from procura.testing.client import Api

pytestmark = pytest.mark.django_db

PLAN = b"%PDF-1.4 delivery plan"
LATER = AFTER + timedelta(hours=2)


def _downloads() -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(event_type="tendering.file_downloaded").order_by("sequence")
    )


def _opened_stage():
    stage = tender_stage()
    receipt = submit(stage, files=[services.UploadedDocument("delivery-plan.pdf", PLAN)])
    with time_machine.travel(AFTER, tick=False):
        services.confirm_opening(actor=stage.buyer, procurement=stage.procurement)
        services.confirm_opening(actor=stage.approver, procurement=stage.procurement)
    return stage, receipt, Tender.objects.get(reference=receipt.reference)


def test_the_buyer_downloading_a_file_on_the_page_is_one_event_with_exact_fields():
    # Given
    stage, receipt, tender = _opened_stage()
    client = Client()

    # When
    with time_machine.travel(LATER, tick=False):
        client.force_login(stage.buyer)
        response = client.get(f"/procurements/{stage.procurement.pk}/tenders/{tender.pk}/files/1/")

    # Then
    assert response.content == PLAN
    [event] = _downloads()
    assert (
        event.actor,
        event.occurred_at,
        event.object_type,
        event.object_id,
        event.organisation_id,
    ) == (
        stage.buyer,
        LATER,
        "procurements.procurement",
        str(stage.procurement.pk),
        stage.authority.pk,
    )
    assert event.after == {
        "procurement": stage.procurement.reference,
        "tender_id": tender.pk,
        "reference": receipt.reference,
        "supplier": "Albion Technology Ltd",
        "position": 1,
        "file_name": "delivery-plan.pdf",
        "size": len(PLAN),
        "sha256": receipt.files[0].sha256,
    }


def test_a_download_through_the_api_is_on_the_record_and_a_refused_one_is_not():
    # Given
    stage, receipt, tender = _opened_stage()
    approver, albion = Api(stage.approver), Api(stage.albion_bid)
    url = f"/api/v1/procurements/{stage.procurement.pk}/tenders/{tender.pk}/files/1"

    # When
    with time_machine.travel(LATER, tick=False):
        refused = albion.get(url)
        missing = approver.get(url.replace("/files/1", "/files/2"))
        got = approver.get(url)

    # Then
    assert (refused.status_code, missing.status_code, got.status_code) == (404, 404, 200)
    [event] = _downloads()
    assert (event.actor, event.after["reference"], event.after["sha256"]) == (
        stage.approver,
        receipt.reference,
        receipt.files[0].sha256,
    )


def test_nothing_is_recorded_while_the_tenders_are_sealed():
    stage = tender_stage()
    submit(stage, files=[services.UploadedDocument("delivery-plan.pdf", PLAN)])
    tender = Tender.objects.get()
    client = Client()

    with time_machine.travel(AFTER, tick=False):
        client.force_login(stage.buyer)
        response = client.get(f"/procurements/{stage.procurement.pk}/tenders/{tender.pk}/files/1/")

    assert response.status_code == 404
    assert _downloads() == []
