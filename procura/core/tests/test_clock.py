"""The one clock: aware UTC instants, London wall-clock time for people."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from procura.core import clock


def test_now_is_aware_utc():
    # When
    moment = clock.now()

    # Then
    assert moment.tzinfo is UTC
    assert moment.utcoffset().total_seconds() == 0


def test_now_follows_time_machine():
    # Given
    frozen = datetime(2026, 3, 3, 12, 0, 0, tzinfo=UTC)

    # When
    with time_machine.travel(frozen, tick=False):
        moment = clock.now()

    # Then
    assert moment == frozen
    assert moment.tzinfo is UTC


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        # In winter London is on GMT, so 23:30 UTC is still the same day.
        (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), date(2026, 12, 31)),
        # In summer (BST, UTC+1) 23:30 UTC is 00:30 the next day in London.
        (datetime(2026, 6, 30, 23, 30, tzinfo=UTC), date(2026, 7, 1)),
    ],
)
def test_today_is_the_london_date(instant, expected):
    # Given / When
    with time_machine.travel(instant, tick=False):
        today = clock.today()

    # Then
    assert today == expected


def test_local_is_london_wall_clock_time_across_bst():
    # Given: the same UTC hour in winter (GMT) and summer (BST)
    winter = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    summer = datetime(2026, 7, 15, 9, 0, tzinfo=UTC)

    # When / Then
    assert clock.local(winter).hour == 9
    assert clock.local(summer).hour == 10
    assert clock.local(summer).tzinfo is clock.LONDON


def test_local_refuses_a_naive_datetime():
    # Given
    naive = datetime(2026, 3, 3, 12, 0)

    # When / Then
    with pytest.raises(ValueError, match="naive"):
        clock.local(naive)


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        # Winter: London is on GMT, so UTC reads unchanged.
        (datetime(2026, 3, 3, 12, 0, tzinfo=UTC), "midday on Tuesday 3 March 2026"),
        (datetime(2026, 3, 3, 9, 30, tzinfo=UTC), "9:30am on Tuesday 3 March 2026"),
        (datetime(2026, 3, 3, 0, 0, tzinfo=UTC), "midnight on Tuesday 3 March 2026"),
        (datetime(2026, 3, 3, 17, 0, tzinfo=UTC), "5pm on Tuesday 3 March 2026"),
        (datetime(2026, 3, 3, 12, 5, tzinfo=UTC), "12:05pm on Tuesday 3 March 2026"),
        (datetime(2026, 3, 3, 0, 45, tzinfo=UTC), "12:45am on Tuesday 3 March 2026"),
        # Summer: BST is UTC+1.
        (datetime(2026, 7, 14, 11, 0, tzinfo=UTC), "midday on Tuesday 14 July 2026"),
        (datetime(2026, 7, 14, 8, 30, tzinfo=UTC), "9:30am on Tuesday 14 July 2026"),
        # 23:00 UTC in summer is midnight of the next London day.
        (datetime(2026, 7, 14, 23, 0, tzinfo=UTC), "midnight on Wednesday 15 July 2026"),
        # The clocks go forward at 01:00 UTC on Sunday 29 March 2026.
        (datetime(2026, 3, 29, 0, 59, tzinfo=UTC), "12:59am on Sunday 29 March 2026"),
        (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "2am on Sunday 29 March 2026"),
        # The clocks go back at 01:00 UTC on Sunday 25 October 2026.
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "1:30am on Sunday 25 October 2026"),
        (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "1:30am on Sunday 25 October 2026"),
    ],
)
def test_format_datetime_reads_in_london_time(instant, expected):
    assert clock.format_datetime(instant) == expected


def test_format_datetime_refuses_a_naive_datetime():
    with pytest.raises(ValueError, match="naive"):
        clock.format_datetime(datetime(2026, 3, 3, 12, 0))


def test_travel_sets_now_for_the_block_only():
    from datetime import UTC, datetime

    from procura.core import clock

    moment = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
    before = clock.now()
    with clock.travel(moment):
        assert clock.now() == moment
        assert clock.today().isoformat() == "2026-02-02"
    assert clock.now() >= before


def test_travel_refuses_a_naive_datetime():
    from datetime import datetime

    import pytest

    from procura.core import clock

    with pytest.raises(ValueError, match="naive"):
        with clock.travel(datetime(2026, 2, 2, 9, 0)):  # noqa: DTZ001
            pass


def test_an_installed_offset_moves_now_but_not_travel_or_system_now():
    # Given (the demo clock installs one only when PROCURA_DEMO_CLOCK is on)
    frozen = datetime(2026, 3, 3, 12, 0, 0, tzinfo=UTC)
    clock.use_offset(lambda: timedelta(days=2))
    try:
        with time_machine.travel(frozen, tick=False):
            # When / Then
            assert clock.now() == frozen + timedelta(days=2)
            assert clock.system_now() == frozen
            with clock.travel(frozen - timedelta(days=9)):
                assert clock.now() == frozen - timedelta(days=9)
    finally:
        clock.use_offset(None)

    with time_machine.travel(frozen, tick=False):
        assert clock.now() == frozen
