"""The only ways to reach the participation stage's objects. Forbidden looks exactly like not found
to outsiders; insiders get reasons.

`access_procurement_as_supplier` is THE gate for every supplier stage (documents, questionnaire,
outcome here; tenders in the tendering app). A supplier with no part in the procurement, and
anyone else, gets the same 404 as for a procurement that does not exist. A supplier that takes
part (it expressed interest) already knows the procurement, so it is told why it may not go on:
`agreements_not_accepted` until it accepts the current version of every agreement,
`no_longer_taking_part` once it is excluded, not shortlisted or withdrawn (AccessRefused, 403).
"""

from procura.accounts.rules import BUYER_SIDE_ROLES
from procura.accounts.selectors import has_role, is_platform_admin, organisation_ids_where
from procura.accounts.states import Role
from procura.core.errors import AccessRefused, NotFound
from procura.procurements.models import Procurement
from procura.procurements.permissions import access_procurement
from procura.procurements.states import PUBLISHED, Status

from . import errors, selectors
from .models import Answer, Participant, ParticipationResponse, ProcurementDocument
from .states import GATE_PASSED, STILL_TAKING_PART, AgreementKind, ParticipantStatus

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
    with the CURRENT version of every agreement. A supplier of the user that takes part but may
    not go on gets AccessRefused with the reason (`insider_refusal`); anyone else NotFound,
    exactly as if the procurement did not exist. `action` is one of SUPPLIER_ACTIONS; `respond`
    (conditions of participation) exists only in a competitive flexible procedure."""
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
    raise insider_refusal(procurement, suppliers, statuses)


def insider_refusal(procurement: Procurement, suppliers, statuses=STILL_TAKING_PART):
    """Why a supplier of the user that takes part in the procurement may not go on, as the
    AccessRefused to raise; NotFound when none of the user's suppliers takes part (an outsider
    learns nothing). `statuses` are the participant statuses the stage is open to."""
    participant = (
        Participant.objects.filter(procurement=procurement, supplier__in=suppliers)
        .select_related("supplier")
        .order_by("supplier__name", "pk")
        .first()
    )
    if participant is None:
        return NotFound()
    participant.procurement = procurement
    supplier = participant.supplier.name
    if participant.status in statuses or participant.status == ParticipantStatus.INTERESTED:
        missing = [
            row["kind"]
            for row in selectors.agreements_to_accept(participant)
            if not row["accepted"]
        ]
        return AccessRefused(
            errors.AGREEMENTS_NOT_ACCEPTED,
            f"{supplier} has not accepted the current version of "
            + (
                " and ".join(f"the {AgreementKind(kind).label.lower()}" for kind in missing)
                or "every agreement"
            )
            + " for this procurement. Accept it on the procurement's agreements page to see "
            "the procurement documents and take part.",
            details={"agreements": [str(kind) for kind in missing]},
        )
    return AccessRefused(
        errors.NO_LONGER_TAKING_PART,
        f"{supplier} is {participant.get_status_display().lower()}: it no longer takes part "
        "in this procurement. Its outcome page gives the reasons.",
        details={"participant_status": str(participant.status)},
    )


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
