"""The award decision: proposed by a buyer, approved or returned by a different approver."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from procura.accounts.models import User
from procura.accounts.selectors import has_role
from procura.accounts.states import Role
from procura.audit import services as audit
from procura.core import clock
from procura.core.errors import DomainError
from procura.participation import selectors as participation_selectors
from procura.procurements.models import Procurement
from procura.procurements.services import lock_procurement, transition
from procura.procurements.states import Status

from .. import rules, selectors, snapshot
from ..events import EvaluationEvent
from ..models import AwardDecision, PreferredSupplier
from ..states import AwardDecisionStatus, can_transition_decision
from .common import _refuse_if_walled_off, _require_buyer


@transaction.atomic
def propose_award(
    *,
    actor: User,
    procurement: Procurement,
    tie_break_order: Sequence[int] = (),
    tie_break_reason: str = "",
) -> AwardDecision:
    """The buyer proposes the award: the top N assessed tenders (N = the framework's maximum
    number of suppliers, or 1) become the preferred suppliers; for a procurement divided into
    lots, the top N of each lot (N = the lot's own number), within the tender notice's limit on
    the lots one supplier may be awarded (s.23(4)). Refused while an abnormally low tender is
    undecided, an assessed tenderer has no exclusion decision on record (ss.26-28), the panel or
    moderation is incomplete, or a tie cannot be broken."""
    procurement = lock_procurement(procurement)
    _require_buyer(actor, procurement)
    _refuse_if_walled_off(actor, procurement)
    evaluating = procurement.status == Status.EVALUATION
    rules.check_may_propose_award(
        procurement_status=procurement.status,
        award_proposed=evaluating and selectors.live_decision(procurement) is not None,
        panel_submitted=evaluating and selectors.panel_has_submitted(procurement),
    )
    tenders = selectors.tenders_for_evaluation(procurement)
    undecided = [f for f in selectors.flagged_tenders(procurement, tenders) if f.review is None]
    order = [int(t) for t in tie_break_order]
    rules.check_award_proposal(
        undecided_abnormally_low=[(f.tender.tender_id, f.tender.supplier.name) for f in undecided],
        tie_break_order=order,
        tie_break_reason=tie_break_reason,
    )
    evaluation = selectors.build_evaluation(procurement, tie_break_order=order, tenders=tenders)
    by_id = {t.tender_id: t for t in tenders}
    considered = participation_selectors.exclusion_considered_supplier_ids(procurement)
    rules.check_exclusion_considered(
        [
            by_id[r.tender_id].supplier.name
            for r in evaluation.results
            if by_id[r.tender_id].supplier.pk not in considered
        ]
    )
    assessed_ids = {r.tender_id for r in evaluation.results}
    decision = AwardDecision.objects.create(
        procurement=procurement,
        status=AwardDecisionStatus.PROPOSED,
        results={
            "evaluation": snapshot.evaluation_to_json(evaluation),
            "supplier_ids": {str(t.tender_id): t.supplier.pk for t in tenders},
            "tenders_received": len(tenders),
            "sme_tenders_received": sum(1 for t in tenders if selectors.is_sme(t.supplier)),
            "disregarded_tender_ids": sorted(
                t.tender_id for t in tenders if t.tender_id not in assessed_ids
            ),
            **_lot_statistics(procurement, tenders),
        },
        tie_break_order=order,
        tie_break_reason=tie_break_reason.strip(),
        proposed_by=actor,
        proposed_at=clock.now(),
    )
    PreferredSupplier.objects.bulk_create(
        PreferredSupplier(
            decision=decision,
            tender_id=r.tender_id,
            supplier=by_id[r.tender_id].supplier,
            rank=r.rank,
            total=r.total,
            price=r.price,
            lot_id=by_id[r.tender_id].lot_id,
        )
        for r in evaluation.winners
    )
    winners = _winner_names(evaluation)
    audit.record(
        actor=actor,
        event_type=EvaluationEvent.AWARD_PROPOSED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        after={
            "decision_id": decision.pk,
            "winners": winners,
            "results": [
                {"supplier": r.supplier, "total": r.total, "rank": r.rank}
                for r in evaluation.results
            ],
            "tie_break_order": order,
            "tie_break_reason": decision.tie_break_reason,
        },
    )
    return decision


def _lot_statistics(procurement: Procurement, tenders) -> dict:
    """For a procurement divided into lots, the tenders received in each lot (UK6's bid
    statistics are per lot); nothing for one that is not."""
    groups = selectors.by_lot(procurement, tenders)
    if groups[0][0] is None:
        return {}
    return {
        "lot_statistics": [
            {
                "lot": lot.number,
                "tenders_received": len(group),
                "sme_tenders_received": sum(1 for t in group if selectors.is_sme(t.supplier)),
            }
            for lot, group in groups
        ]
    }


def _winner_names(evaluation: rules.Evaluation) -> str:
    if not evaluation.lots:
        return rules.and_list([r.supplier for r in evaluation.winners])
    parts = []
    for lot in evaluation.lots:
        names = [r.supplier for r in evaluation.winners if r.lot == lot.number]
        parts.append(f"lot {lot.number}: {rules.and_list(names) if names else 'none'}")
    return "; ".join(parts)


def _proposal(procurement: Procurement) -> AwardDecision:
    decision = selectors.live_decision(procurement)
    rules.check_awaiting_approval(decision.status if decision is not None else None)
    assert decision is not None  # the rule above refused otherwise
    return AwardDecision.objects.select_for_update().get(pk=decision.pk)


def _require_other_approver(actor: User, procurement: Procurement, decision: AwardDecision) -> None:
    if not has_role(actor, Role.APPROVER, procurement.authority):
        raise DomainError(
            "forbidden_action", "Only an approver of the authority can sign off an award."
        )
    rules.check_other_approver(proposed_by=decision.proposed_by_id, approver=actor.pk)


@transaction.atomic
def approve_award(*, actor: User, procurement: Procurement) -> AwardDecision:
    """An approver of the authority, not the proposer, signs off the award decision: the
    procurement's award is decided (status award decided)."""
    procurement = lock_procurement(procurement)
    decision = _proposal(procurement)
    _require_other_approver(actor, procurement, decision)
    if not can_transition_decision(decision.status, AwardDecisionStatus.APPROVED):
        raise DomainError("invalid_transition", "This award decision cannot be approved.")
    current = {t.tender_id for t in selectors.tenders_for_evaluation(procurement)}
    gone = [
        r.supplier
        for r in selectors.stored_evaluation(decision).results
        if r.tender_id not in current
    ]
    rules.check_proposal_current(gone)
    decision.status = AwardDecisionStatus.APPROVED
    decision.decided_by, decision.decided_at = actor, clock.now()
    decision.save(update_fields=["status", "decided_by", "decided_at"])
    transition(
        procurement,
        Status.AWARD_DECIDED,
        actor=actor,
        event_type=EvaluationEvent.AWARD_APPROVED,
        after={"decision_id": decision.pk},
    )
    return decision


@transaction.atomic
def return_award(*, actor: User, procurement: Procurement, reason: str) -> AwardDecision:
    """An approver returns the proposal without approving it, saying why; the buyer may then
    revise the moderation and propose again."""
    procurement = lock_procurement(procurement)
    decision = _proposal(procurement)
    _require_other_approver(actor, procurement, decision)
    rules.check_return_reason(reason)
    decision.status = AwardDecisionStatus.RETURNED
    decision.decided_by, decision.decided_at = actor, clock.now()
    decision.return_reason = reason.strip()
    decision.save(update_fields=["status", "decided_by", "decided_at", "return_reason"])
    audit.record(
        actor=actor,
        event_type=EvaluationEvent.AWARD_RETURNED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        after={"decision_id": decision.pk},
        reason=decision.return_reason,
    )
    return decision
