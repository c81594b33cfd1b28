"""Reads about organisations, people and roles."""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from .models import ApiToken, AuthoritySettings, Membership, Organisation, User
from .rules import landing_role
from .states import OrganisationKind, Role


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


# --- The directory: the ids an API client needs ---------------------------------------------

PUBLIC_BODY_KINDS = (OrganisationKind.CONTRACTING_AUTHORITY, OrganisationKind.PARTICIPANT)


def organisations_visible_to(user, *, kind: str | None = None, text: str = ""):
    """The organisations a person may look up, by name.

    Contracting authorities and participants (public bodies, named in published notices) are
    visible to everyone signed in, and so is each organisation the person belongs to. Suppliers
    are visible to the staff of public bodies, who name them in decisions, and to platform
    administrators, who see every organisation; a supplier never sees another supplier, so no
    supplier learns who else is on the service."""
    mine = organisation_ids_where(user)
    if is_platform_admin(user):
        visible = Q()
    else:
        kinds = set(PUBLIC_BODY_KINDS)
        if Organisation.objects.filter(pk__in=mine, kind__in=PUBLIC_BODY_KINDS).exists():
            kinds.add(OrganisationKind.SUPPLIER)
        visible = Q(kind__in=kinds) | Q(pk__in=mine)
    organisations = Organisation.objects.filter(visible)
    if kind:
        organisations = organisations.filter(kind=kind)
    if text:
        organisations = organisations.filter(name__icontains=text)
    return organisations.order_by("name", "pk")


def people_of_own_organisations(user, *, role: str | None = None) -> list[dict]:
    """The active people of each organisation the person belongs to, with their roles there:
    `[{"organisation": Organisation, "people": [{"user": User, "roles": [role, ...]}]}]`,
    organisations and people by name. One query."""
    memberships = (
        Membership.objects.filter(
            organisation_id__in=organisation_ids_where(user), user__is_active=True
        )
        .select_related("user", "organisation")
        .order_by(
            "organisation__name",
            "organisation_id",
            "user__last_name",
            "user__first_name",
            "user_id",
            "role",
        )
    )
    if role:
        memberships = memberships.filter(role=role)
    organisations: dict[int, dict] = {}
    for membership in memberships:
        entry = organisations.setdefault(
            membership.organisation_id, {"organisation": membership.organisation, "people": {}}
        )
        person = entry["people"].setdefault(
            membership.user_id, {"user": membership.user, "roles": []}
        )
        person["roles"].append(membership.role)
    return [
        {"organisation": entry["organisation"], "people": list(entry["people"].values())}
        for entry in organisations.values()
    ]


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
