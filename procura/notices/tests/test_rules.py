"""Publication on Find a Tender (Procurement Regulations 2024 reg 5), as pure functions."""

from datetime import UTC, date, datetime, timedelta

import pytest

from procura.core.errors import RuleViolation
from procura.notices import rules
from procura.notices.states import PUBLICATION_TRANSITIONS, Publication, can_transition
from procura.timescales.rules import standstill

ALLOWED = {
    (Publication.PREPARED, Publication.SENT),
    (Publication.PREPARED, Publication.PUBLISHED),
    (Publication.SENT, Publication.PUBLISHED),
}
MOVES = [(a, b) for a in Publication.values for b in Publication.values]


@pytest.mark.parametrize(("current", "target"), MOVES)
def test_every_move_of_the_lifecycle_is_allowed_or_forbidden_by_the_table(current, target):
    assert can_transition(current, target) == ((current, target) in ALLOWED)
    assert set(PUBLICATION_TRANSITIONS) == set(Publication.values)


@pytest.mark.parametrize(
    ("current", "target", "code"),
    [
        (Publication.PUBLISHED, Publication.PUBLISHED, "notice_already_published"),
        (Publication.PUBLISHED, Publication.SENT, "notice_already_published"),
        (Publication.SENT, Publication.SENT, "notice_already_sent"),
    ],
)
def test_a_forbidden_move_is_refused_with_its_code(current, target, code):
    with pytest.raises(RuleViolation) as refusal:
        rules.check_publication_move(current, target)
    assert (refusal.value.code, refusal.value.section) == (
        code,
        "Procurement Regulations 2024 reg 5(4)",
    )


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_an_allowed_move_passes(current, target):
    assert rules.check_publication_move(current, target) is None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "fts_notice_id_missing"),
        ("   ", "fts_notice_id_missing"),
        ("12345-2026", "fts_notice_id_ill_formed"),
        ("0123456-2026", "fts_notice_id_ill_formed"),
        ("012345-26", "fts_notice_id_ill_formed"),
        ("012345/2026", "fts_notice_id_ill_formed"),
        ("ocds-h6vhtk-012345", "fts_notice_id_ill_formed"),
        ("012345-2026", None),
        (" 012345-2026 ", None),
    ],
)
def test_the_find_a_tender_identifier_is_nnnnnn_yyyy(value, code):
    if code is None:
        assert rules.check_fts_notice_id(value) is None
        return
    with pytest.raises(RuleViolation) as refusal:
        rules.check_fts_notice_id(value)
    assert (refusal.value.code, refusal.value.field) == (code, "fts_notice_id")


PREPARED = datetime(2026, 12, 17, 10, 0, tzinfo=UTC)
NOW = datetime(2026, 12, 18, 12, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("published", "code"),
    [
        (PREPARED - SECOND, "fts_published_before_prepared"),
        (PREPARED, None),
        (NOW, None),
        (NOW + SECOND, "fts_published_in_future"),
    ],
)
def test_the_publication_time_lies_between_preparation_and_now(published, code):
    if code is None:
        assert rules.check_fts_published_at(published, prepared_at=PREPARED, now=NOW) is None
        return
    with pytest.raises(RuleViolation) as refusal:
        rules.check_fts_published_at(published, prepared_at=PREPARED, now=NOW)
    assert (refusal.value.code, refusal.value.field) == (code, "published_on")


@pytest.mark.parametrize(
    ("published_on_fts", "last_day", "earliest_entry"),
    [
        # Friday 18 December 2026: Christmas Day and Monday 28 December (for Boxing Day) are
        # bank holidays, so the 8th working day is Thursday 31 December.
        (date(2026, 12, 18), date(2026, 12, 31), date(2027, 1, 1)),
        # Monday 21 December 2026: the 8th working day is Tuesday 5 January 2027.
        (date(2026, 12, 21), date(2027, 1, 5), date(2027, 1, 6)),
        # Friday 31 July 2026: Monday 3 August is a bank holiday in Scotland, so lost UK-wide.
        (date(2026, 7, 31), date(2026, 8, 12), date(2026, 8, 13)),
    ],
)
def test_the_standstill_counts_from_the_find_a_tender_date(
    published_on_fts, last_day, earliest_entry
):
    period = standstill(published_on_fts)
    assert (period.first_day, period.last_day, period.earliest_entry) == (
        published_on_fts,
        last_day,
        earliest_entry,
    )
