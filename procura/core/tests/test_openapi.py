"""The API document (/api/v1/openapi.json) tells the truth: one class per component name, the
document valid OpenAPI 3.1, and (through procura.testing.openapi's middleware in the test
settings) every answer the test suite receives is the one documented."""

import json

import pytest
from openapi_spec_validator import validate

from procura.core.api import api
from procura.testing.openapi import component_collisions, component_schemas, operations


def _document() -> dict:
    return json.loads(json.dumps(api.get_openapi_schema(), default=str))


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
