"""Every allowed and forbidden move of a tender and of a tender-stage question."""

import itertools

import pytest

from procura.tendering.states import (
    QUESTION_TRANSITIONS,
    TRANSITIONS,
    QuestionStatus,
    TenderStatus,
    can_transition,
)

ALLOWED = {
    (TenderStatus.SUBMITTED, TenderStatus.SUPERSEDED),
    (TenderStatus.SUBMITTED, TenderStatus.WITHDRAWN),
}


@pytest.mark.parametrize(("current", "target"), list(itertools.product(TenderStatus, TenderStatus)))
def test_tender_moves(current, target):
    assert can_transition(current, target) is ((current, target) in ALLOWED)


def test_every_tender_status_has_a_row():
    assert set(TRANSITIONS) == set(TenderStatus)


def test_a_question_is_answered_once():
    assert QUESTION_TRANSITIONS == {
        QuestionStatus.OPEN: frozenset({QuestionStatus.ANSWERED}),
        QuestionStatus.ANSWERED: frozenset(),
    }
