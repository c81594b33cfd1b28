"""Every notice Procura publishes is a valid OCDS release in Find a Tender's shape.

Validated against schema/release-schema.json (OCDS 1.1.5 + the 10 extensions Find a Tender
declares) with jsonschema's Draft 4 validator and format checker: zero errors allowed.
"""

import hashlib
import json
from datetime import datetime

import pytest
import time_machine

from procura.core import clock
from procura.notices import selectors as notice_selectors
from procura.notices.models import Notice
from procura.procurements import services
from procura.procurements.tests.factories import MetFrameworkFactory

from .schema import package_schema, schema_errors, strict_format_checker

pytestmark = pytest.mark.django_db

LONDON = clock.LONDON
MONDAY_2_FEB_2026 = datetime(2026, 2, 2, 9, 0, tzinfo=LONDON)
LEGAL_BASIS = {
    "id": "2023/54",
    "scheme": "UKPGA",
    "uri": "https://www.legislation.gov.uk/ukpga/2023/54/contents",
}


@pytest.fixture
def traveller():
    with time_machine.travel(MONDAY_2_FEB_2026, tick=False) as traveller:
        yield traveller


def publish(**factory_fields) -> Notice:
    procurement = MetFrameworkFactory(**factory_fields)
    return services.publish_tender_notice(actor=procurement.created_by, procurement=procurement)


SCENARIOS = {
    "met_framework_cfp": {
        "call_off_process": "",
        "participation_deadline": datetime(2026, 2, 27, 12, tzinfo=LONDON),
    },
    "staffordshire_single_contract": {"staffordshire": True},
    "open_procedure": {"open_procedure": True},
}


# --- Every release validates ----------------------------------------------------------------------


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_tender_notice_validates_against_the_find_a_tender_schema(traveller, scenario):
    notice = publish(**SCENARIOS[scenario])

    assert schema_errors(notice.release) == []
    assert schema_errors(notice.release, format_checker=strict_format_checker()) == []


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_termination_notice_validates_against_the_find_a_tender_schema(traveller, scenario):
    tender = publish(**SCENARIOS[scenario])

    notice = services.terminate_procurement(
        actor=tender.procurement.created_by, procurement=tender.procurement, reason="No budget."
    )

    assert schema_errors(notice.release) == []


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_release_validates_in_a_release_package(traveller, scenario):
    tender = publish(**SCENARIOS[scenario])
    termination = services.terminate_procurement(
        actor=tender.procurement.created_by, procurement=tender.procurement, reason="No budget."
    )

    package = notice_selectors.release_package(
        [tender, termination], uri="https://procura.example/opportunities/x/notices/y.json"
    )

    assert schema_errors(package, schema=package_schema()) == []
    assert package["version"] == "1.1"
    assert package["publishedDate"] == "2026-02-02T09:00:00+00:00"
    assert len(package["extensions"]) == 10
    assert package["extensions"][-2] == (
        "https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/main/extension.json"
    )


def test_a_framework_with_its_call_off_process_validates(traveller):
    notice = publish(call_off_process="A ranked cascade, or a mini-competition between the two.")

    assert schema_errors(notice.release) == []


def test_the_termination_date_is_an_rfc3339_date_time(traveller):
    tender = publish()

    notice = services.terminate_procurement(
        actor=tender.procurement.created_by, procurement=tender.procurement, reason="No budget."
    )

    assert schema_errors(notice.release, format_checker=strict_format_checker()) == []


# --- The Find a Tender markers ------------------------------------------------------------------


def test_the_met_tender_notice_has_the_find_a_tender_markers(traveller):
    notice = publish(**SCENARIOS["met_framework_cfp"])
    release = notice.release
    tender = release["tender"]
    [lot] = tender["lots"]

    assert release["id"] == notice.notice_id == "000001-2026"
    assert release["ocid"] == notice.procurement.ocid
    assert release["tag"] == ["tender"]
    assert release["initiationType"] == "tender"
    assert release["date"] == "2026-02-02T09:00:00+00:00"
    assert tender["documents"] == [
        {
            "id": "000001-2026",
            "documentType": "tenderNotice",
            "noticeType": "UK4",
            "description": "Tender notice on Procura",
            "format": "text/html",
            "datePublished": "2026-02-02T09:00:00+00:00",
        }
    ]
    assert tender["legalBasis"] == LEGAL_BASIS
    assert tender["value"] == {"currency": "GBP", "amount": 210000000.0, "amountGross": 252000000.0}
    assert tender["procurementMethod"] == "selective"
    assert tender["procurementMethodDetails"] == "Competitive flexible procedure"
    assert tender["expressionOfInterestDeadline"] == "2026-02-27T12:00:00+00:00"
    assert [(c["type"], c["name"], c["numbers"]) for c in lot["awardCriteria"]["criteria"]] == [
        (
            "quality",
            "Technical and service delivery",
            [{"number": 50.0, "weight": "percentageExact"}],
        ),
        (
            "quality",
            "Continuity and scalability of supply",
            [{"number": 10.0, "weight": "percentageExact"}],
        ),
        ("quality", "Social value", [{"number": 10.0, "weight": "percentageExact"}]),
        ("price", "Price", [{"number": 30.0, "weight": "percentageExact"}]),
    ]
    assert lot["secondStage"] == {"maximumCandidates": 7}
    assert tender["techniques"]["hasFrameworkAgreement"] is True
    assert tender["techniques"]["frameworkAgreement"]["maximumParticipants"] == 2
    assert lot["contractPeriod"] == {"durationInMonths": 24}
    assert lot["renewal"]["maximumRenewals"] == 2
    assert release["buyer"] == {
        "id": "GB-PPON-PMPS-4721-LNDN",
        "name": "Metropolitan Police Service",
    }
    assert release["parties"][0]["roles"] == ["buyer"]
    assert release["parties"][0]["details"]["classifications"] == [
        {"scheme": "UK_CA_TYPE", "id": "publicAuthoritySubCentralGovernment"}
    ]


def test_the_staffordshire_tender_notice_names_its_participants_and_range(traveller):
    notice = publish(staffordshire=True)
    release = notice.release
    [lot] = release["tender"]["lots"]

    assert release["tender"]["value"] == {
        "currency": "GBP",
        "amount": 375000000.0,
        "amountGross": 450000000.0,
    }
    assert lot["contractPeriod"] == {"durationInMonths": 120}
    assert lot["minValue"] == {"currency": "GBP", "amountGross": 150000000.0}
    assert lot["secondStage"] == {"maximumCandidates": 5}
    assert "techniques" not in release["tender"]
    assert sorted(p["name"] for p in release["parties"] if p["roles"] == ["interestedParty"]) == [
        "Staffordshire Commissioner Fire and Rescue Authority",
        "Staffordshire County Council",
        "Staffordshire Moorlands District Council",
        "Stoke-on-Trent City Council",
    ]


def test_the_open_procedure_tender_notice_invites_tenders(traveller):
    notice = publish(open_procedure=True)
    tender = notice.release["tender"]

    assert tender["procurementMethod"] == "open"
    assert tender["procurementMethodDetails"] == "Open procedure"
    assert tender["tenderPeriod"] == {"endDate": "2026-03-14T12:00:00+00:00"}
    assert "expressionOfInterestDeadline" not in tender
    assert "secondStage" not in tender["lots"][0]


def test_dates_in_british_summer_time_carry_the_uk_offset(traveller):
    traveller.move_to(datetime(2026, 6, 1, 10, 0, tzinfo=LONDON))

    notice = publish(participation_deadline=datetime(2026, 7, 1, 12, tzinfo=LONDON))

    assert notice.release["date"] == "2026-06-01T10:00:00+01:00"
    assert notice.release["tender"]["expressionOfInterestDeadline"] == "2026-07-01T12:00:00+01:00"


def test_the_termination_notice_has_the_find_a_tender_markers(traveller):
    tender = publish()
    traveller.shift(86400 * 3)

    notice = services.terminate_procurement(
        actor=tender.procurement.created_by, procurement=tender.procurement, reason="No budget."
    )

    release = notice.release
    assert notice.notice_type == "UK12"
    assert release["id"] == notice.notice_id == "000002-2026"
    assert release["ocid"] == tender.release["ocid"]
    assert release["tag"] == ["tenderCancellation"]
    assert release["tender"]["status"] == "withdrawn"
    assert release["tender"]["legalBasis"] == LEGAL_BASIS
    assert release["tender"]["documents"][0]["noticeType"] == "UK12"
    assert release["tender"]["documents"][0]["documentType"] == "tenderCancellationNotice"


def test_the_fingerprint_is_the_sha256_of_the_canonical_release(traveller):
    notice = publish()

    body = json.dumps(notice.release, sort_keys=True, separators=(",", ":"))
    assert notice.sha256 == hashlib.sha256(body.encode()).hexdigest()


# --- Notices never change ----------------------------------------------------------------------


def test_a_notice_cannot_be_changed(traveller):
    notice = publish()
    notice.release = {"tampered": True}

    with pytest.raises(PermissionError):
        notice.save()

    notice.refresh_from_db()
    assert notice.release["tag"] == ["tender"]


def test_a_notice_cannot_be_deleted(traveller):
    notice = publish()

    with pytest.raises(PermissionError):
        notice.delete()

    assert Notice.objects.filter(pk=notice.pk).exists()


@pytest.mark.parametrize("operation", ["update", "delete"])
def test_notices_cannot_be_changed_or_deleted_in_bulk(traveller, operation):
    notice = publish()

    with pytest.raises(PermissionError):
        if operation == "update":
            Notice.objects.filter(pk=notice.pk).update(sha256="0" * 64)
        else:
            Notice.objects.filter(pk=notice.pk).delete()
