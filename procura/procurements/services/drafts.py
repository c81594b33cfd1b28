"""Writing a draft procurement: create it, change it, set its award criteria (before the tender
notice is published; afterwards only `modify_procurement` changes it, s.31)."""

from django.db import transaction
from django.db.models.functions import Length

from procura.accounts.models import Organisation, User
from procura.audit import services as audit
from procura.core import clock, locks
from procura.core.errors import DomainError
from procura.notices import ocds

from .. import rules
from ..events import ProcurementEvent
from ..models import AwardCriterion, Procurement
from .lifecycle import EDITABLE_FIELDS, _require_buyer_org, _validate, lock_procurement, snapshot


def _next_reference(year: int) -> str:
    """The next reference of `year`, PRC-<year>-<number>: one more than the highest number
    given so far. Not the count, which collides once a draft in the middle is gone.

    Two creations at once must not both take the same number: the numbering of the year is
    serialised for the rest of the caller's transaction. On PostgreSQL by a transaction-level
    advisory lock, so the second waits until the first has committed and then reads its number
    (a new statement under READ COMMITTED sees it); on SQLite every writing transaction already
    holds the database's write lock from its start (IMMEDIATE, settings). The lock is per year
    and held only by creations, so it never waits behind anything else. A number freed by
    deleting the newest draft may be given again: a draft was never public."""
    prefix = f"PRC-{year}-"
    locks.advisory_lock("procurement-reference", year)
    highest = (
        Procurement.objects.filter(reference__regex=rf"^{prefix}[0-9]+$")
        .annotate(length=Length("reference"))
        .order_by("-length", "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(highest.removeprefix(prefix)) if highest else 0
    return f"{prefix}{number + 1:04d}"


@transaction.atomic
def create_procurement(
    *,
    actor: User,
    authority: Organisation,
    call_off_authorities=(),
    participants=(),
    **fields,
) -> Procurement:
    """A draft procurement; nothing about it is public until the tender notice is published."""
    _require_buyer_org(actor, authority)
    now = clock.now()
    reference = _next_reference(clock.local(now).year)
    procurement = Procurement(
        authority=authority,
        reference=reference,
        ocid=f"{ocds.OCID_PREFIX}{reference.lower()}",
        created_by=actor,
        created_at=now,
        **fields,
    )
    if violation := rules.check_entered_values(procurement):
        raise violation
    _validate(procurement)
    procurement.save()
    procurement.call_off_authorities.set(call_off_authorities)
    procurement.participants.set(participants)
    audit.record(
        actor=actor,
        event_type=ProcurementEvent.CREATED,
        obj=procurement,
        organisation_id=authority.pk,
        after=snapshot(procurement),
    )
    return procurement


@transaction.atomic
def update_procurement(*, actor: User, procurement: Procurement, **changes) -> Procurement:
    """Change a draft. Once published, a procurement changes only by `modify_procurement`
    (s.31), `extend_deadlines` and clarifications."""
    procurement = lock_procurement(procurement)
    _require_buyer_org(actor, procurement.authority)
    if violation := rules.check_draft(procurement.status, change="procurement"):
        raise violation
    unknown = set(changes) - set(EDITABLE_FIELDS) - {"participants", "call_off_authorities"}
    if unknown:
        raise DomainError("invalid_input", f"Unknown fields: {', '.join(sorted(unknown))}.")
    participants = changes.pop("participants", None)
    call_off_authorities = changes.pop("call_off_authorities", None)
    before = snapshot(procurement, list(changes))
    for name, value in changes.items():
        setattr(procurement, name, value)
    if violation := rules.check_entered_values(procurement):
        raise violation
    _validate(procurement)
    procurement.save()
    if participants is not None:
        procurement.participants.set(participants)
    if call_off_authorities is not None:
        procurement.call_off_authorities.set(call_off_authorities)
    audit.record(
        actor=actor,
        event_type=ProcurementEvent.UPDATED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        before=before,
        after=snapshot(procurement, list(changes)),
    )
    return procurement


def _replace_criteria(procurement: Procurement, criteria: list[dict]) -> tuple[list, list]:
    """Replace the award criteria with `criteria` ([{kind, title, description, weight,
    max_score}]), in order; returns their (kind, title, weight, max_score) before and after."""
    shown = ("kind", "title", "weight", "max_score")
    before = list(procurement.criteria.values(*shown))
    procurement.criteria.all().delete()
    AwardCriterion.objects.bulk_create(
        AwardCriterion(procurement=procurement, position=i, **c) for i, c in enumerate(criteria)
    )
    return before, list(procurement.criteria.values(*shown))


@transaction.atomic
def set_award_criteria(
    *, actor: User, procurement: Procurement, criteria: list[dict]
) -> Procurement:
    """Replace the draft's award criteria: [{kind, title, description, weight, max_score}]."""
    procurement = lock_procurement(procurement)
    _require_buyer_org(actor, procurement.authority)
    if violation := rules.check_draft(procurement.status, change="criteria"):
        raise violation
    before, after = _replace_criteria(procurement, criteria)
    audit.record(
        actor=actor,
        event_type=ProcurementEvent.CRITERIA_SET,
        obj=procurement,
        organisation_id=procurement.authority_id,
        before={"criteria": before},
        after={"criteria": after},
    )
    return procurement
