"""The supplier's request to participate: saved as a draft, then submitted with a receipt."""

import hashlib
from collections.abc import Mapping
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from procura.audit import services as audit
from procura.core import clock
from procura.core.errors import DomainError
from procura.procurements.models import Procurement
from procura.procurements.states import Status

from .. import errors, rules, selectors
from ..events import ParticipationEvent
from ..models import Answer, Participant, ParticipationResponse
from ..states import ParticipantStatus, QuestionKind
from .common import (
    UNSET,
    _delete_later,
    _hash_upload,
    _require_bid_manager,
    _require_competitive_flexible,
    _require_gate,
    _Unset,
    lock_participant,
    transition_participant,
)


def _require_may_respond(procurement: Procurement, participant: Participant) -> None:
    """Refusals shared by saving and submitting, in the order a supplier would want them."""
    _require_gate(participant)
    _require_competitive_flexible(procurement)
    rules.check_participation_open(
        now=clock.now(),
        deadline=procurement.participation_deadline,
        is_open=procurement.status == Status.PARTICIPATION_OPEN,
    )
    if participant.status == ParticipantStatus.SUBMITTED:
        raise DomainError(
            errors.ALREADY_SUBMITTED,
            "Your organisation has already submitted its request to participate.",
        )
    if participant.status != ParticipantStatus.ADMITTED:
        raise DomainError(
            "invalid_transition",
            f"A supplier that is {participant.get_status_display().lower()} cannot send a "
            "request to participate.",
        )


@transaction.atomic
def save_response(
    *,
    actor,
    participant: Participant,
    answers: Mapping[int, str] | None = None,
    files: Mapping[int, UploadedFile] | None = None,
    annual_turnover: Decimal | None | _Unset = UNSET,
    financial_information: str | None = None,
    financial_evidence: UploadedFile | None = None,
) -> ParticipationResponse:
    """Save the supplier's draft request to participate, as often as it likes before the
    deadline. Only what is given changes: `answers` (question id -> text), `files` (question id
    -> file, for file questions), the annual turnover (None clears it), the financial
    information and the accounts or other financial evidence."""
    procurement, participant = lock_participant(participant)
    _require_bid_manager(actor, participant.supplier)
    _require_may_respond(procurement, participant)
    answers = dict(answers or {})
    files = {k: f for k, f in (files or {}).items() if f is not None}
    questions = {q.pk: q for q in selectors.questions_of(procurement)}
    for question_id in set(answers) | set(files):
        if question_id not in questions:
            raise DomainError(errors.INVALID_INPUT, "That question is not in this questionnaire.")
    for question_id in answers:
        if questions[question_id].kind == QuestionKind.FILE:
            raise DomainError(
                errors.INVALID_INPUT,
                f"Question {questions[question_id].position} is answered with a file.",
                field=f"question-{question_id}",
            )
    for question_id, upload in files.items():
        if questions[question_id].kind != QuestionKind.FILE:
            raise DomainError(
                errors.INVALID_INPUT,
                f"Question {questions[question_id].position} is answered in words, not a file.",
                field=f"question-{question_id}",
            )
        rules.check_file(name=upload.name, size=upload.size, field=f"question-{question_id}")
    if financial_evidence is not None:
        rules.check_file(
            name=financial_evidence.name, size=financial_evidence.size, field="financial_evidence"
        )
    if not isinstance(annual_turnover, _Unset) and annual_turnover is not None:
        if annual_turnover < 0:
            raise DomainError(
                errors.INVALID_INPUT,
                "The annual turnover cannot be negative.",
                field="annual_turnover",
            )

    now = clock.now()
    response, _ = ParticipationResponse.objects.get_or_create(
        participant=participant, defaults={"updated_at": now, "updated_by": actor}
    )
    before = _response_snapshot(response)
    existing = {a.question_id: a for a in Answer.objects.filter(response=response)}
    for question_id, text in answers.items():
        answer = existing.get(question_id) or Answer(
            response=response, question=questions[question_id]
        )
        answer.text = (text or "").strip()
        answer.updated_at = now
        answer.save()
        existing[question_id] = answer
    for question_id, upload in files.items():
        answer = existing.get(question_id) or Answer(
            response=response, question=questions[question_id]
        )
        _delete_later(answer.file)
        answer.file_sha256 = _hash_upload(upload)
        answer.file_name = upload.name[:255]
        answer.file.save(upload.name, upload, save=False)
        answer.updated_at = now
        answer.save()
        existing[question_id] = answer
    if not isinstance(annual_turnover, _Unset):
        response.annual_turnover = annual_turnover
    if financial_information is not None:
        response.financial_information = financial_information.strip()
    if financial_evidence is not None:
        _delete_later(response.financial_evidence)
        response.financial_evidence_sha256 = _hash_upload(financial_evidence)
        response.financial_evidence_name = financial_evidence.name[:255]
        response.financial_evidence.save(financial_evidence.name, financial_evidence, save=False)
    response.updated_at = now
    response.updated_by = actor
    response.save()
    audit.record(
        actor=actor,
        event_type=ParticipationEvent.RESPONSE_SAVED,
        obj=participant,
        organisation_id=procurement.authority_id,
        before=before,
        after={"supplier": participant.supplier.name, **_response_snapshot(response)},
    )
    return response


def _response_snapshot(response: ParticipationResponse) -> dict:
    answers = Answer.objects.filter(response=response).order_by("question__position")
    return {
        "answers": {
            str(a.question_id): (a.file_sha256 if a.file_sha256 else rules.sha256_of_text(a.text))
            for a in answers
        },
        "annual_turnover": response.annual_turnover,
        "financial_information_sha256": rules.sha256_of_text(response.financial_information),
        "financial_evidence_sha256": response.financial_evidence_sha256,
    }


def response_facts(procurement: Procurement, response: ParticipationResponse | None):
    """The questionnaire, the answers and the financial information as plain rule values."""
    questions = [
        rules.QuestionFacts(
            id=q.pk,
            position=q.position,
            kind=q.kind,
            text=q.text,
            required=q.required,
            max_score=q.max_score,
        )
        for q in selectors.questions_of(procurement)
    ]
    answers = {
        question_id: rules.AnswerFacts(text=a.text, file_sha256=a.file_sha256)
        for question_id, a in selectors.answers_by_question(response).items()
    }
    financial = rules.FinancialFacts(
        annual_turnover=response.annual_turnover if response else None,
        information=response.financial_information if response else "",
        evidence_sha256=response.financial_evidence_sha256 if response else "",
    )
    return questions, answers, financial


@transaction.atomic
def submit_response(*, actor, participant: Participant) -> ParticipationResponse:
    """Submit the request to participate. Refused, with one message per missing answer, unless
    it is complete; afterwards it is final, and the receipt (reference, time, sha256 of the
    canonical answers and file hashes) proves what was sent and when."""
    procurement, participant = lock_participant(participant)
    _require_bid_manager(actor, participant.supplier)
    _require_may_respond(procurement, participant)
    response = selectors.response_of(participant)
    questions, answers, financial = response_facts(procurement, response)
    problems = rules.missing_answers(questions, answers, financial)
    if problems:
        raise DomainError(
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
    canonical = rules.canonical_response(
        procurement_reference=procurement.reference,
        supplier_id=participant.supplier.party_id,
        questions=questions,
        answers=answers,
        financial=financial,
    )
    sha256 = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    now = clock.now()
    answered = set(answers)
    Answer.objects.bulk_create(
        Answer(response=response, question_id=q.id, updated_at=now)
        for q in questions
        if q.id not in answered
    )
    response.submitted_at = now
    response.submitted_by = actor
    response.receipt_sha256 = sha256
    response.receipt_reference = rules.receipt_reference(procurement.reference, sha256)
    response.save(
        update_fields=["submitted_at", "submitted_by", "receipt_sha256", "receipt_reference"]
    )
    transition_participant(
        participant,
        ParticipantStatus.SUBMITTED,
        actor=actor,
        event_type=ParticipationEvent.RESPONSE_SUBMITTED,
        stamp="submitted_at",
        at=now,
        after={"receipt": response.receipt_reference, "sha256": sha256, "submitted_at": now},
    )
    return response
