"""access_organisation, access_user, access_api_token: forbidden looks exactly like not found."""

import pytest
from django.contrib.auth.models import AnonymousUser

from procura.accounts import permissions, services
from procura.accounts.states import Role
from procura.accounts.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    member,
)
from procura.core.errors import NotFound

pytestmark = pytest.mark.django_db


# --- access_organisation ----------------------------------------------------------------------


def test_a_member_sees_their_own_organisation():
    supplier_a = OrganisationFactory(supplier=True)
    bid_manager = member(supplier_a, Role.SUPPLIER_BID_MANAGER)

    assert permissions.access_organisation(bid_manager, supplier_a.pk) == supplier_a


@pytest.mark.parametrize(
    ("traits", "role"),
    [({"supplier": True}, Role.SUPPLIER_BID_MANAGER), ({}, Role.BUYER), ({}, Role.AUDITOR)],
    ids=["supplier-vs-supplier", "authority-buyer", "authority-auditor"],
)
def test_nobody_sees_another_organisation_of_their_kind(traits, role):
    # Given
    mine, theirs = OrganisationFactory.create_batch(2, **traits)
    user = member(mine, role)

    # When / Then
    with pytest.raises(NotFound) as refusal:
        permissions.access_organisation(user, theirs.pk)
    assert refusal.value.code == "not_found"


def test_a_supplier_does_not_see_an_authority_nor_an_authority_a_supplier():
    supplier, authority = OrganisationFactory(supplier=True), OrganisationFactory()
    bid_manager = member(supplier, Role.SUPPLIER_BID_MANAGER)
    buyer = member(authority, Role.BUYER)

    with pytest.raises(NotFound):
        permissions.access_organisation(bid_manager, authority.pk)
    with pytest.raises(NotFound):
        permissions.access_organisation(buyer, supplier.pk)


def test_a_platform_admin_sees_every_organisation():
    # Given
    operator = OrganisationFactory(platform_operator=True)
    supplier_a, supplier_b = OrganisationFactory.create_batch(2, supplier=True)
    authority_x, authority_y = OrganisationFactory.create_batch(2)
    admin = member(operator, Role.PLATFORM_ADMIN)

    # When / Then
    for organisation in (supplier_a, supplier_b, authority_x, authority_y):
        assert permissions.access_organisation(admin, organisation.pk) == organisation


def test_a_platform_auditor_is_not_a_platform_admin():
    operator = OrganisationFactory(platform_operator=True)
    auditor = member(operator, Role.AUDITOR)

    with pytest.raises(NotFound):
        permissions.access_organisation(auditor, OrganisationFactory().pk)


def test_a_person_without_any_role_sees_no_organisation():
    with pytest.raises(NotFound):
        permissions.access_organisation(UserFactory(), OrganisationFactory().pk)


@pytest.mark.parametrize("pk", ["abc", None, "1.5", 10**9])
def test_a_missing_or_malformed_organisation_id_is_not_found(pk):
    operator = OrganisationFactory(platform_operator=True)
    admin = member(operator, Role.PLATFORM_ADMIN)

    with pytest.raises(NotFound):
        permissions.access_organisation(admin, pk)


def test_an_anonymous_visitor_sees_no_organisation():
    with pytest.raises(NotFound):
        permissions.access_organisation(AnonymousUser(), OrganisationFactory().pk)


def test_a_deactivated_member_no_longer_sees_their_organisation():
    organisation = OrganisationFactory()
    user = member(organisation, Role.BUYER, is_active=False)

    with pytest.raises(NotFound):
        permissions.access_organisation(user, organisation.pk)


# --- access_user ------------------------------------------------------------------------------


def test_a_person_sees_themself():
    user = UserFactory()

    assert permissions.access_user(user, user.pk) == user


def test_an_auditor_sees_the_people_of_their_organisation():
    # Given
    authority = OrganisationFactory()
    auditor = member(authority, Role.AUDITOR)
    colleague = member(authority, Role.BUYER)

    # When / Then
    assert permissions.access_user(auditor, colleague.pk) == colleague


def test_an_auditor_of_another_organisation_does_not_see_them():
    # Given
    authority_x, authority_y = OrganisationFactory.create_batch(2)
    auditor_y = member(authority_y, Role.AUDITOR)
    buyer_x = member(authority_x, Role.BUYER)

    # When / Then
    with pytest.raises(NotFound) as refusal:
        permissions.access_user(auditor_y, buyer_x.pk)
    assert refusal.value.code == "not_found"


def test_a_colleague_who_is_not_an_auditor_does_not_see_other_people():
    authority = OrganisationFactory()
    buyer = member(authority, Role.BUYER)
    evaluator = member(authority, Role.EVALUATOR)

    with pytest.raises(NotFound):
        permissions.access_user(buyer, evaluator.pk)


def test_an_auditor_of_one_organisation_does_not_see_it_through_another_role():
    # Given: auditor in X, buyer in Y
    authority_x, authority_y = OrganisationFactory.create_batch(2)
    user = member(authority_x, Role.AUDITOR)
    MembershipFactory(user=user, organisation=authority_y, role=Role.BUYER)
    buyer_y = member(authority_y, Role.BUYER)

    # When / Then
    with pytest.raises(NotFound):
        permissions.access_user(user, buyer_y.pk)


def test_a_platform_admin_sees_anyone():
    admin = member(OrganisationFactory(platform_operator=True), Role.PLATFORM_ADMIN)
    someone = member(OrganisationFactory(supplier=True), Role.SUPPLIER_BID_MANAGER)

    assert permissions.access_user(admin, someone.pk) == someone


@pytest.mark.parametrize("pk", ["abc", 10**9])
def test_a_missing_or_malformed_user_id_is_not_found(pk):
    admin = member(OrganisationFactory(platform_operator=True), Role.PLATFORM_ADMIN)

    with pytest.raises(NotFound):
        permissions.access_user(admin, pk)


def test_an_anonymous_visitor_sees_nobody():
    with pytest.raises(NotFound):
        permissions.access_user(AnonymousUser(), UserFactory().pk)


# --- access_api_token -------------------------------------------------------------------------


def test_a_person_sees_their_own_api_token():
    user = UserFactory()
    token, _ = services.create_api_token(actor=user, user=user)

    assert permissions.access_api_token(user, token.pk) == token


def test_nobody_else_sees_a_persons_api_token():
    owner, other = UserFactory(), UserFactory()
    token, _ = services.create_api_token(actor=owner, user=owner)

    with pytest.raises(NotFound):
        permissions.access_api_token(other, token.pk)


def test_a_platform_admin_sees_anyones_api_token():
    owner = UserFactory()
    admin = member(OrganisationFactory(platform_operator=True), Role.PLATFORM_ADMIN)
    token, _ = services.create_api_token(actor=owner, user=owner)

    assert permissions.access_api_token(admin, token.pk) == token


@pytest.mark.parametrize("pk", ["abc", 10**9])
def test_a_missing_or_malformed_api_token_id_is_not_found(pk):
    with pytest.raises(NotFound):
        permissions.access_api_token(UserFactory(), pk)


def test_an_anonymous_visitor_sees_no_api_token():
    owner = UserFactory()
    token, _ = services.create_api_token(actor=owner, user=owner)

    with pytest.raises(NotFound):
        permissions.access_api_token(AnonymousUser(), token.pk)
