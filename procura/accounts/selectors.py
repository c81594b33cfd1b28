"""Reads about organisations, people and roles."""

from dataclasses import dataclass

from django.urls import reverse

from .models import ApiToken, AuthoritySettings, Membership, Organisation, User
from .rules import landing_role
from .states import Role


def roles_of(user, organisation: Organisation | None = None) -> set[str]:
    """The roles a user holds (in one organisation, or in any)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    cache = getattr(user, "_procura_roles", None)
    if cache is None:
        cache = list(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
        user._procura_roles = cache
    return {role for org_id, role in cache if organisation is None or org_id == organisation.pk}


def organisation_ids_where(user, *roles: str) -> set[int]:
    """Ids of the organisations in which the user holds any of `roles` (any role if none given)."""
    roles_of(user)
    return {
        org_id for org_id, role in getattr(user, "_procura_roles", []) if not roles or role in roles
    }


def has_role(user, role: str, organisation: Organisation | None = None) -> bool:
    return role in roles_of(user, organisation)


def is_platform_admin(user) -> bool:
    return has_role(user, Role.PLATFORM_ADMIN)


def memberships_of(user) -> list[Membership]:
    return list(Membership.objects.filter(user=user).select_related("organisation"))


def organisations_of(user) -> list[Organisation]:
    return list(Organisation.objects.filter(pk__in=organisation_ids_where(user)))


def members_of(organisation: Organisation) -> list[dict]:
    """Each person in the organisation with all their roles there, by name."""
    people: dict[int, dict] = {}
    memberships = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "role")
    )
    for membership in memberships:
        entry = people.setdefault(membership.user_id, {"user": membership.user, "roles": []})
        entry["roles"].append(membership.get_role_display())
    return list(people.values())


def api_tokens_of(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user))


def landing_url(user) -> str:
    role = landing_role(roles_of(user))
    if role is None:
        return reverse("accounts:no-role")
    return reverse("accounts:landing", args=[role])


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    active: bool


def navigation_for(user, path: str) -> list[NavItem]:
    """The header navigation: one entry per role the person holds, then what everyone may use."""
    items: list[tuple[str, str]] = []
    held = roles_of(user)
    for role in [r for r in Role if r in held]:
        items.append((ROLE_NAV_TEXT[role], reverse("accounts:landing", args=[role])))
    items.append(("Timescales", reverse("timescales:calculator")))
    if held:
        items.append(("Your account", reverse("accounts:account")))
    return [NavItem(text, href, path.startswith(href)) for text, href in items]


ROLE_NAV_TEXT = {
    Role.BUYER: "Procurements",
    Role.APPROVER: "Approvals",
    Role.EVALUATOR: "Evaluations",
    Role.CONTRACT_MANAGER: "Contracts",
    Role.REQUISITIONER: "Call-offs",
    Role.AUDITOR: "Audit",
    Role.SUPPLIER_BID_MANAGER: "Opportunities",
    Role.PLATFORM_ADMIN: "Administration",
}


HOUSE_RULES = (
    "require_shortlist_limit",
    "require_framework_maximum",
    "require_weights_total_100",
    "require_single_price_criterion",
)


def house_rules_of(authority_id: int) -> dict[str, bool]:
    """An authority's house-rule switches by name: all on unless its settings switch one off."""
    settings = AuthoritySettings.objects.filter(authority_id=authority_id).first()
    return {name: getattr(settings, name) if settings else True for name in HOUSE_RULES}
