"""Domain errors: stable codes, and the one mapping from code to HTTP status."""

import pytest

from procura.core.errors import DomainError, NotFound, RuleViolation, http_status


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("not_found", 404),
        ("not_authenticated", 401),
        ("forbidden_action", 403),
        ("invalid_input", 422),
        ("conflict", 409),
        # Anything else is a refused request.
        ("standstill_too_short", 400),
        ("role_already_held", 400),
        ("", 400),
    ],
)
def test_http_status_of_each_code(code, status):
    assert http_status(code) == status


def test_domain_error_carries_code_message_and_where_it_belongs():
    # When
    error = DomainError(
        "organisation_exists",
        "An organisation called MPS already exists.",
        section="s.1",
        field="name",
        details={"name": "MPS"},
    )

    # Then
    assert error.code == "organisation_exists"
    assert error.message == "An organisation called MPS already exists."
    assert str(error) == "An organisation called MPS already exists."
    assert error.section == "s.1"
    assert error.field == "name"
    assert error.details == {"name": "MPS"}
    assert repr(error) == "DomainError(code='organisation_exists')"


def test_domain_error_defaults():
    error = DomainError("conflict", "Someone else changed it.")

    assert (error.section, error.field, error.details) == (None, None, {})


def test_not_found_is_a_domain_error_with_a_fixed_code():
    # When
    error = NotFound()

    # Then
    assert isinstance(error, DomainError)
    assert error.code == "not_found"
    assert error.message == "Not found."
    assert http_status(error.code) == 404


def test_rule_violation_cites_its_section():
    # When
    error = RuleViolation(
        "standstill_too_short", "Too short.", "Procurement Act 2023 s.51", field="days"
    )

    # Then
    assert isinstance(error, DomainError)
    assert error.code == "standstill_too_short"
    assert error.section == "Procurement Act 2023 s.51"
    assert error.field == "days"
    assert repr(error) == (
        "RuleViolation(code='standstill_too_short', section='Procurement Act 2023 s.51')"
    )
