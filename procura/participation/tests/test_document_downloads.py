"""Every download of a procurement document is on the record: who, which document and version,
when. A supplier's on its participant's timeline; the authority's staff's on the procurement's.
A download refused at the gate records nothing."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from procura.accounts import services as account_services
from procura.audit.models import AuditEvent
from procura.core import clock
from procura.participation import services
from procura.participation.tests import factories as f
from procura.testing.client import Api

pytestmark = pytest.mark.django_db

SPEC = b"%PDF-1.4 specification, second version"


def _downloads() -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(event_type="participation.document_downloaded").order_by(
            "sequence"
        )
    )


@pytest.fixture
def world():
    """Agreements issued; version 2 of the specification; Albion admitted."""
    procurement = f.ProcurementFactory()
    buyer = f.buyer_of(procurement.authority)
    f.issue_agreements(procurement, buyer)
    for content in (b"%PDF-1.4 specification", SPEC):
        document = services.upload_document(
            actor=buyer,
            procurement=procurement,
            title="Specification",
            uploaded_file=f.a_file("specification.pdf", content),
        )
    organisation, bid_manager = f.supplier("Albion Technology Ltd")
    participant = f.admitted_participant(procurement, organisation, bid_manager)
    return procurement, buyer, document, participant, bid_manager


def test_a_supplier_downloading_a_document_is_one_event_with_exact_fields(world):
    # Given
    procurement, _, document, participant, bid_manager = world
    moment = (clock.now() + timedelta(days=1)).replace(microsecond=0)
    url = f"/procurements/{procurement.pk}/participation/documents/{document.pk}/download/"

    # When
    with time_machine.travel(moment, tick=False):
        client = Client()
        client.force_login(bid_manager)
        response = client.get(url)

    # Then
    assert b"".join(response.streaming_content) == SPEC
    [event] = _downloads()
    assert (
        event.actor,
        event.occurred_at,
        event.object_type,
        event.object_id,
        event.organisation_id,
    ) == (
        bid_manager,
        moment,
        "participation.participant",
        str(participant.pk),
        procurement.authority_id,
    )
    assert event.after == {
        "procurement": procurement.reference,
        "document_id": document.pk,
        "title": "Specification",
        "version": 2,
        "file_name": "specification.pdf",
        "size": len(SPEC),
        "sha256": document.sha256,
        "supplier": "Albion Technology Ltd",
    }


def test_a_download_through_the_api_is_on_the_record(world):
    # Given
    procurement, _, document, participant, bid_manager = world
    api = Api(bid_manager)

    # When
    response = api.get(f"/api/v1/procurements/{procurement.pk}/documents/{document.pk}/file")

    # Then
    assert b"".join(response.streaming_content) == SPEC
    [event] = _downloads()
    assert (event.actor, event.object_id, event.after["version"], event.after["sha256"]) == (
        bid_manager,
        str(participant.pk),
        2,
        document.sha256,
    )


def test_the_authoritys_own_download_is_on_the_procurements_record(world):
    procurement, buyer, document, _, _ = world
    client = Client()
    client.force_login(buyer)

    client.get(f"/procurements/{procurement.pk}/participation/documents/{document.pk}/download/")

    [event] = _downloads()
    assert (event.actor, event.object_type, event.object_id, event.after["supplier"]) == (
        buyer,
        "procurements.procurement",
        str(procurement.pk),
        "",
    )


def test_a_download_refused_at_the_gate_records_nothing(world):
    # Given Brightwell expressed interest but has not accepted the agreements
    procurement, _, document, _, _ = world
    organisation, bid_manager = f.supplier("Brightwell Systems Ltd")
    f.interested_participant(procurement, organisation, bid_manager)
    _, raw = account_services.create_api_token(actor=bid_manager, user=bid_manager)
    client = Client()
    client.force_login(bid_manager)
    before = AuditEvent.objects.count()

    # When
    page = client.get(
        f"/procurements/{procurement.pk}/participation/documents/{document.pk}/download/"
    )
    api = Api(token=raw).get(f"/api/v1/procurements/{procurement.pk}/documents/{document.pk}/file")

    # Then both say why, since Brightwell takes part: the page and the API agree
    reason = (
        "Brightwell Systems Ltd has not accepted the current version of the non-disclosure "
        "agreement and the ethical walls agreement for this procurement. Accept it on the "
        "procurement's agreements page to see the procurement documents and take part."
    )
    assert page.status_code == 403
    assert page.templates[0].name == "core/refused.html"
    assert reason in page.content.decode().replace("&#x27;", "'")
    assert (
        api.status_code,
        json.loads(api.content)["code"],
        json.loads(api.content)["message"],
    ) == (
        403,
        "agreements_not_accepted",
        reason,
    )
    assert AuditEvent.objects.count() == before


def test_a_supplier_with_no_part_is_told_the_document_does_not_exist(world):
    # Given Brightwell has not expressed interest
    procurement, _, document, _, _ = world
    organisation, bid_manager = f.supplier("Brightwell Systems Ltd")
    _, raw = account_services.create_api_token(actor=bid_manager, user=bid_manager)
    client = Client()
    client.force_login(bid_manager)
    before = AuditEvent.objects.count()

    # When
    page = client.get(
        f"/procurements/{procurement.pk}/participation/documents/{document.pk}/download/"
    )
    api = Client().get(
        f"/api/v1/procurements/{procurement.pk}/documents/{document.pk}/file",
        headers={"Authorization": f"Bearer {raw}"},
    )

    # Then
    assert page.status_code == 404
    assert (api.status_code, json.loads(api.content)["code"]) == (404, "not_found")
    assert AuditEvent.objects.count() == before
