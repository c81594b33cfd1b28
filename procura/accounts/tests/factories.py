"""Organisations, people and roles for tests, made straight in the database (not audited).

When a test is about the audit trail, make the objects with the service functions instead.
"""

import factory
from factory.django import DjangoModelFactory, Password

from procura.accounts.models import Membership, Organisation, User
from procura.accounts.states import (
    AuthorityType,
    IdentifierScheme,
    OrganisationKind,
    Role,
    SupplierScale,
)
from procura.core import clock

PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(DjangoModelFactory):
    """A contracting authority unless a trait says otherwise."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.CONTRACTING_AUTHORITY
    identifier_scheme = IdentifierScheme.PPON
    identifier = factory.Sequence(lambda n: f"PPON-{n:04d}")
    authority_type = AuthorityType.SUB_CENTRAL
    created_at = factory.LazyFunction(clock.now)

    class Params:
        supplier = factory.Trait(
            kind=OrganisationKind.SUPPLIER,
            identifier_scheme=IdentifierScheme.COMPANIES_HOUSE,
            authority_type="",
            scale=SupplierScale.SME,
        )
        participant = factory.Trait(kind=OrganisationKind.PARTICIPANT)
        platform_operator = factory.Trait(
            kind=OrganisationKind.PLATFORM_OPERATOR, authority_type=""
        )


class UserFactory(DjangoModelFactory):
    """A person who can sign in with `PASSWORD`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Lee{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = Password(PASSWORD)
    date_joined = factory.LazyFunction(clock.now)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.BUYER
    granted_at = factory.LazyFunction(clock.now)


def member(organisation: Organisation, *roles: str, **user_fields) -> User:
    """A new person holding each of `roles` in `organisation` (staff if a platform admin)."""
    if Role.PLATFORM_ADMIN in roles:
        user_fields.setdefault("is_staff", True)
    user = UserFactory(**user_fields)
    for role in roles:
        MembershipFactory(user=user, organisation=organisation, role=role)
    return user
