"""Moderation: the consensus score of each tender, once the whole panel has submitted."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from procura.accounts.models import User
from procura.audit import services as audit
from procura.core import clock
from procura.procurements.models import Procurement
from procura.procurements.services import lock_procurement

from .. import rules, selectors
from ..events import EvaluationEvent
from ..models import ConsensusScore
from .common import (
    ScoreInput,
    _check_scores,
    _refuse_if_walled_off,
    _refuse_unless_evaluating,
    _require_buyer,
)


@transaction.atomic
def record_consensus_scores(
    *, actor: User, procurement: Procurement, tender_id: int, scores: Sequence[ScoreInput]
) -> list[ConsensusScore]:
    """The buyer records the moderated (consensus) score for one tender against quality
    criteria, each with its rationale, once every evaluator on the panel has submitted."""
    procurement = lock_procurement(procurement)
    _require_buyer(actor, procurement)
    _refuse_if_walled_off(actor, procurement)
    _refuse_unless_evaluating(procurement)
    rules.check_moderation_open(selectors.panel_has_submitted(procurement))
    tender = selectors.tender_for_evaluation(procurement, tender_id)
    rules.check_not_disregarded(
        disregarded=tender.tender_id in selectors.disregarded_tender_ids(procurement),
        supplier=str(tender.supplier),
    )
    criteria = _check_scores(
        procurement, scores, text_check=rules.check_rationale, text_name="rationale"
    )
    existing = {
        c.criterion_id: c
        for c in ConsensusScore.objects.select_for_update().filter(
            procurement=procurement, tender_id=tender.tender_id
        )
    }
    now = clock.now()
    before, after, saved = [], [], []
    for given in scores:
        criterion = criteria[given.criterion_id]
        consensus = existing.get(criterion.pk)
        if consensus is not None:
            before.append(
                {
                    "criterion": criterion.title,
                    "score": consensus.score,
                    "text": consensus.rationale,
                }
            )
            consensus.score, consensus.rationale = given.score, given.text.strip()
            consensus.recorded_by, consensus.recorded_at = actor, now
            consensus.save(update_fields=["score", "rationale", "recorded_by", "recorded_at"])
        else:
            consensus = ConsensusScore.objects.create(
                procurement=procurement,
                criterion=criterion,
                tender_id=tender.tender_id,
                supplier=tender.supplier,
                score=given.score,
                rationale=given.text.strip(),
                recorded_by=actor,
                recorded_at=now,
            )
        after.append({"criterion": criterion.title, "score": given.score, "text": given.text})
        saved.append(consensus)
    audit.record(
        actor=actor,
        event_type=EvaluationEvent.CONSENSUS_RECORDED,
        object_type="evaluation.tender",
        object_id=f"{procurement.pk}-{tender.tender_id}",
        object_repr=f"Tender of {tender.supplier} for {procurement.reference}",
        organisation_id=procurement.authority_id,
        before={"scores": before} if before else {},
        after={"supplier": tender.supplier.name, "tender_id": tender.tender_id, "scores": after},
    )
    return saved
