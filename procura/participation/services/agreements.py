"""The agreements gate: NDA and ethical walls versions, expressions of interest, acceptances
(which admit a supplier once every current agreement is accepted)."""

from django.db import transaction

from procura.accounts.models import Organisation
from procura.audit import services as audit
from procura.core import clock
from procura.core.errors import DomainError, NotFound
from procura.procurements.models import Procurement

from .. import errors, rules, selectors
from ..events import ParticipationEvent
from ..models import Agreement, AgreementAcceptance, Participant
from ..states import AgreementKind, ParticipantStatus
from .common import (
    FINISHED,
    _clean_text,
    _lock_procurement,
    _require_bid_manager,
    _require_buyer,
    lock_participant,
    transition_participant,
)


@transaction.atomic
def issue_agreement(*, actor, procurement: Procurement, kind: str, title: str, text: str):
    """Issue a new version of the procurement's NDA or ethical walls agreement. It supersedes
    the previous version: suppliers who accepted that one lose access until they accept this."""
    procurement = _lock_procurement(procurement)
    _require_buyer(actor, procurement)
    if procurement.status in FINISHED:
        raise DomainError(errors.PROCUREMENT_CLOSED, "The procurement has finished.")
    if kind not in AgreementKind.values:
        raise DomainError(errors.INVALID_INPUT, "Choose the kind of agreement.", field="kind")
    title = _clean_text(title, "title", "Enter the title of the agreement.")
    text = _clean_text(text, "text", "Enter the text of the agreement.")
    sha256 = rules.sha256_of_text(text)
    current = Agreement.objects.filter(procurement=procurement, kind=kind).order_by("-version")
    current = current.first()
    if current is not None and current.sha256 == sha256 and current.title == title:
        raise DomainError(
            errors.AGREEMENT_UNCHANGED,
            f"This is the same as version {current.version}: change the text to issue a new "
            "version.",
            field="text",
        )
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
def express_interest(*, actor, procurement: Procurement, supplier: Organisation) -> Participant:
    """A supplier says it wants to take part in a published procurement. It then sees the
    agreements to accept; nothing else until it has accepted them."""
    procurement = _lock_procurement(procurement)
    _require_bid_manager(actor, supplier)
    if not rules.open_for_interest(
        competitive_flexible=procurement.is_competitive_flexible, status=procurement.status
    ):
        raise DomainError(
            errors.NOT_OPEN_FOR_INTEREST,
            "This procurement is not open: interest can no longer be expressed.",
        )
    if Participant.objects.filter(procurement=procurement, supplier=supplier).exists():
        raise DomainError(
            errors.ALREADY_INTERESTED,
            f"{supplier.name} has already expressed interest in this procurement.",
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
    return participant


@transaction.atomic
def accept_agreement(
    *, actor, participant: Participant, agreement: Agreement
) -> AgreementAcceptance:
    """The supplier accepts the current version of one agreement (who, when, which version).
    When every required agreement is accepted at its current version, an interested supplier is
    admitted: it may see the documents and take part."""
    procurement, participant = lock_participant(participant)
    _require_bid_manager(actor, participant.supplier)
    if agreement.procurement_id != procurement.pk:
        raise NotFound()
    if procurement.status in FINISHED:
        raise DomainError(errors.PROCUREMENT_CLOSED, "The procurement has finished.")
    if participant.status == ParticipantStatus.WITHDRAWN:
        raise DomainError("withdrawn", "Your organisation has withdrawn from this procurement.")
    current = selectors.current_agreements(procurement)[agreement.kind]
    if current.pk != agreement.pk:
        raise DomainError(
            errors.AGREEMENT_SUPERSEDED,
            f"Version {agreement.version} of the {agreement.get_kind_display().lower()} has been "
            f"replaced by version {current.version}: read and accept the current version.",
        )
    if AgreementAcceptance.objects.filter(participant=participant, agreement=agreement).exists():
        raise DomainError(
            errors.ALREADY_ACCEPTED,
            f"Your organisation has already accepted version {agreement.version} of the "
            f"{agreement.get_kind_display().lower()}.",
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
