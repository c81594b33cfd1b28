"""Every allowed and every forbidden move of a supplier through a procurement."""

import itertools

import pytest

from procura.participation.states import TRANSITIONS, ParticipantStatus, can_transition

P = ParticipantStatus
ALLOWED = {
    (P.INTERESTED, P.ADMITTED),
    (P.INTERESTED, P.WITHDRAWN),
    (P.ADMITTED, P.SUBMITTED),
    (P.ADMITTED, P.INVITED),
    (P.ADMITTED, P.EXCLUDED),
    (P.ADMITTED, P.WITHDRAWN),
    (P.SUBMITTED, P.EXCLUDED),
    (P.SUBMITTED, P.NOT_SHORTLISTED),
    (P.SUBMITTED, P.INVITED),
    (P.SUBMITTED, P.WITHDRAWN),
    (P.INVITED, P.EXCLUDED),
    (P.INVITED, P.WITHDRAWN),
}


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_an_allowed_move(current, target):
    assert can_transition(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    sorted(set(itertools.product(P.values, P.values)) - {(str(a), str(b)) for a, b in ALLOWED}),
)
def test_a_forbidden_move(current, target):
    assert not can_transition(current, target)


def test_every_status_has_a_row_in_the_table():
    assert set(TRANSITIONS) == set(P.values)


def test_excluded_not_shortlisted_and_withdrawn_are_final():
    assert (
        TRANSITIONS[P.EXCLUDED]
        == TRANSITIONS[P.NOT_SHORTLISTED]
        == TRANSITIONS[P.WITHDRAWN]
        == frozenset()
    )
