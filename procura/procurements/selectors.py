"""Reads of procurements."""

from django.db.models import QuerySet

from procura.accounts.rules import BUYER_SIDE_ROLES
from procura.accounts.selectors import is_platform_admin, organisation_ids_where

from .models import Procurement
from .states import PUBLISHED


def public_procurements() -> QuerySet[Procurement]:
    """Procurements whose tender notice is public: anyone may see the notice."""
    return Procurement.objects.filter(status__in=PUBLISHED).select_related("authority")


def buyer_procurements(user) -> QuerySet[Procurement]:
    """Procurements of the authorities in which the user holds a buyer-side role."""
    if is_platform_admin(user):
        return Procurement.objects.select_related("authority")
    return Procurement.objects.filter(
        authority_id__in=organisation_ids_where(user, *BUYER_SIDE_ROLES)
    ).select_related("authority")
