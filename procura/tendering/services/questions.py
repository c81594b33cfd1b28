"""Tender-stage clarification questions: asked by an invited supplier, answered to every
supplier at once without saying who asked."""

from django.db import transaction
from django.db.models import Q

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
    *,
    actor: User,
    question: TenderQuestion,
    answer: str,
    published_question: str | None = None,
    confirm_anonymised: bool = False,
) -> Clarification:
    """Answer a question by publishing a clarification to every supplier at once, without
    saying who asked. `published_question` is the question as published (edited to anonymise
    it if need be); neither it nor the answer may name a supplier taking part (by its legal
    name, a trading name, a short form or an e-mail domain) or a person who asked
    (`rules.check_anonymous`), and the buyer confirms the wording (`confirm_anonymised`)."""
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
    suppliers = _suppliers_taking_part(procurement, question)
    rules.check_anonymous(text, suppliers=suppliers)
    rules.check_anonymous(answer, suppliers=suppliers, field="answer")
    rules.check_anonymisation_confirmed(confirm_anonymised)
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


def _suppliers_taking_part(
    procurement: Procurement, question: TenderQuestion
) -> list[rules.SupplierNames]:
    """Every supplier taking part in the procurement (interested, a participant, a tenderer or
    one that asked a question), the asker first, with what could identify it: its names, its
    e-mail and web addresses (the organisation's: its people's may share the platform's
    domain), and the people who asked questions."""
    asked = TenderQuestion.objects.filter(procurement=procurement).select_related("asked_by")
    people: dict[int, set[str]] = {}
    for each in asked:
        people.setdefault(each.supplier_id, set()).add(each.asked_by.get_full_name())
    ids = {question.supplier_id, *people}
    ids |= set(
        Organisation.objects.filter(
            Q(participations__procurement=procurement) | Q(tenders__procurement=procurement)
        ).values_list("pk", flat=True)
    )
    suppliers = sorted(
        Organisation.objects.filter(pk__in=ids),
        key=lambda o: (o.pk != question.supplier_id, o.name),
    )
    return [
        rules.SupplierNames(
            name=supplier.name,
            trading_names=tuple(supplier.trading_names or ()),
            addresses=tuple(a for a in (supplier.email, supplier.website) if a),
            people=tuple(sorted(people.get(supplier.pk, ()))),
        )
        for supplier in suppliers
    ]
