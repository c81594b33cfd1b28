"""Every allowed and forbidden move of an evaluator's assignment and of an award decision."""

import pytest

from procura.evaluation.states import (
    ASSIGNMENT_TRANSITIONS,
    DECISION_TRANSITIONS,
    AssignmentStatus,
    AwardDecisionStatus,
    can_transition_assignment,
    can_transition_decision,
)

A = AssignmentStatus
D = AwardDecisionStatus

ALLOWED_ASSIGNMENT_MOVES = {
    (A.AWAITING_DECLARATION, A.CLEARED),
    (A.AWAITING_DECLARATION, A.CONFLICTED),
    (A.AWAITING_DECLARATION, A.REMOVED),
    (A.CLEARED, A.SUBMITTED),
    (A.CLEARED, A.CONFLICTED),
    (A.CLEARED, A.REMOVED),
    (A.SUBMITTED, A.CONFLICTED),
    (A.REMOVED, A.AWAITING_DECLARATION),
}


@pytest.mark.parametrize("current", list(A))
@pytest.mark.parametrize("target", list(A))
def test_assignment_moves(current, target):
    assert can_transition_assignment(current, target) is (
        (current, target) in ALLOWED_ASSIGNMENT_MOVES
    )


def test_every_assignment_status_has_a_row_in_the_table():
    assert set(ASSIGNMENT_TRANSITIONS) == set(A)


ALLOWED_DECISION_MOVES = {(D.PROPOSED, D.APPROVED), (D.PROPOSED, D.RETURNED)}


@pytest.mark.parametrize("current", list(D))
@pytest.mark.parametrize("target", list(D))
def test_award_decision_moves(current, target):
    assert can_transition_decision(current, target) is ((current, target) in ALLOWED_DECISION_MOVES)


def test_every_decision_status_has_a_row_in_the_table():
    assert set(DECISION_TRANSITIONS) == set(D)
