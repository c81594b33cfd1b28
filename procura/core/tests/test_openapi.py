"""The API document (/api/v1/openapi.json) tells the truth: one class per component name, the
document valid OpenAPI 3.1, and (through procura.testing.openapi's middleware in the test
settings) every answer the test suite receives is the one documented."""

import json

import pytest
from openapi_spec_validator import validate

from procura.api import api
from procura.testing.openapi import (
    component_collisions,
    component_schemas,
    document,
    operations,
    request_problems,
    response_problems,
)


def _document() -> dict:
    return document()


def test_every_component_name_stands_for_one_class_and_one_schema():
    # When
    collisions = component_collisions(api)

    # Then
    assert collisions == []


def test_each_component_in_the_document_is_its_classs_own_schema():
    # Given
    document = _document()

    # When
    own = json.loads(json.dumps(component_schemas(api), default=str))

    # Then
    assert {
        name: schema for name, schema in document["components"]["schemas"].items() if name in own
    } == own


def test_the_document_is_valid_openapi():
    # When / Then: raises on the first problem
    validate(_document())


@pytest.mark.django_db
def test_the_served_document_is_the_one_checked(client):
    # When
    response = client.get("/api/v1/openapi.json")

    # Then
    assert response.status_code == 200
    assert response.json() == _document()


def test_every_operation_has_its_own_summary_and_a_tag():
    # When: ninja makes "Withdraw Tender" of a function withdraw_tender that was given none
    missing = [
        f"{method.upper()} {path}"
        for path, method, operation in operations(api)
        if operation.summary == operation.view_func.__name__.title().replace("_", " ")
        or not operation.tags
    ]

    # Then
    assert missing == []


# --- The check the test settings apply to every answer ------------------------------------------

ME = "/api/v1/me"
STANDSTILL = "/api/v1/timescales/standstill"


def test_an_answer_as_documented_passes_the_check():
    # Given
    document = _document()
    body = {"id": 1, "username": "a", "name": "A", "email": "a@example.org", "memberships": []}

    # When / Then
    assert response_problems(document, "get", ME, 200, body) == []
    assert (
        response_problems(
            document,
            "get",
            STANDSTILL,
            400,
            {"code": "standstill_too_short", "message": "Too short."},
        )
        == []
    )


def test_an_answer_of_another_shape_fails_the_check():
    # When
    problems = response_problems(_document(), "get", ME, 200, {"id": "one"})

    # Then
    assert problems[0] == "GET /api/v1/me answered 200: body: 'username' is a required property"
    assert "GET /api/v1/me answered 200: id: 'one' is not of type 'integer'" in problems


def test_an_undocumented_status_or_code_fails_the_check():
    # Given
    document = _document()
    error = {"code": "tender_deadline_passed", "message": "Too late."}

    # When
    status = response_problems(document, "get", ME, 409, error)
    code = response_problems(document, "get", STANDSTILL, 400, error)

    # Then
    assert status == ["GET /api/v1/me answered 409, a status the document does not give"]
    assert code == [
        "GET /api/v1/timescales/standstill answered 400: code: 'tender_deadline_passed' is not "
        "one of ['standstill_too_short']"
    ]


def test_every_operation_documents_its_refusals_under_their_statuses():
    # Given
    document = _document()

    # When
    procurement = document["paths"]["/api/v1/procurements/{procurement_id}/tender"]["get"]

    # Then
    assert {
        status: (
            answer["description"],
            answer["content"]["application/json"]["schema"]["allOf"][1]["properties"]["code"],
        )
        for status, answer in procurement["responses"].items()
        if status != "200"
    } == {
        "401": ("Unauthorized: `not_authenticated`", {"enum": ["not_authenticated"]}),
        "403": (
            "Forbidden: `agreements_not_accepted`, `no_longer_taking_part`, "
            "`not_invited_to_tender`",
            {"enum": ["agreements_not_accepted", "no_longer_taking_part", "not_invited_to_tender"]},
        ),
        "404": ("Not Found: `not_found`", {"enum": ["not_found"]}),
        "422": ("Unprocessable Entity: `invalid_input`", {"enum": ["invalid_input"]}),
    }


def test_a_request_body_of_another_stages_shape_fails_the_check():
    # Given the answer shape of the tendering stage, where participation's was once documented
    body = {"answers": [{"answer": "Yes", "published_question": None}]}

    # When
    problems = request_problems(
        _document(), "put", "/api/v1/procurements/{procurement_id}/response", body
    )

    # Then
    assert problems == [
        "PUT /api/v1/procurements/{procurement_id}/response accepted a request: answers/0: "
        "'question_id' is a required property",
        "PUT /api/v1/procurements/{procurement_id}/response accepted a request: answers/0: "
        "'text' is a required property",
    ]
