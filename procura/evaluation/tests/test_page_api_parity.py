"""Each rule of scoring, moderation and the award gives the same code from the evaluation pages
and from the API, and nothing changes either way (issue 7 §1; ADR 0007)."""

import pytest
from django.test import Client

from procura.accounts.states import Role
from procura.accounts.tests.factories import member
from procura.evaluation import errors
from procura.testing.client import Api
from procura.testing.parity import assert_same_refusal

from . import factories as f
from .factories import record_of

pytestmark = pytest.mark.django_db

API = "/api/v1/procurements"

# Each rule on a tender's scores: the score given for the first quality criterion (the others
# are in range), as a page posts it and as the API sends it.
SCORE_RULES = {
    "score_out_of_range:above": ("11", 11),
    "score_out_of_range:below": ("-1", -1),
    "words_required": ("4", 4),  # with no words for it: justification or rationale_required
}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _words(c, i, rule) -> str:
    return "" if (i == 0 and rule == "words_required") else f"{c.title}: as the tender says."


def _page_scores(criteria, first, text_name="justification", rule="") -> dict:
    data = {}
    for i, c in enumerate(criteria):
        data[f"score-{c.pk}"] = first if i == 0 else "3"
        data[f"{text_name}-{c.pk}"] = _words(c, i, rule)
    return data


def _api_scores(criteria, first, text_name="justification", rule="") -> dict:
    return {
        "scores": [
            {
                "criterion_id": c.pk,
                "score": first if i == 0 else 3,
                text_name: _words(c, i, rule),
            }
            for i, c in enumerate(criteria)
        ]
    }


@pytest.mark.parametrize("rule", list(SCORE_RULES))
def test_scoring_a_tender_page_and_api_refuse_with_the_same_code(tender_box, rule):
    code = "justification_required" if rule == "words_required" else rule.split(":")[0]
    typed, sent = SCORE_RULES[rule]
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e)
    evaluator = e.evaluators[0]
    criteria = f.quality_criteria(e.procurement)
    tender_id = e.tender("Albion").tender_id
    browser, client = _client(evaluator), Api(evaluator)
    pk = e.procurement.pk

    item, body = assert_same_refusal(
        code,
        page=lambda: browser.post(
            f"/procurements/{pk}/evaluation/tenders/{tender_id}/",
            _page_scores(criteria, typed, rule=rule),
        ),
        api=lambda: client.put(
            f"{API}/{pk}/evaluation/tenders/{tender_id}/scores",
            _api_scores(criteria, sent, rule=rule),
        ),
        unchanged=lambda: record_of(e.procurement),
    )

    assert item["message"] == body["message"]
    text = "justification" if rule == "words_required" else "score"
    assert item["field"] == body["field"] == f"{text}-{criteria[0].pk}"


@pytest.mark.parametrize("rule", list(SCORE_RULES))
def test_moderating_a_tender_page_and_api_refuse_with_the_same_code(tender_box, rule):
    code = "rationale_required" if rule == "words_required" else rule.split(":")[0]
    typed, sent = SCORE_RULES[rule]
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e)
    f.score_all(e, e.evaluators[0])
    criteria = f.quality_criteria(e.procurement)
    tender_id = e.tender("Albion").tender_id
    browser, client = _client(e.buyer), Api(e.buyer)
    pk = e.procurement.pk

    item, body = assert_same_refusal(
        code,
        page=lambda: browser.post(
            f"/procurements/{pk}/evaluation/moderation/{tender_id}/",
            _page_scores(criteria, typed, "rationale", rule),
        ),
        api=lambda: client.put(
            f"{API}/{pk}/moderation/tenders/{tender_id}",
            _api_scores(criteria, sent, "rationale", rule),
        ),
        unchanged=lambda: record_of(e.procurement),
    )

    assert item["message"] == body["message"]


# Each rule of a decision about an abnormally low tender: what the buyer records.
ABNORMALLY_LOW_RULES = {
    "explanation_required": {"explanation": "  ", "decision": "accepted", "reason": ""},
    "reason_required": {"explanation": "Cost price.", "decision": "rejected", "reason": ""},
}


@pytest.mark.parametrize("code", list(ABNORMALLY_LOW_RULES))
def test_deciding_an_abnormally_low_tender_page_and_api_refuse_with_the_same_code(tender_box, code):
    values = ABNORMALLY_LOW_RULES[code]
    rows = [r if r[0] != "Dunmore Systems plc" else (r[0], "1000000", r[2]) for r in f.MET_TENDERS]
    e = f.evaluation(tender_box, rows=rows)
    tender_id = e.tender("Dunmore").tender_id
    browser, client = _client(e.buyer), Api(e.buyer)
    pk = e.procurement.pk

    item, body = assert_same_refusal(
        code,
        page=lambda: browser.post(
            f"/procurements/{pk}/evaluation/abnormally-low/{tender_id}/", values
        ),
        api=lambda: client.put(f"{API}/{pk}/abnormally-low-tenders/{tender_id}", values),
        unchanged=lambda: record_of(e.procurement),
    )

    assert item["message"] == body["message"]
    assert item["field"] == body["field"]


def test_returning_the_award_without_a_reason_page_and_api_refuse_with_the_same_code(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.ready_to_propose(e)
    f.services.propose_award(actor=e.buyer, procurement=e.procurement)
    browser, client = _client(e.approver), Api(e.approver)
    pk = e.procurement.pk

    item, body = assert_same_refusal(
        "return_reason_required",
        page=lambda: browser.post(
            f"/procurements/{pk}/evaluation/award/approval/", {"decision": "return", "reason": ""}
        ),
        api=lambda: client.post(f"{API}/{pk}/award-decisions/return", {"reason": " "}),
        unchanged=lambda: record_of(e.procurement),
    )

    assert item["message"] == body["message"]


def test_the_proposer_approving_page_and_api_refuse_with_the_same_code(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.ready_to_propose(e)
    both = member(e.procurement.authority, Role.BUYER, Role.APPROVER)
    f.services.propose_award(actor=both, procurement=e.procurement)
    browser, client = _client(both), Api(both)
    pk = e.procurement.pk

    item, body = assert_same_refusal(
        errors.APPROVER_MUST_DIFFER,
        page=lambda: browser.post(
            f"/procurements/{pk}/evaluation/award/approval/", {"decision": "approve"}
        ),
        api=lambda: client.post(f"{API}/{pk}/award-decisions/approval"),
        unchanged=lambda: record_of(e.procurement),
    )

    assert item["message"] == body["message"]
