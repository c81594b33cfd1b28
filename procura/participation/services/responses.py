"""The supplier's request to participate: saved as a draft, then submitted with a receipt."""

import hashlib
from collections.abc import Mapping
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from procura.accounts.models import User
from procura.audit import services as audit
from procura.core import clock
from procura.procurements.models import Procurement

from .. import rules, selectors
from ..events import ParticipationEvent
from ..models import Answer, Participant, ParticipationResponse
from ..states import ParticipantStatus
from .common import (
    UNSET,
    _delete_later,
    _hash_upload,
    _question_facts,
    _require_bid_manager,
    _require_gate,
    _Unset,
    lock_participant,
    transition_participant,
)


def _require_may_respond(procurement: Procurement, participant: Participant) -> None:
    """Refusals shared by saving and submitting, in the order a supplier would want them."""
    _require_gate(participant)
    rules.check_may_respond(
        competitive_flexible=procurement.is_competitive_flexible,
        procurement_status=procurement.status,
        deadline=procurement.participation_deadline,
        now=clock.now(),
        participant_status=participant.status,
    )


def _upload_facts(upload: UploadedFile) -> rules.UploadFacts:
    return rules.UploadFacts(name=upload.name or "", size=upload.size or 0)


@transaction.atomic
def save_response(
    *,
    actor: User,
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
    rules.check_response_changes(
        questions={pk: _question_facts(q) for pk, q in questions.items()},
        answered=answers,
        uploads={question_id: _upload_facts(f) for question_id, f in files.items()},
        financial_evidence=(
            _upload_facts(financial_evidence) if financial_evidence is not None else None
        ),
        annual_turnover=None if isinstance(annual_turnover, _Unset) else annual_turnover,
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
        answer.file_name = (upload.name or "")[:255]
        answer.file.save(upload.name or "", upload, save=False)
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
        name = financial_evidence.name or ""
        response.financial_evidence_name = name[:255]
        response.financial_evidence.save(name, financial_evidence, save=False)
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
    questions = [_question_facts(q) for q in selectors.questions_of(procurement)]
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
def submit_response(*, actor: User, participant: Participant) -> ParticipationResponse:
    """Submit the request to participate. Refused, with one message per missing answer, unless
    it is complete; afterwards it is final, and the receipt (reference, time, sha256 of the
    canonical answers and file hashes) proves what was sent and when."""
    procurement, participant = lock_participant(participant)
    _require_bid_manager(actor, participant.supplier)
    _require_may_respond(procurement, participant)
    response = selectors.response_of(participant)
    questions, answers, financial = response_facts(procurement, response)
    rules.check_complete(questions, answers, financial)
    assert response is not None  # without one, every answer is missing: refused above
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
