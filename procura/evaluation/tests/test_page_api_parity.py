"""Each rule of scoring, moderation and the award gives the same code from the evaluation pages
and from the API, and nothing changes either way (issue 7 §1; ADR 0007)."""

import pytest
from django.test import Client

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
}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page_scores(criteria, first, text_name="justification") -> dict:
    data = {}
    for i, c in enumerate(criteria):
        data[f"score-{c.pk}"] = first if i == 0 else "3"
        data[f"{text_name}-{c.pk}"] = f"{c.title}: as the tender describes it."
    return data


def _api_scores(criteria, first, text_name="justification") -> dict:
    return {
        "scores": [
            {
                "criterion_id": c.pk,
                "score": first if i == 0 else 3,
                text_name: f"{c.title}: as the tender describes it.",
            }
            for i, c in enumerate(criteria)
        ]
    }


@pytest.mark.parametrize("rule", list(SCORE_RULES))
def test_scoring_a_tender_page_and_api_refuse_with_the_same_code(tender_box, rule):
    code = rule.split(":")[0]
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
            f"/procurements/{pk}/evaluation/tenders/{tender_id}/", _page_scores(criteria, typed)
        ),
        api=lambda: client.put(
            f"{API}/{pk}/evaluation/tenders/{tender_id}/scores", _api_scores(criteria, sent)
        ),
        unchanged=lambda: record_of(e.procurement),
    )

    assert item["message"] == body["message"]
    assert item["field"] == body["field"] == f"score-{criteria[0].pk}"


@pytest.mark.parametrize("rule", list(SCORE_RULES))
def test_moderating_a_tender_page_and_api_refuse_with_the_same_code(tender_box, rule):
    code = rule.split(":")[0]
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
            _page_scores(criteria, typed, "rationale"),
        ),
        api=lambda: client.put(
            f"{API}/{pk}/moderation/tenders/{tender_id}",
            _api_scores(criteria, sent, "rationale"),
        ),
        unchanged=lambda: record_of(e.procurement),
    )

    assert item["message"] == body["message"]
