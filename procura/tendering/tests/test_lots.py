"""Tenders for lots (s.18): one live tender per supplier and lot, the lot required when the
procurement is divided and refused when it is not, the limit on the lots one supplier may
tender for (s.20(7)), withdrawal per lot, the lot on receipts and opened tenders; the API and
the supplier's page. On every refusal: the code, and nothing changed."""

import json

import pytest
import time_machine
from django.test import Client

from procura.procurements.tests.factories import with_lots
from procura.tendering import rules, selectors, services
from procura.tendering.models import Tender
from procura.tendering.states import Integrity, TenderStatus
from procura.tendering.tests.factories import (
    BEFORE,
    answers_for,
    open_tenders,
    record_of,
    submit,
    tender_stage,
)
from procura.testing.client import Api
from procura.testing.refusals import assert_refused

pytestmark = pytest.mark.django_db

ACT = "Procurement Act 2023"


def lotted_stage(**limits):
    stage = tender_stage()
    stage.hardware, stage.software = with_lots(stage.procurement, **limits)
    return stage


def live(stage) -> list[tuple[str, str, int]]:
    return sorted(
        (t.supplier.name, t.lot.number if t.lot else "", t.version)
        for t in Tender.objects.filter(status=TenderStatus.SUBMITTED).select_related(
            "supplier", "lot"
        )
    )


# --- Rules --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("divided", "given", "ours", "code"),
    [
        (True, False, False, "lot_required"),
        (False, True, False, "not_divided_into_lots"),
        (True, True, False, "unknown_lot"),
    ],
)
def test_the_lot_choice_is_refused_with_its_code(divided, given, ours, code):
    with pytest.raises(rules.RuleViolation) as refusal:
        rules.check_lot_choice(divided=divided, lot_given=given, lot_of_this_procurement=ours)
    assert (refusal.value.code, refusal.value.field) == (code, "lot")


@pytest.mark.parametrize(("divided", "given"), [(True, True), (False, False)])
def test_the_right_lot_choice_passes(divided, given):
    rules.check_lot_choice(divided=divided, lot_given=given, lot_of_this_procurement=True)


@pytest.mark.parametrize(
    ("maximum", "count", "already", "allowed"),
    [
        (None, 5, False, True),
        (2, 1, False, True),
        (2, 2, False, False),
        (2, 2, True, True),  # replacing a lot already tendered for
        (1, 1, False, False),
    ],
)
def test_the_lots_bid_limit(maximum, count, already, allowed):
    def check():
        rules.check_lots_bid_limit(
            maximum=maximum, lots_with_tenders=count, already_in_this_lot=already, lot_number="3"
        )

    if allowed:
        check()
    else:
        with pytest.raises(rules.RuleViolation) as refusal:
            check()
        assert (refusal.value.code, refusal.value.section) == ("too_many_lots", f"{ACT} s.20(7)")


def test_the_sealed_content_names_the_lot_only_when_there_is_one():
    common = {
        "procurement_reference": "PRC-1",
        "tender_reference": "PRC-1-T1",
        "supplier_id": 1,
        "version": 1,
        "price": rules.check_price("10"),
        "line_items": (),
        "answers": {},
        "files": (),
        "salt": "s",
    }
    assert b'"lot"' not in rules.canonical_content(**common)
    with_lot = rules.canonical_content(**common, lot="2")
    assert json.loads(with_lot)["lot"] == "2"
    assert rules.parse_content(with_lot).lot == "2"


# --- Submitting and withdrawing ----------------------------------------------------------------


def test_a_supplier_tenders_for_each_lot_separately_and_replaces_one():
    stage = lotted_stage()

    first = submit(stage, lot=stage.hardware, price="100.00")
    second = submit(stage, lot=stage.software, price="50.00")
    replaced = submit(stage, lot=stage.hardware, price="90.00")
    other = submit(stage, stage.brightwell, lot=stage.software, price="45.00")

    assert (first.lot, first.lot_title, first.version) == ("1", "Hardware", 1)
    assert (second.lot, second.version) == ("2", 1)
    assert (replaced.lot, replaced.version, replaced.replaces) == ("1", 2, first.reference)
    assert other.lot == "2"
    assert live(stage) == [
        ("Albion Technology Ltd", "1", 2),
        ("Albion Technology Ltd", "2", 1),
        ("Brightwell Systems Ltd", "2", 1),
    ]
    assert Tender.objects.get(reference=first.reference).status == TenderStatus.SUPERSEDED
    receipts = selectors.receipts_of(stage.procurement, stage.albion)
    assert [(r.lot, r.version, r.status) for r in receipts] == [
        ("1", 2, "submitted"),
        ("2", 1, "submitted"),
        ("1", 1, "superseded"),
    ]


def test_a_tender_without_a_lot_is_refused_when_the_procurement_is_divided():
    stage = lotted_stage()

    refusal = assert_refused(
        "lot_required", lambda: submit(stage), unchanged=lambda: record_of(stage), at=BEFORE
    )

    assert (refusal.section, refusal.field) == (f"{ACT} s.18", "lot")


def test_a_lot_is_refused_when_the_procurement_is_not_divided():
    stage = tender_stage()
    elsewhere = tender_stage(suffix=" (lots)")
    hardware, _ = with_lots(elsewhere.procurement)

    assert_refused(
        "not_divided_into_lots",
        lambda: submit(stage, lot=hardware),
        unchanged=lambda: record_of(stage),
        at=BEFORE,
    )


def test_a_lot_of_another_procurement_is_refused():
    stage = lotted_stage()
    other = tender_stage(suffix=" (other)")
    other_lot, _ = with_lots(other.procurement)

    assert_refused(
        "unknown_lot",
        lambda: submit(stage, lot=other_lot),
        unchanged=lambda: record_of(stage),
        at=BEFORE,
    )


def test_the_limit_on_lots_per_supplier_is_enforced_and_a_withdrawal_frees_a_lot():
    stage = lotted_stage(max_lots_bid_per_supplier=1)
    submit(stage, lot=stage.hardware)

    refusal = assert_refused(
        "too_many_lots",
        lambda: submit(stage, lot=stage.software),
        unchanged=lambda: record_of(stage),
        at=BEFORE,
    )
    assert refusal.section == f"{ACT} s.20(7)"
    assert "at most 1 lot of this procurement" in refusal.message

    submit(stage, lot=stage.hardware, price="99.00")  # replacing is not a new lot
    submit(stage, stage.brightwell, lot=stage.software)  # the limit is per supplier
    with time_machine.travel(BEFORE, tick=False):
        services.withdraw_tender(
            actor=stage.albion_bid,
            procurement=stage.procurement,
            supplier=stage.albion,
            lot=stage.hardware,
        )
    submit(stage, lot=stage.software)
    assert live(stage) == [("Albion Technology Ltd", "2", 1), ("Brightwell Systems Ltd", "2", 1)]


def withdraw(stage, lot=None):
    with time_machine.travel(BEFORE, tick=False):
        return services.withdraw_tender(
            actor=stage.albion_bid, procurement=stage.procurement, supplier=stage.albion, lot=lot
        )


def test_withdrawing_is_per_lot():
    stage = lotted_stage()
    submit(stage, lot=stage.hardware)
    submit(stage, lot=stage.software)

    receipt = withdraw(stage, stage.hardware)

    assert (receipt.lot, receipt.status) == ("1", TenderStatus.WITHDRAWN)
    assert live(stage) == [("Albion Technology Ltd", "2", 1)]


def test_withdrawing_needs_the_lot_and_a_tender_in_it():
    stage = lotted_stage()
    submit(stage, lot=stage.hardware)

    assert_refused(
        "lot_required", lambda: withdraw(stage), unchanged=lambda: record_of(stage), at=BEFORE
    )
    refusal = assert_refused(
        "no_tender_to_withdraw",
        lambda: withdraw(stage, stage.software),
        unchanged=lambda: record_of(stage),
        at=BEFORE,
    )
    assert refusal.message == "You have no tender for lot 2 to withdraw."


def test_the_opening_keeps_each_tender_with_its_lot():
    stage = lotted_stage()
    submit(stage, lot=stage.hardware, price="100.00")
    submit(stage, lot=stage.software, price="50.00")
    submit(stage, stage.brightwell, lot=stage.hardware, price="80.00")

    outcome = open_tenders(stage)

    assert (outcome.opened, outcome.tenders_opened, outcome.problems) == (True, 3, 0)
    opened = selectors.opened_tenders(stage.procurement)
    assert sorted((t.supplier.name, t.lot.number, str(t.price)) for t in opened) == [
        ("Albion Technology Ltd", "1", "100.00"),
        ("Albion Technology Ltd", "2", "50.00"),
        ("Brightwell Systems Ltd", "1", "80.00"),
    ]
    assert all(t.integrity == Integrity.VERIFIED for t in opened)


def test_a_tender_moved_to_another_lot_after_sealing_is_flagged_at_the_opening():
    stage = lotted_stage()
    receipt = submit(stage, lot=stage.hardware)
    Tender.objects.filter(reference=receipt.reference).update(lot=stage.software)

    outcome = open_tenders(stage)

    assert outcome.problems == 1
    [problem] = selectors.opening_problems(stage.procurement)
    assert "sealed content is for lot 1 but the tender was received for lot 2" in problem.problem


def test_a_procurement_without_lots_tenders_exactly_as_before():
    stage = tender_stage()
    receipt = submit(stage)
    assert (receipt.lot, receipt.version) == ("", 1)
    assert Tender.objects.get().lot is None
    before = record_of(stage)
    assert before["tenders"] == [(receipt.reference, "submitted")]


# --- The API ------------------------------------------------------------------------------------


def tender_part(stage, **overrides) -> str:
    body = {"price": "100.00", "answers": {str(k): v for k, v in answers_for(stage).items()}}
    return json.dumps(body | overrides)


def test_the_api_takes_a_tender_for_a_lot_and_lists_the_lots():
    stage = lotted_stage(max_lots_bid_per_supplier=2)
    client = Api(stage.albion_bid)
    url = f"/api/v1/procurements/{stage.procurement.pk}/tender"

    with time_machine.travel(BEFORE, tick=False):
        created = client.multipart(url, {"tender": tender_part(stage, lot="2")})
        mine = client.get(url).json()
        refused = client.multipart(url, {"tender": tender_part(stage, lot="9")})
        missing = client.multipart(url, {"tender": tender_part(stage)})
        withdrawn = client.post(f"{url}/withdraw?lot=2")

    assert created.status_code == 201
    assert (created.json()["lot"], created.json()["lot_title"]) == ("2", "Software")
    assert mine["live"] is None
    assert [(x["number"], x["title"], x["live"] and x["live"]["lot"]) for x in mine["lots"]] == [
        ("1", "Hardware", None),
        ("2", "Software", "2"),
    ]
    assert mine["max_lots_bid_per_supplier"] == 2
    assert (refused.status_code, refused.json()["code"]) == (400, "unknown_lot")
    assert (missing.status_code, missing.json()["code"]) == (400, "lot_required")
    assert (withdrawn.status_code, withdrawn.json()["status"]) == (200, "withdrawn")
    assert live(stage) == []


def test_the_api_refuses_a_lot_for_a_procurement_without_lots():
    stage = tender_stage()
    client = Api(stage.albion_bid)

    with time_machine.travel(BEFORE, tick=False):
        response = client.multipart(
            f"/api/v1/procurements/{stage.procurement.pk}/tender",
            {"tender": tender_part(stage, lot="1")},
        )

    assert (response.status_code, response.json()["code"]) == (400, "not_divided_into_lots")
    assert not Tender.objects.exists()


# --- The supplier's page ------------------------------------------------------------------------


def page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def tender_form(stage, **fields) -> dict:
    data = {"price": "100.00"} | {f"answer_{k}": v for k, v in answers_for(stage).items()}
    return data | fields


def test_the_page_asks_which_lot_and_shows_each_lots_tender():
    stage = lotted_stage(max_lots_bid_per_supplier=2)
    submit(stage, lot=stage.software)

    with time_machine.travel(BEFORE, tick=False):
        page = page_client(stage.albion_bid).get(f"/procurements/{stage.procurement.pk}/tender/")

    text = page.content.decode()
    assert "Which lot is this tender for?" in text
    assert 'id="lot" name="lot" type="radio" value="1"' in text
    assert "Lot 2: Software (replaces" in text
    assert "Withdraw your tender for lot 2" in text
    assert "Up to 2 (s.20(7))" in text


def test_a_tender_without_a_lot_from_the_page_links_the_error_to_the_lots_and_stores_nothing():
    stage = lotted_stage()

    with time_machine.travel(BEFORE, tick=False):
        response = page_client(stage.albion_bid).post(
            f"/procurements/{stage.procurement.pk}/tender/", tender_form(stage)
        )

    assert response.status_code == 400
    text = response.content.decode()
    assert '<a href="#lot">Choose the lot your tender is for.</a>' in text
    assert 'aria-describedby="lot-error"' in text
    assert not Tender.objects.exists()


def test_a_tender_for_a_lot_from_the_page_gets_a_receipt_naming_the_lot():
    stage = lotted_stage()
    client = page_client(stage.albion_bid)

    with time_machine.travel(BEFORE, tick=False):
        posted = client.post(
            f"/procurements/{stage.procurement.pk}/tender/", tender_form(stage, lot="1")
        )
        receipt = client.get(posted.url)
        withdrawn = client.post(
            f"/procurements/{stage.procurement.pk}/tender/withdraw/", {"lot": "1"}, follow=True
        )

    assert posted.status_code == 302
    assert "Lot 1: Hardware" in receipt.content.decode()
    assert "for lot 1 was withdrawn" in withdrawn.content.decode()
    assert live(stage) == []
