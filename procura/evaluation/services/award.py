"""The award decision: proposed by a buyer, approved or returned by a different approver."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from procura.accounts.selectors import has_role
from procura.accounts.states import Role
from procura.audit import services as audit
from procura.core import clock
from procura.core.errors import DomainError
from procura.procurements.models import Procurement
from procura.procurements.services import lock_procurement, transition
from procura.procurements.states import Status

from .. import errors, rules, selectors, snapshot
from ..events import EvaluationEvent
from ..models import AwardDecision, PreferredSupplier
from ..states import AwardDecisionStatus, can_transition_decision
from .common import ACT, PANEL_OPEN, _closed, _refuse_if_walled_off, _require_buyer


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@transaction.atomic
def propose_award(
    *,
    actor,
    procurement: Procurement,
    tie_break_order: Sequence[int] = (),
    tie_break_reason: str = "",
) -> AwardDecision:
    """The buyer proposes the award: the top N assessed tenders (N = the framework's maximum
    number of suppliers, or 1) become the preferred suppliers; for a procurement divided into
    lots, the top N of each lot (N = the lot's own number), within the tender notice's limit on
    the lots one supplier may be awarded (s.18(3)). Refused while an abnormally low tender is
    undecided, the panel or moderation is incomplete, or a tie cannot be broken."""
    procurement = lock_procurement(procurement)
    _require_buyer(actor, procurement)
    _refuse_if_walled_off(actor, procurement)
    if procurement.status != Status.EVALUATION:
        if procurement.status in PANEL_OPEN:
            raise DomainError(errors.TENDERS_SEALED, "The tenders have not been opened yet.")
        raise _closed("The award has already been decided.")
    if selectors.live_decision(procurement) is not None:
        raise DomainError(
            errors.AWARD_ALREADY_PROPOSED, "An award has already been proposed for approval."
        )
    if not selectors.panel_has_submitted(procurement):
        raise DomainError(
            errors.EVALUATION_INCOMPLETE,
            "Every evaluator on the panel must submit their scores before the award.",
        )
    tenders = selectors.tenders_for_evaluation(procurement)
    undecided = [f for f in selectors.flagged_tenders(procurement, tenders) if f.review is None]
    if undecided:
        names = _names([f.tender.supplier.name for f in undecided])
        raise DomainError(
            errors.ABNORMALLY_LOW_UNDECIDED,
            f"The price of {names} is abnormally low by the published test. Record the "
            "supplier's explanation and decide whether to accept or disregard the tender before "
            "the award decision.",
            section=f"{ACT} s.19(4)-(5)",
            details={"tender_ids": [f.tender.tender_id for f in undecided]},
        )
    order = [int(t) for t in tie_break_order]
    if order and not tie_break_reason.strip():
        raise DomainError(
            errors.TIE_BREAK_REASON_REQUIRED,
            "Give the reason for the order of the tied tenders.",
            field="tie_break_reason",
        )
    evaluation = selectors.build_evaluation(procurement, tie_break_order=order, tenders=tenders)
    by_id = {t.tender_id: t for t in tenders}
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
        return _names([r.supplier for r in evaluation.winners])
    parts = []
    for lot in evaluation.lots:
        names = [r.supplier for r in evaluation.winners if r.lot == lot.number]
        parts.append(f"lot {lot.number}: {_names(names) if names else 'none'}")
    return "; ".join(parts)


def _proposal(procurement: Procurement) -> AwardDecision:
    decision = selectors.live_decision(procurement)
    if decision is None or decision.status != AwardDecisionStatus.PROPOSED:
        raise DomainError(errors.NO_PROPOSAL, "There is no award proposal awaiting approval.")
    return AwardDecision.objects.select_for_update().get(pk=decision.pk)


def _require_other_approver(actor, procurement: Procurement, decision: AwardDecision) -> None:
    if not has_role(actor, Role.APPROVER, procurement.authority):
        raise DomainError(
            "forbidden_action", "Only an approver of the authority can sign off an award."
        )
    if decision.proposed_by_id == actor.pk:
        raise DomainError(
            errors.APPROVER_MUST_DIFFER,
            "The award must be signed off by a different person from the one who proposed it.",
        )


@transaction.atomic
def approve_award(*, actor, procurement: Procurement) -> AwardDecision:
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
    if gone:
        raise DomainError(
            "proposal_out_of_date",
            f"{_names(sorted(set(gone)))} withdrew from the procurement after this award decision "
            "was proposed: return it so that the buyer can propose it again without them.",
        )
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
def return_award(*, actor, procurement: Procurement, reason: str) -> AwardDecision:
    """An approver returns the proposal without approving it, saying why; the buyer may then
    revise the moderation and propose again."""
    procurement = lock_procurement(procurement)
    decision = _proposal(procurement)
    _require_other_approver(actor, procurement, decision)
    if not reason.strip():
        raise DomainError(
            errors.RETURN_REASON_REQUIRED,
            "Say why the proposal is returned.",
            field="reason",
        )
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
