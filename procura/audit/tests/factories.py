"""Objects made through the service functions, so that their creation is on the audit trail.

For objects whose creation does not matter to a test, use procura.accounts.tests.factories.
"""

import itertools

from procura.accounts import services
from procura.accounts.models import Organisation, User
from procura.accounts.states import IdentifierScheme, OrganisationKind

_numbers = itertools.count(1)


def audited_organisation(*, actor=None, **fields) -> Organisation:
    """A contracting authority unless `kind` says otherwise, made by `create_organisation`."""
    number = next(_numbers)
    fields.setdefault("name", f"Audited organisation {number}")
    fields.setdefault("kind", OrganisationKind.CONTRACTING_AUTHORITY)
    fields.setdefault("identifier_scheme", IdentifierScheme.PPON)
    fields.setdefault("identifier", f"AUDT-{number:04d}")
    return services.create_organisation(actor=actor, **fields)


def audited_member(organisation: Organisation, role: str, *, actor=None, **user_fields) -> User:
    """A new person given `role` in `organisation` by `create_user` and `grant_role`."""
    number = next(_numbers)
    user_fields.setdefault("username", f"audited{number}")
    user_fields.setdefault("email", f"audited{number}@example.org")
    user = services.create_user(actor=actor, **user_fields)
    services.grant_role(actor=actor, user=user, organisation=organisation, role=role)
    return user
