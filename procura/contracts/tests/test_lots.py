"""Entering into the contract of a procurement divided into lots (s.18): one framework agreement
or contract per lot, with that lot's winners and value; the standstill refusal changes nothing."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from procura.audit.models import AuditEvent
from procura.contracts import services
from procura.contracts.models import Contract, FrameworkAgreement
from procura.evaluation import services as evaluation_services
from procura.evaluation.tests.factories import in_lots
from procura.procurements.states import Status
from procura.testing.client import Api
from procura.testing.notices import on_find_a_tender
from procura.testing.refusals import assert_refused

from .factories import FIRST_DAY_AFTER, LAST_DAY_OF_STANDSTILL, UK6_PUBLISHED, record_of

pytestmark = pytest.mark.django_db


def in_standstill(tender_box, **kwargs):
    with time_machine.travel(datetime(2026, 12, 18, 15, 0, tzinfo=UTC), tick=False):
        e = in_lots(tender_box, **kwargs)
        evaluation_services.propose_award(actor=e.buyer, procurement=e.procurement)
        evaluation_services.approve_award(actor=e.approver, procurement=e.procurement)
        evaluation_services.send_assessment_summaries(actor=e.buyer, procurement=e.procurement)
    with time_machine.travel(UK6_PUBLISHED, tick=False):
        notice = evaluation_services.publish_award_notice(actor=e.buyer, procurement=e.procurement)
        on_find_a_tender(notice, e.buyer)
    return e


def enter(e, *, signed=date(2027, 1, 6), end=date(2029, 1, 31)):
    return services.enter_into_contract(
        actor=e.buyer,
        procurement=e.procurement,
        date_signed=signed,
        start_date=date(2027, 2, 1),
        end_date=end,
    )


def test_a_framework_in_two_lots_is_entered_into_as_two_frameworks(tender_box):
    e = in_standstill(tender_box)

    with time_machine.travel(FIRST_DAY_AFTER, tick=False):
        made = enter(e)

    assert e.refresh().status == Status.CONTRACT_SIGNED
    assert [(a.reference, a.lot.number, str(a.ceiling_incl_vat)) for a in made] == [
        (f"{e.procurement.reference}-L1-FA", "1", "168000000.00"),
        (f"{e.procurement.reference}-L2-FA", "2", "84000000.00"),
    ]
    hardware, software = made
    assert hardware.title == "Value-added reseller framework: lot 1, Hardware"
    assert [
        (s.supplier.name, s.rank) for s in hardware.framework_suppliers.select_related("supplier")
    ] == [("Albion Technology Solutions Ltd", 1), ("Castlegate Digital Ltd", 2)]
    assert [s.supplier.name for s in software.framework_suppliers.select_related("supplier")] == [
        "Castlegate Digital Ltd"
    ]
    assert FrameworkAgreement.objects.count() == 2
    entered = AuditEvent.objects.get(event_type="contracts.entered_into")
    assert entered.after["agreements"] == [hardware.reference, software.reference]
    created = AuditEvent.objects.filter(event_type="contracts.framework_created").order_by(
        "sequence"
    )
    assert [(c.after["lot"], c.after["suppliers"]) for c in created] == [
        ("1", "Albion Technology Solutions Ltd and Castlegate Digital Ltd"),
        ("2", "Castlegate Digital Ltd"),
    ]


def test_a_single_contract_in_lots_is_one_contract_per_lot_with_its_winner(tender_box):
    e = in_standstill(
        tender_box,
        fields={
            "is_framework": False,
            "max_framework_suppliers": None,
            "framework_term_months": None,
            "extension_options_months": [],
            "contract_term_months": 24,
        },
    )

    with time_machine.travel(FIRST_DAY_AFTER, tick=False):
        made = enter(e)

    assert [
        (c.lot.number, c.supplier.name, str(c.awarded_price_excl_vat), c.value_range_max_incl_vat)
        for c in made
    ] == [
        ("1", "Albion Technology Solutions Ltd", "1000000.00", None),
        ("2", "Castlegate Digital Ltd", "520000.00", None),
    ]
    assert Contract.objects.count() == 2


def test_signing_in_the_standstill_makes_no_agreement_for_any_lot(tender_box):
    e = in_standstill(tender_box)

    assert_refused(
        "standstill_not_ended",
        lambda: enter(e, signed=date(2027, 1, 5)),
        unchanged=lambda: record_of(e.procurement),
        at=LAST_DAY_OF_STANDSTILL,
    )


def test_the_api_answers_with_every_framework_made(tender_box):
    e = in_standstill(tender_box)

    with time_machine.travel(FIRST_DAY_AFTER, tick=False):
        response = Api(e.buyer).post(
            "/api/v1/contracts",
            {
                "procurement_id": e.procurement.pk,
                "date_signed": "2027-01-06",
                "start_date": "2027-02-01",
                "end_date": "2029-01-31",
            },
        )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert [(f["lot"], len(f["suppliers"])) for f in body["frameworks"]] == [("1", 2), ("2", 1)]
    assert body["contracts"] == []
