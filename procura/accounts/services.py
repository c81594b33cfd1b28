"""Every write to organisations, people, roles and API tokens. Each records an audit event."""

import secrets

from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from procura.audit import services as audit
from procura.audit.event_types import EventType
from procura.core import clock
from procura.core.errors import DomainError

from .models import ApiToken, AuthoritySettings, Membership, Organisation, User
from .rules import check_role_fits_organisation
from .selectors import HOUSE_RULES, has_role
from .states import Role

ORGANISATION_FIELDS = [
    "name",
    "kind",
    "identifier_scheme",
    "identifier",
    "ppon",
    "authority_type",
    "scale",
    "vcse",
    "street_address",
    "locality",
    "postcode",
    "region",
    "country",
    "email",
    "website",
]


@transaction.atomic
def create_organisation(*, actor: User | None, **fields) -> Organisation:
    if Organisation.objects.filter(name=fields["name"]).exists():
        raise DomainError(
            "organisation_exists",
            f"An organisation called {fields['name']} already exists.",
            field="name",
        )
    if Organisation.objects.filter(
        identifier_scheme=fields["identifier_scheme"], identifier=fields["identifier"]
    ).exists():
        raise DomainError(
            "organisation_identifier_exists",
            f"An organisation with the identifier {fields['identifier_scheme']}-"
            f"{fields['identifier']} already exists.",
            field="identifier",
        )
    organisation = Organisation(created_at=clock.now(), **fields)
    try:
        organisation.full_clean()
    except ValidationError as error:
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
        raise DomainError("invalid_input", f"The organisation is not valid: {problems}") from error
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as error:  # a concurrent request created the same one first
        raise DomainError(
            "organisation_exists", f"An organisation called {fields['name']} already exists."
        ) from error
    audit.record(
        actor=actor,
        event_type=EventType.ORGANISATION_CREATED,
        obj=organisation,
        organisation_id=organisation.pk,
        after={f: getattr(organisation, f) for f in ORGANISATION_FIELDS},
    )
    return organisation


@transaction.atomic
def create_user(
    *,
    actor: User | None,
    username: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    job_title: str = "",
    password: str | None = None,
) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(
            "username_taken", f"The username {username} is already taken.", field="username"
        )
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        job_title=job_title,
        date_joined=clock.now(),
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit.record(
        actor=actor,
        event_type=EventType.USER_CREATED,
        obj=user,
        after={"username": username, "email": email, "name": user.get_full_name()},
    )
    return user


@transaction.atomic
def grant_role(
    *, actor: User | None, user: User, organisation: Organisation, role: str
) -> Membership:
    check_role_fits_organisation(role=role, kind=organisation.kind)
    if Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
        raise DomainError(
            "role_already_held",
            f"{user} already holds the role {Role(role).label} in {organisation}.",
            field="role",
        )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user, organisation=organisation, role=role, granted_at=clock.now()
            )
    except IntegrityError as error:  # a concurrent grant of the same role won the race
        raise DomainError(
            "role_already_held", f"{user} already holds the role {Role(role).label}."
        ) from error
    if role == Role.PLATFORM_ADMIN and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    audit.record(
        actor=actor,
        event_type=EventType.ROLE_GRANTED,
        obj=user,
        organisation_id=organisation.pk,
        after={"role": Role(role).label, "role_code": role, "organisation": organisation.name},
    )
    return membership


@transaction.atomic
def revoke_role(
    *, actor: User, user: User, organisation: Organisation, role: str, reason: str = ""
) -> None:
    deleted, _ = Membership.objects.filter(user=user, organisation=organisation, role=role).delete()
    if not deleted:
        raise DomainError(
            "role_not_held", f"{user} does not hold the role {Role(role).label} in {organisation}."
        )
    if role == Role.PLATFORM_ADMIN and not user.memberships.filter(role=role).exists():
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    audit.record(
        actor=actor,
        event_type=EventType.ROLE_REVOKED,
        obj=user,
        organisation_id=organisation.pk,
        before={"role": Role(role).label, "role_code": role, "organisation": organisation.name},
        reason=reason,
    )


@transaction.atomic
def sign_in(*, request, user: User) -> None:
    """Start a browser session for a user whose credentials were checked, and record it."""
    login(request, user)
    audit.record(actor=user, event_type=EventType.SIGNED_IN, obj=user)


@transaction.atomic
def sign_out(*, request) -> None:
    user = request.user
    if user.is_authenticated:
        audit.record(actor=user, event_type=EventType.SIGNED_OUT, obj=user)
    logout(request)


@transaction.atomic
def record_failed_sign_in(*, username: str) -> None:
    """Failed sign-ins are part of the record (who was targeted, when); no password is kept."""
    user = User.objects.filter(username__iexact=username).first()
    if user is not None:
        audit.record(
            actor=None,
            event_type=EventType.SIGN_IN_FAILED,
            obj=user,
            after={"username": user.username},
        )


@transaction.atomic
def record_password_reset_requested(*, email: str) -> None:
    # Django e-mails only active accounts with a usable password; record exactly those.
    for user in User.objects.filter(email__iexact=email, is_active=True):
        if user.has_usable_password():
            audit.record(actor=None, event_type=EventType.PASSWORD_RESET_REQUESTED, obj=user)


@transaction.atomic
def set_password(*, actor: User | None, user: User, password: str) -> User:
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(actor=actor or user, event_type=EventType.PASSWORD_CHANGED, obj=user)
    return user


@transaction.atomic
def create_api_token(
    *, actor: User | None, user: User, name: str = "API client"
) -> tuple[ApiToken, str]:
    """Make a new bearer token; the raw value is returned once and never stored."""
    raw = "prc_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:10],
        token_hash=ApiToken.hash_of(raw),
        created_at=clock.now(),
    )
    audit.record(
        actor=actor,
        event_type=EventType.API_TOKEN_CREATED,
        obj=token,
        after={"owner": user.username, "name": name, "prefix": token.prefix},
    )
    return token, raw


@transaction.atomic
def revoke_api_token(*, actor: User, token: ApiToken, reason: str = "") -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise DomainError("token_already_revoked", "This API token was already revoked.")
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        event_type=EventType.API_TOKEN_REVOKED,
        obj=token,
        before={"revoked_at": None},
        after={"revoked_at": token.revoked_at},
        reason=reason,
    )
    return token


@transaction.atomic
def update_authority_settings(
    *, actor: User, authority: Organisation, switches: dict[str, bool]
) -> AuthoritySettings:
    """Switch an authority's house rules on or off (`selectors.HOUSE_RULES`; a name left out
    keeps its value). Only a buyer of the authority; audited with the switches before and
    after."""
    if not has_role(actor, Role.BUYER, authority):
        raise DomainError("forbidden_action", "Only a buyer of the authority can do this.")
    unknown = sorted(set(switches) - set(HOUSE_RULES))
    if unknown:
        raise DomainError(
            "invalid_input", f"Not a house rule: {', '.join(unknown)}.", field=unknown[0]
        )
    settings, _ = AuthoritySettings.objects.select_for_update().get_or_create(authority=authority)
    before = {name: getattr(settings, name) for name in HOUSE_RULES}
    for name, value in switches.items():
        setattr(settings, name, bool(value))
    settings.updated_at = clock.now()
    settings.save()
    audit.record(
        actor=actor,
        event_type=EventType.ORGANISATION_UPDATED,
        obj=authority,
        organisation_id=authority.pk,
        before={"house_rules": before},
        after={"house_rules": {name: getattr(settings, name) for name in HOUSE_RULES}},
    )
    return settings
