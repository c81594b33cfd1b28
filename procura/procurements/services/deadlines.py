"""Deadlines: extending them for every supplier alike (s.31(4), s.54(2)) and closing them once
they pass (the scheduled job calls the same services)."""

from datetime import datetime

from django.db import transaction

from procura.accounts.models import User
from procura.audit import services as audit
from procura.core import clock
from procura.core.errors import DomainError

from .. import rules
from ..events import ProcurementEvent
from ..models import Procurement
from ..states import Status
from .lifecycle import _require_buyer_org, lock_procurement, snapshot, transition


def _deadline_extensions(
    procurement: Procurement,
    *,
    participation_deadline: datetime | None,
    tender_deadline: datetime | None,
) -> dict:
    """The new deadlines asked for, by field, each refused unless it extends a deadline that is
    still open, for every supplier alike (`rules.check_deadline_extension`)."""
    now = clock.now()
    changes = {}
    for name, proposed, open_status in (
        ("participation_deadline", participation_deadline, Status.PARTICIPATION_OPEN),
        ("tender_deadline", tender_deadline, Status.TENDERING_OPEN),
    ):
        if proposed is None:
            continue
        violation = rules.check_deadline_extension(
            name,
            current=getattr(procurement, name),
            proposed=proposed,
            is_open=procurement.status == open_status,
            now=now,
        )
        if violation:
            raise violation
        changes[name] = proposed
    return changes


@transaction.atomic
def extend_deadlines(
    *,
    actor: User,
    procurement: Procurement,
    participation_deadline: datetime | None = None,
    tender_deadline: datetime | None = None,
    reason: str,
) -> Procurement:
    """Extend a published deadline, for every supplier alike (s.31(4); s.54(2)). A deadline
    that has passed cannot be reopened."""
    procurement = lock_procurement(procurement)
    _require_buyer_org(actor, procurement.authority)
    if not reason.strip():
        raise DomainError("invalid_input", "Give the reason for the extension.", field="reason")
    changes = _deadline_extensions(
        procurement, participation_deadline=participation_deadline, tender_deadline=tender_deadline
    )
    if not changes:
        raise DomainError("invalid_input", "Give at least one new deadline.")
    before = snapshot(procurement, list(changes))
    for name, value in changes.items():
        setattr(procurement, name, value)
    procurement.save(update_fields=list(changes))
    audit.record(
        actor=actor,
        event_type=ProcurementEvent.DEADLINES_EXTENDED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        before=before,
        after=changes,
        reason=reason,
    )
    return procurement


@transaction.atomic
def close_participation(*, procurement: Procurement, actor: User | None = None) -> bool:
    """The participation deadline has passed: stop taking requests. Idempotent (the scheduled
    job may call it any number of times); returns whether anything changed."""
    procurement = lock_procurement(procurement)
    if procurement.status != Status.PARTICIPATION_OPEN or not procurement.participation_deadline:
        return False
    if procurement.participation_deadline > clock.now():
        return False
    transition(
        procurement,
        Status.PARTICIPATION_CLOSED,
        actor=actor,
        event_type=ProcurementEvent.PARTICIPATION_CLOSED,
        stamp="participation_closed_at",
    )
    return True


@transaction.atomic
def close_tendering(*, procurement: Procurement, actor: User | None = None) -> bool:
    """The tender deadline has passed: no more tenders; they stay sealed until the opening
    panel opens them. Idempotent; returns whether anything changed."""
    procurement = lock_procurement(procurement)
    if procurement.status != Status.TENDERING_OPEN or not procurement.tender_deadline:
        return False
    if procurement.tender_deadline > clock.now():
        return False
    transition(
        procurement,
        Status.TENDERS_CLOSED,
        actor=actor,
        event_type=ProcurementEvent.TENDERS_CLOSED,
        stamp="tenders_closed_at",
    )
    return True


@transaction.atomic
def close_passed_deadlines(*, procurement: Procurement) -> Procurement:
    """Record the close of every deadline of this procurement that the clock has already passed,
    and return the procurement re-read under its lock. A service that comes after a deadline
    (the shortlist, the assessment, the opening of tenders) calls it first, in its own
    transaction: the deadline closed when it passed (s.54(2)), whether or not the scheduled job
    has run since. Idempotent; the close is the clock's, so no person is its actor."""
    close_participation(procurement=procurement)
    close_tendering(procurement=procurement)
    return lock_procurement(procurement)


def close_due_deadlines() -> int:
    """The scheduled job: close every deadline that has passed. Safe to run at any time."""
    changed = 0
    now = clock.now()
    for procurement in Procurement.objects.filter(
        status=Status.PARTICIPATION_OPEN, participation_deadline__lte=now
    ):
        changed += close_participation(procurement=procurement)
    for procurement in Procurement.objects.filter(
        status=Status.TENDERING_OPEN, tender_deadline__lte=now
    ):
        changed += close_tendering(procurement=procurement)
    return changed
