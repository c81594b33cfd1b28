"""What the evaluation services share: the statuses they run in, the guards every write starts
with, the evaluator assignment's status move and the check of a set of scores."""

from __future__ import annotations

from collections.abc import Sequence

from procura.accounts.models import User
from procura.accounts.selectors import has_role
from procura.accounts.states import Role
from procura.core.errors import DomainError, NotFound
from procura.procurements.models import Procurement
from procura.procurements.states import Status

from .. import rules, selectors
from ..models import EvaluatorAssignment
from ..rules import ScoreInput
from ..states import AssignmentStatus, can_transition_assignment

ACT = rules.ACT
REGULATIONS = rules.REGULATIONS
PANEL_OPEN = rules.PANEL_OPEN
DECLARATIONS_OPEN = rules.DECLARATIONS_OPEN


def _require_buyer(actor: User, procurement: Procurement) -> None:
    if not has_role(actor, Role.BUYER, procurement.authority):
        raise DomainError("forbidden_action", "Only a buyer of the authority can do this.")


def _refuse_unless_evaluating(procurement: Procurement) -> None:
    """Scores, reviews and moderation change only in evaluation, before an award is proposed."""
    rules.check_evaluating(
        procurement_status=procurement.status,
        award_proposed=procurement.status == Status.EVALUATION
        and selectors.live_decision(procurement) is not None,
    )


def _move_assignment(assignment: EvaluatorAssignment, target: str, message: str) -> str:
    if not can_transition_assignment(assignment.status, target):
        raise DomainError("invalid_transition", message)
    before = assignment.status
    assignment.status = target
    return before


def _scorer(actor: User, procurement: Procurement) -> EvaluatorAssignment:
    """The actor's place on the panel, if it lets them see the tenders (the ethical wall)."""
    assignment = selectors.assignment_of(actor, procurement)
    if assignment is None or assignment.status in (
        AssignmentStatus.REMOVED,
        AssignmentStatus.CONFLICTED,
    ):
        raise NotFound()
    rules.check_may_score(assignment.status)
    return assignment


def _refuse_if_walled_off(actor: User, procurement: Procurement) -> None:
    """A buyer who declared a conflict takes no part in reviewing or moderating tenders."""
    assignment = selectors.assignment_of(actor, procurement)
    if assignment is not None and assignment.status == AssignmentStatus.CONFLICTED:
        raise NotFound()


def _check_scores(
    procurement: Procurement, scores: Sequence[ScoreInput], *, text_check, text_name: str
) -> dict:
    """Every score checked at once (`rules.check_scores`); the quality criteria by id."""
    criteria = {c.pk: c for c in selectors.quality_criteria(procurement)}
    rules.check_scores(
        scores,
        {c.id: c for c in selectors.as_rule_criteria(list(criteria.values()))},
        text_check=text_check,
        text_name=text_name,
    )
    return criteria
