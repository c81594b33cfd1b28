"""Who reaches the award approval: an approver of the authority; anyone else of the authority is
refused with forbidden_action (403) and told who may approve; everyone else finds nothing (404)."""

import pytest
from django.test import Client

from procura.accounts.states import Role
from procura.accounts.tests.factories import OrganisationFactory, member
from procura.evaluation.states import AwardDecisionStatus
from procura.procurements.states import Status
from procura.testing.client import Api

from . import factories as f
from .factories import record_of

pytestmark = pytest.mark.django_db


def _proposed(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.ready_to_propose(e)
    f.services.propose_award(actor=e.buyer, procurement=e.procurement)
    return e


def _message(e) -> str:
    return f"Only an approver of {e.procurement.authority.name} can approve the award decision."


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user, path):
    api = Api(user, prefix="/api/v1/procurements/")
    return lambda body=None: api.post(path, body or {})


# --- The page ---------------------------------------------------------------------------------


def test_the_buyer_who_proposed_is_told_on_the_page_that_only_an_approver_can_approve(
    tender_box,
):
    # Given the buyer proposed the award and holds no approver role
    e = _proposed(tender_box)
    url = f"/procurements/{e.procurement.pk}/evaluation/award/approval/"
    client = _client(e.buyer)
    before = record_of(e.procurement)

    # When the buyer opens the approval page and tries to approve
    page = client.get(url)
    posted = client.post(url, {"decision": "approve"})

    # Then both are refused with 403 and the reason, and nothing changed
    for response in (page, posted):
        assert response.status_code == 403
        assert _message(e) in response.content.decode()
    assert "You cannot approve this award decision" in page.content.decode()
    assert record_of(e.procurement) == before
    assert e.refresh().status == Status.EVALUATION


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.AUDITOR, Role.CONTRACT_MANAGER])
def test_any_other_member_of_the_authority_gets_403_on_the_page(tender_box, role):
    e = _proposed(tender_box)
    before = record_of(e.procurement)

    response = _client(member(e.procurement.authority, role)).post(
        f"/procurements/{e.procurement.pk}/evaluation/award/approval/", {"decision": "approve"}
    )

    assert response.status_code == 403
    assert _message(e) in response.content.decode()
    assert record_of(e.procurement) == before


def test_other_organisations_find_no_approval_page(tender_box):
    # Given an approver and a buyer of another authority, a supplier, and a platform admin
    e = _proposed(tender_box)
    elsewhere = OrganisationFactory()
    people = [
        member(elsewhere, Role.APPROVER),
        member(elsewhere, Role.BUYER),
        member(OrganisationFactory(supplier=True), Role.SUPPLIER_BID_MANAGER),
        member(OrganisationFactory(platform_operator=True), Role.PLATFORM_ADMIN),
    ]
    url = f"/procurements/{e.procurement.pk}/evaluation/award/approval/"
    before = record_of(e.procurement)

    # When / Then
    for person in people:
        assert _client(person).get(url).status_code == 404
        assert _client(person).post(url, {"decision": "approve"}).status_code == 404
    assert record_of(e.procurement) == before


def test_the_approver_still_reaches_the_page_and_approves(tender_box):
    e = _proposed(tender_box)
    url = f"/procurements/{e.procurement.pk}/evaluation/award/approval/"

    assert _client(e.approver).get(url).status_code == 200
    assert _client(e.approver).post(url, {"decision": "approve"}).status_code == 302
    assert e.refresh().status == Status.AWARD_DECIDED


# --- The API ----------------------------------------------------------------------------------


def test_the_api_refuses_a_buyer_without_the_approver_role_with_403(tender_box):
    # Given
    e = _proposed(tender_box)
    approve = _api(e.buyer, f"{e.procurement.pk}/award-decisions/approval")
    give_back = _api(e.buyer, f"{e.procurement.pk}/award-decisions/return")
    before = record_of(e.procurement)

    # When
    approving = approve()
    returning = give_back({"reason": "Recheck the moderation."})

    # Then
    for response in (approving, returning):
        assert response.status_code == 403
        assert response.json() == {"code": "forbidden_action", "message": _message(e)}
    assert record_of(e.procurement) == before


def test_the_api_answers_not_found_to_another_authority(tender_box):
    e = _proposed(tender_box)
    approve = _api(
        member(OrganisationFactory(), Role.APPROVER), f"{e.procurement.pk}/award-decisions/approval"
    )
    before = record_of(e.procurement)

    response = approve()

    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert record_of(e.procurement) == before


def test_approver_must_differ_is_still_reached_by_a_buyer_who_is_also_an_approver(tender_box):
    # Given someone both buyer and approver proposed the award
    e = f.evaluation(tender_box, evaluators=1)
    f.ready_to_propose(e)
    both = member(e.procurement.authority, Role.BUYER, Role.APPROVER)
    f.services.propose_award(actor=both, procurement=e.procurement)
    approve = _api(both, f"{e.procurement.pk}/award-decisions/approval")
    before = record_of(e.procurement)

    # When
    response = approve()

    # Then
    assert (response.status_code, response.json()["code"]) == (400, "approver_must_differ")
    assert record_of(e.procurement) == before
    assert e.procurement.award_decisions.get().status == AwardDecisionStatus.PROPOSED
