"""The shortlist (s.20(4)(a), s.27) and the invitation to tender (s.54(4))."""

from collections.abc import Mapping
from datetime import datetime

from django.db import transaction

from procura.accounts.models import User
from procura.audit import services as audit
from procura.core import clock
from procura.procurements import services as procurement_services
from procura.procurements.models import Procurement
from procura.procurements.states import Status

from .. import rules
from ..events import ParticipationEvent
from ..models import ExclusionDecision, Participant
from ..states import ParticipantStatus
from .common import _lock_procurement, _move, _require_buyer, _require_competitive_flexible


def _participation_closed_or_refuse(procurement: Procurement, doing: str) -> Procurement:
    """Refused unless the participation stage is over. A deadline the clock has passed is
    closed first, through the deadline service, so nobody waits for the scheduled job."""
    procurement = procurement_services.close_passed_deadlines(procurement=procurement)
    rules.check_participation_closed(
        procurement_status=procurement.status,
        deadline=procurement.participation_deadline,
        doing=doing,
    )
    return procurement


@transaction.atomic
def decide_shortlist(
    *,
    actor: User,
    procurement: Procurement,
    shortlisted: Mapping[int, str],
    not_shortlisted: Mapping[int, str],
) -> list[Participant]:
    """Shortlist at most the number of suppliers the tender notice stated (s.20(4)(a); reg
    19(2)(d)) among those that submitted and are not excluded, once exclusion has been decided
    for each of them (s.27). `shortlisted` and `not_shortlisted` map participant ids to the
    reasons each supplier will see; every eligible supplier is in exactly one of them."""
    procurement = _lock_procurement(procurement)
    _require_buyer(actor, procurement)
    _require_competitive_flexible(procurement)
    procurement = _participation_closed_or_refuse(procurement, "decide the shortlist")
    participants = list(
        Participant.objects.select_for_update(of=("self",))
        .filter(procurement=procurement)
        .select_related("supplier")
        .order_by("supplier__name", "pk")
    )
    by_id = {p.pk: p for p in participants}
    shortlisted = {int(k): v for k, v in shortlisted.items()}
    not_shortlisted = {int(k): v for k, v in not_shortlisted.items()}
    eligible = [p.pk for p in participants if p.status == ParticipantStatus.SUBMITTED]
    decided = set(
        ExclusionDecision.objects.filter(participant_id__in=eligible).values_list(
            "participant_id", flat=True
        )
    )
    rules.check_shortlist(
        candidates=[
            rules.Candidate(
                id=p.pk, name=p.supplier.name, status=p.status, exclusion_decided=p.pk in decided
            )
            for p in participants
        ],
        shortlisted=shortlisted,
        not_shortlisted=not_shortlisted,
        maximum=procurement.max_shortlist,
    )
    now = clock.now()
    changed = []
    for participant_id, reason in shortlisted.items():
        participant = by_id[participant_id]
        _move(participant, ParticipantStatus.INVITED)
        participant.decision_reason, participant.decided_at = reason.strip(), now
        changed.append(participant)
    for participant_id, reason in not_shortlisted.items():
        participant = by_id[participant_id]
        _move(participant, ParticipantStatus.NOT_SHORTLISTED)
        participant.decision_reason, participant.decided_at = reason.strip(), now
        changed.append(participant)
    Participant.objects.bulk_update(changed, ["status", "decision_reason", "decided_at"])
    audit.record(
        actor=actor,
        event_type=ParticipationEvent.SHORTLIST_DECIDED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        after={
            "shortlisted_count": len(shortlisted),
            "not_shortlisted_count": len(not_shortlisted),
            "max_shortlist": procurement.max_shortlist,
            "shortlisted": {by_id[i].supplier.name: r.strip() for i, r in shortlisted.items()},
            "not_shortlisted": {
                by_id[i].supplier.name: r.strip() for i, r in not_shortlisted.items()
            },
        },
    )
    return sorted(changed, key=lambda p: (p.supplier.name, p.pk))


@transaction.atomic
def invite_to_tender(
    *, actor: User, procurement: Procurement, tender_deadline: datetime
) -> Procurement:
    """Invite the shortlisted suppliers to tender by `tender_deadline`, which must leave the
    minimum tendering period for pre-selected suppliers (s.54(4) entry 3: 10 days for an
    authority that is not central government; entry 2: none if a period was agreed with each of
    them). Opens the tender stage."""
    procurement = _lock_procurement(procurement)
    _require_buyer(actor, procurement)
    _require_competitive_flexible(procurement)
    procurement = _participation_closed_or_refuse(procurement, "invite suppliers to tender")
    invited = list(
        Participant.objects.filter(procurement=procurement, status=ParticipantStatus.INVITED)
        .select_related("supplier")
        .order_by("supplier__name")
    )
    rules.check_invitation(invited=len(invited), tender_deadline=tender_deadline)
    facts = rules.invitation_tendering_facts(
        procurement.tendering_facts, urgency=procurement.urgency
    )
    earliest = rules.check_invitation_deadline(
        invited=clock.today(), deadline=tender_deadline, now=clock.now(), facts=facts
    )
    procurement.tender_deadline = tender_deadline
    procurement.tendering_opened_at = clock.now()
    procurement.save(update_fields=["tender_deadline", "tendering_opened_at"])
    procurement_services.transition(
        procurement,
        Status.TENDERING_OPEN,
        actor=actor,
        event_type=ParticipationEvent.INVITED_TO_TENDER,
        after={
            "tender_deadline": tender_deadline,
            "tender_deadline_text": clock.format_datetime(tender_deadline),
            "tendering_opened_at": procurement.tendering_opened_at,
            "earliest_allowed_deadline": earliest,
            "invited": [p.supplier.name for p in invited],
        },
    )
    return procurement
