"""The lifecycle of a procurement as data: every allowed move, and the moves it refuses."""

import itertools

import pytest

from procura.core.errors import DomainError
from procura.procurements.models import Procurement
from procura.procurements.services import move
from procura.procurements.states import (
    BEFORE_PARTICIPATION_DEADLINE,
    PUBLISHED,
    TRANSITIONS,
    Status,
    can_transition,
)

S = Status
ALLOWED = [
    (S.DRAFT, S.PARTICIPATION_OPEN),
    (S.DRAFT, S.TENDERING_OPEN),
    (S.PARTICIPATION_OPEN, S.PARTICIPATION_CLOSED),
    (S.PARTICIPATION_OPEN, S.TERMINATED),
    (S.PARTICIPATION_CLOSED, S.TENDERING_OPEN),
    (S.PARTICIPATION_CLOSED, S.TERMINATED),
    (S.TENDERING_OPEN, S.TENDERS_CLOSED),
    (S.TENDERING_OPEN, S.TERMINATED),
    (S.TENDERS_CLOSED, S.EVALUATION),
    (S.TENDERS_CLOSED, S.TERMINATED),
    (S.EVALUATION, S.AWARD_DECIDED),
    (S.EVALUATION, S.TERMINATED),
    (S.AWARD_DECIDED, S.STANDSTILL),
    (S.AWARD_DECIDED, S.TERMINATED),
    (S.STANDSTILL, S.CONTRACT_SIGNED),
    (S.STANDSTILL, S.TERMINATED),
]
FORBIDDEN = [pair for pair in itertools.product(list(Status), repeat=2) if pair not in set(ALLOWED)]


def test_the_table_is_exactly_the_allowed_moves():
    table = {(source, target) for source, targets in TRANSITIONS.items() for target in targets}

    assert table == set(ALLOWED)
    assert set(TRANSITIONS) == set(Status)


@pytest.mark.parametrize(("current", "target"), ALLOWED)
def test_an_allowed_move_is_made(current, target):
    procurement = Procurement(status=current)

    assert can_transition(current, target) is True
    move(procurement, target)

    assert procurement.status == target


@pytest.mark.parametrize(("current", "target"), FORBIDDEN)
def test_a_forbidden_move_is_refused_and_the_status_is_unchanged(current, target):
    procurement = Procurement(status=current)

    assert can_transition(current, target) is False
    with pytest.raises(DomainError) as refused:
        move(procurement, target)

    assert refused.value.code == "invalid_transition"
    assert procurement.status == current


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.DRAFT, S.TERMINATED),  # a draft is abandoned, not terminated (no notice to withdraw)
        (S.DRAFT, S.CONTRACT_SIGNED),
        (S.PARTICIPATION_OPEN, S.TENDERING_OPEN),  # the deadline must pass first
        (S.TENDERING_OPEN, S.EVALUATION),  # tenders stay sealed until the deadline
        (S.EVALUATION, S.STANDSTILL),  # the award decision comes first
        (S.AWARD_DECIDED, S.CONTRACT_SIGNED),  # no contract without standstill (s.51)
        (S.TERMINATED, S.DRAFT),
        (S.TERMINATED, S.PARTICIPATION_OPEN),
        (S.CONTRACT_SIGNED, S.TERMINATED),
        (S.PARTICIPATION_CLOSED, S.PARTICIPATION_OPEN),  # a passed deadline is never reopened
    ],
)
def test_the_moves_that_matter_most_are_forbidden(current, target):
    assert can_transition(current, target) is False


def test_terminated_and_contract_signed_are_final():
    assert TRANSITIONS[S.TERMINATED] == frozenset()
    assert TRANSITIONS[S.CONTRACT_SIGNED] == frozenset()


def test_an_unknown_status_can_go_nowhere():
    assert can_transition("cancelled", S.DRAFT) is False


def test_every_status_but_draft_has_a_public_tender_notice():
    assert PUBLISHED == frozenset(Status) - {S.DRAFT}


def test_only_a_draft_or_an_open_participation_stage_is_before_the_participation_deadline():
    assert BEFORE_PARTICIPATION_DEADLINE == {S.DRAFT, S.PARTICIPATION_OPEN}
