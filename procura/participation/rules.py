"""The law and the house rules of the participation stage, as pure functions.

Plain values in, a result or a RuleViolation out; no ORM, no clock (the caller passes `now` and
`today`). Each docstring cites its source.
"""

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from procura.core.clock import format_datetime, local
from procura.core.errors import RuleViolation
from procura.core.formatting import format_date
from procura.timescales import rules as timescales

from . import errors
from .states import (
    EXCLUDING_OUTCOMES,
    GROUND_FOR_OUTCOME,
    REQUIRED_AGREEMENTS,
    WITHDRAWABLE_FROM,
    AssessmentResult,
    ExclusionGround,
    ExclusionOutcome,
    ParticipantStatus,
    QuestionKind,
)

ACT = "Procurement Act 2023"
REGULATIONS = "Procurement Regulations 2024"

#: The largest file a buyer or supplier may upload (a house rule, not the law).
MAX_FILE_BYTES = 50 * 1024 * 1024


# --- The agreements gate ----------------------------------------------------------------------


def gate_is_current(current: Mapping[str, int | None], accepted: Iterable[int]) -> bool:
    """Whether a supplier has accepted the current version of every required agreement.

    `current` maps each agreement kind to the id of its newest version (None if the buyer has not
    issued one); `accepted` holds the ids of the versions the supplier accepted. A kind not yet
    issued cannot have been accepted, so the gate fails closed. A new version supersedes the
    old: access is suspended until it too is accepted (the buyer's terms, not the Act).
    """
    accepted = set(accepted)
    return all(
        current.get(kind) is not None and current[kind] in accepted for kind in REQUIRED_AGREEMENTS
    )


def sha256_of_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- Files ------------------------------------------------------------------------------------


def check_file(*, name: str, size: int, field: str = "file") -> None:
    """A file must have content and be at most 50 MB (a house rule that keeps uploads sane)."""
    if size <= 0:
        raise RuleViolation("file_empty", f"The selected file {name} is empty.", field=field)
    if size > MAX_FILE_BYTES:
        raise RuleViolation(
            "file_too_large", f"The selected file {name} must be smaller than 50MB.", field=field
        )


# --- The participation deadline ---------------------------------------------------------------


def check_participation_open(*, now: datetime, deadline: datetime | None, is_open: bool) -> None:
    """Requests to participate may be saved or submitted only before the deadline for them.

    The participation period ends at the deadline the tender notice set (s.54(3)); the limit is
    the same for every supplier (s.54(2)), so nothing is accepted at or after it, nor once the
    procurement has left the participation stage (`is_open` False), whatever the clock says.
    """
    passed = deadline is not None and now >= deadline
    if not passed and is_open:
        return
    if deadline is not None:
        message = (
            f"The deadline for requests to participate was {format_datetime(deadline)} "
            "(UK time). Requests to participate can no longer be saved or submitted."
        )
    else:
        message = "Requests to participate are closed. They can no longer be saved or submitted."
    raise RuleViolation("participation_deadline_passed", message, section=f"{ACT} s.54(2), (3)")


# --- Conditions of participation --------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class QuestionFacts:
    id: int
    position: int
    kind: str
    text: str
    required: bool = True
    max_score: int | None = None


@dataclass(frozen=True, kw_only=True)
class AnswerFacts:
    text: str = ""
    file_sha256: str = ""


@dataclass(frozen=True, kw_only=True)
class FinancialFacts:
    annual_turnover: Decimal | None = None
    information: str = ""
    evidence_sha256: str = ""


def check_question(*, kind: str, text: str, max_score: int | None) -> None:
    """A question has words, and a scored question has the maximum score it can earn."""
    if kind not in QuestionKind.values:
        raise RuleViolation("invalid_input", "Choose the kind of question.", field="kind")
    if not text.strip():
        raise RuleViolation("invalid_input", "Enter the question.", field="text")
    if kind == QuestionKind.SCORED and (max_score is None or max_score < 1):
        raise RuleViolation(
            "max_score_required",
            "Enter the maximum score for a scored question, 1 or more.",
            field="max_score",
        )
    if kind != QuestionKind.SCORED and max_score is not None:
        raise RuleViolation(
            "max_score_not_allowed",
            "Only a scored question has a maximum score.",
            field="max_score",
        )


def _short(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def missing_answers(
    questions: Sequence[QuestionFacts],
    answers: Mapping[int, AnswerFacts],
    financial: FinancialFacts,
) -> list[RuleViolation]:
    """Every required question answered (a file for a file question, words for the others), and
    the financial information given: the annual turnover, and an accounts file or other evidence.

    Audited accounts cannot be demanded unless the supplier must have them audited, so other
    evidence will do (s.22(3)(a)); returns one problem per gap, in questionnaire order, each naming
    the field it belongs to.
    """
    problems = []
    for question in sorted(questions, key=lambda q: (q.position, q.id)):
        if not question.required:
            continue
        answer = answers.get(question.id, AnswerFacts())
        if question.kind == QuestionKind.FILE:
            if not answer.file_sha256:
                problems.append(
                    RuleViolation(
                        "answer_missing",
                        f"Upload a file for question {question.position}: {_short(question.text)}",
                        field=f"question-{question.id}",
                    )
                )
        elif not answer.text.strip():
            problems.append(
                RuleViolation(
                    "answer_missing",
                    f"Answer question {question.position}: {_short(question.text)}",
                    field=f"question-{question.id}",
                )
            )
    if financial.annual_turnover is None:
        problems.append(
            RuleViolation(
                "answer_missing",
                "Enter your annual turnover.",
                field="annual_turnover",
            )
        )
    if not financial.evidence_sha256 and not financial.information.strip():
        problems.append(
            RuleViolation(
                "answer_missing",
                "Upload your accounts or other financial evidence, or describe your financial "
                "standing.",
                section=f"{ACT} s.22(3)(a)",
                field="financial_evidence",
            )
        )
    return problems


def canonical_response(
    *,
    procurement_reference: str,
    supplier_id: str,
    questions: Sequence[QuestionFacts],
    answers: Mapping[int, AnswerFacts],
    financial: FinancialFacts,
) -> str:
    """The request to participate as canonical JSON (sorted keys, no spaces, UTF-8): what the
    receipt's sha256 is taken of. Files appear as their sha256, so the hash covers them too."""
    body = {
        "procurement": procurement_reference,
        "supplier": supplier_id,
        "answers": [
            {
                "question": q.id,
                "position": q.position,
                "text": answers.get(q.id, AnswerFacts()).text,
                "file_sha256": answers.get(q.id, AnswerFacts()).file_sha256 or None,
            }
            for q in sorted(questions, key=lambda q: (q.position, q.id))
        ],
        "financial": {
            "annual_turnover": (
                None if financial.annual_turnover is None else f"{financial.annual_turnover:.2f}"
            ),
            "information": financial.information,
            "evidence_sha256": financial.evidence_sha256 or None,
        },
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def receipt_reference(procurement_reference: str, sha256: str) -> str:
    """'RTP-PRC-2026-0001-1A2B3C4D': the procurement and the first 8 hex digits of the hash."""
    return f"RTP-{procurement_reference}-{sha256[:8].upper()}"


# --- Assessment -------------------------------------------------------------------------------


def check_mark(
    *,
    kind: str,
    max_score: int | None,
    result: str,
    score: int | None,
    position: int,
    field: str = "",
) -> None:
    """A pass/fail or file question is passed or failed; a scored one scores 0..max_score.
    Leaving both empty means 'not assessed yet'."""
    if kind == QuestionKind.SCORED:
        if result:
            raise RuleViolation(
                "invalid_mark",
                f"Question {position} is scored: give a score, not pass or fail.",
                field=field or None,
            )
        if score is not None and not 0 <= score <= (max_score or 0):
            raise RuleViolation(
                "score_out_of_range",
                f"The score for question {position} must be between 0 and {max_score}.",
                field=field or None,
            )
        return
    if score is not None:
        raise RuleViolation(
            "invalid_mark",
            f"Question {position} is passed or failed, not scored.",
            field=field or None,
        )
    if result and result not in AssessmentResult.values:
        raise RuleViolation(
            "invalid_mark",
            f"Choose pass or fail for question {position}.",
            field=field or None,
        )


# --- Exclusion (ss.57-59) ---------------------------------------------------------------------


def check_exclusion_decision(
    *,
    outcome: str,
    ground_type: str,
    ground: str,
    representations: str,
    representations_invited_on: date | None,
    reasons: str,
    decided_on: date,
    today: date,
) -> None:
    """A decision about exclusion that the Act allows.

    * A supplier is excluded if a mandatory ground (Sch 6) applies, excludable if a discretionary
      one (Sch 7) does (s.57(1)-(2)): an excluding decision names the matching kind of ground.
    * Before deciding that a supplier is excluded or excludable the authority must give it a
      reasonable opportunity to make representations and provide evidence (s.58(2)): the
      representations, or the date the supplier was invited to make them, must be recorded.
    * The supplier is told why (s.58; its outcome page shows the reasons).
    """
    if outcome not in ExclusionOutcome.values:
        raise RuleViolation("invalid_input", "Choose the decision.", field="outcome")
    if decided_on > today:
        raise RuleViolation(
            "decided_in_future",
            f"The date of the decision cannot be after today, {format_date(today)}.",
            field="decided_on",
        )
    if outcome not in EXCLUDING_OUTCOMES:
        return
    expected = GROUND_FOR_OUTCOME[ExclusionOutcome(outcome)]
    if ground_type != expected:
        message = (
            "A supplier is excluded only on a mandatory exclusion ground (Schedule 6). For a "
            "discretionary ground (Schedule 7), choose “Excludable, and excluded”."
            if expected == ExclusionGround.MANDATORY
            else "A supplier is excludable only on a discretionary exclusion ground (Schedule 7). "
            "For a mandatory ground (Schedule 6), choose “Excluded”."
        )
        raise RuleViolation(
            "ground_does_not_match",
            message,
            section=f"{ACT} s.57(1)-(2)",
            field="ground_type",
        )
    if not ground.strip():
        raise RuleViolation(
            "ground_required",
            "Describe the exclusion ground and the paragraph of the Schedule it falls under.",
            section=f"{ACT} s.57",
            field="ground",
        )
    if not representations.strip() and representations_invited_on is None:
        raise RuleViolation(
            "representations_required",
            "Before deciding to exclude a supplier, give it a reasonable opportunity to make "
            "representations and provide evidence: record what it said, or the date it was "
            "invited to.",
            section=f"{ACT} s.58(2)",
            field="representations",
        )
    if representations_invited_on is not None and representations_invited_on > decided_on:
        raise RuleViolation(
            "representations_after_decision",
            "The supplier must be invited to make representations before the decision is made.",
            section=f"{ACT} s.58(2)",
            field="representations_invited_on",
        )
    if not reasons.strip():
        raise RuleViolation(
            "reasons_required",
            "Give the reasons for the decision: the supplier will see them.",
            field="reasons",
        )


def minister_notification_due(outcome: str, decided_on: date) -> date | None:
    """The last day to notify the Minister of an exclusion: 30 days beginning with the day of the
    decision (s.59; timescales.rules.exclusion_notification_due). None when nobody is excluded."""
    if outcome not in EXCLUDING_OUTCOMES:
        return None
    return timescales.exclusion_notification_due(decided_on)


# --- Shortlisting and the invitation to tender ------------------------------------------------


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
        return timescales.check_tender_deadline(invited, local(deadline).date(), facts)
    except RuleViolation as violation:
        violation.field = "tender_deadline"
        raise


def open_for_interest(*, competitive_flexible: bool, status: str) -> bool:
    """Whether a supplier may still join. In a competitive flexible procedure only while
    requests to participate are open (after that the authority assesses those who asked,
    s.20(4), s.54(3)); in an open procedure only while tenders may be submitted (s.54(4))."""
    return status == ("participation_open" if competitive_flexible else "tendering_open")


# --- A supplier withdrawing -------------------------------------------------------------------

#: Procurement statuses in which a supplier may still withdraw: published, award not yet decided.
WITHDRAWAL_OPEN = frozenset(
    {
        "participation_open",
        "participation_closed",
        "tendering_open",
        "tenders_closed",
        "evaluation",
    }
)


def check_withdrawal(*, procurement_status: str, participant_status: str, supplier: str) -> None:
    """A supplier may withdraw from a procurement at any stage before the award is decided,
    while it is still taking part (interested, admitted, submitted or invited).

    A house rule: the Act does not oblige a supplier to stay, and nothing in it stops one from
    leaving; once the award decision is approved the authority has chosen (s.50), so leaving is
    then a matter for the standstill and the contract, not for this service. An excluded or
    not-shortlisted supplier has already left the competition (s.57, s.20(4)); a withdrawal is
    final.
    """
    if participant_status == ParticipantStatus.WITHDRAWN:
        raise RuleViolation(
            errors.ALREADY_WITHDRAWN, f"{supplier} has already withdrawn from this procurement."
        )
    if procurement_status not in WITHDRAWAL_OPEN:
        raise RuleViolation(
            errors.WITHDRAWAL_TOO_LATE,
            "The award decision has been made or the procurement is over: withdrawing is no "
            "longer possible here. Contact the buyer.",
        )
    if participant_status not in WITHDRAWABLE_FROM:
        raise RuleViolation(
            errors.NOT_WITHDRAWABLE,
            f"{supplier} is {ParticipantStatus(participant_status).label.lower()}: it is no "
            "longer taking part, so there is nothing to withdraw from.",
        )
