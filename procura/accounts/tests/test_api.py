"""The people-and-organisations API: who am I, my organisation, and bearer-token sign-in."""

import pytest

from procura.accounts import services
from procura.accounts.states import AuthorityType, IdentifierScheme, Role, SupplierScale
from procura.accounts.tests.factories import OrganisationFactory, UserFactory, member
from procura.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NOT_AUTHENTICATED = {
    "code": "not_authenticated",
    "message": "Sign in, or send a valid API token as a Bearer token.",
}
NOT_FOUND = {"code": "not_found", "message": "Not found."}


def _token_for(user) -> str:
    _, raw = services.create_api_token(actor=user, user=user, name="Test client")
    return raw


# --- OpenAPI ----------------------------------------------------------------------------------


def test_the_openapi_description_is_served_and_lists_the_paths(api_client):
    # When
    response = api_client.get("/api/v1/openapi.json")

    # Then
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Procura API"
    assert {
        "/api/v1/me",
        "/api/v1/organisations/{org_id}",
        "/api/v1/audit/{object_type}/{object_id}/events",
        "/api/v1/timescales/standstill",
        "/api/v1/timescales/participation",
        "/api/v1/timescales/tendering",
        "/api/v1/timescales/all",
        "/api/v1/timescales/working-day",
        "/api/v1/timescales/bank-holidays",
    } <= set(schema["paths"])


# --- /me --------------------------------------------------------------------------------------


def test_me_with_a_bearer_token_returns_the_user_and_every_role(api_client):
    # Given
    mps = OrganisationFactory(name="Metropolitan Police Service")
    staffs = OrganisationFactory(name="Staffordshire Commissioner")
    user = member(
        mps,
        Role.BUYER,
        Role.AUDITOR,
        username="jdoe",
        first_name="Jane",
        last_name="Doe",
        email="jane.doe@met.police.uk",
    )
    services.grant_role(actor=None, user=user, organisation=staffs, role=Role.EVALUATOR)
    token = _token_for(user)

    # When
    response = api_client.get("/api/v1/me", token=token)

    # Then
    assert response.status_code == 200
    assert response.json() == {
        "id": user.pk,
        "username": "jdoe",
        "name": "Jane Doe",
        "email": "jane.doe@met.police.uk",
        "memberships": [
            {
                "organisation_id": mps.pk,
                "organisation": "Metropolitan Police Service",
                "role": "auditor",
                "role_label": "Auditor",
            },
            {
                "organisation_id": mps.pk,
                "organisation": "Metropolitan Police Service",
                "role": "buyer",
                "role_label": "Buyer (procurement officer)",
            },
            {
                "organisation_id": staffs.pk,
                "organisation": "Staffordshire Commissioner",
                "role": "evaluator",
                "role_label": "Evaluator",
            },
        ],
    }


def test_me_with_a_browser_session_works_too(client):
    user = UserFactory(username="jdoe")
    client.force_login(user)

    response = client.get("/api/v1/me")

    assert response.status_code == 200
    assert response.json()["username"] == "jdoe"
    assert response.json()["memberships"] == []


def test_me_with_a_revoked_token_is_not_authenticated(api_client):
    # Given
    user = UserFactory()
    token, raw = services.create_api_token(actor=user, user=user)
    services.revoke_api_token(actor=user, token=token)
    events_before = AuditEvent.objects.count()

    # When
    response = api_client.get("/api/v1/me", token=raw)

    # Then
    assert response.status_code == 401
    assert response.json() == NOT_AUTHENTICATED
    assert AuditEvent.objects.count() == events_before


@pytest.mark.parametrize(
    "token",
    ["prc_not-a-token-anyone-was-given", "", None],
    ids=["wrong", "empty", "missing"],
)
def test_me_without_a_valid_token_is_not_authenticated(api_client, token):
    # Given: a real token exists, but is not the one sent
    user = UserFactory()
    _token_for(user)

    # When
    response = api_client.get("/api/v1/me", token=token)

    # Then
    assert response.status_code == 401
    assert response.json() == NOT_AUTHENTICATED


def test_the_token_of_a_deactivated_user_is_not_authenticated(api_client):
    user = UserFactory()
    raw = _token_for(user)
    user.is_active = False
    user.save(update_fields=["is_active"])

    response = api_client.get("/api/v1/me", token=raw)

    assert response.status_code == 401
    assert response.json() == NOT_AUTHENTICATED


# --- /organisations/{id} ----------------------------------------------------------------------


def test_a_member_gets_their_organisation(api_client):
    # Given
    supplier = OrganisationFactory(
        name="Bluelight IT Ltd",
        supplier=True,
        identifier_scheme=IdentifierScheme.COMPANIES_HOUSE,
        identifier="01234567",
        ppon="PXYZ-1234-ABCD",
        scale=SupplierScale.SME,
        vcse=False,
        region="UKG24",
    )
    bid_manager = member(supplier, Role.SUPPLIER_BID_MANAGER)

    # When
    response = api_client.get(f"/api/v1/organisations/{supplier.pk}", token=_token_for(bid_manager))

    # Then
    assert response.status_code == 200
    assert response.json() == {
        "id": supplier.pk,
        "name": "Bluelight IT Ltd",
        "kind": "supplier",
        "party_id": "GB-COH-01234567",
        "identifier_scheme": "GB-COH",
        "identifier": "01234567",
        "ppon": "PXYZ-1234-ABCD",
        "authority_type": "",
        "scale": "sme",
        "vcse": False,
        "region": "UKG24",
        "country": "GB",
    }


@pytest.mark.parametrize(
    ("traits", "role"),
    [({"supplier": True}, Role.SUPPLIER_BID_MANAGER), ({}, Role.BUYER)],
    ids=["supplier-A-vs-supplier-B", "authority-X-vs-authority-Y"],
)
def test_another_organisation_of_the_same_kind_is_not_found(api_client, traits, role):
    # Given
    mine, theirs = OrganisationFactory.create_batch(2, **traits)
    token = _token_for(member(mine, role))

    # When
    response = api_client.get(f"/api/v1/organisations/{theirs.pk}", token=token)

    # Then: exactly as if it did not exist
    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    missing = api_client.get("/api/v1/organisations/999999999", token=token)
    assert (missing.status_code, missing.json()) == (404, NOT_FOUND)


def test_a_platform_admin_gets_every_organisation(api_client):
    # Given
    admin = member(OrganisationFactory(platform_operator=True), Role.PLATFORM_ADMIN)
    supplier_a, supplier_b = OrganisationFactory.create_batch(2, supplier=True)
    authority_x, authority_y = OrganisationFactory.create_batch(
        2, authority_type=AuthorityType.CENTRAL
    )
    token = _token_for(admin)

    # When
    names = [
        api_client.get(f"/api/v1/organisations/{org.pk}", token=token).json()["name"]
        for org in (supplier_a, supplier_b, authority_x, authority_y)
    ]

    # Then
    assert names == [supplier_a.name, supplier_b.name, authority_x.name, authority_y.name]


def test_an_organisation_id_that_is_not_a_number_is_invalid_input(api_client):
    token = _token_for(UserFactory())

    response = api_client.get("/api/v1/organisations/abc", token=token)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert "org_id" in response.json()["message"]


def test_an_organisation_without_a_token_is_not_authenticated(api_client):
    supplier = OrganisationFactory(supplier=True)

    response = api_client.get(f"/api/v1/organisations/{supplier.pk}")

    assert response.status_code == 401
    assert response.json() == NOT_AUTHENTICATED
