"""The lifecycles of an evaluation, as data. Imports nothing from the ORM."""

from django.db import models


class AssignmentStatus(models.TextChoices):
    """Where one evaluator on a procurement's panel has got to."""

    # Assigned by the buyer; must declare any conflict of interest before seeing a tender (s.81).
    AWAITING_DECLARATION = "awaiting_declaration", "Conflicts not yet declared"
    # Declared no conflict: may see the tenders and score them.
    CLEARED = "cleared", "Scoring"
    # Declared a conflict: walled off from the tenders, takes no further part (s.82).
    CONFLICTED = "conflicted", "Conflict declared"
    # Submitted a score for every tender against every quality criterion; scores are final.
    SUBMITTED = "submitted", "Scores submitted"
    # Taken off the panel by the buyer before submitting; may be assigned again.
    REMOVED = "removed", "Removed from the panel"


A = AssignmentStatus
# status -> the statuses it may move to. A move not listed here is refused.
ASSIGNMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    A.AWAITING_DECLARATION: frozenset({A.CLEARED, A.CONFLICTED, A.REMOVED}),
    # A conflict can arise, or come to light, at any time: s.83(5) keeps it under review.
    A.CLEARED: frozenset({A.SUBMITTED, A.CONFLICTED, A.REMOVED}),
    A.SUBMITTED: frozenset({A.CONFLICTED}),
    A.CONFLICTED: frozenset(),
    A.REMOVED: frozenset({A.AWAITING_DECLARATION}),
}

# Evaluators who may see the tenders (their own declaration cleared them).
MAY_SEE_TENDERS = frozenset({A.CLEARED, A.SUBMITTED})
# Evaluators whose scores count: everyone on the panel who is not walled off or removed.
ON_PANEL = frozenset({A.AWAITING_DECLARATION, A.CLEARED, A.SUBMITTED})


def can_transition_assignment(current: str, target: str) -> bool:
    return target in ASSIGNMENT_TRANSITIONS.get(current, frozenset())


class AbnormallyLowDecision(models.TextChoices):
    """What the authority decided about a tender flagged as abnormally low (s.19(4)-(5))."""

    # The supplier's explanation satisfies the authority: the tender is assessed as normal.
    ACCEPTED = "accepted", "Accept the tender"
    # The authority disregards the tender: it is not assessed, ranked or sent a summary.
    REJECTED = "rejected", "Reject and disregard the tender"


class AwardDecisionStatus(models.TextChoices):
    """A proposed award decision and its sign-off."""

    PROPOSED = "proposed", "Awaiting approval"  # the buyer proposed it; scores are frozen
    APPROVED = "approved", "Approved"  # an approver signed it off: the award decision is made
    RETURNED = "returned", "Returned by the approver"  # not approved; the buyer may propose again


D = AwardDecisionStatus
DECISION_TRANSITIONS: dict[str, frozenset[str]] = {
    D.PROPOSED: frozenset({D.APPROVED, D.RETURNED}),
    D.APPROVED: frozenset(),
    D.RETURNED: frozenset(),
}


def can_transition_decision(current: str, target: str) -> bool:
    return target in DECISION_TRANSITIONS.get(current, frozenset())
