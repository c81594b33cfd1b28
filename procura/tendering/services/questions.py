"""Tender-stage clarification questions: asked by an invited supplier, answered to every
supplier at once without saying who asked."""

from django.db import transaction

from procura.accounts.models import Organisation, User
from procura.accounts.selectors import has_role
from procura.accounts.states import Role
from procura.audit import services as audit
from procura.core import clock
from procura.core.errors import DomainError
from procura.procurements import services as procurement_services
from procura.procurements.models import Clarification, Procurement
from procura.procurements.states import Status

from .. import rules
from ..events import TenderingEvent
from ..models import TenderQuestion
from ..states import QuestionStatus
from .submission import _require_tenderer


@transaction.atomic
def ask_question(
    *, actor: User, procurement: Procurement, supplier: Organisation, question: str
) -> TenderQuestion:
    """An invited supplier asks the buyer a question before the tender deadline. Only the
    buyer sees who asked."""
    procurement = procurement_services.lock_procurement(procurement)
    _require_tenderer(actor, procurement, supplier)
    rules.check_tender_window(
        now=clock.now(),
        deadline=procurement.tender_deadline,
        tendering_open=procurement.status == Status.TENDERING_OPEN,
    )
    text = rules.check_question_text(question)
    asked = TenderQuestion.objects.create(
        procurement=procurement,
        supplier=supplier,
        asked_by=actor,
        asked_at=clock.now(),
        question=text,
    )
    audit.record(
        actor=actor,
        event_type=TenderingEvent.QUESTION_ASKED,
        obj=asked,
        organisation_id=supplier.pk,
        after={"procurement": procurement.reference, "question": text},
    )
    return asked


@transaction.atomic
def answer_question(
    *, actor: User, question: TenderQuestion, answer: str, published_question: str | None = None
) -> Clarification:
    """Answer a question by publishing a clarification to every supplier at once, without
    saying who asked. `published_question` is the question as published (edited to anonymise
    it if need be); it may not name the supplier or the person who asked."""
    procurement = procurement_services.lock_procurement(question.procurement)
    question = TenderQuestion.objects.select_for_update().get(pk=question.pk)
    if not has_role(actor, Role.BUYER, procurement.authority):
        raise DomainError("forbidden_action", "Only a buyer of the authority can do this.")
    rules.check_question_open(question.status)
    if not (answer or "").strip():
        raise DomainError("invalid_input", "Enter the answer.", field="answer")
    text = rules.check_question_text(
        question.question if published_question is None else published_question,
        field="published_question",
        empty_message="Enter the question as it will be published.",
    )
    rules.check_anonymous(text, names=[question.supplier.name, question.asked_by.get_full_name()])
    clarification = procurement_services.publish_clarification(
        actor=actor, procurement=procurement, question=text, answer=answer
    )
    question.status = QuestionStatus.ANSWERED
    question.answered_by = actor
    question.answered_at = clock.now()
    question.clarification = clarification
    question.save(update_fields=["status", "answered_by", "answered_at", "clarification"])
    audit.record(
        actor=actor,
        event_type=TenderingEvent.QUESTION_ANSWERED,
        obj=question,
        organisation_id=procurement.authority_id,
        before={"status": QuestionStatus.OPEN},
        after={"status": QuestionStatus.ANSWERED, "clarification_id": clarification.pk},
    )
    return clarification
