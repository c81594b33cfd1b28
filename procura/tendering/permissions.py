"""The only way a view or endpoint reaches tendering objects. Forbidden looks exactly like not
found (NotFound -> 404) to outsiders; a supplier taking part is told why (AccessRefused -> 403).

Suppliers come in through the participation gate (NDA / ethical walls, then invited to tender);
buyer-side staff through procura.procurements.permissions.access_procurement. Tender content is
not reachable through anything here before the opening (ADR 0003).
"""

from procura.accounts.rules import BUYER_SIDE_ROLES
from procura.accounts.selectors import has_role, organisation_ids_where
from procura.accounts.states import Role
from procura.core.errors import AccessRefused, NotFound, object_pk
from procura.participation.permissions import access_procurement_as_supplier
from procura.participation.selectors import may_submit_tender as participation_may_submit
from procura.procurements.models import Procurement
from procura.procurements.permissions import access_procurement

from . import errors
from .models import Tender, TenderQuestion, UnsealedFile, UnsealedTender


def _participation_gate(user, procurement_id, action: str):
    """procura.participation's gate: (procurement, participant), NotFound unless a supplier of
    the user passed the NDA / ethical walls gate with the current agreements."""
    return access_procurement_as_supplier(user, procurement_id, action)


def may_submit_tender(procurement: Procurement, supplier) -> bool:
    """Whether participation lets the supplier tender (invited, or in an open procedure not
    excluded); the deadline and status are checked by the tendering services."""
    return participation_may_submit(procurement, supplier)


def access_procurement_as_tenderer(user, pk, action: str = "tender"):
    """(procurement, supplier organisation) for a bid manager of a supplier invited to tender.
    A supplier taking part is told why it may not tender (the participation gate's reasons, or
    `not_invited_to_tender` before or without the invitation); everyone else gets NotFound."""
    if not getattr(user, "is_authenticated", False):
        raise NotFound()
    procurement, participant = _participation_gate(user, object_pk(pk), action)
    supplier = participant.supplier
    if not has_role(user, Role.SUPPLIER_BID_MANAGER, supplier):
        raise NotFound()
    if not may_submit_tender(procurement, supplier):
        raise AccessRefused(
            errors.NOT_INVITED_TO_TENDER,
            f"{supplier.name} has not been invited to tender: in the competitive flexible "
            "procedure only the shortlisted suppliers are, when the buyer sends the invitation.",
        )
    return procurement, supplier


def access_tender_box(user, pk) -> Procurement:
    """The buyer's view of the tender box (counts, receipts, the opening panel): buyer-side
    staff of the authority and platform administrators. No content is reachable through it."""
    return access_procurement(user, pk, "view")


def access_question_inbox(user, pk) -> Procurement:
    """Tender-stage questions, with who asked: the authority's buyers only."""
    return access_procurement(user, pk, "manage")


def access_question(user, pk, question_pk) -> TenderQuestion:
    procurement = access_question_inbox(user, pk)
    try:
        return TenderQuestion.objects.select_related("procurement", "supplier", "asked_by").get(
            pk=object_pk(question_pk), procurement=procurement
        )
    except TenderQuestion.DoesNotExist as error:
        raise NotFound() from error


def _is_authority_staff(user, procurement: Procurement) -> bool:
    return procurement.authority_id in organisation_ids_where(user, *BUYER_SIDE_ROLES)


# Who reads opened tenders here: the officers who run the procurement. Evaluators read them only
# through the evaluation app, behind their conflict declarations (the ethical wall, s.82).
OPENED_TENDER_READERS = (Role.BUYER, Role.APPROVER)


def may_read_opened_tenders(user, procurement: Procurement) -> bool:
    return procurement.authority_id in organisation_ids_where(user, *OPENED_TENDER_READERS)


def access_opened_tenders(user, pk) -> Procurement:
    """Opened tenders: the authority's buyers and approvers. Evaluators go through the
    evaluation app's walled access; platform administrators run the service, not read bids."""
    procurement = access_procurement(user, pk, "view")
    if not may_read_opened_tenders(user, procurement):
        raise NotFound()
    return procurement


def access_opened_tender(user, pk, tender_pk) -> UnsealedTender:
    """One opened tender; before the opening there is none to find."""
    procurement = access_opened_tenders(user, pk)
    try:
        return UnsealedTender.objects.select_related("tender__supplier").get(
            tender_id=object_pk(tender_pk), tender__procurement=procurement
        )
    except UnsealedTender.DoesNotExist as error:
        raise NotFound() from error


def access_opened_file(user, pk, tender_pk, position) -> UnsealedFile:
    unsealed = access_opened_tender(user, pk, tender_pk)
    try:
        return unsealed.files.get(position=object_pk(position))
    except UnsealedFile.DoesNotExist as error:
        raise NotFound() from error


def access_opening_policy_authority(user, authority_id, action: str = "view"):
    """An authority's opening policy: its buyer-side staff see it, its buyers set it."""
    from procura.accounts.models import Organisation

    authority_id = object_pk(authority_id)
    roles = (Role.BUYER,) if action == "manage" else tuple(BUYER_SIDE_ROLES)
    if authority_id not in organisation_ids_where(user, *roles):
        raise NotFound()
    try:
        return Organisation.objects.get(pk=authority_id)
    except Organisation.DoesNotExist as error:
        raise NotFound() from error


def access_tender_timeline(user, object_id) -> Tender:
    """A tender's timeline: its supplier's bid managers; the authority's staff once opened."""
    try:
        tender = Tender.objects.select_related("procurement").get(pk=object_pk(object_id))
    except Tender.DoesNotExist as error:
        raise NotFound() from error
    if has_role(user, Role.SUPPLIER_BID_MANAGER, tender.supplier):
        return tender
    if hasattr(tender.procurement, "tender_opening") and _is_authority_staff(
        user, tender.procurement
    ):
        return tender
    raise NotFound()


def access_question_timeline(user, object_id) -> TenderQuestion:
    """A question's timeline: the supplier that asked, and the authority's buyers."""
    try:
        question = TenderQuestion.objects.select_related("procurement__authority").get(
            pk=object_pk(object_id)
        )
    except TenderQuestion.DoesNotExist as error:
        raise NotFound() from error
    if has_role(user, Role.SUPPLIER_BID_MANAGER, question.supplier) or has_role(
        user, Role.BUYER, question.procurement.authority
    ):
        return question
    raise NotFound()
