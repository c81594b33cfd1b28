"""The hash chain, as pure functions: canonical content, the event hash, and chain verification."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

GENESIS_HASH = "0" * 64


def canonical_content(
    *,
    sequence: int,
    occurred_at: datetime,
    actor_id: int | None,
    actor_name: str,
    event_type: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    organisation_id: int | None,
    before: dict,
    after: dict,
    reason: str,
) -> str:
    """One event's content as a canonical JSON string (sorted keys, no spaces, UTC time)."""
    return json.dumps(
        {
            "sequence": sequence,
            "occurred_at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor_id": actor_id,
            "actor_name": actor_name,
            "event_type": event_type,
            "object_type": object_type,
            "object_id": object_id,
            "object_repr": object_repr,
            "organisation_id": organisation_id,
            "before": before,
            "after": after,
            "reason": reason,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def chain_hash(previous_hash: str, content: str) -> str:
    """SHA-256 of the previous event's hash followed by this event's canonical content."""
    return hashlib.sha256(f"{previous_hash}\n{content}".encode()).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    sequence: int | None
    problem: str

    def __str__(self) -> str:
        where = f"event #{self.sequence}" if self.sequence is not None else "the chain head"
        return f"{where}: {self.problem}"


def verify_chain(
    events: Iterable[dict], *, head_sequence: int, head_hash: str
) -> ChainBreak | None:
    """Walk events in stored order; return the first break, or None if the chain is intact.

    Each item holds the stored fields plus `content` (the canonical content recomputed from the
    stored fields). Detects: an altered row (its hash no longer matches its content), a deleted
    row (a gap in sequence, or a previous_hash that is not the hash before it), a reordered row
    (sequence out of order) and deleted newest rows (the head no longer matches).
    """
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    for event in events:
        sequence = event["sequence"]
        if sequence != expected_sequence:
            return ChainBreak(
                sequence,
                f"expected event #{expected_sequence} here: an event was deleted or reordered",
            )
        if event["previous_hash"] != previous_hash:
            return ChainBreak(
                sequence, "its previous hash does not match the event before it (reordered?)"
            )
        if chain_hash(previous_hash, event["content"]) != event["hash"]:
            return ChainBreak(sequence, "its content does not match its hash (altered)")
        previous_hash = event["hash"]
        expected_sequence += 1
    if expected_sequence - 1 != head_sequence or previous_hash != head_hash:
        return ChainBreak(
            None,
            f"the newest event should be #{head_sequence}, found #{expected_sequence - 1}: "
            "newest events were deleted or altered",
        )
    return None
