"""Sign-in, sign-out, password reset, landing pages, the account page and the Django admin."""

import re

import pytest
from django.core import mail
from django.test import Client

from procura.accounts import services
from procura.accounts.models import ApiToken
from procura.accounts.selectors import NavItem
from procura.accounts.states import Role
from procura.accounts.tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    member,
)
from procura.audit.event_types import EventType
from procura.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

SIGN_IN_ERROR = "Enter a correct username and password. Both are case-sensitive."
NEW_PASSWORD = "a-brand-new-passphrase-2026"


def _event_types() -> list[str]:
    return list(AuditEvent.objects.values_list("event_type", flat=True))


def _organisation_for(role: str):
    """An organisation of a kind in which `role` may be held."""
    if role == Role.PLATFORM_ADMIN:
        return OrganisationFactory(platform_operator=True)
    if role == Role.SUPPLIER_BID_MANAGER:
        return OrganisationFactory(supplier=True)
    return OrganisationFactory()


# --- Sign in ----------------------------------------------------------------------------------


def test_the_sign_in_page_is_shown(client):
    response = client.get("/sign-in/")

    assert response.status_code == 200
    assert "Sign in to Procura" in response.content.decode()


@pytest.mark.parametrize(
    ("roles", "landing"),
    [
        ([Role.BUYER], "/home/buyer/"),
        ([Role.AUDITOR, Role.BUYER], "/home/buyer/"),
        ([Role.AUDITOR, Role.APPROVER, Role.EVALUATOR], "/home/evaluator/"),
        ([Role.REQUISITIONER, Role.CONTRACT_MANAGER], "/home/contract_manager/"),
        ([Role.AUDITOR], "/home/auditor/"),
        ([Role.SUPPLIER_BID_MANAGER], "/home/supplier_bid_manager/"),
        ([Role.PLATFORM_ADMIN], "/home/platform_admin/"),
        ([], "/home/no-role/"),
    ],
)
def test_signing_in_lands_on_the_page_of_the_first_role_in_landing_order(client, roles, landing):
    # Given
    organisation = _organisation_for(roles[0]) if roles else None
    user = member(organisation, *roles, username="jdoe") if roles else UserFactory(username="jdoe")

    # When
    response = client.post("/sign-in/", {"username": "jdoe", "password": PASSWORD})

    # Then
    assert response.status_code == 302
    assert response.url == "/home/"
    home = client.get("/home/")
    assert (home.status_code, home.url) == (302, landing)
    assert client.get(landing).status_code == 200
    assert client.session["_auth_user_id"] == str(user.pk)
    event = AuditEvent.objects.get()
    assert event.event_type == EventType.SIGNED_IN
    assert event.actor == user
    assert (event.object_type, event.object_id) == ("accounts.user", str(user.pk))


def test_signing_in_returns_to_the_page_asked_for(client):
    UserFactory(username="jdoe")

    response = client.post(
        "/sign-in/?next=/account/", {"username": "jdoe", "password": PASSWORD, "next": "/account/"}
    )

    assert (response.status_code, response.url) == (302, "/account/")


def test_a_wrong_password_shows_the_error_summary_and_is_recorded(client):
    # Given
    user = UserFactory(username="jdoe")

    # When
    response = client.post("/sign-in/", {"username": "jdoe", "password": "wrong"})

    # Then
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in – Procura</title>" in page
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in page
    assert f'<li><a href="#id_username">{SIGN_IN_ERROR}</a></li>' in page
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get()
    assert event.event_type == EventType.SIGN_IN_FAILED
    assert event.actor is None
    assert (event.object_id, event.after) == (str(user.pk), {"username": "jdoe"})


def test_an_unknown_username_shows_the_same_error_and_records_nothing(client):
    # When
    response = client.post("/sign-in/", {"username": "nobody", "password": "wrong"})

    # Then
    assert response.status_code == 200
    assert f'<li><a href="#id_username">{SIGN_IN_ERROR}</a></li>' in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.count() == 0


def test_a_deactivated_account_cannot_sign_in(client):
    UserFactory(username="jdoe", is_active=False)

    response = client.post("/sign-in/", {"username": "jdoe", "password": PASSWORD})

    assert response.status_code == 200
    assert SIGN_IN_ERROR in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert _event_types() == [EventType.SIGN_IN_FAILED]


def test_an_empty_sign_in_form_asks_for_both_fields_and_records_nothing(client):
    # When
    response = client.post("/sign-in/", {"username": "", "password": ""})

    # Then
    page = response.content.decode()
    assert response.status_code == 200
    assert '<li><a href="#id_username">Enter your username</a></li>' in page
    assert '<li><a href="#id_password">Enter your password</a></li>' in page
    assert AuditEvent.objects.count() == 0


def test_a_signed_in_person_visiting_sign_in_goes_home(client):
    client.force_login(UserFactory())

    response = client.get("/sign-in/")

    assert (response.status_code, response.url) == (302, "/home/")


# --- Sign out ---------------------------------------------------------------------------------


def test_signing_out_ends_the_session_and_is_recorded(client):
    # Given
    user = UserFactory()
    client.force_login(user)

    # When
    response = client.post("/sign-out/")

    # Then
    assert (response.status_code, response.url) == (302, "/signed-out/")
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get()
    assert (event.event_type, event.actor) == (EventType.SIGNED_OUT, user)
    page = client.get("/signed-out/")
    assert "You have signed out" in page.content.decode()


def test_sign_out_by_get_is_refused_and_changes_nothing(client):
    # Given
    user = UserFactory()
    client.force_login(user)

    # When
    response = client.get("/sign-out/")

    # Then
    assert response.status_code == 405
    assert client.session["_auth_user_id"] == str(user.pk)
    assert AuditEvent.objects.count() == 0


# --- Password reset ---------------------------------------------------------------------------


def test_a_password_reset_sends_one_working_link(client):
    # Given
    user = UserFactory(username="jdoe", email="jane.doe@met.police.uk")

    # When: the person asks for a link
    response = client.post("/password-reset/", {"email": "jane.doe@met.police.uk"})

    # Then: one e-mail, with a link
    assert (response.status_code, response.url) == (302, "/password-reset/sent/")
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["jane.doe@met.police.uk"]
    assert email.subject == "Reset your Procura password"
    links = re.findall(r"http://testserver(/password-reset/[^/\s]+/[^/\s]+/)", email.body)
    assert len(links) == 1
    assert _event_types() == [EventType.PASSWORD_RESET_REQUESTED]

    # When: they follow it and choose a new password
    form_page = client.get(links[0], follow=True)
    assert form_page.status_code == 200
    assert "Choose a new password" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    saved = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    # Then: the new password works, the old one does not, and the change is recorded
    assert (saved.status_code, saved.url) == (302, "/password-reset/complete/")
    assert Client().login(username="jdoe", password=NEW_PASSWORD) is True
    assert Client().login(username="jdoe", password=PASSWORD) is False
    assert _event_types() == [EventType.PASSWORD_RESET_REQUESTED, EventType.PASSWORD_CHANGED]
    changed = AuditEvent.objects.get(event_type=EventType.PASSWORD_CHANGED)
    assert (changed.actor, changed.object_id) == (user, str(user.pk))

    # And: the link works once
    again = client.get(links[0], follow=True)
    assert "This link has expired or been used" in again.content.decode()


def test_a_password_reset_for_an_unknown_address_sends_nothing(client):
    # Given
    UserFactory(email="jane.doe@met.police.uk")

    # When
    response = client.post("/password-reset/", {"email": "nobody@example.org"})

    # Then: the same answer, so nobody learns which addresses have accounts
    assert (response.status_code, response.url) == (302, "/password-reset/sent/")
    assert mail.outbox == []
    assert AuditEvent.objects.count() == 0


def test_a_new_password_that_fails_validation_changes_nothing(client):
    # Given
    user = UserFactory(username="jdoe", email="jane.doe@met.police.uk")
    client.post("/password-reset/", {"email": "jane.doe@met.police.uk"})
    link = re.findall(r"http://testserver(/password-reset/\S+/)", mail.outbox[0].body)[0]
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]

    # When
    response = client.post(set_password_url, {"new_password1": "123", "new_password2": "123"})

    # Then
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert _event_types() == [EventType.PASSWORD_RESET_REQUESTED]


# --- Landing pages and navigation -------------------------------------------------------------

HEADINGS = {
    Role.BUYER: "Your procurements",
    Role.APPROVER: "Decisions waiting for your approval",
    Role.EVALUATOR: "Your evaluations",
    Role.CONTRACT_MANAGER: "Your contracts",
    Role.REQUISITIONER: "Your call-offs",
    Role.AUDITOR: "Audit",
    Role.SUPPLIER_BID_MANAGER: "Opportunities and bids",
    Role.PLATFORM_ADMIN: "Administration",
}


@pytest.mark.parametrize("role", list(Role))
def test_each_landing_page_is_shown_to_a_holder_of_the_role(client, role):
    # Given
    organisation = _organisation_for(role)
    client.force_login(member(organisation, role))

    # When
    response = client.get(f"/home/{role}/")

    # Then
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-l">{HEADINGS[role]}</h1>' in page
    assert f'href="/organisations/{organisation.pk}/">{organisation.name}</a>' in page


@pytest.mark.parametrize("role", list(Role))
def test_each_landing_page_is_not_found_for_someone_without_the_role(client, role):
    # Given: someone who holds another role, but not this one
    other = Role.AUDITOR if role != Role.AUDITOR else Role.BUYER
    client.force_login(member(OrganisationFactory(), other))

    # When
    response = client.get(f"/home/{role}/")

    # Then
    assert response.status_code == 404


def test_an_unknown_role_page_is_not_found(client):
    client.force_login(member(OrganisationFactory(), Role.BUYER))

    assert client.get("/home/wizard/").status_code == 404


def test_landing_pages_need_signing_in(client):
    response = client.get("/home/buyer/")

    assert (response.status_code, response.url) == (302, "/sign-in/?next=/home/buyer/")


def test_someone_with_no_role_is_told_so(client):
    client.force_login(UserFactory())

    response = client.get("/home/", follow=True)

    assert response.redirect_chain == [("/home/no-role/", 302)]
    assert "You have no role yet" in response.content.decode()


def test_a_person_with_several_roles_has_one_navigation_entry_per_role(client):
    # Given: buyer and auditor in one authority, buyer again and evaluator in another
    mps, staffs = OrganisationFactory.create_batch(2)
    user = member(mps, Role.AUDITOR, Role.BUYER)
    MembershipFactory(user=user, organisation=staffs, role=Role.BUYER)
    MembershipFactory(user=user, organisation=staffs, role=Role.EVALUATOR)
    client.force_login(user)

    # When
    response = client.get("/home/buyer/")

    # Then
    assert response.context["navigation"] == [
        NavItem("Procurements", "/home/buyer/", True),
        NavItem("Evaluations", "/home/evaluator/", False),
        NavItem("Audit", "/home/auditor/", False),
        NavItem("Timescales", "/timescales/", False),
        NavItem("Your account", "/account/", False),
    ]
    assert response.content.decode().count('href="/home/buyer/"') == 1


def test_a_visitor_is_offered_only_the_timescales(client):
    response = client.get("/timescales/")

    assert response.context["navigation"] == [NavItem("Timescales", "/timescales/", True)]


# --- Organisation page ------------------------------------------------------------------------


def test_a_member_sees_their_organisation_and_its_people(client):
    # Given
    supplier = OrganisationFactory(name="Bluelight IT Ltd", supplier=True)
    bid_manager = member(supplier, Role.SUPPLIER_BID_MANAGER, first_name="Bea", last_name="Bid")
    client.force_login(bid_manager)

    # When
    response = client.get(f"/organisations/{supplier.pk}/")

    # Then
    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Bluelight IT Ltd</h1>' in page
    assert (
        '<td class="govuk-table__cell">Bea Bid</td>'
        '<td class="govuk-table__cell">Supplier bid manager</td>'
    ) in page


@pytest.mark.parametrize(
    ("traits", "role"),
    [({"supplier": True}, Role.SUPPLIER_BID_MANAGER), ({}, Role.BUYER)],
    ids=["supplier-A-vs-supplier-B", "authority-X-vs-authority-Y"],
)
def test_another_organisation_of_the_same_kind_is_not_found(client, traits, role):
    # Given
    mine, theirs = OrganisationFactory.create_batch(2, **traits)
    client.force_login(member(mine, role))

    # When
    response = client.get(f"/organisations/{theirs.pk}/")

    # Then: exactly as if it did not exist
    assert response.status_code == 404
    assert theirs.name not in response.content.decode()
    assert client.get("/organisations/999999999/").status_code == 404


def test_a_platform_admin_sees_every_organisation_page(client):
    supplier_a, supplier_b = OrganisationFactory.create_batch(2, supplier=True)
    authority_x, authority_y = OrganisationFactory.create_batch(2)
    client.force_login(member(OrganisationFactory(platform_operator=True), Role.PLATFORM_ADMIN))

    statuses = [
        client.get(f"/organisations/{org.pk}/").status_code
        for org in (supplier_a, supplier_b, authority_x, authority_y)
    ]

    assert statuses == [200, 200, 200, 200]


# --- Account page and API tokens --------------------------------------------------------------


def test_the_account_page_lists_roles_and_tokens(client):
    # Given
    user = member(OrganisationFactory(name="Metropolitan Police Service"), Role.BUYER)
    token, _ = services.create_api_token(actor=user, user=user, name="Finance system")
    client.force_login(user)

    # When
    response = client.get("/account/")

    # Then
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        '<td class="govuk-table__cell">Metropolitan Police Service</td>'
        '<td class="govuk-table__cell">Buyer (procurement officer)</td>'
    ) in page
    assert f"<code>{token.prefix}…</code>" in page
    assert f'action="/account/api-tokens/{token.pk}/revoke/"' in page


def test_an_api_token_made_on_the_page_is_shown_once_and_only_its_hash_is_kept(client, api_client):
    # Given
    user = UserFactory(username="jdoe")
    client.force_login(user)

    # When
    response = client.post("/account/api-tokens/", {"name": "Finance system"})

    # Then: the raw token is on the page
    assert response.status_code == 200
    raw = re.search(
        r'<p class="procura-token" id="api-token">(prc_[^<]+)</p>', response.content.decode()
    )
    assert raw is not None
    raw = raw.group(1)
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.prefix) == (user, "Finance system", raw[:10])
    assert token.token_hash == ApiToken.hash_of(raw)
    assert raw not in [str(value) for value in ApiToken.objects.values().get().values()]
    event = AuditEvent.objects.get()
    assert (event.event_type, event.actor) == (EventType.API_TOKEN_CREATED, user)
    # And: it works, and is never shown again
    assert api_client.get("/api/v1/me", token=raw).json()["username"] == "jdoe"
    assert raw not in client.get("/account/").content.decode()


def test_an_api_token_without_a_name_is_refused(client):
    client.force_login(UserFactory())

    response = client.post("/account/api-tokens/", {"name": ""})

    assert response.status_code == 400
    assert '<li><a href="#id_name">Enter a name for the API client</a></li>' in (
        response.content.decode()
    )
    assert ApiToken.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_revoking_an_api_token_on_the_page(client, api_client):
    # Given
    user = UserFactory()
    token, raw = services.create_api_token(actor=user, user=user, name="Finance system")
    client.force_login(user)

    # When
    response = client.post(f"/account/api-tokens/{token.pk}/revoke/", follow=True)

    # Then
    assert response.redirect_chain == [("/account/", 302)]
    assert f"The API token Finance system ({token.prefix}…) was revoked." in (
        response.content.decode()
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert _event_types() == [EventType.API_TOKEN_CREATED, EventType.API_TOKEN_REVOKED]
    assert api_client.get("/api/v1/me", token=raw).status_code == 401


def test_revoking_an_api_token_twice_changes_nothing_the_second_time(client):
    # Given
    user = UserFactory()
    token, _ = services.create_api_token(actor=user, user=user, name="Finance system")
    client.force_login(user)
    client.post(f"/account/api-tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    revoked_at = token.revoked_at

    # When: a second click, or a second tab
    response = client.post(f"/account/api-tokens/{token.pk}/revoke/")

    # Then
    assert (response.status_code, response.url) == (302, "/account/")
    token.refresh_from_db()
    assert token.revoked_at == revoked_at
    assert _event_types() == [EventType.API_TOKEN_CREATED, EventType.API_TOKEN_REVOKED]


def test_revoking_someone_elses_api_token_is_not_found_and_changes_nothing(client):
    # Given
    owner, other = UserFactory(), UserFactory()
    token, _ = services.create_api_token(actor=owner, user=owner)
    client.force_login(other)

    # When
    response = client.post(f"/account/api-tokens/{token.pk}/revoke/")

    # Then
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert _event_types() == [EventType.API_TOKEN_CREATED]


def test_revoking_by_get_is_refused(client):
    user = UserFactory()
    token, _ = services.create_api_token(actor=user, user=user)
    client.force_login(user)

    response = client.get(f"/account/api-tokens/{token.pk}/revoke/")

    assert response.status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


# --- The Django admin -------------------------------------------------------------------------


def test_the_admin_is_open_to_a_platform_admin(client):
    client.force_login(member(OrganisationFactory(platform_operator=True), Role.PLATFORM_ADMIN))

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Procura administration" in response.content.decode()


def test_the_admin_sends_a_visitor_to_its_sign_in(client):
    response = client.get("/admin/")

    assert (response.status_code, response.url) == (302, "/admin/login/?next=/admin/")


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: member(OrganisationFactory(), Role.BUYER, Role.AUDITOR),
        lambda: member(OrganisationFactory(platform_operator=True), Role.AUDITOR),
        lambda: UserFactory(is_staff=True),
        lambda: UserFactory(is_staff=True, is_superuser=True),
    ],
    ids=["buyer-and-auditor", "platform-auditor", "staff-without-role", "superuser-without-role"],
)
def test_the_admin_is_closed_to_everyone_else(client, make_user):
    # Given
    client.force_login(make_user())

    # When
    index = client.get("/admin/")
    organisations = client.get("/admin/accounts/organisation/")

    # Then
    assert (index.status_code, index.url) == (302, "/admin/login/?next=/admin/")
    assert organisations.status_code == 302
    assert organisations.url.startswith("/admin/login/")
    # and the admin's own sign-in page looks as if it did not exist
    assert client.get(index.url).status_code == 404


def test_the_admin_sign_in_is_procuras_audited_sign_in(client):
    # A visitor is sent on to Procura's sign-in, which records every attempt
    response = client.get("/admin/login/?next=/admin/")

    assert (response.status_code, response.url) == (302, "/sign-in/?next=%2Fadmin%2F")
