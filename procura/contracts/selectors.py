"""Reads of framework agreements and contracts."""

from django.db.models import Q, QuerySet

from procura.accounts.rules import BUYER_SIDE_ROLES
from procura.accounts.selectors import is_platform_admin, organisation_ids_where
from procura.accounts.states import Role

from .models import Contract, FrameworkAgreement


def frameworks_visible_to(user) -> QuerySet[FrameworkAgreement]:
    """Frameworks of the authorities the person works for, those their authority may call off,
    and those their supplier is party to."""
    qs = FrameworkAgreement.objects.select_related("authority", "procurement")
    if is_platform_admin(user):
        return qs
    buyer_side = organisation_ids_where(user, *BUYER_SIDE_ROLES)
    bidding = organisation_ids_where(user, Role.SUPPLIER_BID_MANAGER)
    return qs.filter(
        Q(authority_id__in=buyer_side)
        | Q(call_off_entitlements__authority_id__in=buyer_side)
        | Q(framework_suppliers__supplier_id__in=bidding)
    ).distinct()


def contracts_visible_to(user) -> QuerySet[Contract]:
    """Contracts of the authorities the person works for, those their organisation participates
    in, and those their supplier holds."""
    qs = Contract.objects.select_related("authority", "supplier", "procurement")
    if is_platform_admin(user):
        return qs
    buyer_side = organisation_ids_where(user, *BUYER_SIDE_ROLES)
    bidding = organisation_ids_where(user, Role.SUPPLIER_BID_MANAGER)
    return qs.filter(
        Q(authority_id__in=buyer_side)
        | Q(contract_participants__organisation_id__in=buyer_side)
        | Q(supplier_id__in=bidding)
    ).distinct()


def framework_of(procurement) -> FrameworkAgreement | None:
    return FrameworkAgreement.objects.filter(procurement=procurement).first()


def contract_of(procurement) -> Contract | None:
    return Contract.objects.filter(procurement=procurement).first()
