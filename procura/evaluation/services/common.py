"""What the evaluation services share: the statuses they run in, the guards every write starts
with, the evaluator assignment's status move and the check of a set of scores."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from procura.accounts.selectors import has_role
from procura.accounts.states import Role
from procura.core.errors import DomainError, NotFound, RuleViolation
from procura.procurements.models import Procurement
from procura.procurements.states import Status

from .. import errors, rules, selectors
from ..models import EvaluatorAssignment
from ..states import AssignmentStatus, can_transition_assignment

ACT = "Procurement Act 2023"
REGULATIONS = "Procurement Regulations 2024"

# Statuses in which the panel may still be formed: the tender notice is out, no award decided.
PANEL_OPEN = frozenset(
    {
        Status.DRAFT,
        Status.PARTICIPATION_OPEN,
        Status.PARTICIPATION_CLOSED,
        Status.TENDERING_OPEN,
        Status.TENDERS_CLOSED,
        Status.EVALUATION,
    }
)
# Statuses in which a conflict can still be declared (s.83(5): kept under review until the end).
DECLARATIONS_OPEN = PANEL_OPEN | {Status.AWARD_DECIDED, Status.STANDSTILL}


@dataclass(frozen=True)
class ScoreInput:
    """One score as given: a criterion, a whole-number score and the words explaining it."""

    criterion_id: int
    score: int
    text: str


def _require_buyer(actor, procurement: Procurement) -> None:
    if not has_role(actor, Role.BUYER, procurement.authority):
        raise DomainError("forbidden_action", "Only a buyer of the authority can do this.")


def _closed(message: str) -> DomainError:
    return DomainError(errors.EVALUATION_CLOSED, message)


def _refuse_unless_evaluating(procurement: Procurement) -> None:
    """Scores, reviews and moderation change only in evaluation, before an award is proposed."""
    if procurement.status in PANEL_OPEN and procurement.status != Status.EVALUATION:
        raise DomainError(
            errors.TENDERS_SEALED, "The tenders have not been opened yet: nothing can be scored."
        )
    if procurement.status != Status.EVALUATION:
        status = procurement.get_status_display().lower()
        raise _closed(f"The evaluation is over: the procurement is {status}.")
    if selectors.live_decision(procurement) is not None:
        raise _closed(
            "An award has been proposed, so the scores are frozen. The approver can return the "
            "proposal if anything needs to change."
        )


def _move_assignment(assignment: EvaluatorAssignment, target: str, message: str) -> str:
    if not can_transition_assignment(assignment.status, target):
        raise DomainError("invalid_transition", message)
    before = assignment.status
    assignment.status = target
    return before


def _scorer(actor, procurement: Procurement) -> EvaluatorAssignment:
    """The actor's place on the panel, if it lets them see the tenders (the ethical wall)."""
    assignment = selectors.assignment_of(actor, procurement)
    if assignment is None or assignment.status in (
        AssignmentStatus.REMOVED,
        AssignmentStatus.CONFLICTED,
    ):
        raise NotFound()
    if assignment.status == AssignmentStatus.AWAITING_DECLARATION:
        raise DomainError(
            errors.CONFLICTS_NOT_DECLARED,
            "Declare whether you have any conflict of interest before you see the tenders.",
            section=f"{ACT} s.81",
        )
    if assignment.status == AssignmentStatus.SUBMITTED:
        raise DomainError(
            errors.SCORES_SUBMITTED, "You have submitted your scores: they can no longer change."
        )
    return assignment


def _refuse_if_walled_off(actor, procurement: Procurement) -> None:
    """A buyer who declared a conflict takes no part in reviewing or moderating tenders."""
    assignment = selectors.assignment_of(actor, procurement)
    if assignment is not None and assignment.status == AssignmentStatus.CONFLICTED:
        raise NotFound()


def _check_scores(
    procurement: Procurement, scores: Sequence[ScoreInput], *, text_check, text_name: str
) -> dict:
    """Validate every score at once; refuse with the first problem and list them all."""
    if not scores:
        raise DomainError("invalid_input", "Give at least one score.")
    criteria = {c.pk: c for c in selectors.quality_criteria(procurement)}
    problems: list[RuleViolation] = []
    for given in scores:
        criterion = criteria.get(given.criterion_id)
        if criterion is None:
            problems.append(
                RuleViolation(
                    errors.NOT_A_QUALITY_CRITERION,
                    "Only the quality criteria are scored by the panel; price is scored by the "
                    "published formula.",
                    field=f"score-{given.criterion_id}",
                )
            )
            continue
        try:
            rules.check_score(given.score, criterion.max_score, field_name=f"score-{criterion.pk}")
        except RuleViolation as problem:
            problem.message = f"{criterion.title}: {problem.message}"
            problems.append(problem)
        try:
            text_check(given.text, field_name=f"{text_name}-{criterion.pk}")
        except RuleViolation as problem:
            problem.message = f"{criterion.title}: {problem.message}"
            problems.append(problem)
    if problems:
        first = problems[0]
        raise DomainError(
            first.code,
            first.message if len(problems) == 1 else " ".join(p.message for p in problems),
            section=first.section,
            field=first.field,
            details={
                "problems": [
                    {"code": p.code, "message": p.message, "field": p.field} for p in problems
                ]
            },
        )
    return criteria
