"""The conditions of participation and the supplier's request to participate (Procurement
Act 2023 s.22, s.54(2)-(3))."""

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from procura.core.clock import format_datetime
from procura.core.errors import RuleViolation
from procura.procurements.states import Status

from .. import errors
from ..states import ParticipantStatus, QuestionKind
from .stage import ACT, check_competitive_flexible, check_file


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
