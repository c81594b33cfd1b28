"""The hash chain as pure functions: canonical content, chain_hash and verify_chain.

No database: events are plain dicts, as `selectors.find_chain_break` hands them to the rules.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from procura.audit.rules import (
    GENESIS_HASH,
    ChainBreak,
    canonical_content,
    chain_hash,
    verify_chain,
)


def _content(sequence: int, **changes) -> str:
    fields = {
        "sequence": sequence,
        "occurred_at": datetime(2026, 3, 3, 12, 0, tzinfo=UTC),
        "actor_id": 7,
        "actor_name": "Jane Doe",
        "event_type": "organisation.created",
        "object_type": "accounts.organisation",
        "object_id": str(sequence),
        "object_repr": f"Organisation {sequence}",
        "organisation_id": sequence,
        "before": {},
        "after": {"name": f"Organisation {sequence}"},
        "reason": "",
    }
    fields.update(changes)
    return canonical_content(**fields)


def _chain(length: int) -> list[dict]:
    """A correctly chained trail of `length` events, as stored."""
    events, previous = [], GENESIS_HASH
    for sequence in range(1, length + 1):
        content = _content(sequence)
        event_hash = chain_hash(previous, content)
        events.append(
            {
                "sequence": sequence,
                "previous_hash": previous,
                "hash": event_hash,
                "content": content,
            }
        )
        previous = event_hash
    return events


# --- canonical_content and chain_hash ---------------------------------------------------------


def test_canonical_content_is_sorted_compact_json_in_utc():
    # Given: a time in London summer time and an `after` with unsorted keys and a pound sign
    content = canonical_content(
        sequence=1,
        occurred_at=datetime(2026, 7, 14, 12, 0, tzinfo=ZoneInfo("Europe/London")),
        actor_id=7,
        actor_name="Jane Doe",
        event_type="organisation.created",
        object_type="accounts.organisation",
        object_id="3",
        object_repr="Metropolitan Police Service",
        organisation_id=3,
        before={},
        after={"value": "£252,000,000", "b": 1, "a": 2},
        reason="",
    )

    # Then
    assert content == (
        '{"actor_id":7,"actor_name":"Jane Doe","after":{"a":2,"b":1,"value":"£252,000,000"},'
        '"before":{},"event_type":"organisation.created","object_id":"3",'
        '"object_repr":"Metropolitan Police Service","object_type":"accounts.organisation",'
        '"occurred_at":"2026-07-14T11:00:00.000000+00:00","organisation_id":3,"reason":"",'
        '"sequence":1}'
    )


def test_canonical_content_does_not_depend_on_the_time_zone_of_the_instant():
    # Given: one instant written in UTC and in London summer time
    in_utc = datetime(2026, 7, 14, 11, 0, tzinfo=UTC)
    in_london = datetime(2026, 7, 14, 12, 0, tzinfo=ZoneInfo("Europe/London"))

    # Then
    assert _content(1, occurred_at=in_utc) == _content(1, occurred_at=in_london)


def test_chain_hash_is_sha256_of_previous_hash_newline_content():
    # Expected value from: printf '%s\n%s' 000...0 '{}' | sha256sum
    assert chain_hash(GENESIS_HASH, "{}") == (
        "5649d09ed68c17156095d175eef152856c5b1a81c117c409c1e00f096aa6838e"
    )


def test_chain_hash_changes_with_the_previous_hash_and_with_the_content():
    base = chain_hash(GENESIS_HASH, "{}")

    assert chain_hash("1" * 64, "{}") != base
    assert chain_hash(GENESIS_HASH, '{"a":1}') != base


# --- verify_chain -----------------------------------------------------------------------------


def test_an_intact_chain_verifies():
    events = _chain(3)

    assert verify_chain(events, head_sequence=3, head_hash=events[-1]["hash"]) is None


def test_an_empty_trail_verifies_against_the_genesis_head():
    assert verify_chain([], head_sequence=0, head_hash=GENESIS_HASH) is None


def test_an_altered_event_is_named():
    # Given: event 2's content changed after it was hashed
    events = _chain(3)
    events[1]["content"] = _content(2, reason="forged")

    # When
    chain_break = verify_chain(events, head_sequence=3, head_hash=events[-1]["hash"])

    # Then
    assert chain_break == ChainBreak(2, "its content does not match its hash (altered)")


def test_an_altered_event_whose_hash_was_recomputed_breaks_the_next_link():
    # Given: event 2 altered and re-hashed, so its own hash matches its new content
    events = _chain(3)
    events[1]["content"] = _content(2, reason="forged")
    events[1]["hash"] = chain_hash(events[1]["previous_hash"], events[1]["content"])

    # When
    chain_break = verify_chain(events, head_sequence=3, head_hash=events[-1]["hash"])

    # Then: event 3 still points at the old hash of event 2
    assert chain_break == ChainBreak(
        3, "its previous hash does not match the event before it (reordered?)"
    )


def test_a_deleted_middle_event_is_named():
    # Given
    events = _chain(4)
    head_hash = events[-1]["hash"]
    del events[1]

    # When
    chain_break = verify_chain(events, head_sequence=4, head_hash=head_hash)

    # Then
    assert chain_break == ChainBreak(3, "expected event #2 here: an event was deleted or reordered")


def test_reordered_events_are_named():
    # Given: events 2 and 3 stored the other way round
    events = _chain(3)
    events[1], events[2] = events[2], events[1]

    # When
    chain_break = verify_chain(events, head_sequence=3, head_hash=events[1]["hash"])

    # Then
    assert chain_break == ChainBreak(3, "expected event #2 here: an event was deleted or reordered")


def test_deleted_newest_events_are_found_by_the_head():
    # Given
    events = _chain(3)
    head_hash = events[-1]["hash"]
    del events[-1]

    # When
    chain_break = verify_chain(events, head_sequence=3, head_hash=head_hash)

    # Then
    assert chain_break == ChainBreak(
        None,
        "the newest event should be #3, found #2: newest events were deleted or altered",
    )


def test_a_head_hash_that_does_not_match_the_newest_event_is_a_break():
    events = _chain(2)

    chain_break = verify_chain(events, head_sequence=2, head_hash="f" * 64)

    assert chain_break == ChainBreak(
        None,
        "the newest event should be #2, found #2: newest events were deleted or altered",
    )


def test_a_chain_break_reads_as_the_event_or_the_head():
    assert str(ChainBreak(4, "altered")) == "event #4: altered"
    assert str(ChainBreak(None, "gone")) == "the chain head: gone"
