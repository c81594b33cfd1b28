"""The only ways to reach the participation stage's objects. Forbidden looks exactly like not found.

`access_procurement_as_supplier` is THE gate for every supplier stage (documents, questionnaire,
outcome here; tenders in the tendering app): a supplier that has not accepted the current version
of every agreement gets the same 404 as one asking about a procurement that does not exist.
"""

from procura.accounts.rules import BUYER_SIDE_ROLES
from procura.accounts.selectors import has_role, is_platform_admin, organisation_ids_where
from procura.accounts.states import Role
from procura.core.errors import NotFound
from procura.procurements.models import Procurement
from procura.procurements.permissions import access_procurement
from procura.procurements.states import PUBLISHED, Status

from . import selectors
from .models import Answer, Participant, ParticipationResponse, ProcurementDocument
from .states import GATE_PASSED, STILL_TAKING_PART

#: What a supplier may do behind the gate. `respond` needs a participation stage.
SUPPLIER_ACTIONS = frozenset({"view", "download", "respond", "view_outcome", "tender"})
BUYER_ACTIONS = frozenset({"view", "manage"})


def _procurement(pk) -> Procurement:
    try:
        return Procurement.objects.select_related("authority").get(pk=int(pk))
    except (Procurement.DoesNotExist, TypeError, ValueError) as error:
        raise NotFound() from error


def _int(pk) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError) as error:
        raise NotFound() from error


def access_procurement_as_supplier(user, procurement_id, action: str = "view"):
    """(procurement, participant) for a bid manager of a supplier that passed the agreements gate
    with the CURRENT version of every agreement; NotFound otherwise, exactly as if the
    procurement did not exist. `action` is one of SUPPLIER_ACTIONS; `respond` (conditions of
    participation) exists only in a competitive flexible procedure."""
    if action not in SUPPLIER_ACTIONS:
        raise ValueError(f"Unknown supplier action {action!r}")
    if not getattr(user, "is_authenticated", False):
        raise NotFound()
    suppliers = selectors.supplier_organisations_of(user)
    if not suppliers:
        raise NotFound()
    procurement = _procurement(procurement_id)
    if procurement.status not in PUBLISHED:
        raise NotFound()
    if action == "respond" and not procurement.is_competitive_flexible:
        raise NotFound()
    # Once excluded or left off the shortlist, a supplier sees only its outcome: nothing issued
    # to the suppliers still taking part (an invitation-to-tender pack, say).
    statuses = GATE_PASSED if action == "view_outcome" else STILL_TAKING_PART
    participants = Participant.objects.filter(
        procurement=procurement, supplier__in=suppliers, status__in=statuses
    ).select_related("supplier")
    current = selectors.current_agreements(procurement)
    for participant in participants.order_by("supplier__name", "pk"):
        participant.procurement = procurement
        if selectors.gate_is_current(participant, current):
            return procurement, participant
    raise NotFound()


def access_procurement_for_interest(user, procurement_id):
    """(procurement, suppliers, participant or None) for a supplier bid manager looking at a
    published procurement, before the gate: the task list, expressing interest and the
    agreements to accept. A draft is not found."""
    if not getattr(user, "is_authenticated", False):
        raise NotFound()
    suppliers = selectors.supplier_organisations_of(user)
    if not suppliers:
        raise NotFound()
    procurement = _procurement(procurement_id)
    if procurement.status not in PUBLISHED:
        raise NotFound()
    participant = (
        Participant.objects.filter(procurement=procurement, supplier__in=suppliers)
        .select_related("supplier")
        .order_by("supplier__name", "pk")
        .first()
    )
    if participant is not None:
        participant.procurement = procurement
    return procurement, suppliers, participant


def access_procurement_as_buyer(user, procurement_id, action: str = "view") -> Procurement:
    """The procurement for the authority's staff: `view` for anyone on the buyer side of the
    authority (and platform admins), `manage` for its buyers."""
    if action not in BUYER_ACTIONS:
        raise ValueError(f"Unknown buyer action {action!r}")
    return access_procurement(user, _int(procurement_id), action)


def access_participant_as_buyer(user, procurement_id, participant_id, action: str = "view"):
    """(procurement, participant) for the authority's staff; a participant of another
    procurement is not found."""
    procurement = access_procurement_as_buyer(user, procurement_id, action)
    try:
        participant = Participant.objects.select_related("supplier").get(
            pk=_int(participant_id), procurement=procurement
        )
    except Participant.DoesNotExist as error:
        raise NotFound() from error
    participant.procurement = procurement
    return procurement, participant


def _is_buyer_side(user, procurement: Procurement) -> bool:
    return procurement.authority_id in organisation_ids_where(
        user, *BUYER_SIDE_ROLES
    ) or is_platform_admin(user)


def access_document_for_download(
    user, procurement_id, document_id
) -> tuple[ProcurementDocument, Participant | None]:
    """(document, participant) for an admitted supplier still taking part; (document, None) for
    the authority's staff. The participant says on whose behalf the download is recorded."""
    procurement = _procurement(procurement_id)
    participant = None
    if not (getattr(user, "is_authenticated", False) and _is_buyer_side(user, procurement)):
        procurement, participant = access_procurement_as_supplier(user, procurement_id, "download")
    try:
        document = ProcurementDocument.objects.get(pk=_int(document_id), procurement=procurement)
    except ProcurementDocument.DoesNotExist as error:
        raise NotFound() from error
    document.procurement = procurement
    return document, participant


def access_document(user, procurement_id, document_id) -> ProcurementDocument:
    """A procurement document, for the authority's staff or an admitted supplier."""
    return access_document_for_download(user, procurement_id, document_id)[0]


def access_own_answer_file(user, procurement_id, question_id) -> Answer:
    """A file the supplier itself uploaded as an answer."""
    _, participant = access_procurement_as_supplier(user, procurement_id, "respond")
    answer = Answer.objects.filter(
        response__participant=participant, question_id=_int(question_id)
    ).first()
    if answer is None or not answer.file:
        raise NotFound()
    return answer


def access_own_financial_evidence(user, procurement_id) -> ParticipationResponse:
    _, participant = access_procurement_as_supplier(user, procurement_id, "respond")
    response = selectors.response_of(participant)
    if response is None or not response.financial_evidence:
        raise NotFound()
    return response


def access_submitted_response(user, procurement_id, participant_id):
    """(procurement, participant, response) for the authority's staff: a submitted response
    only; a draft is the supplier's own and is not found."""
    procurement, participant = access_participant_as_buyer(user, procurement_id, participant_id)
    response = selectors.response_of(participant)
    if response is None or not response.is_submitted:
        raise NotFound()
    return procurement, participant, response


def access_participant_timeline(user, pk) -> Participant:
    """A participant's timeline: the authority's staff, and the supplier's own bid managers."""
    try:
        participant = Participant.objects.select_related("procurement", "supplier").get(pk=_int(pk))
    except Participant.DoesNotExist as error:
        raise NotFound() from error
    if getattr(user, "is_authenticated", False) and (
        _is_buyer_side(user, participant.procurement)
        or has_role(user, Role.SUPPLIER_BID_MANAGER, participant.supplier)
    ):
        if participant.procurement.status != Status.DRAFT or _is_buyer_side(
            user, participant.procurement
        ):
            return participant
    raise NotFound()
