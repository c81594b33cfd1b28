"""The conditions of participation questionnaire, editable only while the procurement is a draft."""

from collections.abc import Mapping, Sequence

from django.db import transaction

from procura.accounts.models import User
from procura.audit import services as audit
from procura.core.errors import DomainError
from procura.procurements.models import Procurement

from .. import rules, selectors
from ..events import ParticipationEvent
from ..models import Question
from .common import _lock_procurement, _require_buyer


def _require_questionnaire_editable(procurement: Procurement) -> None:
    rules.check_questionnaire_editable(
        competitive_flexible=procurement.is_competitive_flexible,
        procurement_status=procurement.status,
    )


def _question_snapshot(procurement: Procurement) -> list[dict]:
    return [
        {
            "position": q.position,
            "kind": q.kind,
            "text": q.text,
            "max_score": q.max_score,
            "required": q.required,
        }
        for q in selectors.questions_of(procurement)
    ]


def _record_questionnaire(actor: User, procurement: Procurement, before: list[dict]) -> None:
    after = _question_snapshot(procurement)
    audit.record(
        actor=actor,
        event_type=ParticipationEvent.QUESTIONNAIRE_CHANGED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        before={"questions": before},
        after={"count": len(after), "questions": after},
    )


def _question_fields(raw: Mapping, prefix: str = "") -> dict:
    kind = raw.get("kind", "")
    max_score = raw.get("max_score")
    try:
        rules.check_question(kind=kind, text=raw.get("text") or "", max_score=max_score)
    except DomainError as error:
        error.field = f"{prefix}{error.field}" if error.field else error.field
        raise
    return {
        "kind": kind,
        "text": raw["text"].strip(),
        "guidance": (raw.get("guidance") or "").strip(),
        "max_score": max_score,
        "required": bool(raw.get("required", True)),
    }


@transaction.atomic
def set_questionnaire(*, actor: User, procurement: Procurement, questions: Sequence[Mapping]):
    """Replace the draft's questionnaire: [{kind, text, guidance, max_score, required}], in
    order (numbered 1, 2, 3 ...)."""
    procurement = _lock_procurement(procurement)
    _require_buyer(actor, procurement)
    _require_questionnaire_editable(procurement)
    cleaned = [_question_fields(q, f"questions.{i}.") for i, q in enumerate(questions)]
    before = _question_snapshot(procurement)
    Question.objects.filter(procurement=procurement).delete()
    Question.objects.bulk_create(
        Question(procurement=procurement, position=i, **fields)
        for i, fields in enumerate(cleaned, start=1)
    )
    _record_questionnaire(actor, procurement, before)
    return selectors.questions_of(procurement)


@transaction.atomic
def add_question(
    *,
    actor: User,
    procurement: Procurement,
    kind: str,
    text: str,
    max_score: int | None = None,
    guidance: str = "",
    required: bool = True,
) -> Question:
    """Add a question at the end of the draft's questionnaire."""
    procurement = _lock_procurement(procurement)
    _require_buyer(actor, procurement)
    _require_questionnaire_editable(procurement)
    fields = _question_fields(
        {
            "kind": kind,
            "text": text,
            "max_score": max_score,
            "guidance": guidance,
            "required": required,
        }
    )
    before = _question_snapshot(procurement)
    question = Question.objects.create(procurement=procurement, position=len(before) + 1, **fields)
    _record_questionnaire(actor, procurement, before)
    return question


@transaction.atomic
def remove_question(*, actor: User, question: Question) -> None:
    """Remove a question from the draft's questionnaire; the others are renumbered."""
    procurement = _lock_procurement(question.procurement)
    _require_buyer(actor, procurement)
    _require_questionnaire_editable(procurement)
    before = _question_snapshot(procurement)
    Question.objects.filter(pk=question.pk, procurement=procurement).delete()
    remaining = selectors.questions_of(procurement)
    for position, q in enumerate(remaining, start=1):
        q.position = position
    Question.objects.bulk_update(remaining, ["position"])
    _record_questionnaire(actor, procurement, before)
