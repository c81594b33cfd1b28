"""Terminating a procurement and publishing the termination notice (UK12, s.55)."""

from django.db import transaction

from procura.accounts.models import User
from procura.core import clock
from procura.core.errors import DomainError
from procura.notices import ocds
from procura.notices.models import Notice
from procura.notices.services import publish_notice
from procura.notices.states import NoticeType

from .. import rules
from ..events import ProcurementEvent
from ..models import Procurement
from ..states import Status
from .lifecycle import _require_buyer_org, check_transition, lock_procurement, transition


@transaction.atomic
def terminate_procurement(*, actor: User, procurement: Procurement, reason: str) -> Notice:
    """Decide not to award, and publish the procurement termination notice (UK12; s.55)."""
    procurement = lock_procurement(procurement)
    _require_buyer_org(actor, procurement.authority)
    if not reason.strip():
        raise DomainError("invalid_input", "Give the reason for terminating.", field="reason")
    if violation := rules.check_may_terminate(procurement.status):
        raise violation
    # Refused before the notice is published if the procurement has already ended.
    check_transition(procurement, Status.TERMINATED)
    decided_on = clock.today()
    # The notice first (it reads none of what the move changes), so that the procurement's
    # record can name it; both records are in this transaction.
    notice = publish_notice(
        procurement=procurement,
        notice_type=NoticeType.UK12,
        build=lambda **kw: ocds.termination_notice(procurement, decided_on=decided_on, **kw),
        actor=actor,
    )
    transition(
        procurement,
        Status.TERMINATED,
        actor=actor,
        event_type=ProcurementEvent.TERMINATED,
        stamp="terminated_at",
        fields={"termination_reason": reason.strip()},
        after={"notice_id": notice.notice_id},
        reason=reason,
    )
    return notice
