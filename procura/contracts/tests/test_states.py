"""Every allowed and forbidden move of a framework agreement or contract."""

import pytest

from procura.contracts.states import TRANSITIONS, AgreementStatus, can_transition

S = AgreementStatus
ALLOWED = {(S.ACTIVE, S.EXPIRED), (S.ACTIVE, S.TERMINATED)}


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("target", list(S))
def test_moves(current, target):
    assert can_transition(current, target) is ((current, target) in ALLOWED)


def test_every_status_has_a_row():
    assert set(TRANSITIONS) == set(S)
