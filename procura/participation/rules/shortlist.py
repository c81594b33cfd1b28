"""The shortlist and the invitation to tender (Procurement Act 2023 s.20(4), s.27, s.54(4)-(5);
Procurement Regulations 2024 reg 19(2)(d))."""

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from procura.core.clock import format_datetime, local
from procura.core.errors import RuleViolation
from procura.procurements.states import Status
from procura.timescales import rules as timescales

from .. import errors
from ..states import ParticipantStatus
from .stage import ACT, REGULATIONS


def check_participation_closed(
    *, procurement_status: str, deadline: datetime | None, doing: str
) -> None:
    """The shortlist is decided, and the shortlisted invited to tender, after the deadline for
    requests to participate (s.54(3)) and before tenders are invited (s.20(4))."""
    if procurement_status == Status.PARTICIPATION_CLOSED:
        return
    if procurement_status == Status.PARTICIPATION_OPEN:
        when = f" ({format_datetime(deadline)})" if deadline else ""
        message = (
            f"Wait until the deadline for requests to participate{when} has passed to {doing}."
        )
    else:
        status = Status(procurement_status).label.lower()
        message = f"The procurement is {status}: too late to {doing}."
    raise RuleViolation(errors.PARTICIPATION_NOT_CLOSED, message)


@dataclass(frozen=True, kw_only=True)
class Candidate:
    """A supplier taking part, as the shortlist sees it: whether its exclusion is decided."""

    id: int
    name: str
    status: str
    exclusion_decided: bool = False


def check_shortlist(
    *,
    candidates: Sequence[Candidate],
    shortlisted: Mapping[int, str],
    not_shortlisted: Mapping[int, str],
    maximum: int | None,
) -> None:
    """The shortlist is decided once, about every supplier that submitted a request to
    participate and is not excluded (and about no other), after exclusion is decided for each of
    them (s.27), within the number the tender notice stated (`check_shortlist_length`,
    s.20(4)(a); reg 19(2)(d)), each with the reasons it will see (s.50's duty to explain, a
    house rule here)."""
    by_id = {c.id: c for c in candidates}
    if any(
        c.status in {ParticipantStatus.INVITED, ParticipantStatus.NOT_SHORTLISTED}
        for c in candidates
    ):
        raise RuleViolation(errors.ALREADY_SHORTLISTED, "The shortlist has already been decided.")
    both = set(shortlisted) & set(not_shortlisted)
    if both:
        raise RuleViolation(
            errors.INVALID_INPUT,
            "A supplier cannot be both shortlisted and not shortlisted: "
            + ", ".join(by_id[i].name if i in by_id else str(i) for i in sorted(both)),
        )
    eligible = {c.id for c in candidates if c.status == ParticipantStatus.SUBMITTED}
    for candidate_id in set(shortlisted) | set(not_shortlisted):
        if candidate_id not in eligible:
            candidate = by_id.get(candidate_id)
            name = candidate.name if candidate else f"Participant {candidate_id}"
            status = (
                ParticipantStatus(candidate.status).label.lower()
                if candidate
                else "not taking part"
            )
            raise RuleViolation(
                errors.NOT_ELIGIBLE,
                f"{name} cannot be shortlisted: it is {status}. Only suppliers that submitted a "
                "request to participate and are not excluded can be.",
            )
    undecided = sorted(by_id[i].name for i in eligible if not by_id[i].exclusion_decided)
    if undecided:
        raise RuleViolation(
            errors.EXCLUSION_NOT_DECIDED,
            "Decide whether each supplier is excluded or excludable before shortlisting: "
            + ", ".join(undecided)
            + ".",
            section=f"{ACT} s.27",
            details={"suppliers": undecided},
        )
    missing = sorted(by_id[i].name for i in eligible - set(shortlisted) - set(not_shortlisted))
    if missing:
        raise RuleViolation(
            errors.SHORTLIST_INCOMPLETE,
            "Decide about every supplier that submitted a request to participate: "
            + ", ".join(missing)
            + ".",
            details={"suppliers": missing},
        )
    check_shortlist_length(len(shortlisted), maximum)
    without_reasons = sorted(
        by_id[i].name
        for i, reason in {**shortlisted, **not_shortlisted}.items()
        if not (reason or "").strip()
    )
    if without_reasons:
        raise RuleViolation(
            errors.REASON_REQUIRED,
            "Give the reasons each supplier will see: " + ", ".join(without_reasons) + ".",
            details={"suppliers": without_reasons},
        )


def check_invitation(*, invited: int, tender_deadline: datetime | None) -> None:
    """Tenders are invited from the shortlist once it is decided (s.20(4)), by a deadline given
    with its time and time zone (the same instant for every supplier, s.54(2))."""
    if not invited:
        raise RuleViolation(
            errors.SHORTLIST_NOT_DECIDED, "Decide the shortlist before inviting tenders."
        )
    if tender_deadline is None or tender_deadline.utcoffset() is None:
        raise RuleViolation(
            errors.INVALID_INPUT,
            "Enter the tender deadline with its time and time zone.",
            field="tender_deadline",
        )


def check_shortlist_length(count: int, maximum: int | None) -> None:
    """A competitive flexible procedure that limits the suppliers it invites may invite no more
    than the maximum the tender notice stated (s.20(4)(a); Procurement Regulations 2024
    reg 19(2)(d))."""
    if count < 1:
        raise RuleViolation("shortlist_empty", "Choose at least one supplier to shortlist.")
    if maximum is not None and count > maximum:
        raise RuleViolation(
            "shortlist_too_long",
            f"The tender notice allows at most {maximum} suppliers on the shortlist; "
            f"{count} were chosen.",
            section=f"{ACT} s.20(4)(a); {REGULATIONS} reg 19(2)(d)",
            details={"maximum": maximum, "chosen": count},
        )


_FACT_FIELDS = {f.name: f for f in dataclasses.fields(timescales.TenderingFacts)}


def invitation_tendering_facts(stored: Mapping, *, urgency: bool) -> timescales.TenderingFacts:
    """The s.54(4) facts for an invitation to tender after a participation stage: the
    procurement's stored facts, with `preselected_suppliers_only` true (table entry 3: only the
    shortlisted suppliers may tender). Dates stored as ISO strings are read back as dates."""
    facts = {}
    for name, value in dict(stored or {}).items():
        if name not in _FACT_FIELDS:
            continue
        if isinstance(value, str) and value:
            value = date.fromisoformat(value)
        facts[name] = value
    facts.setdefault("urgency", urgency)
    facts["preselected_suppliers_only"] = True
    return timescales.TenderingFacts(**facts)


def check_invitation_deadline(
    *, invited: date, deadline: datetime, now: datetime, facts: timescales.TenderingFacts
) -> date | None:
    """The tender deadline is in the future and leaves at least the minimum tendering period,
    beginning with the day after the invitation (s.54(4)-(5)); for a police force inviting only
    shortlisted suppliers that is 10 days (table entry 3), or none if a period was agreed with
    every one of them (entry 2). Returns the earliest allowed deadline."""
    if deadline <= now:
        raise RuleViolation(
            "deadline_in_past",
            "The tender deadline must be in the future.",
            field="tender_deadline",
        )
    try:
        last_day = timescales.deadline_day(local(deadline).date(), local(deadline).time())
        return timescales.check_tender_deadline(invited, last_day, facts)
    except RuleViolation as violation:
        violation.field = "tender_deadline"
        raise
