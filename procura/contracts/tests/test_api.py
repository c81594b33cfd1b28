"""The contracts API: recording the signature, and who sees which agreement."""

import pytest
import time_machine

from procura.accounts.states import Role
from procura.accounts.tests.factories import OrganisationFactory, member
from procura.evaluation.tests import factories as evaluation
from procura.testing.client import Api
from procura.testing.refusals import assert_api_refused

from .factories import FIRST_DAY_AFTER, LAST_DAY_OF_STANDSTILL, in_standstill, record_of

pytestmark = pytest.mark.django_db


def _enter(api: Api, procurement, signed, end="2029-01-31"):
    return api.post(
        "/api/v1/contracts",
        {
            "procurement_id": procurement.pk,
            "date_signed": signed,
            "start_date": "2027-02-01",
            "end_date": end,
        },
    )


def test_entering_into_the_framework_is_refused_on_5_january_and_accepted_on_6_january_2027(
    tender_box,
):
    e = in_standstill(tender_box)

    with time_machine.travel(LAST_DAY_OF_STANDSTILL, tick=False):
        api = Api(e.buyer)
        before = record_of(e.procurement)
        refused = _enter(api, e.procurement, "2027-01-05")
        assert record_of(e.procurement) == before
    with time_machine.travel(FIRST_DAY_AFTER, tick=False):
        accepted = _enter(api, e.procurement, "2027-01-06")

    assert refused.status_code == 400
    assert refused.json() == {
        "code": "standstill_not_ended",
        "message": "The standstill period ends at the end of Tuesday 5 January 2027: the contract "
        "can be entered into on or after Wednesday 6 January 2027, not on Tuesday 5 January "
        "2027.",
        "section": "Procurement Act 2023 s.51(1)-(2)",
        "field": "date_signed",
        "details": {"standstill_last_day": "2027-01-05", "earliest_entry": "2027-01-06"},
    }
    assert accepted.status_code == 201
    body = accepted.json()
    assert body["kind"] == "framework"
    assert [s["supplier"] for s in body["suppliers"]] == [
        "Fernhill Networks Ltd",
        "Castlegate Digital Ltd",
    ]
    assert body["ceiling_incl_vat"] == "252000000.00"
    assert body["contract_details_notice_due"] == "2027-02-04"
    assert body["latest_end_date"] == "2031-01-31"


def test_each_party_sees_the_framework_and_others_do_not(tender_box):
    e = in_standstill(tender_box)
    with time_machine.travel(FIRST_DAY_AFTER, tick=False):
        framework_id = _enter(Api(e.buyer), e.procurement, "2027-01-06").json()["id"]

    fernhill = member(e.tender("Fernhill").supplier, Role.SUPPLIER_BID_MANAGER)
    albion = member(e.tender("Albion").supplier, Role.SUPPLIER_BID_MANAGER)
    other_force = member(OrganisationFactory(name="Kent Police"), Role.BUYER)
    for person, visible in (
        (e.buyer, True),
        (fernhill, True),
        (albion, False),
        (other_force, False),
    ):
        api = Api(person)
        response = api.get(f"/api/v1/contracts/frameworks/{framework_id}")
        assert response.status_code == (200 if visible else 404)
        listed = api.get("/api/v1/contracts").json()["frameworks"]
        assert [f["id"] for f in listed] == ([framework_id] if visible else [])


def test_the_staffordshire_contract_is_shown_with_its_participants(tender_box):
    e = in_standstill(tender_box, make=evaluation.staffordshire_contract)
    with time_machine.travel(FIRST_DAY_AFTER, tick=False):
        api = Api(e.buyer)
        # The Staffordshire contract has a 10-year term
        created = _enter(api, e.procurement, "2027-01-06", end="2037-01-31").json()

    response = api.get(f"/api/v1/contracts/{created['id']}")

    assert response.status_code == 200
    assert response.json()["participants"] == [
        "Staffordshire County Council",
        "Stoke-on-Trent City Council",
    ]
    assert (response.json()["value_range_min_incl_vat"], response.json()["supplier"]) == (
        "150000000.00",
        "Fernhill Networks Ltd",
    )


def test_a_ten_year_contract_ending_three_years_after_its_start_is_refused(tender_box):
    # Given the Staffordshire contract: a 10-year term (120 months)
    e = in_standstill(tender_box, make=evaluation.staffordshire_contract)
    api = Api(e.buyer)

    # When the end date is three years after the start, Then it is refused, nothing changed
    body = assert_api_refused(
        400,
        "end_date_contradicts_term",
        _enter,
        api,
        e.procurement,
        "2027-01-06",
        end="2030-01-31",
        at=FIRST_DAY_AFTER,
        unchanged=lambda: record_of(e.procurement),
    )
    assert body["field"] == "end_date"
    assert body["details"]["expected_end_date"] == "2037-01-31"
