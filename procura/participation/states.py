"""A supplier's path through a procurement, as data. Imports nothing from the ORM."""

from django.db import models


class AgreementKind(models.TextChoices):
    NDA = "nda", "Non-disclosure agreement"
    ETHICAL_WALLS = "ethical_walls", "Ethical walls agreement"


# Every kind must be accepted, at its current version, before any document is visible.
REQUIRED_AGREEMENTS = (AgreementKind.NDA, AgreementKind.ETHICAL_WALLS)


class ParticipantStatus(models.TextChoices):
    INTERESTED = "interested", "Interested"  # expressed interest; agreements not yet accepted
    ADMITTED = "admitted", "Agreements accepted"  # may see the documents and take part
    SUBMITTED = "submitted", "Request to participate submitted"  # CoP + financial info in
    EXCLUDED = "excluded", "Excluded"  # s.57 decision after representations (s.58(2))
    NOT_SHORTLISTED = "not_shortlisted", "Not shortlisted"  # told why
    INVITED = "invited", "Invited to tender"  # shortlisted (CFP) or admitted (open procedure)
    WITHDRAWN = "withdrawn", "Withdrawn"


P = ParticipantStatus
TRANSITIONS: dict[str, frozenset[str]] = {
    P.INTERESTED: frozenset({P.ADMITTED, P.WITHDRAWN}),
    P.ADMITTED: frozenset({P.SUBMITTED, P.INVITED, P.WITHDRAWN}),
    P.SUBMITTED: frozenset({P.EXCLUDED, P.NOT_SHORTLISTED, P.INVITED, P.WITHDRAWN}),
    P.EXCLUDED: frozenset(),
    P.NOT_SHORTLISTED: frozenset(),
    P.INVITED: frozenset({P.EXCLUDED, P.WITHDRAWN}),
    P.WITHDRAWN: frozenset(),
}

# Statuses that have passed the NDA / ethical walls gate.
GATE_PASSED = frozenset({P.ADMITTED, P.SUBMITTED, P.EXCLUDED, P.NOT_SHORTLISTED, P.INVITED})


def can_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())
