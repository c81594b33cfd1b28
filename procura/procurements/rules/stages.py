"""What each stage of a procurement allows: changing the draft, publishing, clarifying,
revising the conflicts assessment, terminating, modifying. Pure: a status value (a
`states.Status`) in, a RuleViolation or None out.
"""

from procura.core.errors import RuleViolation

from ..states import PUBLISHED, Status
from .facts import ACT

#: What `check_draft` refuses to change once the tender notice is published, and how it says so.
DRAFT_ONLY = {
    "procurement": "The tender notice has been published: modify the procurement instead, which "
    "publishes a revised tender notice and tells the suppliers taking part.",
    "criteria": "Award criteria cannot change after the tender notice is published.",
    "lots": "The tender notice has been published: modify the procurement to change the lots, "
    "which publishes a revised tender notice and tells the suppliers taking part.",
}


def check_draft(status: str, *, change: str) -> RuleViolation | None:
    """A procurement, its award criteria (s.23) and its lots (s.18) change freely only while it
    is a draft; once the tender notice is published its terms change only by a modification
    that revises the notice and tells the suppliers taking part (Procurement Act 2023 s.31).
    `change` is a key of DRAFT_ONLY."""
    if status != Status.DRAFT:
        return RuleViolation("not_draft", DRAFT_ONLY[change], section=f"{ACT} s.31")
    return None


def check_not_yet_published(status: str) -> RuleViolation | None:
    """The tender notice is published once (Procurement Act 2023 s.21(1)); after that it is
    revised by a modification (s.31), never published again."""
    if status != Status.DRAFT:
        return RuleViolation("already_published", "The tender notice has already been published.")
    return None


def check_clarification_allowed(status: str) -> RuleViolation | None:
    """A clarification is published to every supplier at once, so that all have the same
    information (equal treatment, Procurement Act 2023 s.12(2)); there is someone to tell only
    while the procurement runs: after its tender notice is published and until it is terminated
    (s.55) or the contract is entered into."""
    if status not in PUBLISHED or status in (Status.TERMINATED, Status.CONTRACT_SIGNED):
        return RuleViolation(
            "not_open", "Clarifications can be published only while the procurement is running."
        )
    return None


def check_conflicts_assessment_revisable(status: str) -> RuleViolation | None:
    """The conflicts assessment is prepared before the tender notice and kept under review
    until the procurement ends (Procurement Act 2023 s.83(1), (5)); a terminated procurement
    (s.55) has nothing left to assess."""
    if status == Status.TERMINATED:
        return RuleViolation("invalid_transition", "The procurement has been terminated.")
    return None


def check_may_terminate(status: str) -> RuleViolation | None:
    """A procurement termination notice is published when the authority decides not to award
    after publishing a tender notice (Procurement Act 2023 s.55(1)); a draft was never public
    and is simply abandoned. (Whether a published procurement can still end, the transition
    table says.)"""
    if status == Status.DRAFT:
        return RuleViolation(
            "not_published",
            "Nothing has been published: a draft can simply be abandoned, no notice is needed.",
            section=f"{ACT} s.55(1)",
        )
    return None


def check_something_to_modify(
    *, fields_changed: int, deadlines_extended: int
) -> RuleViolation | None:
    """A modification modifies something (Procurement Act 2023 s.31(1)): at least one term of
    the procurement, or a deadline extended for every supplier alike (s.31(4))."""
    if not fields_changed and not deadlines_extended:
        return RuleViolation(
            "nothing_to_modify",
            "Nothing would change: change at least one thing, or extend a deadline.",
            section=f"{ACT} s.31(1)",
        )
    return None
