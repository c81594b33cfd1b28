"""The lifecycle of a tender, of its opening and of a tender-stage question, as data.
Imports nothing from the ORM."""

from django.db import models


class TenderStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"  # the supplier's live tender: the one that counts
    SUPERSEDED = "superseded", "Replaced by a later version"  # kept sealed, never opened
    WITHDRAWN = "withdrawn", "Withdrawn"  # the supplier withdrew it; kept sealed, never opened


T = TenderStatus
# status -> the statuses it may move to, before the tender deadline only.
TRANSITIONS: dict[str, frozenset[str]] = {
    T.SUBMITTED: frozenset({T.SUPERSEDED, T.WITHDRAWN}),
    T.SUPERSEDED: frozenset(),
    T.WITHDRAWN: frozenset(),
}


def can_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


class Integrity(models.TextChoices):
    """What the opening found when it checked a tender against its receipt."""

    VERIFIED = "verified", "Matches the receipt"
    MISMATCH = "mismatch", "Does not match the receipt"  # a hash differs: flagged to the buyer
    UNDECRYPTABLE = "undecryptable", "Could not be decrypted"  # tampered or damaged ciphertext


class QuestionStatus(models.TextChoices):
    OPEN = "open", "Awaiting an answer"  # only the buyer sees it, with who asked
    ANSWERED = "answered", "Answered to every supplier"  # published as an anonymous clarification


Q = QuestionStatus
QUESTION_TRANSITIONS: dict[str, frozenset[str]] = {
    Q.OPEN: frozenset({Q.ANSWERED}),
    Q.ANSWERED: frozenset(),
}
