"""The one gate for every supplier stage, and the buyer's access. Forbidden == not found."""

import pytest
from django.contrib.auth.models import AnonymousUser

from procura.accounts.states import Role
from procura.accounts.tests.factories import OrganisationFactory, member
from procura.core.errors import AccessRefused, NotFound
from procura.participation import permissions, services
from procura.participation.tests import factories as f
from procura.procurements.states import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def procurement():
    return f.ProcurementFactory()


@pytest.fixture
def buyer(procurement):
    return f.buyer_of(procurement.authority)


def test_an_admitted_bid_manager_passes_the_gate(procurement, buyer):
    # Given
    f.issue_agreements(procurement, buyer)
    organisation, bid_manager = f.supplier()
    participant = f.admitted_participant(procurement, organisation, bid_manager)

    # When
    found, found_participant = permissions.access_procurement_as_supplier(
        bid_manager, procurement.pk, "download"
    )

    # Then
    assert (found, found_participant) == (procurement, participant)


def _someone_who_has_not_passed(kind, procurement, buyer):
    organisation, bid_manager = f.supplier()
    if kind == "anonymous":
        return AnonymousUser()
    if kind == "buyer":
        return buyer
    if kind == "interested":
        f.interested_participant(procurement, organisation, bid_manager)
    if kind == "accepted_one":
        participant = f.interested_participant(procurement, organisation, bid_manager)
        agreement = procurement.agreements.get(kind="nda")
        services.accept_agreement(actor=bid_manager, participant=participant, agreement=agreement)
    if kind == "new_version":
        f.admitted_participant(procurement, organisation, bid_manager)
        services.issue_agreement(
            actor=buyer, procurement=procurement, kind="nda", title="NDA", text="Version two"
        )
    if kind == "other_supplier_admitted":
        other_org, other_manager = f.supplier()
        f.admitted_participant(procurement, other_org, other_manager)
    if kind == "supplier_staff_without_the_role":
        return member(OrganisationFactory(), Role.AUDITOR)
    return bid_manager


@pytest.mark.parametrize(
    "kind",
    [
        "anonymous",
        "buyer",
        "not_interested",
        "other_supplier_admitted",
        "supplier_staff_without_the_role",
    ],
)
def test_everyone_else_is_told_the_procurement_does_not_exist(procurement, buyer, kind):
    # Given
    f.issue_agreements(procurement, buyer)
    user = _someone_who_has_not_passed(kind, procurement, buyer)

    # When / Then
    for action in permissions.SUPPLIER_ACTIONS:
        with pytest.raises(NotFound):
            permissions.access_procurement_as_supplier(user, procurement.pk, action)


@pytest.mark.parametrize(
    "kind, missing",
    [
        ("interested", ["nda", "ethical_walls"]),
        ("accepted_one", ["ethical_walls"]),
        ("new_version", ["nda"]),
    ],
)
def test_a_supplier_taking_part_is_told_which_agreements_it_has_not_accepted(
    procurement, buyer, kind, missing
):
    # Given a supplier that expressed interest, so knows the procurement exists
    f.issue_agreements(procurement, buyer)
    user = _someone_who_has_not_passed(kind, procurement, buyer)

    # When / Then
    for action in permissions.SUPPLIER_ACTIONS:
        if action == "respond" and not procurement.is_competitive_flexible:
            continue
        with pytest.raises(AccessRefused) as refused:
            permissions.access_procurement_as_supplier(user, procurement.pk, action)
        assert (refused.value.code, refused.value.details) == (
            "agreements_not_accepted",
            {"agreements": missing},
        )


def test_a_draft_procurement_is_not_found_even_by_a_supplier_that_was_admitted(buyer, procurement):
    # Given an admitted supplier, and the procurement back in draft (as a test device)
    f.issue_agreements(procurement, buyer)
    organisation, bid_manager = f.supplier()
    f.admitted_participant(procurement, organisation, bid_manager)
    procurement.status = Status.DRAFT
    procurement.save(update_fields=["status"])

    # When / Then
    with pytest.raises(NotFound):
        permissions.access_procurement_as_supplier(bid_manager, procurement.pk, "view")
    with pytest.raises(NotFound):
        permissions.access_procurement_for_interest(bid_manager, procurement.pk)


def test_an_open_procedure_has_no_questionnaire_to_respond_to(buyer):
    # Given
    procurement = f.ProcurementFactory(
        open_procedure=True, authority=buyer.memberships.get().organisation
    )
    f.issue_agreements(procurement, buyer)
    organisation, bid_manager = f.supplier()
    f.admitted_participant(procurement, organisation, bid_manager)

    # When / Then
    assert permissions.access_procurement_as_supplier(bid_manager, procurement.pk, "tender")
    with pytest.raises(NotFound):
        permissions.access_procurement_as_supplier(bid_manager, procurement.pk, "respond")


@pytest.mark.parametrize("pk", [999999, "abc", None])
def test_a_procurement_that_does_not_exist_is_not_found(pk):
    _, bid_manager = f.supplier()

    with pytest.raises(NotFound):
        permissions.access_procurement_as_supplier(bid_manager, pk, "view")


def test_an_unknown_action_is_a_programming_error(procurement):
    _, bid_manager = f.supplier()

    with pytest.raises(ValueError, match="Unknown supplier action"):
        permissions.access_procurement_as_supplier(bid_manager, procurement.pk, "approve")


def test_the_buyer_side_of_another_authority_sees_nothing(procurement, buyer):
    # Given
    f.issue_agreements(procurement, buyer)
    participant = f.interested_participant(procurement, *f.supplier())
    stranger = f.buyer_of(OrganisationFactory())

    # When / Then
    for action in ("view", "manage"):
        with pytest.raises(NotFound):
            permissions.access_procurement_as_buyer(stranger, procurement.pk, action)
        with pytest.raises(NotFound):
            permissions.access_participant_as_buyer(
                stranger, procurement.pk, participant.pk, action
            )
    with pytest.raises(NotFound):
        permissions.access_participant_timeline(stranger, participant.pk)


def test_an_evaluator_of_the_authority_may_view_but_not_manage(procurement):
    # Given
    evaluator = member(procurement.authority, Role.EVALUATOR)

    # When / Then
    assert permissions.access_procurement_as_buyer(evaluator, procurement.pk, "view") == procurement
    with pytest.raises(NotFound):
        permissions.access_procurement_as_buyer(evaluator, procurement.pk, "manage")


def test_a_participant_of_another_procurement_is_not_found(procurement, buyer):
    # Given
    other = f.ProcurementFactory(authority=procurement.authority)
    f.issue_agreements(other, buyer)
    participant = f.interested_participant(other, *f.supplier())

    # When / Then
    with pytest.raises(NotFound):
        permissions.access_participant_as_buyer(buyer, procurement.pk, participant.pk)


def test_a_suppliers_timeline_is_its_own_and_the_buyers(procurement, buyer):
    # Given
    organisation, bid_manager = f.supplier()
    participant = f.interested_participant(procurement, organisation, bid_manager)
    _, other_manager = f.supplier()

    # When / Then
    assert permissions.access_participant_timeline(bid_manager, participant.pk) == participant
    assert permissions.access_participant_timeline(buyer, participant.pk) == participant
    with pytest.raises(NotFound):
        permissions.access_participant_timeline(other_manager, participant.pk)
