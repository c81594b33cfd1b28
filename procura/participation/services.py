"""Every write of the participation stage. Each function is atomic, takes an explicit actor,
refuses (DomainError, nothing written) before it writes, and records its audit event(s) in
the same transaction.

Locks are taken in a fixed order, procurement first, then participant, so that a supplier
saving at the deadline queues behind (or ahead of) the job closing participation, never both.
"""

import hashlib
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from procura.accounts.models import Organisation
from procura.accounts.selectors import has_role
from procura.accounts.states import OrganisationKind, Role
from procura.audit import services as audit
from procura.core import clock
from procura.core.errors import DomainError, NotFound
from procura.procurements import services as procurement_services
from procura.procurements.models import Procurement
from procura.procurements.states import Status
from procura.tendering import errors as tendering_errors
from procura.tendering import selectors as tendering_selectors
from procura.tendering import services as tendering_services
from procura.tendering.permissions import may_submit_tender
from procura.tendering.states import TenderStatus

from . import errors, rules, selectors
from .events import ParticipationEvent
from .models import (
    Agreement,
    AgreementAcceptance,
    Answer,
    ExclusionDecision,
    Participant,
    ParticipationResponse,
    ProcurementDocument,
    Question,
)
from .states import (
    EXCLUDING_OUTCOMES,
    AgreementKind,
    AssessmentResult,
    ExclusionOutcome,
    ParticipantStatus,
    QuestionKind,
    can_transition,
)

#: Statuses in which the procurement is over and its participation stage can no longer change.
FINISHED = frozenset({Status.TERMINATED, Status.CONTRACT_SIGNED})


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET = _Unset()


# --- Helpers ----------------------------------------------------------------------------------


def _lock_procurement(procurement: Procurement) -> Procurement:
    return procurement_services.lock_procurement(procurement)


def _lock_participant(participant: Participant) -> tuple[Procurement, Participant]:
    """Lock the procurement, then the participant (the fixed order)."""
    procurement = _lock_procurement(participant.procurement)
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    locked.procurement = procurement
    locked.supplier = participant.supplier
    return procurement, locked


def _require_buyer(actor, procurement: Procurement) -> None:
    if not has_role(actor, Role.BUYER, procurement.authority):
        raise DomainError(errors.FORBIDDEN, "Only a buyer of the authority can do this.")


def _require_bid_manager(actor, supplier: Organisation) -> None:
    if supplier.kind != OrganisationKind.SUPPLIER or not has_role(
        actor, Role.SUPPLIER_BID_MANAGER, supplier
    ):
        raise DomainError(errors.FORBIDDEN, "Only a bid manager of the supplier can do this.")


def _require_gate(participant: Participant) -> None:
    # The views and API check the gate first; this is the service's own guard.
    if not selectors.gate_is_current(participant):
        raise NotFound()


def _require_competitive_flexible(procurement: Procurement) -> None:
    if not procurement.is_competitive_flexible:
        raise DomainError(
            errors.NOT_COMPETITIVE_FLEXIBLE,
            "Only a competitive flexible procedure has a participation stage: in an open "
            "procedure an admitted supplier goes straight to its tender.",
            section="Procurement Act 2023 s.20",
        )


def _move(participant: Participant, target: str) -> None:
    if not can_transition(participant.status, target):
        raise DomainError(
            "invalid_transition",
            f"A supplier that is {participant.get_status_display().lower()} cannot become "
            f"{ParticipantStatus(target).label.lower()}.",
        )
    participant.status = target


def _hash_upload(uploaded: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def _delete_later(field_file) -> None:
    """Remove a replaced draft file once the replacement is committed."""
    if field_file:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: storage.delete(name))


def _clean_text(value, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(errors.INVALID_INPUT, message, field=field)
    return value


# --- 1. The agreements gate -------------------------------------------------------------------


@transaction.atomic
def issue_agreement(*, actor, procurement: Procurement, kind: str, title: str, text: str):
    """Issue a new version of the procurement's NDA or ethical walls agreement. It supersedes
    the previous version: suppliers who accepted that one lose access until they accept this."""
    procurement = _lock_procurement(procurement)
    _require_buyer(actor, procurement)
    if procurement.status in FINISHED:
        raise DomainError(errors.PROCUREMENT_CLOSED, "The procurement has finished.")
    if kind not in AgreementKind.values:
        raise DomainError(errors.INVALID_INPUT, "Choose the kind of agreement.", field="kind")
    title = _clean_text(title, "title", "Enter the title of the agreement.")
    text = _clean_text(text, "text", "Enter the text of the agreement.")
    sha256 = rules.sha256_of_text(text)
    current = Agreement.objects.filter(procurement=procurement, kind=kind).order_by("-version")
    current = current.first()
    if current is not None and current.sha256 == sha256 and current.title == title:
        raise DomainError(
            errors.AGREEMENT_UNCHANGED,
            f"This is the same as version {current.version}: change the text to issue a new "
            "version.",
            field="text",
        )
    agreement = Agreement.objects.create(
        procurement=procurement,
        kind=kind,
        version=(current.version + 1) if current else 1,
        title=title,
        text=text,
        sha256=sha256,
        created_at=clock.now(),
        created_by=actor,
    )
    audit.record(
        actor=actor,
        event_type=ParticipationEvent.AGREEMENT_ISSUED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        before={"version": current.version, "sha256": current.sha256} if current else {},
        after={
            "agreement_id": agreement.pk,
            "kind": AgreementKind(kind).label.lower(),
            "kind_code": kind,
            "version": agreement.version,
            "title": title,
            "sha256": sha256,
        },
    )
    return agreement


@transaction.atomic
def express_interest(*, actor, procurement: Procurement, supplier: Organisation) -> Participant:
    """A supplier says it wants to take part in a published procurement. It then sees the
    agreements to accept; nothing else until it has accepted them."""
    procurement = _lock_procurement(procurement)
    _require_bid_manager(actor, supplier)
    if not rules.open_for_interest(
        competitive_flexible=procurement.is_competitive_flexible, status=procurement.status
    ):
        raise DomainError(
            errors.NOT_OPEN_FOR_INTEREST,
            "This procurement is not open: interest can no longer be expressed.",
        )
    if Participant.objects.filter(procurement=procurement, supplier=supplier).exists():
        raise DomainError(
            errors.ALREADY_INTERESTED,
            f"{supplier.name} has already expressed interest in this procurement.",
        )
    participant = Participant.objects.create(
        procurement=procurement,
        supplier=supplier,
        status=ParticipantStatus.INTERESTED,
        interest_expressed_at=clock.now(),
        interest_expressed_by=actor,
    )
    audit.record(
        actor=actor,
        event_type=ParticipationEvent.INTEREST_EXPRESSED,
        obj=participant,
        organisation_id=procurement.authority_id,
        after={"supplier": supplier.name, "status": participant.status},
    )
    return participant


@transaction.atomic
def accept_agreement(
    *, actor, participant: Participant, agreement: Agreement
) -> AgreementAcceptance:
    """The supplier accepts the current version of one agreement (who, when, which version).
    When every required agreement is accepted at its current version, an interested supplier is
    admitted: it may see the documents and take part."""
    procurement, participant = _lock_participant(participant)
    _require_bid_manager(actor, participant.supplier)
    if agreement.procurement_id != procurement.pk:
        raise NotFound()
    if procurement.status in FINISHED:
        raise DomainError(errors.PROCUREMENT_CLOSED, "The procurement has finished.")
    if participant.status == ParticipantStatus.WITHDRAWN:
        raise DomainError("withdrawn", "Your organisation has withdrawn from this procurement.")
    current = selectors.current_agreements(procurement)[agreement.kind]
    if current.pk != agreement.pk:
        raise DomainError(
            errors.AGREEMENT_SUPERSEDED,
            f"Version {agreement.version} of the {agreement.get_kind_display().lower()} has been "
            f"replaced by version {current.version}: read and accept the current version.",
        )
    if AgreementAcceptance.objects.filter(participant=participant, agreement=agreement).exists():
        raise DomainError(
            errors.ALREADY_ACCEPTED,
            f"Your organisation has already accepted version {agreement.version} of the "
            f"{agreement.get_kind_display().lower()}.",
        )
    now = clock.now()
    acceptance = AgreementAcceptance.objects.create(
        participant=participant, agreement=agreement, accepted_by=actor, accepted_at=now
    )
    audit.record(
        actor=actor,
        event_type=ParticipationEvent.AGREEMENT_ACCEPTED,
        obj=participant,
        organisation_id=procurement.authority_id,
        after={
            "supplier": participant.supplier.name,
            "agreement_id": agreement.pk,
            "kind": agreement.get_kind_display().lower(),
            "kind_code": agreement.kind,
            "version": agreement.version,
            "sha256": agreement.sha256,
        },
    )
    current_ids = {kind: a.pk for kind, a in selectors.current_agreements(procurement).items()}
    if participant.status == ParticipantStatus.INTERESTED and rules.gate_is_current(
        current_ids, selectors.accepted_agreement_ids(participant)
    ):
        _move(participant, ParticipantStatus.ADMITTED)
        participant.admitted_at = now
        participant.save(update_fields=["status", "admitted_at"])
        audit.record(
            actor=actor,
            event_type=ParticipationEvent.ADMITTED,
            obj=participant,
            organisation_id=procurement.authority_id,
            before={"status": ParticipantStatus.INTERESTED},
            after={"supplier": participant.supplier.name, "status": ParticipantStatus.ADMITTED},
        )
    return acceptance


# --- Procurement documents --------------------------------------------------------------------


@transaction.atomic
def upload_document(
    *, actor, procurement: Procurement, title: str, uploaded_file: UploadedFile, description=""
) -> ProcurementDocument:
    """The buyer shares a procurement document with admitted suppliers. A document with the same
    title as an earlier one is its next version."""
    procurement = _lock_procurement(procurement)
    _require_buyer(actor, procurement)
    if procurement.status in FINISHED:
        raise DomainError(errors.PROCUREMENT_CLOSED, "The procurement has finished.")
    title = _clean_text(title, "title", "Enter the title of the document.")
    if uploaded_file is None:
        raise DomainError(errors.INVALID_INPUT, "Select a file.", field="file")
    rules.check_file(name=uploaded_file.name, size=uploaded_file.size, field="file")
    sha256 = _hash_upload(uploaded_file)
    latest = (
        ProcurementDocument.objects.filter(procurement=procurement, title=title)
        .order_by("-version")
        .first()
    )
    document = ProcurementDocument(
        procurement=procurement,
        title=title,
        description=(description or "").strip(),
        version=(latest.version + 1) if latest else 1,
        file_name=uploaded_file.name[:255],
        content_type=(getattr(uploaded_file, "content_type", "") or "")[:100],
        size=uploaded_file.size,
        sha256=sha256,
        uploaded_at=clock.now(),
        uploaded_by=actor,
    )
    document.file.save(uploaded_file.name, uploaded_file, save=False)
    document.save()
    audit.record(
        actor=actor,
        event_type=ParticipationEvent.DOCUMENT_UPLOADED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        after={
            "document_id": document.pk,
            "title": title,
            "version": document.version,
            "file_name": document.file_name,
            "size": document.size,
            "sha256": sha256,
        },
    )
    return document


# --- 2. The conditions of participation questionnaire ----------------------------------------


def _require_questionnaire_editable(procurement: Procurement) -> None:
    _require_competitive_flexible(procurement)
    if procurement.status != Status.DRAFT:
        raise DomainError(
            errors.QUESTIONNAIRE_LOCKED,
            "The questionnaire cannot change once the tender notice is published: every "
            "supplier must answer the same questions.",
            section="Procurement Act 2023 s.31",
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


def _record_questionnaire(actor, procurement: Procurement, before: list[dict]) -> None:
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
def set_questionnaire(*, actor, procurement: Procurement, questions: Sequence[Mapping]):
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
    actor,
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
def remove_question(*, actor, question: Question) -> None:
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


# --- The supplier's request to participate ----------------------------------------------------


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
    procurement, participant = _lock_participant(participant)
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
    procurement, participant = _lock_participant(participant)
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
    _move(participant, ParticipantStatus.SUBMITTED)
    participant.submitted_at = now
    participant.save(update_fields=["status", "submitted_at"])
    audit.record(
        actor=actor,
        event_type=ParticipationEvent.RESPONSE_SUBMITTED,
        obj=participant,
        organisation_id=procurement.authority_id,
        before={"status": ParticipantStatus.ADMITTED},
        after={
            "supplier": participant.supplier.name,
            "status": ParticipantStatus.SUBMITTED,
            "receipt": response.receipt_reference,
            "sha256": sha256,
            "submitted_at": now,
        },
    )
    return response


# --- 3. Assessment, exclusion, shortlist, invitation to tender --------------------------------


@transaction.atomic
def assess_response(
    *,
    actor,
    participant: Participant,
    marks: Sequence[Mapping] = (),
    financial_result: str | None = None,
    financial_comment: str | None = None,
) -> ParticipationResponse:
    """Record the buyer's marks for a submitted request to participate, after the deadline and
    before the shortlist: `marks` is [{question_id, result ('pass'/'fail'/''), score, comment}];
    the financial information is passed or failed too."""
    procurement, participant = _lock_participant(participant)
    _require_buyer(actor, procurement)
    if procurement.status != Status.PARTICIPATION_CLOSED:
        raise DomainError(
            errors.NOT_ASSESSABLE_NOW,
            "Requests to participate are assessed after the deadline for them has passed and "
            "before suppliers are invited to tender.",
        )
    if participant.status != ParticipantStatus.SUBMITTED:
        raise DomainError(
            errors.NOT_SUBMITTED,
            f"{participant.supplier.name} is {participant.get_status_display().lower()}: only a "
            "submitted request to participate that awaits the shortlist can be assessed.",
        )
    response = selectors.response_of(participant)
    questions = {q.pk: q for q in selectors.questions_of(procurement)}
    answers = selectors.answers_by_question(response)
    cleaned = []
    for mark in marks:
        question = questions.get(mark.get("question_id"))
        if question is None:
            raise DomainError(errors.INVALID_INPUT, "That question is not in this questionnaire.")
        result = mark.get("result") or ""
        score = mark.get("score")
        rules.check_mark(
            kind=question.kind,
            max_score=question.max_score,
            result=result,
            score=score,
            position=question.position,
            field=f"question-{question.pk}",
        )
        cleaned.append((answers[question.pk], result, score, (mark.get("comment") or "").strip()))
    if financial_result and financial_result not in AssessmentResult.values:
        raise DomainError(
            errors.INVALID_INPUT,
            "Choose pass or fail for the financial information.",
            field="financial_result",
        )
    now = clock.now()
    before, after = {}, {}
    for answer, result, score, comment in cleaned:
        key = str(answer.question_id)
        before[key] = {"result": answer.result, "score": answer.score, "comment": answer.comment}
        answer.result, answer.score, answer.comment = result, score, comment
        answer.assessed_at = now if (result or score is not None) else None
        answer.assessed_by = actor if answer.assessed_at else None
        after[key] = {"result": result, "score": score, "comment": comment}
    Answer.objects.bulk_update(
        [c[0] for c in cleaned], ["result", "score", "comment", "assessed_at", "assessed_by"]
    )
    financial_before = {
        "result": response.financial_result,
        "comment": response.financial_comment,
    }
    if financial_result is not None:
        response.financial_result = financial_result
    if financial_comment is not None:
        response.financial_comment = financial_comment.strip()
    response.assessed_at = now
    response.assessed_by = actor
    response.save(
        update_fields=["financial_result", "financial_comment", "assessed_at", "assessed_by"]
    )
    audit.record(
        actor=actor,
        event_type=ParticipationEvent.RESPONSE_ASSESSED,
        obj=participant,
        organisation_id=procurement.authority_id,
        before={"marks": before, "financial": financial_before},
        after={
            "supplier": participant.supplier.name,
            "marks": after,
            "financial": {
                "result": response.financial_result,
                "comment": response.financial_comment,
            },
        },
    )
    return response


@transaction.atomic
def record_exclusion_decision(
    *,
    actor,
    participant: Participant,
    outcome: str,
    ground_type: str = "",
    ground: str = "",
    representations: str = "",
    representations_invited_on: date | None = None,
    evidence: str = "",
    reasons: str = "",
    decided_on: date | None = None,
) -> ExclusionDecision:
    """Record whether a supplier is excluded, excludable and excluded, or not excluded (s.57),
    with the ground, its representations and evidence (s.58(2)) and the date; an exclusion
    excludes it from the procurement and sets the day by which the Minister must be told
    (s.59). Decided for every supplier that submitted before the shortlist (s.27)."""
    procurement, participant = _lock_participant(participant)
    _require_buyer(actor, procurement)
    if procurement.status == Status.DRAFT or procurement.status in FINISHED:
        raise DomainError(
            errors.NOT_DECIDABLE, "Exclusion can be decided only while the procurement runs."
        )
    if participant.status == ParticipantStatus.EXCLUDED:
        raise DomainError(
            errors.ALREADY_EXCLUDED, f"{participant.supplier.name} is already excluded."
        )
    allowed = (
        {ParticipantStatus.SUBMITTED, ParticipantStatus.INVITED}
        if procurement.is_competitive_flexible
        else {ParticipantStatus.ADMITTED, ParticipantStatus.INVITED}
    )
    if participant.status not in allowed:
        raise DomainError(
            errors.NOT_DECIDABLE,
            f"{participant.supplier.name} is {participant.get_status_display().lower()}: there "
            "is nothing to decide about it.",
        )
    decided_on = decided_on or clock.today()
    rules.check_exclusion_decision(
        outcome=outcome,
        ground_type=ground_type or "",
        ground=ground or "",
        representations=representations or "",
        representations_invited_on=representations_invited_on,
        reasons=reasons or "",
        decided_on=decided_on,
        today=clock.today(),
    )
    now = clock.now()
    decision = ExclusionDecision.objects.create(
        participant=participant,
        outcome=outcome,
        ground_type=ground_type or "",
        ground=(ground or "").strip(),
        representations=(representations or "").strip(),
        representations_invited_on=representations_invited_on,
        evidence=(evidence or "").strip(),
        reasons=(reasons or "").strip(),
        decided_on=decided_on,
        minister_notification_due=rules.minister_notification_due(outcome, decided_on),
        recorded_at=now,
        recorded_by=actor,
    )
    before_status = participant.status
    if outcome in EXCLUDING_OUTCOMES:
        _move(participant, ParticipantStatus.EXCLUDED)
        participant.decided_at = now
        participant.decision_reason = decision.reasons
        participant.save(update_fields=["status", "decided_at", "decision_reason"])
    audit.record(
        actor=actor,
        event_type=ParticipationEvent.EXCLUSION_DECIDED,
        obj=participant,
        organisation_id=procurement.authority_id,
        before={"status": before_status},
        after={
            "supplier": participant.supplier.name,
            "status": participant.status,
            "decision_id": decision.pk,
            "outcome": ExclusionOutcome(outcome).label.lower(),
            "outcome_code": outcome,
            "ground_type": decision.ground_type,
            "ground": decision.ground,
            "representations_recorded": bool(decision.representations),
            "representations_invited_on": representations_invited_on,
            "decided_on": decided_on,
            "minister_notification_due": decision.minister_notification_due,
        },
        reason=decision.reasons,
    )
    return decision


def _participation_closed_or_refuse(procurement: Procurement, doing: str) -> None:
    if procurement.status == Status.PARTICIPATION_CLOSED:
        return
    if procurement.status == Status.PARTICIPATION_OPEN:
        deadline = procurement.participation_deadline
        when = f" ({clock.format_datetime(deadline)})" if deadline else ""
        message = (
            f"Wait until the deadline for requests to participate{when} has passed to {doing}."
        )
    else:
        message = (
            f"The procurement is {procurement.get_status_display().lower()}: too late to {doing}."
        )
    raise DomainError(errors.PARTICIPATION_NOT_CLOSED, message)


@transaction.atomic
def decide_shortlist(
    *,
    actor,
    procurement: Procurement,
    shortlisted: Mapping[int, str],
    not_shortlisted: Mapping[int, str],
) -> list[Participant]:
    """Shortlist at most the number of suppliers the tender notice stated (s.20(4)(a); reg
    19(2)(d)) among those that submitted and are not excluded, once exclusion has been decided
    for each of them (s.27). `shortlisted` and `not_shortlisted` map participant ids to the
    reasons each supplier will see; every eligible supplier is in exactly one of them."""
    procurement = _lock_procurement(procurement)
    _require_buyer(actor, procurement)
    _require_competitive_flexible(procurement)
    _participation_closed_or_refuse(procurement, "decide the shortlist")
    participants = list(
        Participant.objects.select_for_update(of=("self",))
        .filter(procurement=procurement)
        .select_related("supplier")
        .order_by("supplier__name", "pk")
    )
    by_id = {p.pk: p for p in participants}
    if any(
        p.status in {ParticipantStatus.INVITED, ParticipantStatus.NOT_SHORTLISTED}
        for p in participants
    ):
        raise DomainError(errors.ALREADY_SHORTLISTED, "The shortlist has already been decided.")
    shortlisted = {int(k): v for k, v in shortlisted.items()}
    not_shortlisted = {int(k): v for k, v in not_shortlisted.items()}
    both = set(shortlisted) & set(not_shortlisted)
    if both:
        raise DomainError(
            errors.INVALID_INPUT,
            "A supplier cannot be both shortlisted and not shortlisted: "
            + ", ".join(by_id[i].supplier.name if i in by_id else str(i) for i in sorted(both)),
        )
    eligible = {p.pk for p in participants if p.status == ParticipantStatus.SUBMITTED}
    for participant_id in set(shortlisted) | set(not_shortlisted):
        if participant_id not in eligible:
            participant = by_id.get(participant_id)
            name = participant.supplier.name if participant else f"Participant {participant_id}"
            status = participant.get_status_display().lower() if participant else "not taking part"
            raise DomainError(
                errors.NOT_ELIGIBLE,
                f"{name} cannot be shortlisted: it is {status}. Only suppliers that submitted a "
                "request to participate and are not excluded can be.",
            )
    decided = set(
        ExclusionDecision.objects.filter(participant_id__in=eligible).values_list(
            "participant_id", flat=True
        )
    )
    undecided = sorted(by_id[i].supplier.name for i in eligible - decided)
    if undecided:
        raise DomainError(
            errors.EXCLUSION_NOT_DECIDED,
            "Decide whether each supplier is excluded or excludable before shortlisting: "
            + ", ".join(undecided)
            + ".",
            section="Procurement Act 2023 s.27",
            details={"suppliers": undecided},
        )
    missing = sorted(
        by_id[i].supplier.name for i in eligible - set(shortlisted) - set(not_shortlisted)
    )
    if missing:
        raise DomainError(
            errors.SHORTLIST_INCOMPLETE,
            "Decide about every supplier that submitted a request to participate: "
            + ", ".join(missing)
            + ".",
            details={"suppliers": missing},
        )
    rules.check_shortlist_length(len(shortlisted), procurement.max_shortlist)
    without_reasons = sorted(
        by_id[i].supplier.name
        for i, reason in {**shortlisted, **not_shortlisted}.items()
        if not (reason or "").strip()
    )
    if without_reasons:
        raise DomainError(
            errors.REASON_REQUIRED,
            "Give the reasons each supplier will see: " + ", ".join(without_reasons) + ".",
            details={"suppliers": without_reasons},
        )
    now = clock.now()
    changed = []
    for participant_id, reason in shortlisted.items():
        participant = by_id[participant_id]
        _move(participant, ParticipantStatus.INVITED)
        participant.decision_reason, participant.decided_at = reason.strip(), now
        changed.append(participant)
    for participant_id, reason in not_shortlisted.items():
        participant = by_id[participant_id]
        _move(participant, ParticipantStatus.NOT_SHORTLISTED)
        participant.decision_reason, participant.decided_at = reason.strip(), now
        changed.append(participant)
    Participant.objects.bulk_update(changed, ["status", "decision_reason", "decided_at"])
    audit.record(
        actor=actor,
        event_type=ParticipationEvent.SHORTLIST_DECIDED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        after={
            "shortlisted_count": len(shortlisted),
            "not_shortlisted_count": len(not_shortlisted),
            "max_shortlist": procurement.max_shortlist,
            "shortlisted": {by_id[i].supplier.name: r.strip() for i, r in shortlisted.items()},
            "not_shortlisted": {
                by_id[i].supplier.name: r.strip() for i, r in not_shortlisted.items()
            },
        },
    )
    return sorted(changed, key=lambda p: (p.supplier.name, p.pk))


@transaction.atomic
def invite_to_tender(*, actor, procurement: Procurement, tender_deadline: datetime) -> Procurement:
    """Invite the shortlisted suppliers to tender by `tender_deadline`, which must leave the
    minimum tendering period for pre-selected suppliers (s.54(4) entry 3: 10 days for an
    authority that is not central government; entry 2: none if a period was agreed with each of
    them). Opens the tender stage."""
    procurement = _lock_procurement(procurement)
    _require_buyer(actor, procurement)
    _require_competitive_flexible(procurement)
    _participation_closed_or_refuse(procurement, "invite suppliers to tender")
    invited = list(
        Participant.objects.filter(procurement=procurement, status=ParticipantStatus.INVITED)
        .select_related("supplier")
        .order_by("supplier__name")
    )
    if not invited:
        raise DomainError(
            errors.SHORTLIST_NOT_DECIDED, "Decide the shortlist before inviting tenders."
        )
    if tender_deadline is None or timezone.is_naive(tender_deadline):
        raise DomainError(
            errors.INVALID_INPUT,
            "Enter the tender deadline with its time and time zone.",
            field="tender_deadline",
        )
    facts = rules.invitation_tendering_facts(
        procurement.tendering_facts, urgency=procurement.urgency
    )
    earliest = rules.check_invitation_deadline(
        invited=clock.today(), deadline=tender_deadline, now=clock.now(), facts=facts
    )
    before = {
        "status": procurement.status,
        "tender_deadline": procurement.tender_deadline,
        "tendering_opened_at": procurement.tendering_opened_at,
    }
    procurement.tender_deadline = tender_deadline
    procurement.tendering_opened_at = clock.now()
    procurement_services.move(procurement, Status.TENDERING_OPEN)
    procurement.save(update_fields=["status", "tender_deadline", "tendering_opened_at"])
    audit.record(
        actor=actor,
        event_type=ParticipationEvent.INVITED_TO_TENDER,
        obj=procurement,
        organisation_id=procurement.authority_id,
        before=before,
        after={
            "status": procurement.status,
            "tender_deadline": tender_deadline,
            "tender_deadline_text": clock.format_datetime(tender_deadline),
            "tendering_opened_at": procurement.tendering_opened_at,
            "earliest_allowed_deadline": earliest,
            "invited": [p.supplier.name for p in invited],
        },
    )
    return procurement


# --- 4. A supplier withdrawing ----------------------------------------------------------------


def _tendering_still_open(procurement: Procurement) -> bool:
    deadline = procurement.tender_deadline
    return (
        procurement.status == Status.TENDERING_OPEN
        and deadline is not None
        and clock.now() < deadline
    )


def _withdraw_live_tenders(actor, procurement: Procurement, supplier: Organisation) -> list[str]:
    """Withdraw the supplier's live tenders (one per lot, when the procurement is divided into
    lots) while tenders may still be withdrawn; the references withdrawn, or [] when there were
    none or they stay, sealed, because the tender deadline has passed."""
    live = [
        receipt
        for receipt in tendering_selectors.receipts_of(procurement, supplier)
        if receipt.status == TenderStatus.SUBMITTED
    ]
    if not live or not _tendering_still_open(procurement):
        return []
    if not may_submit_tender(procurement, supplier):
        # A new version of an agreement closed the gate: the tendering service cannot be
        # reached, and a withdrawal must not leave a live tender behind it to be opened.
        raise DomainError(
            errors.AGREEMENT_SUPERSEDED,
            "Accept the current version of every agreement first: your tender must be "
            "withdrawn with your organisation, and it can only be withdrawn behind the gate.",
        )
    withdrawn = []
    for receipt in live:
        lot_number = getattr(receipt, "lot", "")
        by_lot = {"lot": tendering_selectors.lot_of(procurement, lot_number)} if lot_number else {}
        try:
            tendering_services.withdraw_tender(
                actor=actor, procurement=procurement, supplier=supplier, **by_lot
            )
        except DomainError as error:
            # The deadline passed between the check above and the tendering service's own:
            # the tenders stay sealed, exactly as for a withdrawal after the deadline.
            if error.code in (
                tendering_errors.TENDER_DEADLINE_PASSED,
                tendering_errors.TENDERING_NOT_OPEN,
            ):
                return withdrawn
            raise
        withdrawn.append(receipt.reference)
    return withdrawn


@transaction.atomic
def withdraw_participation(
    *, actor, procurement: Procurement, supplier: Organisation, reason: str = ""
) -> Participant:
    """The supplier's bid manager withdraws the organisation from the procurement, at any stage
    before the award is decided, while it is still taking part (interested, admitted,
    submitted or invited: `rules.check_withdrawal`). Final: it can take no further step, its
    documents and stages are closed to it, and it is left out of the shortlist, the invitation
    to tender and the suppliers allowed to tender. The buyer sees it, with the reason given,
    on the list of suppliers.

    Its tender, if it has one (one per lot, if the procurement is divided into lots):
    - while tenders may still be withdrawn (open, before the tender deadline), the live tender
      is withdrawn too, through the tendering service (kept sealed and never opened);
    - after the tender deadline, tenders are final (s.54(2): the same instant for everyone, and
      the tender box is the record of what arrived by then): the withdrawal is recorded, but the
      sealed tender stays as it is and is opened with the others, but it is no longer a
      candidate: evaluation leaves it out (not scored, ranked, awarded or sent a summary), and
      an award proposed before the withdrawal cannot be approved
      (`evaluation.selectors.tenders_for_evaluation`, `evaluation.services.approve_award`).
    The participation event says nothing about the tender, so that nobody on the buyer's side
    learns before the opening whether the supplier had tendered (ADR 0003); the tender's own
    event records its withdrawal for the supplier.

    The returned participant carries `tenders_withdrawn`: the references of the tenders
    withdrawn with it (one per lot at most), or [].
    """
    procurement = _lock_procurement(procurement)
    _require_bid_manager(actor, supplier)
    participant = (
        Participant.objects.select_for_update()
        .filter(procurement=procurement, supplier=supplier)
        .first()
    )
    if participant is None:
        raise NotFound()
    participant.procurement, participant.supplier = procurement, supplier
    rules.check_withdrawal(
        procurement_status=procurement.status,
        participant_status=participant.status,
        supplier=supplier.name,
    )
    reason = (reason or "").strip()
    if len(reason) > 2000:
        raise DomainError(
            errors.INVALID_INPUT,
            "The reason must be 2,000 characters or fewer.",
            field="reason",
        )
    tenders_withdrawn = _withdraw_live_tenders(actor, procurement, supplier)
    before = participant.status
    _move(participant, ParticipantStatus.WITHDRAWN)
    participant.withdrawn_at = clock.now()
    participant.withdrawn_by = actor
    participant.withdrawal_reason = reason
    participant.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    audit.record(
        actor=actor,
        event_type=ParticipationEvent.WITHDRAWN,
        obj=participant,
        organisation_id=procurement.authority_id,
        before={"status": before},
        after={
            "supplier": supplier.name,
            "status": ParticipantStatus.WITHDRAWN,
            "withdrawn_at": participant.withdrawn_at,
        },
        reason=reason,
    )
    participant.tenders_withdrawn = tenders_withdrawn
    return participant


# --- Downloads on the record ------------------------------------------------------------------


@transaction.atomic
def record_document_download(
    *, actor, document: ProcurementDocument, participant: Participant | None = None
) -> ProcurementDocument:
    """Put one download of a procurement document on the record: who, which document and
    version (with its SHA-256), and when (the event's time). A supplier's download is on its
    participant's timeline; the authority's own staff's on the procurement's. The caller has
    checked access (`permissions.access_document_for_download`)."""
    procurement = document.procurement
    audit.record(
        actor=actor,
        event_type=ParticipationEvent.DOCUMENT_DOWNLOADED,
        obj=participant if participant is not None else procurement,
        organisation_id=procurement.authority_id,
        after={
            "procurement": procurement.reference,
            "document_id": document.pk,
            "title": document.title,
            "version": document.version,
            "file_name": document.file_name,
            "size": document.size,
            "sha256": document.sha256,
            "supplier": participant.supplier.name if participant is not None else "",
        },
    )
    return document
