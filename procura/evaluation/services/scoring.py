"""Scoring: each evaluator on their own, then submitted and final."""

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
from ..models import EvaluatorAssignment, Score
from ..states import AssignmentStatus
from .common import ScoreInput, _check_scores, _move_assignment, _refuse_unless_evaluating, _scorer


@transaction.atomic
def record_scores(
    *, actor: User, procurement: Procurement, tender_id: int, scores: Sequence[ScoreInput]
) -> list[Score]:
    """An evaluator scores one tender against quality criteria, on their own: a whole number
    from 0 to the criterion's maximum, each with a justification. Changeable until submitted."""
    procurement = lock_procurement(procurement)
    assignment = _scorer(actor, procurement)
    _refuse_unless_evaluating(procurement)
    tender = selectors.tender_for_evaluation(procurement, tender_id)
    criteria = _check_scores(
        procurement, scores, text_check=rules.check_justification, text_name="justification"
    )
    existing = {
        s.criterion_id: s
        for s in Score.objects.select_for_update().filter(
            assignment=assignment, tender_id=tender.tender_id
        )
    }
    now = clock.now()
    before, after, saved = [], [], []
    for given in scores:
        criterion = criteria[given.criterion_id]
        score = existing.get(criterion.pk)
        if score is not None:
            before.append(
                {"criterion": criterion.title, "score": score.score, "text": score.justification}
            )
            score.score, score.justification, score.recorded_at = given.score, given.text, now
            score.save(update_fields=["score", "justification", "recorded_at"])
        else:
            score = Score.objects.create(
                assignment=assignment,
                criterion=criterion,
                tender_id=tender.tender_id,
                supplier=tender.supplier,
                score=given.score,
                justification=given.text.strip(),
                recorded_at=now,
            )
        after.append({"criterion": criterion.title, "score": score.score, "text": given.text})
        saved.append(score)
    audit.record(
        actor=actor,
        event_type=EvaluationEvent.SCORES_RECORDED,
        obj=assignment,
        organisation_id=procurement.authority_id,
        before={"scores": before} if before else {},
        after={"supplier": tender.supplier.name, "tender_id": tender.tender_id, "scores": after},
    )
    return saved


@transaction.atomic
def submit_scores(*, actor: User, procurement: Procurement) -> EvaluatorAssignment:
    """An evaluator submits: every tender scored against every quality criterion. Their scores
    are then final, and they may see the scores of the others who have submitted."""
    procurement = lock_procurement(procurement)
    assignment = _scorer(actor, procurement)
    _refuse_unless_evaluating(procurement)
    missing = selectors.missing_scores(
        assignment,
        selectors.tenders_for_evaluation(procurement),
        selectors.quality_criteria(procurement),
    )
    rules.check_scores_complete([(t.tender_id, c.pk) for t, c in missing])
    before = _move_assignment(assignment, AssignmentStatus.SUBMITTED, "Scores cannot be submitted.")
    assignment.submitted_at = clock.now()
    assignment.save(update_fields=["status", "submitted_at"])
    audit.record(
        actor=actor,
        event_type=EvaluationEvent.SCORES_SUBMITTED,
        obj=assignment,
        organisation_id=procurement.authority_id,
        before={"status": before},
        after={"status": assignment.status, "scores": assignment.scores.count()},
    )
    return assignment
