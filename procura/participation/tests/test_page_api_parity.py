"""Each rule of the shortlist and the invitation to tender gives the same code from the buyer's
pages and from the API, and nothing changes either way (issue 7 §1; ADR 0007)."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.test import Client

from procura.core import clock
from procura.participation import services
from procura.participation.models import ExclusionDecision, Participant, Question
from procura.participation.states import AgreementKind, QuestionKind
from procura.participation.tests import factories as f
from procura.procurements.models import Procurement
from procura.testing.client import Api
from procura.testing.parity import assert_same_refusal
from procura.testing.refusals import snapshot

pytestmark = pytest.mark.django_db

LONDON = clock.LONDON
CLOSED = datetime(2027, 4, 12, 10, 0, tzinfo=LONDON)  # a Monday: participation just closed
API = "/api/v1/procurements"


@pytest.fixture(autouse=True)
def traveller():
    with time_machine.travel(CLOSED - timedelta(days=20), tick=False) as t:
        yield t


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _closed(traveller, *, decide=True, **fields):
    """Two suppliers submitted, the deadline passed, neither excluded: the shortlist is next."""
    procurement = f.ProcurementFactory(**fields)
    buyer = f.buyer_of(procurement.authority)
    f.issue_agreements(procurement, buyer)
    f.standard_questions(procurement)
    a = f.submitted_participant(procurement, *f.supplier("Albion Technology Ltd"))
    b = f.submitted_participant(procurement, *f.supplier("Brightwell Systems Ltd"))
    traveller.move_to(CLOSED)
    f.close_participation(procurement)
    for participant in (a, b) if decide else ():
        services.record_exclusion_decision(
            actor=buyer,
            participant=participant,
            outcome="not_excluded",
            decided_on=procurement.participation_closed_at.astimezone(LONDON).date(),
        )
    return procurement, buyer, a, b


def _record() -> dict:
    return {
        "procurements": list(Procurement.objects.order_by("pk").values()),
        "participants": list(Participant.objects.order_by("pk").values()),
        "exclusions": ExclusionDecision.objects.count(),
    }


# Each rule of the shortlist: which suppliers are shortlisted (a, b), the reasons, and the most
# the tender notice allows.
SHORTLIST_RULES = {
    "shortlist_empty": ((), {"a": "Lower score.", "b": "Lower score."}, 7),
    "shortlist_too_long": (("a", "b"), {"a": "Top score.", "b": "Second."}, 1),
    "reason_required": (("a",), {"a": "Top score.", "b": " "}, 7),
}


@pytest.mark.parametrize("code", list(SHORTLIST_RULES))
def test_deciding_the_shortlist_page_and_api_refuse_with_the_same_code(traveller, code):
    chosen, reasons, maximum = SHORTLIST_RULES[code]
    procurement, buyer, a, b = _closed(traveller, max_shortlist=maximum)
    ids = {"a": a.pk, "b": b.pk}
    browser, client = _signed_in(buyer), Api(buyer)
    page_data = {"shortlisted": [str(ids[k]) for k in chosen]} | {
        f"reason-{ids[k]}": reason for k, reason in reasons.items()
    }
    body = {
        "shortlisted": [{"participant_id": ids[k], "reason": reasons[k]} for k in chosen],
        "not_shortlisted": [
            {"participant_id": ids[k], "reason": reasons[k]} for k in ids if k not in chosen
        ],
    }

    item, answer = assert_same_refusal(
        code,
        page=lambda: browser.post(
            f"/procurements/{procurement.pk}/participation/shortlist/", page_data
        ),
        api=lambda: client.post(f"{API}/{procurement.pk}/shortlist", body),
        unchanged=_record,
    )

    assert item["message"] == answer["message"]


# Each rule of the invitation to tender: the tender deadline, at midday UK time, this many days
# after the invitation (s.54(4) entry 3: at least 10 days for an authority that is not central
# government).
INVITATION_RULES = {
    "tendering_period_too_short": 9,
    "deadline_in_past": -1,
}


@pytest.mark.parametrize("code", list(INVITATION_RULES))
def test_inviting_to_tender_page_and_api_refuse_with_the_same_code(traveller, code):
    procurement, buyer, a, b = _closed(traveller)
    services.decide_shortlist(
        actor=buyer,
        procurement=procurement,
        shortlisted={a.pk: "Top score."},
        not_shortlisted={b.pk: "Lower score."},
    )
    deadline = (CLOSED + timedelta(days=INVITATION_RULES[code])).replace(hour=12)
    browser, client = _signed_in(buyer), Api(buyer)

    item, answer = assert_same_refusal(
        code,
        page=lambda: browser.post(
            f"/procurements/{procurement.pk}/participation/invite/",
            {
                "deadline-day": deadline.day,
                "deadline-month": deadline.month,
                "deadline-year": deadline.year,
                "deadline-time": "12:00",
            },
        ),
        api=lambda: client.post(
            f"{API}/{procurement.pk}/invitation-to-tender",
            {"tender_deadline": deadline.isoformat()},
        ),
        unchanged=_record,
    )

    assert item["message"] == answer["message"]
    # The page links the refusal to its date input `deadline`; the API names its field.
    assert (item["field"], answer["field"]) == ("deadline", "tender_deadline")
    assert item["href"] == "#deadline"


def test_assessing_a_score_above_the_maximum_page_and_api_refuse_with_the_same_code(traveller):
    procurement, buyer, a, _b = _closed(traveller)
    scored = Question.objects.get(procurement=procurement, kind=QuestionKind.SCORED)
    browser, client = _signed_in(buyer), Api(buyer)

    item, answer = assert_same_refusal(
        "score_out_of_range",
        page=lambda: browser.post(
            f"/procurements/{procurement.pk}/participation/responses/{a.pk}/",
            {f"score-{scored.pk}": "11"},
        ),
        api=lambda: client.put(
            f"{API}/{procurement.pk}/participants/{a.pk}/assessment",
            {"marks": [{"question_id": scored.pk, "score": 11}]},
        ),
        unchanged=_record,
    )

    assert (
        item["message"]
        == answer["message"]
        == ("The score for question 2 must be between 0 and 10.")
    )


def _problems(body: dict) -> list[tuple[str, str]]:
    problems = body.get("problems") or body.get("details", {}).get("problems") or []
    return [(p["code"], p["field"]) for p in problems]


def test_submitting_an_incomplete_request_page_and_api_refuse_with_the_same_codes():
    procurement = f.ProcurementFactory()
    buyer = f.buyer_of(procurement.authority)
    f.issue_agreements(procurement, buyer)
    f.standard_questions(procurement)
    organisation, manager = f.supplier("Albion Technology Ltd")
    f.admitted_participant(procurement, organisation, manager)
    browser, client = _signed_in(manager), Api(manager)
    before = snapshot(_record)

    page = browser.post(f"/procurements/{procurement.pk}/participate/check/")
    api = client.post(f"{API}/{procurement.pk}/response/submission")

    assert page.status_code == 400
    assert (api.status_code, api.json()["code"]) == (400, "answers_missing")
    assert [(i["code"], i["field"]) for i in page.context["errors"]] == _problems(api.json())
    assert {code for code, _field in _problems(api.json())} == {"answer_missing"}
    assert snapshot(_record) == before


@pytest.mark.parametrize("way", ["check", "questionnaire"])
def test_a_request_after_the_deadline_page_and_api_refuse_with_the_same_code(traveller, way):
    procurement = f.ProcurementFactory()
    buyer = f.buyer_of(procurement.authority)
    f.issue_agreements(procurement, buyer)
    f.standard_questions(procurement)
    organisation, manager = f.supplier("Albion Technology Ltd")
    participant = f.admitted_participant(procurement, organisation, manager)
    f.complete_answers(participant, manager)
    traveller.shift(timedelta(days=31))
    browser, client = _signed_in(manager), Api(manager)
    base = f"/procurements/{procurement.pk}/participate/"

    if way == "check":
        page, api = (
            lambda: browser.post(f"{base}check/"),
            lambda: client.post(f"{API}/{procurement.pk}/response/submission"),
        )
    else:
        page, api = (
            lambda: browser.post(f"{base}questionnaire/", {"financial_information": "Audited."}),
            lambda: client.put(
                f"{API}/{procurement.pk}/response", {"financial_information": "Audited."}
            ),
        )
    item, body = assert_same_refusal(
        "participation_deadline_passed", page=page, api=api, unchanged=_record
    )

    assert item["message"] == body["message"]


# Each rule of an exclusion decision (s.57-58): what the buyer records, the decision dated the
# day participation closed (`None`: tomorrow) or the supplier invited to make representations
# on a later day (`invited_later`).
MANDATORY = {"outcome": "excluded", "ground_type": "mandatory", "ground": "Sch 6 para 1"}
EXCLUSION_RULES = {
    "decided_in_future": {"outcome": "not_excluded", "decided_tomorrow": True},
    "ground_does_not_match": MANDATORY | {"ground_type": "discretionary", "reasons": "Bribery."},
    "ground_required": MANDATORY | {"ground": "", "reasons": "Bribery."},
    "representations_required": MANDATORY | {"reasons": "Bribery."},
    "representations_after_decision": MANDATORY | {"reasons": "Bribery.", "invited_later": True},
    "reasons_required": MANDATORY | {"representations": "It denies it.", "reasons": ""},
}


@pytest.mark.parametrize("code", list(EXCLUSION_RULES))
def test_an_exclusion_decision_page_and_api_refuse_with_the_same_code(traveller, code):
    values = dict(EXCLUSION_RULES[code])
    procurement, buyer, _a, b = _closed(traveller, decide=False)
    today = clock.today()
    decided_on = today + timedelta(days=1) if values.pop("decided_tomorrow", False) else today
    if values.pop("invited_later", False):
        decided_on = today - timedelta(days=1)
        values["representations_invited_on"] = today
    browser, client = _signed_in(buyer), Api(buyer)
    page_data = {k: v for k, v in values.items() if k != "representations_invited_on"}
    for name, day in (
        ("decided_on", decided_on),
        ("representations_invited_on", values.get("representations_invited_on")),
    ):
        if day is not None:
            page_data |= {
                f"{name}-day": day.day,
                f"{name}-month": day.month,
                f"{name}-year": day.year,
            }
    body = values | {"decided_on": decided_on.isoformat()}
    if "representations_invited_on" in body:
        body["representations_invited_on"] = body["representations_invited_on"].isoformat()

    item, answer = assert_same_refusal(
        code,
        page=lambda: browser.post(
            f"/procurements/{procurement.pk}/participation/responses/{b.pk}/exclusion/",
            page_data,
        ),
        api=lambda: client.post(
            f"{API}/{procurement.pk}/participants/{b.pk}/exclusion-decisions", body
        ),
        unchanged=_record,
    )

    assert item["message"] == answer["message"]


def test_accepting_a_replaced_agreement_page_and_api_refuse_with_the_same_code():
    procurement = f.ProcurementFactory()
    buyer = f.buyer_of(procurement.authority)
    old = f.issue_agreements(procurement, buyer)[AgreementKind.NDA]
    services.issue_agreement(
        actor=buyer,
        procurement=procurement,
        kind=AgreementKind.NDA,
        title="Non-disclosure agreement",
        text=f.NDA_TEXT + " Version 2.",
    )
    organisation, manager = f.supplier("Albion Technology Ltd")
    f.interested_participant(procurement, organisation, manager)
    browser, client = _signed_in(manager), Api(manager)

    item, body = assert_same_refusal(
        "agreement_superseded",
        page=lambda: browser.post(
            f"/procurements/{procurement.pk}/participate/agreements/{old.pk}/accept/",
            {"confirm": "yes"},
        ),
        api=lambda: client.post(f"{API}/{procurement.pk}/agreements/{old.pk}/acceptance", {}),
        unchanged=_record,
    )

    assert item["message"] == body["message"]
