"""The tender notice (UK4) of a procurement divided into lots (s.18), and of one that is not:
one OCDS lot per Lot, the limits per supplier in `lotDetails`, or the reasons for not dividing.
Validated against the Find a Tender schema like every other release."""

from datetime import datetime

import pytest
import time_machine
from django.test import Client

from procura.core import clock
from procura.notices.tests.schema import schema_errors, strict_format_checker
from procura.procurements import services
from procura.procurements.tests.factories import NO_LOTS_REASONS, MetFrameworkFactory, with_lots

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("publish_at_once")]

MONDAY_2_FEB_2026 = datetime(2026, 2, 2, 9, 0, tzinfo=clock.LONDON)


@pytest.fixture(autouse=True)
def traveller():
    with time_machine.travel(MONDAY_2_FEB_2026, tick=False) as traveller:
        yield traveller


def published(procurement):
    return services.publish_tender_notice(actor=procurement.created_by, procurement=procurement)


def test_an_undivided_procurement_publishes_one_lot_and_its_reasons():
    notice = published(MetFrameworkFactory())
    tender = notice.release["tender"]

    assert [lot["id"] for lot in tender["lots"]] == ["1"]
    assert tender["lotDetails"] == {"noLotsDivisionRationale": NO_LOTS_REASONS}
    assert [item["relatedLot"] for item in tender["items"]] == ["1"]
    assert schema_errors(notice.release, format_checker=strict_format_checker()) == []


def test_a_framework_in_two_lots_publishes_each_lot_with_its_own_details():
    procurement = MetFrameworkFactory()
    hardware, software = with_lots(
        procurement, max_lots_bid_per_supplier=2, max_lots_awarded_per_supplier=1
    )
    hardware.cpv_codes = ["30200000", "30230000"]
    hardware.max_framework_suppliers = 3
    hardware.save()

    notice = published(procurement)
    tender = notice.release["tender"]

    assert schema_errors(notice.release, format_checker=strict_format_checker()) == []
    one, two = tender["lots"]
    assert (one["id"], one["title"], two["id"], two["title"]) == ("1", "Hardware", "2", "Software")
    assert one["description"] == hardware.description
    assert one["value"] == {"currency": "GBP", "amount": 140000000.0, "amountGross": 168000000.0}
    assert two["value"] == {"currency": "GBP", "amount": 70000000.0, "amountGross": 84000000.0}
    assert one["techniques"]["frameworkAgreement"] == {"maximumParticipants": 3}
    assert two["techniques"]["frameworkAgreement"] == {"maximumParticipants": 2}
    for lot in (one, two):
        assert lot["status"] == "active"
        assert lot["contractPeriod"] == {"durationInMonths": 24}
        assert lot["renewal"]["maximumRenewals"] == 2
        assert lot["secondStage"] == {"maximumCandidates": 7}
        assert [c["name"] for c in lot["awardCriteria"]["criteria"]] == [
            "Technical and service delivery",
            "Continuity and scalability of supply",
            "Social value",
            "Price",
        ]
    assert one["awardCriteria"] is not two["awardCriteria"]
    assert [
        (i["relatedLot"], [c["id"] for c in i["additionalClassifications"]])
        for i in tender["items"]
    ] == [
        ("1", ["30200000", "30230000"]),
        ("2", ["30200000", "48000000", "72000000"]),
    ]
    assert tender["lotDetails"] == {
        "maximumLotsBidPerSupplier": 2,
        "maximumLotsAwardedPerSupplier": 1,
        "awardCriteriaDetails": "The lots are awarded in the order listed. A supplier already "
        "awarded 1 lot cannot be awarded another: in each later lot it would win, the "
        "next-ranked tender takes its place.",
    }
    assert tender["value"] == {"currency": "GBP", "amount": 210000000.0, "amountGross": 252000000.0}


def test_a_single_contract_in_lots_validates_without_framework_techniques():
    procurement = MetFrameworkFactory(staffordshire=True)
    with_lots(procurement)

    release = published(procurement).release

    assert schema_errors(release, format_checker=strict_format_checker()) == []
    assert [lot["id"] for lot in release["tender"]["lots"]] == ["1", "2"]
    assert all(
        "techniques" not in lot and "minValue" not in lot for lot in release["tender"]["lots"]
    )
    assert "lotDetails" not in release["tender"]


def test_the_public_notice_page_lists_the_lots():
    procurement = MetFrameworkFactory()
    with_lots(procurement, max_lots_bid_per_supplier=1)
    published(procurement)

    page = Client().get(f"/opportunities/{procurement.reference}/").content.decode()

    assert "Lot 1: Hardware" in page
    assert "Lot 2: Software" in page
    assert "A supplier may tender for up to 1 lot" in page
