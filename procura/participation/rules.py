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
from typing import Any

from procura.core.clock import format_datetime, local
from procura.core.errors import RuleViolation
from procura.core.formatting import format_date
from procura.procurements.states import Status
from procura.timescales import rules as timescales

from . import errors
from .states import (
    EXCLUDING_OUTCOMES,
    GROUND_FOR_OUTCOME,
    REQUIRED_AGREEMENTS,
    WITHDRAWABLE_FROM,
    AgreementKind,
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

#: The longest reason a supplier may give for withdrawing (a house rule).
MAX_WITHDRAWAL_REASON_CHARS = 2000

#: Statuses in which the procurement is over and its participation stage can no longer change.
FINISHED = frozenset({Status.TERMINATED, Status.CONTRACT_SIGNED})


# --- The stage as a whole ---------------------------------------------------------------------


def check_not_finished(procurement_status: str) -> None:
    """Nothing of the participation stage changes once the procurement is over: terminated
    (s.55) or its contract entered into. A house rule: the record of the stage is then final."""
    if procurement_status in FINISHED:
        raise RuleViolation(errors.PROCUREMENT_CLOSED, "The procurement has finished.")


def check_competitive_flexible(competitive_flexible: bool) -> None:
    """Only a competitive flexible procedure has a participation stage before tenders: an open
    procedure is a single stage without a restriction on who may tender (Procurement Act 2023
    s.20(2), (4))."""
    if not competitive_flexible:
        raise RuleViolation(
            errors.NOT_COMPETITIVE_FLEXIBLE,
            "Only a competitive flexible procedure has a participation stage: in an open "
            "procedure an admitted supplier goes straight to its tender.",
            section=f"{ACT} s.20",
        )


def _required_text(value: str | None, field: str, message: str) -> None:
    if not (value or "").strip():
        raise RuleViolation(errors.INVALID_INPUT, message, field=field)


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


@dataclass(frozen=True, kw_only=True)
class AgreementVersion:
    """The newest version of an agreement as issued: its number, title and text's SHA-256."""

    version: int
    title: str
    sha256: str


def check_new_agreement(
    *, procurement_status: str, kind: str, title: str, text: str, current: AgreementVersion | None
) -> None:
    """A new version of the NDA or ethical walls agreement has a kind, a title and a text, and
    differs from the current version (it suspends every supplier's access until accepted, so
    issuing the same words again would only lock suppliers out). The buyer's terms, not the Act:
    a house rule."""
    check_not_finished(procurement_status)
    if kind not in AgreementKind.values:
        raise RuleViolation(errors.INVALID_INPUT, "Choose the kind of agreement.", field="kind")
    _required_text(title, "title", "Enter the title of the agreement.")
    _required_text(text, "text", "Enter the text of the agreement.")
    if (
        current is not None
        and current.sha256 == sha256_of_text(text.strip())
        and current.title == title.strip()
    ):
        raise RuleViolation(
            errors.AGREEMENT_UNCHANGED,
            f"This is the same as version {current.version}: change the text to issue a new "
            "version.",
            field="text",
        )


def check_may_express_interest(
    *, competitive_flexible: bool, status: str, already_interested: bool, supplier: str
) -> None:
    """A supplier may join while the procurement is open for it (`open_for_interest`: s.20(4),
    s.54(3)-(4)), once (a house rule: one participation per supplier and procurement)."""
    if not open_for_interest(competitive_flexible=competitive_flexible, status=status):
        raise RuleViolation(
            errors.NOT_OPEN_FOR_INTEREST,
            "This procurement is not open: interest can no longer be expressed.",
        )
    if already_interested:
        raise RuleViolation(
            errors.ALREADY_INTERESTED,
            f"{supplier} has already expressed interest in this procurement.",
        )


def check_acceptance(
    *,
    procurement_status: str,
    participant_status: str,
    kind: str,
    version: int,
    current_version: int,
    is_current: bool,
    already_accepted: bool,
) -> None:
    """A supplier still taking part accepts the current version of an agreement, once. A house
    rule (the buyer's terms): an old version no longer opens the gate (`gate_is_current`)."""
    check_not_finished(procurement_status)
    if participant_status == ParticipantStatus.WITHDRAWN:
        raise RuleViolation("withdrawn", "Your organisation has withdrawn from this procurement.")
    name = AgreementKind(kind).label.lower()
    if not is_current:
        raise RuleViolation(
            errors.AGREEMENT_SUPERSEDED,
            f"Version {version} of the {name} has been replaced by version {current_version}: "
            "read and accept the current version.",
        )
    if already_accepted:
        raise RuleViolation(
            errors.ALREADY_ACCEPTED,
            f"Your organisation has already accepted version {version} of the {name}.",
        )


def check_gate_for_tender_withdrawal(gate_is_current: bool) -> None:
    """A supplier withdrawing while its tender may still be withdrawn must withdraw that tender
    too, and the tender is reached only behind the gate (`gate_is_current`): a house rule, so that
    no live tender is left behind a withdrawal to be opened."""
    if not gate_is_current:
        raise RuleViolation(
            errors.AGREEMENT_SUPERSEDED,
            "Accept the current version of every agreement first: your tender must be "
            "withdrawn with your organisation, and it can only be withdrawn behind the gate.",
        )


# --- Files ------------------------------------------------------------------------------------


def check_file(*, name: str, size: int, field: str = "file") -> None:
    """A file must have content and be at most 50 MB (a house rule that keeps uploads sane)."""
    if size <= 0:
        raise RuleViolation("file_empty", f"The selected file {name} is empty.", field=field)
    if size > MAX_FILE_BYTES:
        raise RuleViolation(
            "file_too_large", f"The selected file {name} must be smaller than 50MB.", field=field
        )


def check_document(*, procurement_status: str, title: str, has_file: bool) -> None:
    """A procurement document has a title (its versions share it) and a file, and is shared only
    while the procurement runs (a house rule; the documents themselves: s.21)."""
    check_not_finished(procurement_status)
    _required_text(title, "title", "Enter the title of the document.")
    if not has_file:
        raise RuleViolation(errors.INVALID_INPUT, "Select a file.", field="file")


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


def check_questionnaire_editable(*, competitive_flexible: bool, procurement_status: str) -> None:
    """The conditions of participation are set before the tender notice is published and do not
    change afterwards: every supplier must answer the same questions (Procurement Act 2023 s.31:
    a change after publication would be a modification of the tender notice's terms)."""
    check_competitive_flexible(competitive_flexible)
    if procurement_status != Status.DRAFT:
        raise RuleViolation(
            errors.QUESTIONNAIRE_LOCKED,
            "The questionnaire cannot change once the tender notice is published: every "
            "supplier must answer the same questions.",
            section=f"{ACT} s.31",
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


def check_may_respond(
    *,
    competitive_flexible: bool,
    procurement_status: str,
    deadline: datetime | None,
    now: datetime,
    participant_status: str,
) -> None:
    """A request to participate is saved or submitted in a competitive flexible procedure
    (s.20), before the deadline for it (`check_participation_open`, s.54(2)-(3)), by a supplier
    that has accepted the agreements and not yet submitted (a submitted request is final: the
    receipt proves what was sent, a house rule)."""
    check_competitive_flexible(competitive_flexible)
    check_participation_open(
        now=now, deadline=deadline, is_open=procurement_status == Status.PARTICIPATION_OPEN
    )
    if participant_status == ParticipantStatus.SUBMITTED:
        raise RuleViolation(
            errors.ALREADY_SUBMITTED,
            "Your organisation has already submitted its request to participate.",
        )
    if participant_status != ParticipantStatus.ADMITTED:
        raise RuleViolation(
            "invalid_transition",
            f"A supplier that is {ParticipantStatus(participant_status).label.lower()} cannot "
            "send a request to participate.",
        )


@dataclass(frozen=True)
class UploadFacts:
    """A file as uploaded: its name and size in bytes."""

    name: str
    size: int


def check_response_changes(
    *,
    questions: Mapping[int, QuestionFacts],
    answered: Iterable[int],
    uploads: Mapping[int, UploadFacts],
    financial_evidence: UploadFacts | None,
    annual_turnover: Decimal | None,
) -> None:
    """What a supplier saves in its draft request answers this questionnaire's questions: a file
    question with a file (`check_file`), the others in words; the turnover is not negative.
    House rules of the form, so that the request can be assessed as the questions asked
    (the conditions of participation themselves: s.22)."""
    answered = list(answered)
    for question_id in set(answered) | set(uploads):
        if question_id not in questions:
            raise RuleViolation(errors.INVALID_INPUT, "That question is not in this questionnaire.")
    for question_id in answered:
        if questions[question_id].kind == QuestionKind.FILE:
            raise RuleViolation(
                errors.INVALID_INPUT,
                f"Question {questions[question_id].position} is answered with a file.",
                field=f"question-{question_id}",
            )
    for question_id, upload in uploads.items():
        if questions[question_id].kind != QuestionKind.FILE:
            raise RuleViolation(
                errors.INVALID_INPUT,
                f"Question {questions[question_id].position} is answered in words, not a file.",
                field=f"question-{question_id}",
            )
        check_file(name=upload.name, size=upload.size, field=f"question-{question_id}")
    if financial_evidence is not None:
        check_file(
            name=financial_evidence.name, size=financial_evidence.size, field="financial_evidence"
        )
    if annual_turnover is not None and annual_turnover < 0:
        raise RuleViolation(
            errors.INVALID_INPUT,
            "The annual turnover cannot be negative.",
            field="annual_turnover",
        )


def check_complete(
    questions: Sequence[QuestionFacts],
    answers: Mapping[int, AnswerFacts],
    financial: FinancialFacts,
) -> None:
    """A request to participate is submitted only when complete (`missing_answers`, s.22(3)(a)):
    refused with one problem per gap, each naming its field."""
    problems = missing_answers(questions, answers, financial)
    if problems:
        raise RuleViolation(
            errors.ANSWERS_MISSING,
            "Your request to participate is not complete. "
            + " ".join(p.message.rstrip(".") + "." for p in problems),
            field=problems[0].field,
            details={
                "problems": [
                    {"code": p.code, "message": p.message, "field": p.field} for p in problems
                ]
            },
        )


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


def check_assessable(*, procurement_status: str, participant_status: str, supplier: str) -> None:
    """Requests to participate are assessed after the deadline for them (s.54(3)) and before the
    shortlist (s.20(4)), and only a submitted one is."""
    if procurement_status != Status.PARTICIPATION_CLOSED:
        raise RuleViolation(
            errors.NOT_ASSESSABLE_NOW,
            "Requests to participate are assessed after the deadline for them has passed and "
            "before suppliers are invited to tender.",
        )
    if participant_status != ParticipantStatus.SUBMITTED:
        raise RuleViolation(
            errors.NOT_SUBMITTED,
            f"{supplier} is {ParticipantStatus(participant_status).label.lower()}: only a "
            "submitted request to participate that awaits the shortlist can be assessed.",
        )


def check_assessment(
    *,
    questions: Mapping[int, QuestionFacts],
    marks: Sequence[Mapping[str, Any]],
    financial_result: str | None,
) -> None:
    """The marks given are for this questionnaire's questions, each one a mark its question
    allows (`check_mark`), and the financial information is passed or failed (the conditions of
    participation, s.22; assessed as the tender notice said)."""
    for mark in marks:
        question_id = mark.get("question_id")
        question = questions.get(question_id) if isinstance(question_id, int) else None
        if question is None:
            raise RuleViolation(errors.INVALID_INPUT, "That question is not in this questionnaire.")
        check_mark(
            kind=question.kind,
            max_score=question.max_score,
            result=mark.get("result") or "",
            score=mark.get("score"),
            position=question.position,
            field=f"question-{question.id}",
        )
    if financial_result and financial_result not in AssessmentResult.values:
        raise RuleViolation(
            errors.INVALID_INPUT,
            "Choose pass or fail for the financial information.",
            field="financial_result",
        )


# --- Exclusion (ss.57-59) ---------------------------------------------------------------------


def check_exclusion_decidable(
    *,
    procurement_status: str,
    competitive_flexible: bool,
    participant_status: str,
    supplier: str,
) -> None:
    """Exclusion is decided while the procurement runs (after publication, before it is over),
    once per supplier, about a supplier still competing: in a competitive flexible procedure one
    that submitted a request to participate or was invited, in an open procedure one admitted or
    invited (s.26, s.57; before the shortlist, s.27)."""
    if procurement_status == Status.DRAFT or procurement_status in FINISHED:
        raise RuleViolation(
            errors.NOT_DECIDABLE, "Exclusion can be decided only while the procurement runs."
        )
    if participant_status == ParticipantStatus.EXCLUDED:
        raise RuleViolation(errors.ALREADY_EXCLUDED, f"{supplier} is already excluded.")
    allowed = (
        {ParticipantStatus.SUBMITTED, ParticipantStatus.INVITED}
        if competitive_flexible
        else {ParticipantStatus.ADMITTED, ParticipantStatus.INVITED}
    )
    if participant_status not in allowed:
        raise RuleViolation(
            errors.NOT_DECIDABLE,
            f"{supplier} is {ParticipantStatus(participant_status).label.lower()}: there "
            "is nothing to decide about it.",
        )


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


def check_withdrawal_reason(reason: str) -> None:
    """The reason a supplier gives for withdrawing is optional and at most 2,000 characters (a
    house rule: the buyer reads it on the list of suppliers)."""
    if len(reason.strip()) > MAX_WITHDRAWAL_REASON_CHARS:
        raise RuleViolation(
            errors.INVALID_INPUT,
            "The reason must be 2,000 characters or fewer.",
            field="reason",
        )
