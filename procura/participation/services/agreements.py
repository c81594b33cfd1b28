"""The agreements gate: NDA and ethical walls versions, expressions of interest, acceptances
(which admit a supplier once every current agreement is accepted)."""

from django.db import transaction

from procura.accounts.models import Organisation, User
from procura.audit import services as audit
from procura.core import clock
from procura.core.errors import NotFound
from procura.procurements.models import Procurement

from .. import rules, selectors
from ..events import ParticipationEvent
from ..models import Agreement, AgreementAcceptance, Participant
from ..states import AgreementKind, ParticipantStatus
from .common import (
    _lock_procurement,
    _require_bid_manager,
    _require_buyer,
    lock_participant,
    transition_participant,
)


@transaction.atomic
def issue_agreement(*, actor: User, procurement: Procurement, kind: str, title: str, text: str):
    """Issue a new version of the procurement's NDA or ethical walls agreement. It supersedes
    the previous version: suppliers who accepted that one lose access until they accept this."""
    procurement = _lock_procurement(procurement)
    _require_buyer(actor, procurement)
    versions = Agreement.objects.filter(procurement=procurement, kind=kind).order_by("-version")
    current = versions.first()
    rules.check_new_agreement(
        procurement_status=procurement.status,
        kind=kind,
        title=title,
        text=text,
        current=(
            rules.AgreementVersion(
                version=current.version, title=current.title, sha256=current.sha256
            )
            if current is not None
            else None
        ),
    )
    title, text = title.strip(), text.strip()
    sha256 = rules.sha256_of_text(text)
    agreement = Agreement.objects.create(
        procurement=procurement,
        kind=kind,
        version=(current.version + 1) if current else 1,
        title=title,
        text=text,
        sha256=sha256,
        created_at=clock.now(),
        created_by=actor,
    )
    audit.record(
        actor=actor,
        event_type=ParticipationEvent.AGREEMENT_ISSUED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        before={"version": current.version, "sha256": current.sha256} if current else {},
        after={
            "agreement_id": agreement.pk,
            "kind": AgreementKind(kind).label.lower(),
            "kind_code": kind,
            "version": agreement.version,
            "title": title,
            "sha256": sha256,
        },
    )
    return agreement


@transaction.atomic
def express_interest(
    *, actor: User, procurement: Procurement, supplier: Organisation
) -> Participant:
    """A supplier says it wants to take part in a published procurement. It then sees the
    agreements to accept; nothing else until it has accepted them. Where the procurement does
    not keep its documents behind agreements, it is admitted at once."""
    procurement = _lock_procurement(procurement)
    _require_bid_manager(actor, supplier)
    rules.check_may_express_interest(
        competitive_flexible=procurement.is_competitive_flexible,
        status=procurement.status,
        already_interested=Participant.objects.filter(
            procurement=procurement, supplier=supplier
        ).exists(),
        supplier=supplier.name,
        deadline=(
            procurement.participation_deadline
            if procurement.is_competitive_flexible
            else procurement.tender_deadline
        ),
        now=clock.now(),
    )
    participant = Participant.objects.create(
        procurement=procurement,
        supplier=supplier,
        status=ParticipantStatus.INTERESTED,
        interest_expressed_at=clock.now(),
        interest_expressed_by=actor,
    )
    audit.record(
        actor=actor,
        event_type=ParticipationEvent.INTEREST_EXPRESSED,
        obj=participant,
        organisation_id=procurement.authority_id,
        after={"supplier": supplier.name, "status": participant.status},
    )
    if not procurement.documents_behind_agreements:
        # No agreements to accept (the procurement's set-up): admitted at once.
        transition_participant(
            participant,
            ParticipantStatus.ADMITTED,
            actor=actor,
            event_type=ParticipationEvent.ADMITTED,
            stamp="admitted_at",
            at=participant.interest_expressed_at,
        )
    return participant


@transaction.atomic
def accept_agreement(
    *, actor: User, participant: Participant, agreement: Agreement
) -> AgreementAcceptance:
    """The supplier accepts the current version of one agreement (who, when, which version).
    When every required agreement is accepted at its current version, an interested supplier is
    admitted: it may see the documents and take part."""
    procurement, participant = lock_participant(participant)
    _require_bid_manager(actor, participant.supplier)
    if agreement.procurement_id != procurement.pk:
        raise NotFound()
    current = selectors.current_agreements(procurement)[agreement.kind]
    rules.check_acceptance(
        procurement_status=procurement.status,
        participant_status=participant.status,
        kind=agreement.kind,
        version=agreement.version,
        current_version=current.version,
        is_current=current.pk == agreement.pk,
        already_accepted=AgreementAcceptance.objects.filter(
            participant=participant, agreement=agreement
        ).exists(),
    )
    now = clock.now()
    acceptance = AgreementAcceptance.objects.create(
        participant=participant, agreement=agreement, accepted_by=actor, accepted_at=now
    )
    audit.record(
        actor=actor,
        event_type=ParticipationEvent.AGREEMENT_ACCEPTED,
        obj=participant,
        organisation_id=procurement.authority_id,
        after={
            "supplier": participant.supplier.name,
            "agreement_id": agreement.pk,
            "kind": agreement.get_kind_display().lower(),
            "kind_code": agreement.kind,
            "version": agreement.version,
            "sha256": agreement.sha256,
        },
    )
    current_ids = {kind: a.pk for kind, a in selectors.current_agreements(procurement).items()}
    if participant.status == ParticipantStatus.INTERESTED and rules.gate_is_current(
        current_ids, selectors.accepted_agreement_ids(participant)
    ):
        transition_participant(
            participant,
            ParticipantStatus.ADMITTED,
            actor=actor,
            event_type=ParticipationEvent.ADMITTED,
            stamp="admitted_at",
            at=now,
        )
    return acceptance
