"""Every write to organisations, people, roles and tokens: one change, one audit event.

On a refusal nothing changes and no event is written; when the caller's transaction rolls back,
neither the change nor its event remains.
"""

from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from procura.accounts import services
from procura.accounts.models import ApiToken, Membership, Organisation, User
from procura.accounts.states import (
    AuthorityType,
    IdentifierScheme,
    OrganisationKind,
    Role,
)
from procura.accounts.tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from procura.audit.event_types import EventType
from procura.audit.models import AuditChainHead, AuditEvent
from procura.audit.selectors import find_chain_break
from procura.audit.services import content_of
from procura.core.errors import DomainError, RuleViolation

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)

MPS = {
    "name": "Metropolitan Police Service",
    "kind": OrganisationKind.CONTRACTING_AUTHORITY,
    "identifier_scheme": IdentifierScheme.PPON,
    "identifier": "PMZV-3532-XWTN",
    "ppon": "PMZV-3532-XWTN",
    "authority_type": AuthorityType.SUB_CENTRAL,
    "postcode": "SW1A 2JL",
    "region": "UKI32",
}


@pytest.fixture
def frozen():
    with time_machine.travel(NOON, tick=False):
        yield


def _only_event() -> AuditEvent:
    events = list(AuditEvent.objects.all())
    assert len(events) == 1, events
    return events[0]


def _browser_request(user=None):
    request = RequestFactory().post("/sign-in/")
    SessionMiddleware(lambda _: HttpResponse()).process_request(request)
    request.user = user if user is not None else AnonymousUser()
    return request


# --- create_organisation ----------------------------------------------------------------------


def test_create_organisation_records_every_field(frozen):
    # Given
    admin = UserFactory(first_name="Ann", last_name="Admin")

    # When
    organisation = services.create_organisation(actor=admin, **MPS)

    # Then
    organisation.refresh_from_db()
    assert organisation.name == "Metropolitan Police Service"
    assert organisation.party_id == "GB-PPON-PMZV-3532-XWTN"
    assert organisation.created_at == NOON
    event = _only_event()
    assert event.event_type == EventType.ORGANISATION_CREATED
    assert event.occurred_at == NOON
    assert (event.actor, event.actor_name) == (admin, "Ann Admin")
    assert (event.object_type, event.object_id, event.object_repr) == (
        "accounts.organisation",
        str(organisation.pk),
        "Metropolitan Police Service",
    )
    assert event.organisation_id == organisation.pk
    assert event.before == {}
    assert event.after == {
        "name": "Metropolitan Police Service",
        "kind": "contracting_authority",
        "identifier_scheme": "GB-PPON",
        "identifier": "PMZV-3532-XWTN",
        "ppon": "PMZV-3532-XWTN",
        "authority_type": "publicAuthoritySubCentralGovernment",
        "scale": "",
        "vcse": False,
        "street_address": "",
        "locality": "",
        "postcode": "SW1A 2JL",
        "region": "UKI32",
        "country": "GB",
        "email": "",
        "website": "",
    }
    assert event.reason == ""


@pytest.mark.parametrize(
    ("existing", "code"),
    [
        ({"name": "Metropolitan Police Service"}, "organisation_exists"),
        (
            {"identifier_scheme": IdentifierScheme.PPON, "identifier": "PMZV-3532-XWTN"},
            "organisation_identifier_exists",
        ),
    ],
)
def test_create_organisation_refuses_a_duplicate(existing, code):
    # Given
    OrganisationFactory(**existing)
    organisations_before = list(Organisation.objects.values())

    # When
    with pytest.raises(DomainError) as refusal:
        services.create_organisation(actor=None, **MPS)

    # Then
    assert refusal.value.code == code
    assert list(Organisation.objects.values()) == organisations_before
    assert AuditEvent.objects.count() == 0


def test_create_organisation_refuses_an_invalid_kind():
    # When
    with pytest.raises(DomainError) as refusal:
        services.create_organisation(actor=None, **{**MPS, "kind": "guild"})

    # Then
    assert refusal.value.code == "invalid_input"
    assert "kind: Value 'guild' is not a valid choice." in refusal.value.message
    assert Organisation.objects.count() == 0
    assert AuditEvent.objects.count() == 0


# --- create_user ------------------------------------------------------------------------------


def test_create_user_records_who_was_created(frozen):
    # Given
    admin = UserFactory()

    # When
    user = services.create_user(
        actor=admin,
        username="jdoe",
        email="jane.doe@met.police.uk",
        first_name="Jane",
        last_name="Doe",
        job_title="Category manager",
        password=PASSWORD,
    )

    # Then
    user.refresh_from_db()
    assert (user.username, user.email, user.job_title) == (
        "jdoe",
        "jane.doe@met.police.uk",
        "Category manager",
    )
    assert user.date_joined == NOON
    assert user.check_password(PASSWORD)
    event = _only_event()
    assert event.event_type == EventType.USER_CREATED
    assert event.actor == admin
    assert (event.object_type, event.object_id, event.object_repr) == (
        "accounts.user",
        str(user.pk),
        "Jane Doe",
    )
    assert event.organisation_id is None
    assert event.before == {}
    assert event.after == {
        "username": "jdoe",
        "email": "jane.doe@met.police.uk",
        "name": "Jane Doe",
    }


def test_create_user_without_a_password_cannot_sign_in_until_it_is_set():
    user = services.create_user(actor=None, username="jdoe", email="jdoe@example.org")

    assert user.has_usable_password() is False


def test_create_user_refuses_a_taken_username_whatever_its_case():
    # Given
    UserFactory(username="jdoe")
    users_before = list(User.objects.values())

    # When
    with pytest.raises(DomainError) as refusal:
        services.create_user(actor=None, username="JDoe", email="other@example.org")

    # Then
    assert refusal.value.code == "username_taken"
    assert refusal.value.field == "username"
    assert list(User.objects.values()) == users_before
    assert AuditEvent.objects.count() == 0


# --- grant_role -------------------------------------------------------------------------------


def test_grant_role_records_the_role_and_the_organisation(frozen):
    # Given
    admin = UserFactory()
    organisation = OrganisationFactory(name="Metropolitan Police Service")
    user = UserFactory(first_name="Sam", last_name="Lee")

    # When
    membership = services.grant_role(
        actor=admin, user=user, organisation=organisation, role=Role.BUYER
    )

    # Then
    assert (membership.user, membership.organisation, membership.role) == (
        user,
        organisation,
        Role.BUYER,
    )
    assert membership.granted_at == NOON
    user.refresh_from_db()
    assert user.is_staff is False
    event = _only_event()
    assert event.event_type == EventType.ROLE_GRANTED
    assert event.actor == admin
    assert (event.object_type, event.object_id, event.object_repr) == (
        "accounts.user",
        str(user.pk),
        "Sam Lee",
    )
    assert event.organisation_id == organisation.pk
    assert event.before == {}
    assert event.after == {
        "role": "Buyer (procurement officer)",
        "role_code": "buyer",
        "organisation": "Metropolitan Police Service",
    }


def test_grant_role_of_platform_admin_opens_the_django_admin():
    # Given
    operator = OrganisationFactory(platform_operator=True)
    user = UserFactory()

    # When
    services.grant_role(actor=None, user=user, organisation=operator, role=Role.PLATFORM_ADMIN)

    # Then
    user.refresh_from_db()
    assert user.is_staff is True
    assert _only_event().event_type == EventType.ROLE_GRANTED


def test_grant_role_refuses_a_role_that_does_not_fit_the_organisation():
    # Given
    supplier = OrganisationFactory(supplier=True)
    user = UserFactory()

    # When
    with pytest.raises(RuleViolation) as refusal:
        services.grant_role(actor=None, user=user, organisation=supplier, role=Role.BUYER)

    # Then
    assert refusal.value.code == "role_not_for_organisation"
    assert Membership.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_grant_role_refuses_a_role_already_held():
    # Given
    membership = MembershipFactory(role=Role.BUYER)
    memberships_before = list(Membership.objects.values())

    # When
    with pytest.raises(DomainError) as refusal:
        services.grant_role(
            actor=None,
            user=membership.user,
            organisation=membership.organisation,
            role=Role.BUYER,
        )

    # Then
    assert refusal.value.code == "role_already_held"
    assert list(Membership.objects.values()) == memberships_before
    assert AuditEvent.objects.count() == 0


# --- revoke_role ------------------------------------------------------------------------------


def test_revoke_role_records_what_was_removed_and_why(frozen):
    # Given
    admin = UserFactory()
    organisation = OrganisationFactory(name="Metropolitan Police Service")
    membership = MembershipFactory(organisation=organisation, role=Role.EVALUATOR)
    kept = MembershipFactory(user=membership.user, organisation=organisation, role=Role.BUYER)

    # When
    services.revoke_role(
        actor=admin,
        user=membership.user,
        organisation=organisation,
        role=Role.EVALUATOR,
        reason="Conflict of interest",
    )

    # Then
    assert list(Membership.objects.all()) == [kept]
    event = _only_event()
    assert event.event_type == EventType.ROLE_REVOKED
    assert event.actor == admin
    assert (event.object_type, event.object_id) == ("accounts.user", str(membership.user.pk))
    assert event.organisation_id == organisation.pk
    assert event.before == {
        "role": "Evaluator",
        "role_code": "evaluator",
        "organisation": "Metropolitan Police Service",
    }
    assert event.after == {}
    assert event.reason == "Conflict of interest"


def test_revoking_the_last_platform_admin_role_closes_the_django_admin():
    # Given
    operator = OrganisationFactory(platform_operator=True)
    user = UserFactory(is_staff=True)
    MembershipFactory(user=user, organisation=operator, role=Role.PLATFORM_ADMIN)

    # When
    services.revoke_role(actor=None, user=user, organisation=operator, role=Role.PLATFORM_ADMIN)

    # Then
    user.refresh_from_db()
    assert user.is_staff is False


def test_revoking_one_of_two_platform_admin_roles_keeps_the_django_admin():
    # Given
    first, second = OrganisationFactory.create_batch(2, platform_operator=True)
    user = UserFactory(is_staff=True)
    MembershipFactory(user=user, organisation=first, role=Role.PLATFORM_ADMIN)
    MembershipFactory(user=user, organisation=second, role=Role.PLATFORM_ADMIN)

    # When
    services.revoke_role(actor=None, user=user, organisation=first, role=Role.PLATFORM_ADMIN)

    # Then
    user.refresh_from_db()
    assert user.is_staff is True


def test_revoke_role_refuses_a_role_not_held():
    # Given
    membership = MembershipFactory(role=Role.BUYER)
    memberships_before = list(Membership.objects.values())

    # When
    with pytest.raises(DomainError) as refusal:
        services.revoke_role(
            actor=None,
            user=membership.user,
            organisation=membership.organisation,
            role=Role.APPROVER,
        )

    # Then
    assert refusal.value.code == "role_not_held"
    assert list(Membership.objects.values()) == memberships_before
    assert AuditEvent.objects.count() == 0


# --- sign_in, sign_out, failed sign-ins -------------------------------------------------------


def test_sign_in_starts_a_session_and_records_it():
    # Given
    user = UserFactory()
    request = _browser_request()

    # When
    services.sign_in(request=request, user=user)

    # Then
    assert request.session["_auth_user_id"] == str(user.pk)
    event = _only_event()
    assert event.event_type == EventType.SIGNED_IN
    assert event.actor == user
    assert (event.object_type, event.object_id) == ("accounts.user", str(user.pk))
    assert (event.before, event.after) == ({}, {})


def test_sign_out_ends_the_session_and_records_it():
    # Given
    user = UserFactory()
    request = _browser_request()
    services.sign_in(request=request, user=user)

    # When
    services.sign_out(request=request)

    # Then
    assert "_auth_user_id" not in request.session
    assert request.user.is_authenticated is False
    events = list(AuditEvent.objects.all())
    assert [e.event_type for e in events] == [EventType.SIGNED_IN, EventType.SIGNED_OUT]
    assert events[1].actor == user
    assert (events[1].object_type, events[1].object_id) == ("accounts.user", str(user.pk))


def test_sign_out_when_nobody_is_signed_in_records_nothing():
    services.sign_out(request=_browser_request())

    assert AuditEvent.objects.count() == 0


def test_a_failed_sign_in_to_an_existing_account_is_recorded_without_the_password():
    # Given
    user = UserFactory(username="jdoe")

    # When
    services.record_failed_sign_in(username="JDOE")

    # Then
    event = _only_event()
    assert event.event_type == EventType.SIGN_IN_FAILED
    assert event.actor is None
    assert event.actor_name == "Procura (scheduled job)"
    assert (event.object_type, event.object_id) == ("accounts.user", str(user.pk))
    assert (event.before, event.after) == ({}, {"username": "jdoe"})


def test_a_failed_sign_in_to_an_unknown_username_records_nothing():
    services.record_failed_sign_in(username="nobody")

    assert AuditEvent.objects.count() == 0


# --- password reset and change ----------------------------------------------------------------


def test_a_password_reset_request_is_recorded_for_each_active_account_with_the_address():
    # Given
    active = UserFactory(email="jane@example.org")
    UserFactory(email="jane@example.org", is_active=False)
    UserFactory(email="someone.else@example.org")

    # When
    services.record_password_reset_requested(email="JANE@example.org")

    # Then
    event = _only_event()
    assert event.event_type == EventType.PASSWORD_RESET_REQUESTED
    assert event.actor is None
    assert (event.object_type, event.object_id) == ("accounts.user", str(active.pk))


def test_a_password_reset_request_for_an_unknown_address_records_nothing():
    services.record_password_reset_requested(email="nobody@example.org")

    assert AuditEvent.objects.count() == 0


def test_set_password_changes_it_and_records_who_did_it():
    # Given
    user = UserFactory()

    # When: through a reset link, where nobody is signed in
    services.set_password(actor=None, user=user, password="a-new-long-passphrase")

    # Then: the person is the actor
    user.refresh_from_db()
    assert user.check_password("a-new-long-passphrase")
    assert user.check_password(PASSWORD) is False
    event = _only_event()
    assert event.event_type == EventType.PASSWORD_CHANGED
    assert event.actor == user
    assert (event.object_type, event.object_id) == ("accounts.user", str(user.pk))
    assert (event.before, event.after) == ({}, {})


def test_set_password_by_an_administrator_names_the_administrator():
    admin, user = UserFactory(), UserFactory()

    services.set_password(actor=admin, user=user, password="a-new-long-passphrase")

    assert _only_event().actor == admin


# --- API tokens -------------------------------------------------------------------------------


def test_create_api_token_stores_only_a_hash_and_records_it(frozen):
    # Given
    user = UserFactory(username="jdoe")

    # When
    token, raw = services.create_api_token(actor=user, user=user, name="Finance system")

    # Then
    assert raw.startswith("prc_")
    assert len(raw) == 47
    stored = ApiToken.objects.get()
    assert stored == token
    assert stored.user == user
    assert stored.name == "Finance system"
    assert stored.prefix == raw[:10]
    assert stored.token_hash == ApiToken.hash_of(raw)
    assert stored.created_at == NOON
    assert stored.revoked_at is None
    assert raw not in [str(value) for value in ApiToken.objects.values().get().values()]
    event = _only_event()
    assert event.event_type == EventType.API_TOKEN_CREATED
    assert event.actor == user
    assert (event.object_type, event.object_id, event.object_repr) == (
        "accounts.apitoken",
        str(token.pk),
        f"Finance system ({raw[:10]}…)",
    )
    assert event.before == {}
    assert event.after == {"owner": "jdoe", "name": "Finance system", "prefix": raw[:10]}
    assert raw not in content_of(event)


def test_each_api_token_is_different():
    user = UserFactory()

    _, first = services.create_api_token(actor=user, user=user)
    _, second = services.create_api_token(actor=user, user=user)

    assert first != second


def test_revoke_api_token_records_when(frozen):
    # Given
    user = UserFactory()
    token, _ = services.create_api_token(actor=user, user=user)

    # When
    services.revoke_api_token(actor=user, token=token, reason="Laptop lost")

    # Then
    token.refresh_from_db()
    assert token.revoked_at == NOON
    event = AuditEvent.objects.last()
    assert AuditEvent.objects.count() == 2
    assert event.event_type == EventType.API_TOKEN_REVOKED
    assert event.actor == user
    assert (event.object_type, event.object_id) == ("accounts.apitoken", str(token.pk))
    assert event.before == {"revoked_at": None}
    assert event.after == {"revoked_at": "2026-03-03T12:00:00Z"}
    assert event.reason == "Laptop lost"


def test_revoke_api_token_refuses_a_token_already_revoked():
    # Given
    user = UserFactory()
    token, _ = services.create_api_token(actor=user, user=user)
    with time_machine.travel(NOON, tick=False):
        services.revoke_api_token(actor=user, token=token)
    events_before = AuditEvent.objects.count()

    # When
    with time_machine.travel(datetime(2026, 3, 4, 9, 0, tzinfo=UTC), tick=False):
        with pytest.raises(DomainError) as refusal:
            services.revoke_api_token(actor=user, token=ApiToken.objects.get(pk=token.pk))

    # Then
    assert refusal.value.code == "token_already_revoked"
    assert ApiToken.objects.get(pk=token.pk).revoked_at == NOON
    assert AuditEvent.objects.count() == events_before


# --- The audit event lives and dies with the change -------------------------------------------


def test_a_rolled_back_change_leaves_neither_the_change_nor_its_event():
    # Given: one change already made
    admin = services.create_user(actor=None, username="admin", email="admin@example.org")
    head_before = AuditChainHead.objects.values().get()

    # When: the caller's transaction fails after the service has run
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            services.create_organisation(actor=admin, **MPS)
            assert AuditEvent.objects.count() == 2
            raise RuntimeError("the caller failed after the service returned")

    # Then
    assert Organisation.objects.count() == 0
    assert list(AuditEvent.objects.values_list("sequence", "event_type")) == [
        (1, EventType.USER_CREATED)
    ]
    assert AuditChainHead.objects.values().get() == head_before
    assert find_chain_break() is None


def test_the_next_change_after_a_rollback_continues_the_chain_without_a_gap():
    # Given
    services.create_user(actor=None, username="admin", email="admin@example.org")
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            services.create_organisation(actor=None, **MPS)
            raise RuntimeError("rolled back")

    # When
    services.create_organisation(actor=None, **MPS)

    # Then
    assert list(AuditEvent.objects.values_list("sequence", "event_type")) == [
        (1, EventType.USER_CREATED),
        (2, EventType.ORGANISATION_CREATED),
    ]
    assert find_chain_break() is None
