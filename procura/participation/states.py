"""A supplier's path through a procurement, as data. Imports nothing from the ORM."""

from django.db import models


class AgreementKind(models.TextChoices):
    NDA = "nda", "Non-disclosure agreement"
    ETHICAL_WALLS = "ethical_walls", "Ethical walls agreement"


# Every kind must be accepted, at its current version, before any document is visible. The gate
# fails closed: a kind the buyer has not issued yet cannot be accepted, so nobody is admitted.
REQUIRED_AGREEMENTS = (AgreementKind.NDA, AgreementKind.ETHICAL_WALLS)


class ParticipantStatus(models.TextChoices):
    INTERESTED = "interested", "Interested"  # expressed interest; agreements not yet accepted
    ADMITTED = "admitted", "Agreements accepted"  # may see the documents and take part
    SUBMITTED = "submitted", "Request to participate submitted"  # CoP + financial info in
    EXCLUDED = "excluded", "Excluded"  # s.57 decision after representations (s.58(2))
    NOT_SHORTLISTED = "not_shortlisted", "Not shortlisted"  # told why
    INVITED = "invited", "Invited to tender"  # shortlisted (CFP) or admitted (open procedure)
    WITHDRAWN = "withdrawn", "Withdrawn"  # the supplier left the procurement itself; final


P = ParticipantStatus
TRANSITIONS: dict[str, frozenset[str]] = {
    P.INTERESTED: frozenset({P.ADMITTED, P.WITHDRAWN}),
    # ADMITTED -> EXCLUDED: in an open procedure there is no request to participate, so an
    # admitted supplier is the one the authority decides about (s.26, s.57).
    P.ADMITTED: frozenset({P.SUBMITTED, P.INVITED, P.EXCLUDED, P.WITHDRAWN}),
    P.SUBMITTED: frozenset({P.EXCLUDED, P.NOT_SHORTLISTED, P.INVITED, P.WITHDRAWN}),
    P.EXCLUDED: frozenset(),
    P.NOT_SHORTLISTED: frozenset(),
    P.INVITED: frozenset({P.EXCLUDED, P.WITHDRAWN}),
    P.WITHDRAWN: frozenset(),
}

# Statuses that have passed the NDA / ethical walls gate. Passing it once is not enough: the
# gate also checks that the CURRENT version of every agreement has been accepted.
GATE_PASSED = frozenset({P.ADMITTED, P.SUBMITTED, P.EXCLUDED, P.NOT_SHORTLISTED, P.INVITED})
# Of those, the ones still in the running: they see the documents and take the next step.
STILL_TAKING_PART = frozenset({P.ADMITTED, P.SUBMITTED, P.INVITED})

# Statuses from which the supplier may withdraw: every one that may become WITHDRAWN.
WITHDRAWABLE_FROM = frozenset(s for s, targets in TRANSITIONS.items() if P.WITHDRAWN in targets)

# Statuses in which the authority may decide to exclude (s.57; s.27 before shortlisting).
EXCLUDABLE_FROM = frozenset({P.ADMITTED, P.SUBMITTED, P.INVITED})


def can_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


class QuestionKind(models.TextChoices):
    """How a condition-of-participation question is answered and assessed (s.22)."""

    PASS_FAIL = "pass_fail", "Pass or fail"  # a written answer the buyer passes or fails
    SCORED = "scored", "Scored"  # a written answer scored 0 to the question's maximum
    FILE = "file", "File upload"  # a document (a certificate, a policy) passed or failed


class AssessmentResult(models.TextChoices):
    PASS = "pass", "Pass"
    FAIL = "fail", "Fail"


class ExclusionOutcome(models.TextChoices):
    """The authority's decision about a supplier under s.57."""

    # A mandatory ground (Sch 6) applies and is continuing or likely to recur: must be excluded.
    EXCLUDED = "excluded", "Excluded (mandatory ground)"
    # A discretionary ground (Sch 7) applies and the authority decided to exclude.
    EXCLUDABLE_EXCLUDED = "excludable_excluded", "Excludable, and excluded (discretionary ground)"
    # No ground applies, or a discretionary one does and the authority decided not to exclude.
    NOT_EXCLUDED = "not_excluded", "Not excluded"


EXCLUDING_OUTCOMES = frozenset({ExclusionOutcome.EXCLUDED, ExclusionOutcome.EXCLUDABLE_EXCLUDED})


class ExclusionGround(models.TextChoices):
    MANDATORY = "mandatory", "Mandatory exclusion ground (Schedule 6)"
    DISCRETIONARY = "discretionary", "Discretionary exclusion ground (Schedule 7)"


# The ground an excluding outcome must rest on (s.57(1), (2)).
GROUND_FOR_OUTCOME = {
    ExclusionOutcome.EXCLUDED: ExclusionGround.MANDATORY,
    ExclusionOutcome.EXCLUDABLE_EXCLUDED: ExclusionGround.DISCRETIONARY,
}
