"""The directory an API client needs to fill id fields: GET /api/v1/organisations (what the caller
may see) and GET /api/v1/organisations/mine/people (the people of its own organisations)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procura.accounts import services
from procura.accounts.states import Role
from procura.accounts.tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db

NOT_AUTHENTICATED = {
    "code": "not_authenticated",
    "message": "Sign in, or send a valid API token as a Bearer token.",
}


def _token_for(user) -> str:
    _, raw = services.create_api_token(actor=user, user=user, name="Directory test")
    return raw


@pytest.fixture
def world():
    """Two authorities, a participant, two suppliers and the platform operator, with people."""
    authority_a = OrganisationFactory(name="Authority A")
    authority_b = OrganisationFactory(name="Authority B")
    participant = OrganisationFactory(name="Participant P", participant=True)
    supplier_x = OrganisationFactory(name="Supplier X", supplier=True)
    supplier_y = OrganisationFactory(name="Supplier Y", supplier=True)
    operator = OrganisationFactory(name="Procura Operator", platform_operator=True)
    return {
        "authority_a": authority_a,
        "authority_b": authority_b,
        "participant": participant,
        "supplier_x": supplier_x,
        "supplier_y": supplier_y,
        "operator": operator,
        "buyer_a": member(
            authority_a, Role.BUYER, username="buyer.a", first_name="Ann", last_name="Able"
        ),
        "evaluator_a": member(
            authority_a,
            Role.EVALUATOR,
            Role.APPROVER,
            username="eval.a",
            first_name="Eve",
            last_name="Evans",
            job_title="Head of Estates",
        ),
        "buyer_b": member(
            authority_b, Role.BUYER, username="buyer.b", first_name="Bob", last_name="Brown"
        ),
        "bid_x": member(
            supplier_x,
            Role.SUPPLIER_BID_MANAGER,
            username="bid.x",
            first_name="Xena",
            last_name="Xu",
        ),
        "bid_y": member(supplier_y, Role.SUPPLIER_BID_MANAGER, username="bid.y"),
        "admin": member(operator, Role.PLATFORM_ADMIN, username="admin"),
    }


def _names(response) -> list[str]:
    return [o["name"] for o in response.json()["results"]]


# --- GET /organisations -----------------------------------------------------------------------


def test_the_directory_is_for_people_who_are_signed_in(api_client, world):
    # When
    response = api_client.get("/api/v1/organisations")

    # Then
    assert response.status_code == 401
    assert response.json() == NOT_AUTHENTICATED


@pytest.mark.parametrize("who", ["buyer_a", "evaluator_a", "buyer_b"])
def test_the_staff_of_an_authority_see_every_public_body_and_every_supplier(api_client, world, who):
    # When
    response = api_client.get("/api/v1/organisations", token=_token_for(world[who]))

    # Then
    assert response.status_code == 200
    assert response.json()["count"] == 5
    assert _names(response) == [
        "Authority A",
        "Authority B",
        "Participant P",
        "Supplier X",
        "Supplier Y",
    ]


def test_a_supplier_sees_the_public_bodies_and_itself_but_no_other_supplier(api_client, world):
    # When
    response = api_client.get("/api/v1/organisations", token=_token_for(world["bid_x"]))

    # Then
    assert response.status_code == 200
    assert _names(response) == ["Authority A", "Authority B", "Participant P", "Supplier X"]
    assert response.json()["count"] == 4


def test_a_supplier_cannot_find_another_supplier_by_kind_or_name(api_client, world):
    # Given
    token = _token_for(world["bid_x"])

    # When
    by_kind = api_client.get("/api/v1/organisations", token=token, kind="supplier")
    by_name = api_client.get("/api/v1/organisations", token=token, q="supplier y")

    # Then
    assert _names(by_kind) == ["Supplier X"]
    assert by_name.json() == {"count": 0, "results": []}


def test_a_platform_admin_sees_every_organisation(api_client, world):
    # When
    response = api_client.get("/api/v1/organisations", token=_token_for(world["admin"]))

    # Then
    assert _names(response) == [
        "Authority A",
        "Authority B",
        "Participant P",
        "Procura Operator",
        "Supplier X",
        "Supplier Y",
    ]


def test_the_directory_gives_the_ids_and_the_public_register_details(api_client, world):
    # Given
    authority = world["authority_a"]

    # When
    response = api_client.get(
        "/api/v1/organisations", token=_token_for(world["buyer_b"]), q="authority a"
    )

    # Then
    assert response.json() == {
        "count": 1,
        "results": [
            {
                "id": authority.pk,
                "name": "Authority A",
                "kind": "contracting_authority",
                "party_id": authority.party_id,
                "identifier_scheme": authority.identifier_scheme,
                "identifier": authority.identifier,
                "ppon": "",
                "authority_type": authority.authority_type,
                "scale": "",
                "vcse": False,
                "region": "",
                "country": "GB",
            }
        ],
    }


def test_the_directory_is_paged_by_offset_and_limit(api_client, world):
    # Given
    token = _token_for(world["admin"])

    # When
    first = api_client.get("/api/v1/organisations", token=token, limit=2)
    second = api_client.get("/api/v1/organisations", token=token, limit=2, offset=2)

    # Then
    assert (first.json()["count"], _names(first)) == (6, ["Authority A", "Authority B"])
    assert (second.json()["count"], _names(second)) == (6, ["Participant P", "Procura Operator"])


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 201}, {"offset": -1}])
def test_a_page_out_of_bounds_is_refused(api_client, world, params):
    # When
    response = api_client.get("/api/v1/organisations", token=_token_for(world["admin"]), **params)

    # Then
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


# --- GET /organisations/mine/people -----------------------------------------------------------


def test_a_buyer_finds_the_people_of_its_authority_with_their_roles(api_client, world):
    # When
    response = api_client.get(
        "/api/v1/organisations/mine/people", token=_token_for(world["buyer_a"])
    )

    # Then
    assert response.status_code == 200
    assert response.json() == [
        {
            "organisation_id": world["authority_a"].pk,
            "organisation": "Authority A",
            "kind": "contracting_authority",
            "people": [
                {
                    "id": world["buyer_a"].pk,
                    "username": "buyer.a",
                    "name": "Ann Able",
                    "job_title": "",
                    "roles": ["buyer"],
                },
                {
                    "id": world["evaluator_a"].pk,
                    "username": "eval.a",
                    "name": "Eve Evans",
                    "job_title": "Head of Estates",
                    "roles": ["approver", "evaluator"],
                },
            ],
        }
    ]


def test_the_people_can_be_filtered_by_role_to_find_the_evaluators(api_client, world):
    # When
    response = api_client.get(
        "/api/v1/organisations/mine/people", token=_token_for(world["buyer_a"]), role="evaluator"
    )

    # Then
    people = response.json()[0]["people"]
    assert [(p["id"], p["roles"]) for p in people] == [(world["evaluator_a"].pk, ["evaluator"])]


def test_a_buyer_of_another_authority_sees_only_its_own_people(api_client, world):
    # When
    response = api_client.get(
        "/api/v1/organisations/mine/people", token=_token_for(world["buyer_b"])
    )

    # Then
    assert [(o["organisation"], [p["username"] for p in o["people"]]) for o in response.json()] == [
        ("Authority B", ["buyer.b"])
    ]


def test_a_supplier_sees_its_own_staff_and_no_other_suppliers(api_client, world):
    # When
    response = api_client.get("/api/v1/organisations/mine/people", token=_token_for(world["bid_x"]))

    # Then
    assert [(o["organisation"], [p["username"] for p in o["people"]]) for o in response.json()] == [
        ("Supplier X", ["bid.x"])
    ]


def test_a_person_who_left_is_not_listed(api_client, world):
    # Given
    world["evaluator_a"].is_active = False
    world["evaluator_a"].save()

    # When
    response = api_client.get(
        "/api/v1/organisations/mine/people", token=_token_for(world["buyer_a"])
    )

    # Then
    assert [p["username"] for p in response.json()[0]["people"]] == ["buyer.a"]


def test_the_people_are_for_people_who_are_signed_in(api_client, world):
    # When
    response = api_client.get("/api/v1/organisations/mine/people")

    # Then
    assert response.status_code == 401
    assert response.json() == NOT_AUTHENTICATED


def test_a_platform_admin_sees_the_people_of_the_platform_operator_only(api_client, world):
    # When
    response = api_client.get("/api/v1/organisations/mine/people", token=_token_for(world["admin"]))

    # Then
    assert [(o["organisation"], [p["username"] for p in o["people"]]) for o in response.json()] == [
        ("Procura Operator", ["admin"])
    ]


def test_the_people_are_read_in_the_same_number_of_queries_however_many_there_are(
    api_client, world
):
    # Given
    token = _token_for(world["buyer_a"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = api_client.get("/api/v1/organisations/mine/people", token=token)
            assert response.status_code == 200
        return len(captured)

    few = queries()

    # When five more people join the authority
    for n in range(5):
        member(world["authority_a"], Role.EVALUATOR, username=f"more.{n}")

    # Then
    assert queries() == few
