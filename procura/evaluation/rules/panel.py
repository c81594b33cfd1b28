"""When the evaluation's steps may be taken, and the panel and its conflicts of interest
(Procurement Act 2023 ss.81-83)."""

from __future__ import annotations

from collections.abc import Sequence

from procura.accounts.states import OrganisationKind
from procura.core.errors import RuleViolation
from procura.procurements.states import Status

from .. import errors
from ..states import AssignmentStatus
from .common import ACT

#: Statuses in which the panel may still be formed: the tender notice is out, no award decided.
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


#: Statuses in which a conflict can still be declared (s.83(5): kept under review until the end).
DECLARATIONS_OPEN = PANEL_OPEN | {Status.AWARD_DECIDED, Status.STANDSTILL}


def check_evaluating(*, procurement_status: str, award_proposed: bool) -> None:
    """Scores, abnormally-low reviews and moderation change only while the tenders are being
    evaluated: once opened (before, they are sealed: s.54(2)) and until an award is proposed. A
    house rule: the proposal freezes the record that the approver signs off."""
    if procurement_status in PANEL_OPEN and procurement_status != Status.EVALUATION:
        raise RuleViolation(
            errors.TENDERS_SEALED, "The tenders have not been opened yet: nothing can be scored."
        )
    if procurement_status != Status.EVALUATION:
        status = Status(procurement_status).label.lower()
        raise RuleViolation(
            errors.EVALUATION_CLOSED, f"The evaluation is over: the procurement is {status}."
        )
    if award_proposed:
        raise RuleViolation(
            errors.EVALUATION_CLOSED,
            "An award has been proposed, so the scores are frozen. The approver can return the "
            "proposal if anything needs to change.",
        )


def check_panel_open(*, procurement_status: str, award_proposed: bool) -> None:
    """The panel is formed and changed until an award is proposed (a house rule: those who
    scored are the ones whose scores the approver signs off)."""
    if procurement_status not in PANEL_OPEN or award_proposed:
        raise RuleViolation(
            errors.EVALUATION_CLOSED, "The panel cannot change once an award has been proposed."
        )


def check_assignable(
    *, is_evaluator: bool, evaluator: str, authority: str, assignment_status: str | None
) -> None:
    """Only a person who holds the evaluator role in the authority sits on its panel, once
    (house rules); one taken off may be put back."""
    if not is_evaluator:
        raise RuleViolation(
            errors.NOT_AN_EVALUATOR,
            f"{evaluator} is not an evaluator of {authority}.",
            field="evaluator",
        )
    if assignment_status is not None and assignment_status != AssignmentStatus.REMOVED:
        raise RuleViolation(
            errors.ALREADY_ASSIGNED,
            f"{evaluator} is already on the evaluation panel.",
            field="evaluator",
        )


def check_declaration(
    *,
    procurement_status: str,
    assignment_status: str,
    has_conflict: bool,
    supplier_kinds: Sequence[str],
    description: str,
) -> None:
    """An evaluator declares no conflict of interest once, before seeing the tenders, or a
    conflict at any time until the procurement is over (kept under review, s.83(5)): naming the
    suppliers and describing the interest and how it arises (s.81(2))."""
    if procurement_status not in DECLARATIONS_OPEN:
        raise RuleViolation(
            errors.EVALUATION_CLOSED, "The procurement is over: declarations are closed."
        )
    if not has_conflict:
        if assignment_status != AssignmentStatus.AWAITING_DECLARATION:
            raise RuleViolation(
                errors.ALREADY_DECLARED,
                "You have already made your declaration for this procurement. If a conflict has "
                "arisen since, declare it.",
            )
        return
    if assignment_status == AssignmentStatus.CONFLICTED:
        raise RuleViolation(
            errors.ALREADY_DECLARED, "You have already declared a conflict of interest."
        )
    if not supplier_kinds:
        raise RuleViolation(
            errors.SUPPLIERS_REQUIRED,
            "Choose the suppliers you have a conflict of interest with.",
            section=f"{ACT} s.81",
            field="suppliers",
        )
    if any(kind != OrganisationKind.SUPPLIER for kind in supplier_kinds):
        raise RuleViolation("invalid_input", "Choose suppliers only.", field="suppliers")
    if not description.strip():
        raise RuleViolation(
            errors.DESCRIPTION_REQUIRED,
            "Describe the conflict of interest: the interest and how it arises.",
            section=f"{ACT} s.81(2)",
            field="description",
        )


def check_may_score(assignment_status: str) -> None:
    """An evaluator sees and scores the tenders only after declaring no conflict (s.81, s.82:
    the ethical wall), and until they submit their scores (then final: a house rule)."""
    if assignment_status == AssignmentStatus.AWAITING_DECLARATION:
        raise RuleViolation(
            errors.CONFLICTS_NOT_DECLARED,
            "Declare whether you have any conflict of interest before you see the tenders.",
            section=f"{ACT} s.81",
        )
    if assignment_status == AssignmentStatus.SUBMITTED:
        raise RuleViolation(
            errors.SCORES_SUBMITTED, "You have submitted your scores: they can no longer change."
        )
