"""The only way to get a procurement. Forbidden looks exactly like not found."""

from procura.accounts.models import Organisation
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


# The whole record (every score, rank and decision) is for the officers who run and check the
# procurement. Evaluators are left out: a conflicted evaluator must not read the results there.
TIMELINE_ROLES = (Role.BUYER, Role.APPROVER, Role.AUDITOR, Role.CONTRACT_MANAGER)


def access_procurement_timeline(user, pk) -> Procurement:
    procurement = access_procurement(user, pk, "view")
    if not (
        procurement.authority_id in organisation_ids_where(user, *TIMELINE_ROLES)
        or is_platform_admin(user)
    ):
        raise NotFound()
    return procurement


def access_published_procurement(reference: str) -> Procurement:
    """A procurement by its reference, for anyone, once its tender notice is public: published
    on Find a Tender (Procurement Regulations 2024 reg 5(11)). A draft, or a procurement whose
    tender notice Find a Tender has not yet published, is not found, whoever asks."""
    from .selectors import public_procurements

    try:
        return public_procurements().get(reference=str(reference))
    except Procurement.DoesNotExist as error:
        raise NotFound() from error


def access_buying_authority(user, organisation_id) -> Organisation:
    """An authority in which the user may create procurements: one where they are a buyer."""
    try:
        organisation = Organisation.objects.get(pk=int(organisation_id))
    except (Organisation.DoesNotExist, TypeError, ValueError) as error:
        raise NotFound() from error
    if not has_role(user, Role.BUYER, organisation):
        raise NotFound()
    return organisation


def can_manage(user, procurement: Procurement) -> bool:
    """Whether the user may change the procurement (pages use it to show or hide the forms)."""
    return has_role(user, Role.BUYER, procurement.authority)
