"""Assessing requests to participate, and exclusion (Procurement Act 2023 ss.26-27, ss.57-59)."""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from procura.core.errors import RuleViolation
from procura.core.formatting import format_date
from procura.procurements.states import Status
from procura.timescales import rules as timescales

from .. import errors
from ..states import (
    EXCLUDING_OUTCOMES,
    GROUND_FOR_OUTCOME,
    AssessmentResult,
    ExclusionGround,
    ExclusionOutcome,
    ParticipantStatus,
    QuestionKind,
)
from .responses import QuestionFacts
from .stage import ACT, FINISHED


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
