"""Clarifications published to every supplier at once, never naming who asked."""

from django.db import transaction

from procura.accounts.models import User
from procura.audit import services as audit
from procura.core import clock
from procura.core.errors import DomainError

from .. import rules
from ..events import ProcurementEvent
from ..models import Clarification, Procurement
from .lifecycle import _require_buyer_org, lock_procurement


@transaction.atomic
def publish_clarification(
    *, actor: User, procurement: Procurement, answer: str, question: str = ""
) -> Clarification:
    """Publish a clarification to every supplier at once; it never names who asked."""
    procurement = lock_procurement(procurement)
    _require_buyer_org(actor, procurement.authority)
    if violation := rules.check_clarification_allowed(procurement.status):
        raise violation
    if not answer.strip():
        raise DomainError("invalid_input", "Enter the clarification.", field="answer")
    clarification = Clarification.objects.create(
        procurement=procurement,
        question=question.strip(),
        answer=answer.strip(),
        published_at=clock.now(),
        published_by=actor,
    )
    audit.record(
        actor=actor,
        event_type=ProcurementEvent.CLARIFICATION_PUBLISHED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        after={
            "clarification_id": clarification.pk,
            "question": clarification.question,
            "answer": clarification.answer,
        },
    )
    return clarification
