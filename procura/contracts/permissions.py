"""The only way a view or endpoint gets a framework agreement or contract. Forbidden looks
exactly like not found."""

from procura.core.errors import NotFound, object_pk

from .models import Contract, FrameworkAgreement
from .selectors import contracts_visible_to, frameworks_visible_to


def access_framework(user, pk, action: str = "view") -> FrameworkAgreement:
    if not getattr(user, "is_authenticated", False):
        raise NotFound()
    try:
        return frameworks_visible_to(user).get(pk=object_pk(pk))
    except FrameworkAgreement.DoesNotExist as error:
        raise NotFound() from error


def access_contract(user, pk, action: str = "view") -> Contract:
    if not getattr(user, "is_authenticated", False):
        raise NotFound()
    try:
        return contracts_visible_to(user).get(pk=object_pk(pk))
    except Contract.DoesNotExist as error:
        raise NotFound() from error
