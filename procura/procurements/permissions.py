"""The only way to get a procurement. Forbidden looks exactly like not found."""

from procura.accounts.rules import BUYER_SIDE_ROLES
from procura.accounts.selectors import has_role, is_platform_admin, organisation_ids_where
from procura.accounts.states import Role
from procura.core.errors import NotFound

from .models import Procurement
from .states import PUBLISHED


def _get(pk) -> Procurement:
    try:
        return Procurement.objects.select_related("authority").get(pk=int(pk))
    except (Procurement.DoesNotExist, TypeError, ValueError) as error:
        raise NotFound() from error


def access_procurement(user, pk, action: str = "view") -> Procurement:
    """Buyer-side staff of the authority see and (buyers) manage it; everyone else sees only
    what its published tender notice says (`action="view_notice"`), and nothing of a draft."""
    procurement = _get(pk)
    if getattr(user, "is_authenticated", False):
        if action == "manage" and has_role(user, Role.BUYER, procurement.authority):
            return procurement
        if action == "view" and (
            procurement.authority_id in organisation_ids_where(user, *BUYER_SIDE_ROLES)
            or is_platform_admin(user)
        ):
            return procurement
    if action == "view_notice" and procurement.status in PUBLISHED:
        return procurement
    raise NotFound()


def access_procurement_timeline(user, pk) -> Procurement:
    return access_procurement(user, pk, "view")
