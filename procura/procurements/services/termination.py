"""Terminating a procurement and publishing the termination notice (UK12, s.55)."""

from django.db import transaction

from procura.audit import services as audit
from procura.core import clock
from procura.core.errors import DomainError
from procura.notices import ocds
from procura.notices.services import publish_notice
from procura.notices.states import NoticeType

from ..events import ProcurementEvent
from ..models import Procurement
from ..states import (
    Status,
)
from .lifecycle import _require_buyer_org, lock_procurement, move


@transaction.atomic
def terminate_procurement(*, actor, procurement: Procurement, reason: str):
    """Decide not to award, and publish the procurement termination notice (UK12; s.55)."""
    procurement = lock_procurement(procurement)
    _require_buyer_org(actor, procurement.authority)
    if not reason.strip():
        raise DomainError("invalid_input", "Give the reason for terminating.", field="reason")
    if procurement.status == Status.DRAFT:
        raise DomainError(
            "not_published",
            "Nothing has been published: a draft can simply be abandoned, no notice is needed.",
            section="Procurement Act 2023 s.55(1)",
        )
    before = procurement.status
    move(procurement, Status.TERMINATED)
    procurement.terminated_at = clock.now()
    procurement.termination_reason = reason.strip()
    procurement.save(update_fields=["status", "terminated_at", "termination_reason"])
    decided_on = clock.today()
    notice = publish_notice(
        procurement=procurement,
        notice_type=NoticeType.UK12,
        build=lambda **kw: ocds.termination_notice(procurement, decided_on=decided_on, **kw),
        actor=actor,
    )
    audit.record(
        actor=actor,
        event_type=ProcurementEvent.TERMINATED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        before={"status": before},
        after={"status": Status.TERMINATED, "notice_id": notice.notice_id},
        reason=reason,
    )
    return notice
