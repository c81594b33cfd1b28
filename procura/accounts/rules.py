"""Which roles fit which kind of organisation. Pure."""

from procura.core.errors import RuleViolation

from .states import OrganisationKind, Role

BUYER_SIDE_ROLES = frozenset(
    {
        Role.BUYER,
        Role.APPROVER,
        Role.EVALUATOR,
        Role.CONTRACT_MANAGER,
        Role.REQUISITIONER,
        Role.AUDITOR,
    }
)

ROLES_FOR_KIND: dict[str, frozenset[str]] = {
    OrganisationKind.CONTRACTING_AUTHORITY: BUYER_SIDE_ROLES,
    # A participant raises call-offs and manages what it buys, but runs no procurement itself.
    OrganisationKind.PARTICIPANT: frozenset(
        {Role.REQUISITIONER, Role.CONTRACT_MANAGER, Role.APPROVER, Role.AUDITOR, Role.EVALUATOR}
    ),
    OrganisationKind.SUPPLIER: frozenset({Role.SUPPLIER_BID_MANAGER}),
    OrganisationKind.PLATFORM_OPERATOR: frozenset({Role.PLATFORM_ADMIN, Role.AUDITOR}),
}

# Where a person with several roles lands after signing in: the first role they hold.
LANDING_ORDER = [
    Role.BUYER,
    Role.SUPPLIER_BID_MANAGER,
    Role.EVALUATOR,
    Role.APPROVER,
    Role.CONTRACT_MANAGER,
    Role.REQUISITIONER,
    Role.AUDITOR,
    Role.PLATFORM_ADMIN,
]


def check_role_fits_organisation(*, role: str, kind: str) -> None:
    """A role may only be held in an organisation of a kind that does that work.

    A supplier's staff cannot be buyers or evaluators; an authority's staff cannot bid.
    """
    if role not in ROLES_FOR_KIND.get(kind, frozenset()):
        raise RuleViolation(
            "role_not_for_organisation",
            f"The role {Role(role).label} cannot be held in a "
            f"{OrganisationKind(kind).label.lower()}.",
            field="role",
        )


def landing_role(roles: set[str]) -> str | None:
    for role in LANDING_ORDER:
        if role in roles:
            return role
    return None
