"""The demo clock's rules: forwards only, at most 400 days at a time, one way of saying how far."""

from datetime import UTC, datetime, timedelta

import pytest

from procura.core.errors import DomainError
from procura.demo import rules

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("move", "expected"),
    [
        ({"by": timedelta(days=3)}, NOW + timedelta(days=3)),
        ({"by": timedelta(minutes=1)}, NOW + timedelta(minutes=1)),
        ({"by": timedelta(days=400)}, NOW + timedelta(days=400)),
        ({"to": NOW + timedelta(seconds=1)}, NOW + timedelta(seconds=1)),
        ({"to": datetime(2027, 1, 15, 12, tzinfo=UTC)}, datetime(2027, 1, 15, 12, tzinfo=UTC)),
    ],
    ids=["three-days", "a-minute", "400-days", "a-second", "to-a-date"],
)
def test_a_move_forward_lands_where_it_says(move, expected):
    assert rules.clock_target(now=NOW, **move) == expected


@pytest.mark.parametrize(
    ("move", "code"),
    [
        ({}, "clock_move_unclear"),
        ({"by": timedelta(days=1), "to": NOW + timedelta(days=1)}, "clock_move_unclear"),
        ({"by": timedelta(0)}, "clock_not_forward"),
        ({"by": timedelta(days=-1)}, "clock_not_forward"),
        ({"to": NOW}, "clock_not_forward"),
        ({"to": NOW - timedelta(hours=1)}, "clock_not_forward"),
        ({"by": timedelta(days=400, seconds=1)}, "clock_move_too_far"),
        ({"to": NOW + timedelta(days=401)}, "clock_move_too_far"),
        ({"to": datetime(2027, 1, 15, 12)}, "invalid_input"),  # noqa: DTZ001 - the point
    ],
    ids=[
        "neither",
        "both",
        "no-time",
        "backwards-by",
        "to-now",
        "backwards-to",
        "400-days-and-a-second",
        "401-days",
        "naive",
    ],
)
def test_a_move_that_is_not_forward_or_too_far_is_refused(move, code):
    with pytest.raises(DomainError) as refused:
        rules.clock_target(now=NOW, **move)

    assert refused.value.code == code
