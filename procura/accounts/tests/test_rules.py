"""Which roles fit which kind of organisation, and where a person lands. Pure."""

import pytest

from procura.accounts.rules import ROLES_FOR_KIND, check_role_fits_organisation, landing_role
from procura.accounts.states import OrganisationKind, Role
from procura.core.errors import RuleViolation

ALLOWED = {
    OrganisationKind.CONTRACTING_AUTHORITY: {
        Role.BUYER,
        Role.APPROVER,
        Role.EVALUATOR,
        Role.CONTRACT_MANAGER,
        Role.REQUISITIONER,
        Role.AUDITOR,
    },
    OrganisationKind.PARTICIPANT: {
        Role.REQUISITIONER,
        Role.CONTRACT_MANAGER,
        Role.APPROVER,
        Role.AUDITOR,
        Role.EVALUATOR,
    },
    OrganisationKind.SUPPLIER: {Role.SUPPLIER_BID_MANAGER},
    OrganisationKind.PLATFORM_OPERATOR: {Role.PLATFORM_ADMIN, Role.AUDITOR},
}

PAIRS = [(kind, role) for kind in OrganisationKind for role in Role]


def test_the_table_is_the_one_specified():
    assert {kind: set(roles) for kind, roles in ROLES_FOR_KIND.items()} == ALLOWED


@pytest.mark.parametrize(
    ("kind", "role"), [(k, r) for k, r in PAIRS if r in ALLOWED[k]], ids=lambda v: str(v)
)
def test_a_role_that_fits_the_organisation_is_allowed(kind, role):
    assert check_role_fits_organisation(role=role, kind=kind) is None


@pytest.mark.parametrize(
    ("kind", "role"), [(k, r) for k, r in PAIRS if r not in ALLOWED[k]], ids=lambda v: str(v)
)
def test_a_role_that_does_not_fit_the_organisation_is_refused(kind, role):
    with pytest.raises(RuleViolation) as refusal:
        check_role_fits_organisation(role=role, kind=kind)

    assert refusal.value.code == "role_not_for_organisation"
    assert refusal.value.field == "role"


def test_the_refusal_says_which_role_and_which_kind():
    with pytest.raises(RuleViolation) as refusal:
        check_role_fits_organisation(role=Role.BUYER, kind=OrganisationKind.SUPPLIER)

    assert refusal.value.message == (
        "The role Buyer (procurement officer) cannot be held in a supplier."
    )


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        (set(), None),
        ({Role.AUDITOR}, Role.AUDITOR),
        ({Role.AUDITOR, Role.BUYER}, Role.BUYER),
        ({Role.EVALUATOR, Role.APPROVER, Role.AUDITOR}, Role.EVALUATOR),
        ({Role.PLATFORM_ADMIN, Role.AUDITOR}, Role.AUDITOR),
        ({Role.CONTRACT_MANAGER, Role.REQUISITIONER}, Role.CONTRACT_MANAGER),
        ({Role.PLATFORM_ADMIN}, Role.PLATFORM_ADMIN),
        ({Role.SUPPLIER_BID_MANAGER}, Role.SUPPLIER_BID_MANAGER),
    ],
)
def test_landing_role_is_the_first_held_in_landing_order(roles, expected):
    assert landing_role(roles) == expected
