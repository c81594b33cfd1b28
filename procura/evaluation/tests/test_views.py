"""The evaluation pages: evaluators, the buyer, the approver and suppliers."""

import html
import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

from procura.accounts.states import Role
from procura.accounts.tests.factories import member
from procura.evaluation import selectors
from procura.evaluation.models import AssessmentSummary
from procura.evaluation.states import AssignmentStatus
from procura.procurements.states import Status
from procura.testing.notices import on_find_a_tender

from . import factories as f
from .factories import record_of

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response) -> str:
    """The page's text, tags removed and spaces collapsed, for exact sentences."""
    page = response.content.decode()
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def _url(e, tail=""):
    return f"/procurements/{e.procurement.pk}/evaluation/{tail}"


# --- The evaluator ---------------------------------------------------------------------------


def test_an_evaluator_sees_their_evaluations_and_must_declare_before_seeing_tenders(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e, declare=False)
    client = _client(e.evaluators[0])

    listing = client.get("/procurements/evaluations/")
    assert "Declare conflicts of interest" in _text(listing)
    assert client.get(_url(e, "tenders/")).url == _url(e, "declaration/")
    page = client.get(_url(e, "declaration/"))
    assert page.status_code == 200
    assert "Albion Technology Solutions Ltd" in _text(page)  # names only
    assert "1,890,000" not in _text(page)

    response = client.post(_url(e, "declaration/"), {"has_conflict": "no"})

    assert response.url == _url(e, "tenders/")
    scoring = client.get(_url(e, "tenders/"))
    assert scoring.status_code == 200
    assert "0 of 3 criteria" in _text(scoring)


def test_a_conflict_declared_on_the_page_walls_the_evaluator_off(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e, declare=False)
    client = _client(e.evaluators[0])
    albion = e.tender("Albion").supplier

    response = client.post(
        _url(e, "declaration/"),
        {
            "has_conflict": "yes",
            "suppliers": [str(albion.pk)],
            "description": "My sister works there.",
        },
    )

    assert response.url == "/procurements/evaluations/"
    overview = _text(_client(e.buyer).get(_url(e)))
    assert "declared a conflict of interest with Albion Technology Solutions Ltd" in overview
    assert (
        "1 declared conflict is not yet in the summary of the conflicts assessment. Revise the "
        "conflicts assessment to record it and the mitigation (s.83(5))."
    ) in overview
    for tail in ("tenders/", f"tenders/{e.tenders[0].tender_id}/", "panel-scores/", "declaration/"):
        assert client.get(_url(e, tail)).status_code == 404


def test_a_conflict_without_a_description_is_shown_in_the_error_summary(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e, declare=False)
    client = _client(e.evaluators[0])
    before = record_of(e.procurement)

    response = client.post(
        _url(e, "declaration/"),
        {"has_conflict": "yes", "suppliers": [str(e.tender("Albion").supplier.pk)]},
    )

    assert response.status_code == 400
    assert "There is a problem" in _text(response)
    assert "Describe the conflict of interest: the interest and how it arises." in _text(response)
    assert record_of(e.procurement) == before


def test_an_evaluator_scores_a_tender_on_its_page_without_seeing_its_price(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e)
    client = _client(e.evaluators[0])
    albion = e.tender("Albion")
    technical, continuity, social = f.quality_criteria(e.procurement)
    url = _url(e, f"tenders/{albion.tender_id}/")

    page = client.get(url)
    assert "Albion Technology Solutions Ltd's answer on social value." in _text(page)
    assert "1,890,000" not in _text(page)
    refused = client.post(
        url,
        {
            f"score-{technical.pk}": "4",
            f"score-{continuity.pk}": "3",
            f"justification-{continuity.pk}": "One depot.",
            f"score-{social.pk}": "2",
            f"justification-{social.pk}": "Generic commitments.",
        },
    )
    assert refused.status_code == 400
    assert "Technical capability and range: Explain the score by reference to the tender." in (
        _text(refused)
    )
    response = client.post(
        url,
        {
            f"score-{technical.pk}": "4",
            f"justification-{technical.pk}": "A full catalogue.",
            f"score-{continuity.pk}": "3",
            f"justification-{continuity.pk}": "One depot.",
            f"score-{social.pk}": "2",
            f"justification-{social.pk}": "Generic commitments.",
        },
    )

    assert response.url == _url(e, "tenders/")
    assert sorted(
        s.score for s in selectors.assignment_of(e.evaluators[0], e.procurement).scores.all()
    ) == [2, 3, 4]


def test_submitting_too_early_is_refused_on_the_page(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e)
    client = _client(e.evaluators[0])

    response = client.post(_url(e, "submit/"))

    assert response.status_code == 400
    assert "Score every tender against every quality criterion first: 21 scores are missing." in (
        _text(response)
    )


def test_after_submitting_the_evaluator_sees_the_panels_submitted_scores(tender_box):
    e = f.evaluation(tender_box, evaluators=2)
    f.assign_panel(e)
    f.score_all(e, e.evaluators[0], submit=False)
    client = _client(e.evaluators[0])
    assert client.get(_url(e, "panel-scores/")).status_code == 404

    response = client.post(_url(e, "submit/"))

    assert response.url == _url(e, "panel-scores/")
    page = client.get(_url(e, "panel-scores/"))
    assert page.status_code == 200
    assert str(e.evaluators[0]) in _text(page)
    assert str(e.evaluators[1]) not in _text(page)


# --- The buyer -------------------------------------------------------------------------------


def test_the_buyer_assigns_an_evaluator_on_the_overview(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    client = _client(e.buyer)

    page = client.get(_url(e))
    assert page.status_code == 200
    assert "No evaluators yet." in _text(page)
    response = client.post(_url(e, "evaluators/"), {"evaluator": str(e.evaluators[0].pk)})

    assert response.url == _url(e)
    assert [a.status for a in selectors.assignments(e.procurement)] == [
        AssignmentStatus.AWAITING_DECLARATION
    ]
    assert "Conflicts not yet declared" in _text(client.get(_url(e)))


def test_the_overview_and_results_are_not_found_for_an_evaluator(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e)
    client = _client(e.evaluators[0])

    for tail in ("", "results/", f"moderation/{e.tenders[0].tender_id}/"):
        assert client.get(_url(e, tail)).status_code == 404


def test_the_buyer_moderates_sees_the_results_and_proposes_the_award(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e)
    f.score_all(e, e.evaluators[0])
    client = _client(e.buyer)
    fernhill = e.tender("Fernhill")
    technical, continuity, social = f.quality_criteria(e.procurement)

    page = client.get(_url(e, f"moderation/{fernhill.tender_id}/"))
    assert "The evaluators' scores" in _text(page)
    response = client.post(
        _url(e, f"moderation/{fernhill.tender_id}/"),
        {
            f"score-{technical.pk}": "5",
            f"rationale-{technical.pk}": "Every category covered.",
            f"score-{continuity.pk}": "5",
            f"rationale-{continuity.pk}": "Three depots and a bonded stock.",
            f"score-{social.pk}": "4",
            f"rationale-{social.pk}": "Apprenticeships in London.",
        },
    )
    assert response.url == _url(e)
    incomplete = client.get(_url(e, "results/"))
    assert "Record a moderated score for every tender against every quality criterion first." in (
        _text(incomplete)
    )
    f.moderate_all(e)

    results = client.get(_url(e, "results/"))
    assert "Fernhill Networks Ltd" in _text(results)
    assert "89.11" in _text(results)
    response = client.post(_url(e, "award/propose/"))

    assert response.url == _url(e)
    assert selectors.live_decision(e.procurement).status == "proposed"
    assert "Awaiting approval" in _text(client.get(_url(e)))


def test_the_buyer_decides_an_abnormally_low_tender_on_its_page(tender_box):
    rows = [r if r[0] != "Dunmore Systems plc" else (r[0], "1000000", r[2]) for r in f.MET_TENDERS]
    e = f.evaluation(tender_box, rows=rows)
    client = _client(e.buyer)
    dunmore = e.tender("Dunmore")
    url = _url(e, f"abnormally-low/{dunmore.tender_id}/")
    assert "To decide" in _text(client.get(_url(e)))

    refused = client.post(url, {"explanation": "Cost price.", "decision": "rejected"})
    assert refused.status_code == 400
    assert "Give the reason for disregarding the tender." in _text(refused)
    response = client.post(
        url,
        {
            "explanation": "Cost price, to win market share.",
            "decision": "rejected",
            "reason": "Not sustainable over four years.",
        },
    )

    assert response.url == _url(e)
    assert "Reject and disregard the tender" in _text(client.get(_url(e)))
    assert client.get(_url(e, f"abnormally-low/{e.tender('Albion').tender_id}/")).status_code == 404


# --- The approver ----------------------------------------------------------------------------


def test_the_approver_signs_off_the_award_on_the_approval_page(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.ready_to_propose(e)
    f.services.propose_award(actor=e.buyer, procurement=e.procurement)
    client = _client(e.approver)

    listing = client.get("/procurements/award-approvals/")
    assert e.procurement.reference in _text(listing)
    page = client.get(_url(e, "award/approval/"))
    assert "Fernhill Networks Ltd" in _text(page)
    response = client.post(_url(e, "award/approval/"), {"decision": "approve"})

    assert response.url == "/procurements/award-approvals/"
    assert e.refresh().status == Status.AWARD_DECIDED


def test_the_proposer_is_told_on_the_page_that_a_different_approver_must_sign_off(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.ready_to_propose(e)
    both = member(e.procurement.authority, Role.BUYER, Role.APPROVER)
    f.services.propose_award(actor=both, procurement=e.procurement)
    before = record_of(e.procurement)

    response = _client(both).post(_url(e, "award/approval/"), {"decision": "approve"})

    assert response.status_code == 400
    assert (
        "The award must be signed off by a different person from the one who proposed it."
        in _text(response)
    )
    assert record_of(e.procurement) == before


def test_an_evaluator_cannot_reach_the_approval_page(tender_box):
    e = f.evaluation(tender_box, evaluators=1)

    response = _client(e.evaluators[0]).get(_url(e, "award/approval/"))

    assert response.status_code == 403
    assert (
        f"Only an approver of {e.procurement.authority.name} can approve the award decision."
        in _text(response)
    )


# --- Summaries and the award notice ----------------------------------------------------------


def test_the_buyer_sends_the_summaries_then_publishes_the_award_notice(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.approved(e)
    client = _client(e.buyer)

    refused = client.post(_url(e, "award-notice/"))
    assert refused.status_code == 400
    assert "before publishing the contract award notice" in _text(refused)
    assert client.post(_url(e, "assessment-summaries/send/")).url == _url(e)
    with time_machine.travel(datetime(2026, 12, 21, 10, 0, tzinfo=UTC), tick=False):
        client = _client(e.buyer)  # a session made on the day: sessions expire
        assert client.post(_url(e, "award-notice/")).url == _url(e)
        page = client.get(_url(e))
        assert "Not yet recorded as published" in _text(page)
        assert "Record the signature of the contract" not in _text(page)
        on_find_a_tender(selectors.approved_decision(e.procurement).award_notice, e.buyer)
        page = client.get(_url(e))

    assert "Tuesday 5 January 2027" in _text(page)
    assert "Record the signature of the contract" in _text(page)


def test_a_supplier_reads_its_own_summary_and_downloads_it_but_not_anothers(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.summaries_sent(e)
    albion = e.tender("Albion").supplier
    client = _client(member(albion, Role.SUPPLIER_BID_MANAGER))
    own = AssessmentSummary.objects.get(supplier=albion)
    other = AssessmentSummary.objects.get(supplier=e.tender("Eastbrook").supplier)
    base = f"/procurements/{e.procurement.pk}/assessment-summaries/"

    listing = client.get("/procurements/assessment-summaries/")
    assert "Albion Technology Solutions Ltd" in _text(listing)
    assert "Eastbrook" not in _text(listing)
    page = client.get(f"{base}{own.pk}/")
    assert page.status_code == 200
    assert "Your tender ranked 4th of 7 assessed tenders and was not successful" in _text(page)
    assert "The successful tender of Fernhill Networks Ltd" in _text(page)
    pdf = client.get(f"{base}{own.pk}/pdf/")
    assert pdf.content.startswith(b"%PDF")
    assert b"Albion Technology Solutions Ltd" in pdf.content
    assert b"Eastbrook" not in pdf.content
    assert client.get(f"{base}{other.pk}/").status_code == 404
    assert client.get(f"{base}{other.pk}/pdf/").status_code == 404


# --- Bounded queries on list pages --------------------------------------------------------------


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_evaluators_list_takes_the_same_queries_for_one_evaluation_or_three(tender_box):
    person = None
    counts = []
    for number in range(3):
        made = f.procurement()
        person = person or member(made.authority, Role.EVALUATOR)
        f.services.assign_evaluator(actor=made.created_by, procurement=made, evaluator=person)
        if number in (0, 2):
            counts.append(_queries(_client(person), "/procurements/evaluations/"))

    assert counts[0] == counts[1]


def test_the_suppliers_summary_list_takes_the_same_queries_for_one_summary_or_two(tender_box):
    first = f.evaluation(tender_box, evaluators=1)
    f.summaries_sent(first)
    albion = first.tender("Albion").supplier
    client = _client(member(albion, Role.SUPPLIER_BID_MANAGER))
    one = _queries(client, "/procurements/assessment-summaries/")
    second = f.evaluation(tender_box, evaluators=1)
    f.summaries_sent(second)

    assert _queries(client, "/procurements/assessment-summaries/") == one
    assert AssessmentSummary.objects.filter(supplier=albion).count() == 2


def test_the_results_page_before_the_opening_says_the_tenders_are_sealed():
    # Given a procurement still open for tenders: nothing has been opened
    from procura.tendering.tests.factories import tender_stage

    stage = tender_stage(suffix=" (sealed)")

    # When the buyer opens the results page
    response = _client(stage.buyer).get(f"/procurements/{stage.procurement.pk}/evaluation/results/")

    # Then it answers, saying the tenders are sealed (no server error)
    assert response.status_code == 200
    assert "The tenders are sealed until the opening panel opens them" in response.content.decode()
