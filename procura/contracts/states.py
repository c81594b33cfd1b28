"""The life of a framework agreement or contract after it is entered into, as data.

Imports nothing from the ORM. Only the first status is reached today; the contracts issue adds the
services that move a contract to the others (expiry, termination with a UK11 notice, s.80).
"""

from django.db import models


class AgreementStatus(models.TextChoices):
    # Entered into: a framework may be called off; a contract is being performed.
    ACTIVE = "active", "Active"
    # Its term, with any extensions taken, has ended (s.80: a termination notice is still due).
    EXPIRED = "expired", "Expired"
    # Ended before its term (s.78; UK11 contract termination notice, s.80).
    TERMINATED = "terminated", "Terminated"


S = AgreementStatus
TRANSITIONS: dict[str, frozenset[str]] = {
    S.ACTIVE: frozenset({S.EXPIRED, S.TERMINATED}),
    S.EXPIRED: frozenset(),
    S.TERMINATED: frozenset(),
}


def can_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())
