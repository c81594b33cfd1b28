"""Each rule of submitting and withdrawing a tender gives the same code from the Your tender page
and from the API, and nothing changes either way (issue 7 §1; ADR 0007)."""

import json

import pytest
import time_machine
from django.test import Client

from procura.procurements.tests.factories import with_lots
from procura.testing.client import Api
from procura.testing.parity import assert_same_refusal

from .factories import AFTER, BEFORE, answers_for, record_of, submit, tender_stage

pytestmark = pytest.mark.django_db

PRICE = "4815162.42"
LONG = "x" * 50_001

# Each rule: when the tender is sent, and what is wrong with it (a change to the price, the one
# line of the price schedule, an answer (`None`: the first quality criterion's answer is left
# out, a string: it is that text), or a lot named).
RULES = {
    "invalid_price:zero": {"price": "0"},
    "invalid_price:negative": {"price": "-5.00"},
    "invalid_price:pence": {"price": "12.345"},
    "invalid_line_item:no_description": {"line": ("", "9")},
    "invalid_line_item:negative": {"line": ("Rugged laptops", "-1")},
    "answer_missing": {"answer": ""},
    "answer_too_long": {"answer": LONG},
    "not_divided_into_lots": {"lot": "1"},
    "tender_deadline_passed": {"at": AFTER},
}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page_form(stage, case: dict) -> dict:
    description, amount = case.get("line", ("Rugged laptops", "9"))
    data = {
        "price": case.get("price", PRICE),
        "line_item_description_1": description,
        "line_item_amount_1": amount,
    }
    answers = answers_for(stage)
    if "answer" in case:
        answers[stage.quality[0].pk] = case["answer"]
    data |= {f"answer_{pk}": text for pk, text in answers.items()}
    if "lot" in case:
        data["lot"] = case["lot"]
    return data


def _api_tender(stage, case: dict) -> dict:
    description, amount = case.get("line", ("Rugged laptops", "9"))
    answers = answers_for(stage)
    if "answer" in case:
        answers[stage.quality[0].pk] = case["answer"]
    tender = {
        "price": case.get("price", PRICE),
        "line_items": [{"description": description, "amount": amount}],
        "answers": {str(pk): text for pk, text in answers.items()},
    }
    if "lot" in case:
        tender["lot"] = case["lot"]
    return {"tender": json.dumps(tender)}


@pytest.mark.parametrize("rule", list(RULES))
def test_submitting_a_tender_page_and_api_refuse_with_the_same_code(rule):
    code = rule.split(":")[0]
    case = RULES[rule]
    stage = tender_stage()
    pk = stage.procurement.pk

    with time_machine.travel(case.get("at", BEFORE), tick=False):
        browser, client = _client(stage.albion_bid), Api(stage.albion_bid)
        item, body = assert_same_refusal(
            code,
            page=lambda: browser.post(f"/procurements/{pk}/tender/", _page_form(stage, case)),
            api=lambda: client.multipart(
                f"/api/v1/procurements/{pk}/tender", _api_tender(stage, case)
            ),
            unchanged=lambda: record_of(stage),
        )

    assert item["message"] == body["message"]
    assert item["field"] == (body.get("field") or "")


@pytest.mark.parametrize("at", [BEFORE, AFTER], ids=["no_tender_to_withdraw", "late"])
def test_withdrawing_a_tender_page_and_api_refuse_with_the_same_code(at):
    stage = tender_stage()
    pk = stage.procurement.pk
    code = "no_tender_to_withdraw" if at == BEFORE else "tender_deadline_passed"

    with time_machine.travel(at, tick=False):
        browser, client = _client(stage.albion_bid), Api(stage.albion_bid)
        item, body = assert_same_refusal(
            code,
            page=lambda: browser.post(f"/procurements/{pk}/tender/withdraw/"),
            api=lambda: client.post(f"/api/v1/procurements/{pk}/tender/withdraw"),
            unchanged=lambda: record_of(stage),
        )

    assert item["message"] == body["message"]


# Each rule of the lots (s.18) on a procurement divided into two lots (1 and 2) where a supplier
# may tender for one: the lot named (None: none), and whether a tender for lot 1 is already in.
LOT_RULES = {
    "lot_required": (None, False),
    "unknown_lot": ("9", False),
    "too_many_lots": ("2", True),
}


@pytest.mark.parametrize("code", list(LOT_RULES))
def test_a_tender_for_a_lot_page_and_api_refuse_with_the_same_code(code):
    lot, one_in = LOT_RULES[code]
    stage = tender_stage()
    hardware, _software = with_lots(stage.procurement, max_lots_bid_per_supplier=1)
    if one_in:
        submit(stage, lot=hardware)
    pk = stage.procurement.pk
    case = {} if lot is None else {"lot": lot}

    with time_machine.travel(BEFORE, tick=False):
        browser, client = _client(stage.albion_bid), Api(stage.albion_bid)
        item, body = assert_same_refusal(
            code,
            page=lambda: browser.post(f"/procurements/{pk}/tender/", _page_form(stage, case)),
            api=lambda: client.multipart(
                f"/api/v1/procurements/{pk}/tender", _api_tender(stage, case)
            ),
            unchanged=lambda: record_of(stage),
        )

    assert item["message"] == body["message"]
    assert item["field"] == body["field"] == "lot"


# Each rule of withdrawing a tender for a lot: the lot named (None: none).
WITHDRAWAL_LOT_RULES = {"lot_required": None, "no_tender_to_withdraw": "2"}


@pytest.mark.parametrize("code", list(WITHDRAWAL_LOT_RULES))
def test_withdrawing_a_tender_for_a_lot_page_and_api_refuse_with_the_same_code(code):
    lot = WITHDRAWAL_LOT_RULES[code]
    stage = tender_stage()
    hardware, _software = with_lots(stage.procurement)
    submit(stage, lot=hardware)
    pk = stage.procurement.pk

    with time_machine.travel(BEFORE, tick=False):
        browser, client = _client(stage.albion_bid), Api(stage.albion_bid)
        query = "" if lot is None else f"?lot={lot}"
        item, body = assert_same_refusal(
            code,
            page=lambda: browser.post(
                f"/procurements/{pk}/tender/withdraw/", {} if lot is None else {"lot": lot}
            ),
            api=lambda: client.post(f"/api/v1/procurements/{pk}/tender/withdraw{query}"),
            unchanged=lambda: record_of(stage),
        )

    assert item["message"] == body["message"]


# A clarification question the service refuses (its text is a rule of the question, with a
# length only the service knows): no words, and too many.
QUESTION_RULES = {"invalid_input:empty": "   ", "invalid_input:too_long": "x" * 10_001}


@pytest.mark.parametrize("rule", list(QUESTION_RULES))
def test_asking_a_question_page_and_api_refuse_with_the_same_code(rule):
    stage = tender_stage()
    pk = stage.procurement.pk
    text = QUESTION_RULES[rule]

    with time_machine.travel(BEFORE, tick=False):
        browser, client = _client(stage.albion_bid), Api(stage.albion_bid)
        item, body = assert_same_refusal(
            "invalid_input",
            page=lambda: browser.post(f"/procurements/{pk}/tender/questions/", {"question": text}),
            api=lambda: client.post(
                f"/api/v1/procurements/{pk}/tender/questions", {"question": text}
            ),
            status=422,
            unchanged=lambda: record_of(stage),
        )

    assert item["message"] == body["message"]
    assert item["field"] == body["field"] == "question"
