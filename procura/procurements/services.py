"""Every write to a procurement. The only place its status changes; each call is audited."""

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models.functions import Length
from django.urls import reverse

from procura.accounts.models import Organisation
from procura.audit import services as audit
from procura.core import clock, locks
from procura.core.errors import DomainError, invalid_input
from procura.notices import ocds
from procura.notices.selectors import notices_of
from procura.notices.services import publish_notice
from procura.notices.states import NoticeType
from procura.timescales.rules import TenderingFacts

from . import rules
from .events import ProcurementEvent
from .models import AwardCriterion, Clarification, ConflictsAssessment, Lot, Procurement
from .selectors import (
    change_label,
    display_value,
    has_tenders_for_the_whole,
    lot_field_text,
    lot_numbers_with_tenders,
    lot_text,
    most_live_lot_tenders_per_supplier,
    suppliers_to_tell,
)
from .states import (
    BEFORE_PARTICIPATION_DEADLINE,
    PUBLISHED,
    CriterionKind,
    Status,
    can_transition,
)

EDITABLE_FIELDS = [
    "title",
    "description",
    "cpv_codes",
    "procedure",
    "estimated_value_excl_vat",
    "estimated_value_incl_vat",
    "is_framework",
    "max_framework_suppliers",
    "framework_term_months",
    "extension_options_months",
    "longer_term_reasons",
    "call_off_process",
    "contract_term_months",
    "value_range_min_incl_vat",
    "value_range_max_incl_vat",
    "max_shortlist",
    "shortlisting_criteria",
    "participation_deadline",
    "urgency",
    "tender_deadline",
    "tendering_facts",
    "price_formula",
    "tie_break",
    "abnormally_low_threshold_percent",
    "no_lots_reasons",
]


def snapshot(procurement: Procurement, fields=EDITABLE_FIELDS) -> dict:
    return {name: getattr(procurement, name) for name in fields}


def lock_procurement(procurement: Procurement) -> Procurement:
    """Re-read the procurement under a row lock: concurrent changes queue behind each other."""
    return locks.lock(procurement)


def move(procurement: Procurement, target: str) -> None:
    """Set the status, refused unless the transition table allows the move. Not saved: callers
    that change more than the status use it with their own save; others use `transition`."""
    if not can_transition(procurement.status, target):
        raise DomainError(
            "invalid_transition",
            f"A procurement that is {procurement.get_status_display().lower()} cannot become "
            f"{Status(target).label.lower()}.",
        )
    procurement.status = target


def transition(
    procurement: Procurement,
    target: str,
    *,
    actor,
    event_type: str,
    stamp: str | None = None,
    after: dict | None = None,
    reason: str = "",
) -> Procurement:
    """Move a locked procurement to `target`, stamp the milestone's time in the field `stamp`
    (e.g. "tenders_closed_at"), save, and audit the move, in the caller's transaction.

    The one way a procurement's status changes; refused with `invalid_transition` (nothing
    changed) unless the transition table allows the move."""
    before = procurement.status
    move(procurement, target)
    fields = ["status"]
    if stamp:
        setattr(procurement, stamp, clock.now())
        fields.append(stamp)
    procurement.save(update_fields=fields)
    audit.record(
        actor=actor,
        event_type=event_type,
        obj=procurement,
        organisation_id=procurement.authority_id,
        before={"status": before},
        after={"status": procurement.status, **(after or {})},
        reason=reason,
    )
    return procurement


def _require_buyer_org(actor, authority: Organisation) -> None:
    from procura.accounts.selectors import has_role
    from procura.accounts.states import Role

    if not has_role(actor, Role.BUYER, authority):
        raise DomainError("forbidden_action", "Only a buyer of the authority can do this.")


def _validate(procurement: Procurement) -> None:
    """Model validation as a domain refusal with a code: each field and its problem."""
    try:
        procurement.full_clean()
    except ValidationError as error:
        raise invalid_input(error) from error


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
    actor,
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
def update_procurement(*, actor, procurement: Procurement, **changes) -> Procurement:
    """Change a draft. Once published, a procurement changes only by `modify_procurement`
    (s.31), `extend_deadlines` and clarifications."""
    procurement = lock_procurement(procurement)
    _require_buyer_org(actor, procurement.authority)
    if procurement.status != Status.DRAFT:
        raise DomainError(
            "not_draft",
            "The tender notice has been published: modify the procurement instead, which "
            "publishes a revised tender notice and tells the suppliers taking part.",
            section="Procurement Act 2023 s.31",
        )
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
def set_award_criteria(*, actor, procurement: Procurement, criteria: list[dict]) -> Procurement:
    """Replace the draft's award criteria: [{kind, title, description, weight, max_score}]."""
    procurement = lock_procurement(procurement)
    _require_buyer_org(actor, procurement.authority)
    if procurement.status != Status.DRAFT:
        raise DomainError(
            "not_draft",
            "Award criteria cannot change after the tender notice is published.",
            section="Procurement Act 2023 s.31",
        )
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


LOT_FIELDS = (
    "number",
    "title",
    "description",
    "estimated_value_excl_vat",
    "estimated_value_incl_vat",
    "cpv_codes",
    "max_framework_suppliers",
)


def lots_of(procurement: Procurement) -> list[dict]:
    """The procurement's lots as stored, in order: each a dict of LOT_FIELDS."""
    return list(procurement.lots.order_by("position", "pk").values(*LOT_FIELDS))


def _lots_snapshot(procurement: Procurement) -> dict:
    return {
        "lots": lots_of(procurement),
        "max_lots_bid_per_supplier": procurement.max_lots_bid_per_supplier,
        "max_lots_awarded_per_supplier": procurement.max_lots_awarded_per_supplier,
    }


def lot_facts(lots) -> tuple[rules.LotFacts, ...]:
    """Lots (rows or dicts with the Lot fields) as the lot rules see them."""

    def get(lot, name):
        return lot.get(name) if isinstance(lot, dict) else getattr(lot, name)

    return tuple(
        rules.LotFacts(
            number=str(get(lot, "number") or ""),
            title=str(get(lot, "title") or ""),
            value_excl_vat=Decimal(get(lot, "estimated_value_excl_vat") or 0),
            value_incl_vat=Decimal(get(lot, "estimated_value_incl_vat") or 0),
            max_framework_suppliers=get(lot, "max_framework_suppliers"),
        )
        for lot in lots
    )


def _plain_text(value) -> str:
    """Text as typed, trimmed, with a browser's CRLF line breaks as plain ones."""
    return str(value or "").replace("\r\n", "\n").strip()


def lot_rows(lots: list[dict]) -> list[dict]:
    """The lots as given (`set_lots`, `modify_procurement`), each as a dict of exactly
    LOT_FIELDS, in order: a lot without a `number` is numbered by its place ("1", "2", ...),
    text trimmed, money as Decimal. Refused (`invalid_input`) for a field that is not a lot's or
    an amount that is not one; whether the lots hold together is `rules.lot_problems`'."""
    unknown = sorted({key for lot in lots for key in lot} - set(LOT_FIELDS))
    if unknown:
        raise DomainError(
            "invalid_input", f"Unknown lot fields: {', '.join(unknown)}.", field="lots"
        )
    rows = []
    for position, lot in enumerate(lots):
        row = {name: lot.get(name) for name in LOT_FIELDS}
        row["number"] = str(row["number"] or position + 1).strip()
        row["title"] = _plain_text(row["title"])
        row["description"] = _plain_text(row["description"])
        row["cpv_codes"] = list(row["cpv_codes"] or [])
        for name in ("estimated_value_excl_vat", "estimated_value_incl_vat"):
            if row[name] is not None:
                try:
                    row[name] = Decimal(str(row[name]))
                except ArithmeticError as error:
                    raise DomainError(
                        "invalid_input",
                        f"Lot {row['number']}: the value must be an amount in pounds.",
                        field="lots",
                    ) from error
        rows.append(row)
    return rows


def _clean_lots(procurement: Procurement, rows: list[dict]) -> None:
    """Model validation of each lot (lengths, digits), as a refusal before anything is written:
    `invalid_input` on `lots`, saying which lot, each problem in `details["errors"]`."""
    for position, row in enumerate(rows):
        try:
            Lot(procurement=procurement, position=position, **row).full_clean(
                exclude=["procurement"], validate_unique=False
            )
        except ValidationError as error:
            refusal = invalid_input(error)
            raise DomainError(
                "invalid_input",
                f"Lot {row['number']}: {refusal.message}",
                field="lots",
                details=refusal.details,
            ) from error


def _write_lots(procurement: Procurement, rows: list[dict]) -> None:
    """Make the procurement's lots `rows` (checked), in order. A lot is known by its number: one
    that stays is updated in place (tenders and decisions refer to it), one whose number is gone
    is deleted, a new number is created."""
    existing = {lot.number: lot for lot in procurement.lots.all()}
    wanted = {row["number"] for row in rows}
    gone = [lot.pk for number, lot in existing.items() if number not in wanted]
    if gone:
        Lot.objects.filter(pk__in=gone).delete()
    kept, added = [], []
    for position, row in enumerate(rows):
        lot = existing.get(row["number"])
        if lot is None:
            added.append(Lot(procurement=procurement, position=position, **row))
            continue
        for name, value in row.items():
            setattr(lot, name, value)
        lot.position = position
        kept.append(lot)
    if kept:
        Lot.objects.bulk_update(kept, [*LOT_FIELDS, "position"])
    Lot.objects.bulk_create(added)


@transaction.atomic
def set_lots(
    *,
    actor,
    procurement: Procurement,
    lots: list[dict],
    max_lots_bid_per_supplier: int | None = None,
    max_lots_awarded_per_supplier: int | None = None,
) -> Procurement:
    """Replace the draft's lots (s.18): [{number, title, description, estimated_value_excl_vat,
    estimated_value_incl_vat, cpv_codes, max_framework_suppliers}], in order, and the limits on
    the number of lots a supplier may tender for and be awarded (s.18(3)). A lot without a
    `number` is numbered by its place ("1", "2", ...). An empty list leaves the procurement
    undivided (the tender notice then needs the reasons, s.18(2)). Refused, with every
    problem, unless the lots hold together (`rules.lot_problems`). Once the tender notice is
    published the lots change only by `modify_procurement` (s.31)."""
    procurement = lock_procurement(procurement)
    _require_buyer_org(actor, procurement.authority)
    if procurement.status != Status.DRAFT:
        raise DomainError(
            "not_draft",
            "The tender notice has been published: modify the procurement to change the lots, "
            "which publishes a revised tender notice and tells the suppliers taking part.",
            section="Procurement Act 2023 s.31",
        )
    rows = lot_rows(lots)
    refuse_if_problems(
        rules.lot_problems(
            lot_facts(rows),
            value_excl_vat=procurement.estimated_value_excl_vat,
            value_incl_vat=procurement.estimated_value_incl_vat,
            is_framework=procurement.is_framework,
            max_lots_bid_per_supplier=max_lots_bid_per_supplier,
            max_lots_awarded_per_supplier=max_lots_awarded_per_supplier,
        ),
        code="invalid_lots",
    )
    _clean_lots(procurement, rows)
    before = _lots_snapshot(procurement)
    _write_lots(procurement, rows)
    procurement.max_lots_bid_per_supplier = max_lots_bid_per_supplier
    procurement.max_lots_awarded_per_supplier = max_lots_awarded_per_supplier
    procurement.save(update_fields=["max_lots_bid_per_supplier", "max_lots_awarded_per_supplier"])
    audit.record(
        actor=actor,
        event_type=ProcurementEvent.LOTS_SET,
        obj=procurement,
        organisation_id=procurement.authority_id,
        before=before,
        after=_lots_snapshot(procurement),
    )
    return procurement


@transaction.atomic
def record_conflicts_assessment(*, actor, procurement: Procurement, summary: str):
    """Prepare or revise the conflicts assessment (s.83(1), (5))."""
    _require_buyer_org(actor, procurement.authority)
    procurement = lock_procurement(procurement)
    if not summary.strip():
        raise DomainError(
            "invalid_input",
            "Describe the conflicts identified and how they are mitigated.",
            field="summary",
        )
    if procurement.status == Status.TERMINATED:
        raise DomainError("invalid_transition", "The procurement has been terminated.")
    now = clock.now()
    assessment, created = ConflictsAssessment.objects.get_or_create(
        procurement=procurement,
        defaults={
            "summary": summary,
            "prepared_by": actor,
            "prepared_at": now,
            "last_revised_at": now,
        },
    )
    before = {} if created else {"summary": assessment.summary}
    if not created:
        assessment.summary = summary
        assessment.last_revised_at = now
        assessment.save(update_fields=["summary", "last_revised_at"])
    audit.record(
        actor=actor,
        event_type=ProcurementEvent.CONFLICTS_ASSESSED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        before=before,
        after={"summary": summary},
    )
    return assessment


def publication_check(procurement: Procurement, publication_date) -> rules.PublicationCheck:
    def london_date(moment: datetime | None):
        return clock.local(moment).date() if moment else None

    facts = dict(procurement.tendering_facts or {})
    facts.setdefault("urgency", procurement.urgency)
    return rules.PublicationCheck(
        publication_date=publication_date,
        competitive_flexible=procurement.is_competitive_flexible,
        has_conflicts_assessment=ConflictsAssessment.objects.filter(
            procurement=procurement
        ).exists(),
        participation_deadline=london_date(procurement.participation_deadline),
        tender_deadline=london_date(procurement.tender_deadline),
        urgency=procurement.urgency,
        tendering_facts=TenderingFacts(**facts),
        is_framework=procurement.is_framework,
        max_framework_suppliers=procurement.max_framework_suppliers,
        framework_term_months=procurement.framework_term_months,
        extension_options_months=tuple(procurement.extension_options_months or ()),
        longer_term_reasons=procurement.longer_term_reasons,
        contract_term_months=procurement.contract_term_months,
        max_shortlist=procurement.max_shortlist,
        shortlisting_criteria=procurement.shortlisting_criteria,
        value_excl_vat=procurement.estimated_value_excl_vat,
        value_incl_vat=procurement.estimated_value_incl_vat,
        value_range=(procurement.value_range_min_incl_vat, procurement.value_range_max_incl_vat),
        criteria_weights=tuple(
            (kind, Decimal(weight))
            for kind, weight in procurement.criteria.values_list("kind", "weight")
        ),
        lots=lot_facts(procurement.lots.order_by("position", "pk")),
        no_lots_reasons=procurement.no_lots_reasons,
        max_lots_bid_per_supplier=procurement.max_lots_bid_per_supplier,
        max_lots_awarded_per_supplier=procurement.max_lots_awarded_per_supplier,
    )


def refuse_if_problems(problems, *, code: str = "cannot_publish") -> None:
    """Refuse with the one problem's own code, or `code` with every problem in the details."""
    if problems:
        first = problems[0]
        raise DomainError(
            first.code if len(problems) == 1 else code,
            " ".join(p.message for p in problems),
            section=first.section,
            field=first.field,
            details={
                "problems": [
                    {"code": p.code, "message": p.message, "section": p.section, "field": p.field}
                    for p in problems
                ]
            },
        )


@transaction.atomic
def publish_tender_notice(*, actor, procurement: Procurement):
    """Publish the tender notice (UK4, s.21): refused, with every reason, unless the
    procurement meets ss.20, 23, 47, 54 and 83 for the facts given."""
    procurement = lock_procurement(procurement)
    _require_buyer_org(actor, procurement.authority)
    if procurement.status != Status.DRAFT:
        raise DomainError("already_published", "The tender notice has already been published.")
    refuse_if_problems(rules.publication_problems(publication_check(procurement, clock.today())))
    target = (
        Status.PARTICIPATION_OPEN if procurement.is_competitive_flexible else Status.TENDERING_OPEN
    )
    move(procurement, target)
    procurement.published_at = clock.now()
    if target == Status.TENDERING_OPEN:
        procurement.tendering_opened_at = procurement.published_at
    procurement.save()
    notice = publish_notice(
        procurement=procurement,
        notice_type=NoticeType.UK4,
        build=lambda **kw: ocds.tender_notice(procurement, **kw),
        actor=actor,
    )
    audit.record(
        actor=actor,
        event_type=ProcurementEvent.PUBLISHED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        before={"status": Status.DRAFT},
        after={"status": target, "notice_id": notice.notice_id},
    )
    return notice


@transaction.atomic
def publish_clarification(
    *, actor, procurement: Procurement, answer: str, question: str = ""
) -> Clarification:
    """Publish a clarification to every supplier at once; it never names who asked."""
    procurement = lock_procurement(procurement)
    _require_buyer_org(actor, procurement.authority)
    if procurement.status not in PUBLISHED or procurement.status in {
        Status.TERMINATED,
        Status.CONTRACT_SIGNED,
    }:
        raise DomainError(
            "not_open", "Clarifications can be published only while the procurement is running."
        )
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
    actor,
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
def close_participation(*, procurement: Procurement, actor=None) -> bool:
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
def close_tendering(*, procurement: Procurement, actor=None) -> bool:
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


def is_modifiable_freely(procurement: Procurement) -> bool:
    """Before the participation deadline any change is allowed (s.31(2)); after it, only
    changes that are not substantial (s.31(3))."""
    return procurement.status in BEFORE_PARTICIPATION_DEADLINE


# --- Modifying a published procurement (s.31) -------------------------------------------------

#: What a modification replaces as a whole, rather than a column of the procurement.
MODIFIED_AS_A_WHOLE = ("criteria", "lots")
MODIFICATION_FIELDS = [name for name in rules.MODIFIABLE_FIELDS if name not in MODIFIED_AS_A_WHOLE]


def modification_window(procurement: Procurement) -> str:
    """Which modifications s.31 allows the procurement now (`rules.modification_window`):
    `rules.MODIFY_ANY` or `rules.MODIFY_NOT_SUBSTANTIAL`; raises when it allows none."""
    return rules.modification_window(
        competitive_flexible=procurement.is_competitive_flexible,
        status=procurement.status,
        participation_deadline=procurement.participation_deadline,
        tender_deadline=procurement.tender_deadline,
        now=clock.now(),
    )


def can_be_modified(procurement: Procurement) -> bool:
    try:
        modification_window(procurement)
    except DomainError:
        return False
    return True


def _criteria_of(procurement: Procurement) -> list[dict]:
    return [
        {
            "kind": c.kind,
            "title": c.title,
            "description": c.description,
            "weight": Decimal(c.weight),
            "max_score": c.max_score,
        }
        for c in procurement.criteria.all()
    ]


def _criterion(row: dict) -> dict:
    """One award criterion as given, checked for its shape: a kind, a title and a weight."""
    refusal = DomainError(
        "invalid_input",
        "Each award criterion needs a kind (quality or price), a title and a weight.",
        field="criteria",
    )
    try:
        criterion = {
            "kind": str(row["kind"]),
            "title": str(row["title"]).strip(),
            "description": str(row.get("description") or "").strip(),
            "weight": Decimal(str(row["weight"])),
            "max_score": int(row.get("max_score") or 5),
        }
    except (KeyError, ArithmeticError, ValueError) as error:
        raise refusal from error
    if criterion["kind"] not in CriterionKind.values or not criterion["title"]:
        raise refusal
    return criterion


def _described_change(name: str, old, new) -> dict:
    """A change as the revised tender notice lists it (`ocds.unstructured_change`)."""
    if name == "cpv_codes":
        kind = "classifications"
    elif name in rules.DEADLINE_LABELS:
        kind = "date"
    else:
        kind, old, new = "text", display_value(name, old), display_value(name, new)
    return {"label": change_label(name), "kind": kind, "old": old, "new": new}


def _described_lot_changes(old: list[dict], new: list[dict]) -> list[dict]:
    """Each change to the lots (`rules.lot_changes`) as the revised tender notice lists it: a lot
    added or removed, one field of a lot, or the order of the lots. A change to a lot that is in
    the revised notice names it (`lot`, the notice's `relatedLot`)."""
    described = []
    for change in rules.lot_changes(old, new):
        number = change.number
        if change.field == "added":
            entry = {"label": f"Lot {number}", "kind": "text", "old": None}
            entry |= {"new": lot_text(change.new), "lot": number}
        elif change.field == "removed":
            entry = {"label": f"Lot {number}", "kind": "text", "old": lot_text(change.old)}
            entry["new"] = None
        elif change.field == "order":
            entry = {"label": "Order of the lots", "kind": "text"}
            entry |= {"old": ", ".join(change.old), "new": ", ".join(change.new)}
        else:
            label = f"Lot {number}: {rules.LOT_FIELD_LABELS[change.field]}"
            if change.field == "cpv_codes":
                entry = {"label": label, "kind": "classifications"}
                entry |= {"old": change.old, "new": change.new}
            else:
                entry = {"label": label, "kind": "text"}
                entry |= {
                    "old": lot_field_text(change.field, change.old),
                    "new": lot_field_text(change.field, change.new),
                }
            entry["lot"] = number
        described.append(entry)
    return described


def _described_changes(name: str, old, new) -> list[dict]:
    """A modified field's changes as the revised tender notice lists them: one, or for the lots
    one per lot changed."""
    if name == "lots":
        return _described_lot_changes(old, new)
    return [_described_change(name, old, new)]


def _change_lines(name: str, old, new) -> list[str]:
    """A modified field's changes as suppliers are told them, one line each."""
    if name != "lots":
        return [
            f"{change_label(name)}: {display_value(name, old) or '—'} → "
            f"{display_value(name, new) or '—'}"
        ]

    def text(value) -> str:
        if isinstance(value, list):
            return ", ".join(value) or "—"
        return value or "—"

    return [
        f"{change['label']}: {text(change['old'])} → {text(change['new'])}"
        for change in _described_lot_changes(old, new)
    ]


def _modification_notice_text(*, notice_id, before, after, reason, statement) -> str:
    """What suppliers are told: what changed, from what to what, why, and the time limits."""
    lines = [
        f"The procurement has been modified and the tender notice revised (notice {notice_id}).",
        "",
        *(line for name, old in before.items() for line in _change_lines(name, old, after[name])),
        "",
        f"Why: {reason}",
        f"Time limits (s.31(4)): {statement}",
    ]
    return "\n".join(lines)


def _tell_suppliers(procurement: Procurement, told, *, notice_id: str, text: str) -> None:
    path = reverse("opportunities:detail", args=[procurement.reference])
    for supplier, emails in told:
        if not emails:
            continue
        send_mail(
            subject=f"Revised tender notice: {procurement.reference} {procurement.title}",
            message=(
                f"{procurement.authority} has modified {procurement.title} "
                f"({procurement.reference}), in which {supplier} is taking part.\n\n{text}\n\n"
                f"The revised tender notice: {path}\n"
            ),
            from_email=None,
            recipient_list=emails,
        )


@transaction.atomic
def modify_procurement(
    *,
    actor,
    procurement: Procurement,
    changes: dict,
    reason: str,
    substantial: bool,
    time_limits_reconsidered: str,
    participation_deadline: datetime | None = None,
    tender_deadline: datetime | None = None,
):
    """Modify a published procurement within what s.31 allows, and publish the revised tender
    notice (UK4, `tenderAmendment`) that says what changed and why.

    `changes` maps fields of `rules.MODIFIABLE_FIELDS` to their new values (`criteria` is the
    whole list of award criteria, as for `set_award_criteria`; `lots` the whole division into
    lots, as for `set_lots`, each lot known by its number, with the limits on lots per supplier
    as their own fields); the deadlines may be extended in the same modification, for every
    supplier alike. The buyer states whether the modification is substantial (s.31(3)) and how
    the time limits were reconsidered (s.31(4)). Refused, with nothing changed, outside the s.31
    window, for a substantial modification after the deadline for requests to participate
    (adding or removing a lot is one, `rules.lot_substantial_changes`), for removing a lot that
    tenders were submitted for (`rules.check_lot_tenders`), or if the procurement as modified
    would break the publication rules or its lots would not hold together
    (`rules.modification_problems`). The suppliers taking part are told: a clarification to
    every supplier, and an e-mail to each once the change is committed. Returns the notice.
    """
    procurement = lock_procurement(procurement)
    _require_buyer_org(actor, procurement.authority)
    window = modification_window(procurement)
    if not (reason or "").strip():
        raise DomainError("invalid_input", "Give the reason for the modification.", field="reason")
    if violation := rules.check_time_limits_reconsidered(time_limits_reconsidered):
        raise violation
    changes = dict(changes)
    unknown = sorted(set(changes) - set(rules.MODIFIABLE_FIELDS) - {"procedure"})
    if unknown:
        raise DomainError(
            "invalid_input", f"Unknown fields: {', '.join(unknown)}.", field=unknown[0]
        )
    if violation := rules.check_fields_modifiable(
        changes,
        competitive_flexible=procurement.is_competitive_flexible,
        status=procurement.status,
    ):
        raise violation

    before = snapshot(procurement, MODIFICATION_FIELDS) | {
        "criteria": _criteria_of(procurement),
        "lots": lots_of(procurement),
    }
    if changes.get("criteria") is not None:
        changes["criteria"] = [_criterion(row) for row in changes["criteria"]]
    if "lots" in changes:
        changes["lots"] = lot_rows(changes["lots"] or [])
    changed = {name: value for name, value in changes.items() if value != before[name]}
    deadlines = _deadline_extensions(
        procurement, participation_deadline=participation_deadline, tender_deadline=tender_deadline
    )
    if not changed and not deadlines:
        raise DomainError(
            "nothing_to_modify",
            "Nothing would change: change at least one thing, or extend a deadline.",
            section="Procurement Act 2023 s.31(1)",
        )
    if "lots" in changed:
        numbers = {lot["number"] for lot in changed["lots"]}
        if violation := rules.check_lot_tenders(
            removed=[lot["number"] for lot in before["lots"] if lot["number"] not in numbers],
            with_tenders=lot_numbers_with_tenders(procurement),
            dividing=not before["lots"] and bool(changed["lots"]),
            whole_has_tenders=has_tenders_for_the_whole(procurement),
        ):
            raise violation
    if "max_lots_bid_per_supplier" in changed and (
        violation := rules.check_lots_bid_limit(
            new_limit=changed["max_lots_bid_per_supplier"],
            most_tendered=most_live_lot_tenders_per_supplier(procurement),
        )
    ):
        raise violation
    if violation := rules.check_substantial(
        window=window,
        stated=bool(substantial),
        inherent=rules.substantial_changes(before, before | changed),
        light_touch=bool((procurement.tendering_facts or {}).get("light_touch")),
    ):
        raise violation

    # The procurement as modified, checked before anything is written.
    fields = {
        name: value for name, value in changed.items() if name not in MODIFIED_AS_A_WHOLE
    } | deadlines
    old = snapshot(procurement, list(fields)) | {
        name: before[name] for name in MODIFIED_AS_A_WHOLE if name in changed
    }
    for name, value in fields.items():
        setattr(procurement, name, value)
    if violation := rules.check_entered_values(procurement):
        raise violation
    _validate(procurement)
    published_on = (
        clock.local(procurement.published_at).date() if procurement.published_at else clock.today()
    )
    check = publication_check(procurement, published_on)
    if "criteria" in changed:
        check = replace(
            check, criteria_weights=tuple((c["kind"], c["weight"]) for c in changed["criteria"])
        )
    if "lots" in changed:
        check = replace(check, lots=lot_facts(changed["lots"]))
    refuse_if_problems(rules.modification_problems(check), code="invalid_modification")
    if "lots" in changed:
        _clean_lots(procurement, changed["lots"])

    if fields:
        procurement.save(update_fields=list(fields))
    if "criteria" in changed:
        _replace_criteria(procurement, changed["criteria"])
    if "lots" in changed:
        _write_lots(procurement, changed["lots"])
    new = {name: getattr(procurement, name) for name in fields} | (
        {"criteria": changed["criteria"]} if "criteria" in changed else {}
    )
    if "lots" in changed:
        new["lots"] = lots_of(procurement)
    statement = time_limits_reconsidered.strip()
    labels = "; ".join(change_label(name) for name in old)
    description = (
        f"Changed: {labels}. The authority considers the modification "
        f"{'substantial' if substantial else 'not substantial'} (s.31(3)). "
        f"Time limits reconsidered (s.31(4)): {statement}"
    )
    previous = notices_of(procurement).filter(notice_type=NoticeType.UK4).last()
    notice = publish_notice(
        procurement=procurement,
        notice_type=NoticeType.UK4,
        build=lambda **kw: ocds.revised_tender_notice(
            procurement,
            previous=previous.release if previous else None,
            rationale=reason.strip(),
            description=description,
            changes=[
                change for name in old for change in _described_changes(name, old[name], new[name])
            ],
            **kw,
        ),
        actor=actor,
    )
    text = _modification_notice_text(
        notice_id=notice.notice_id,
        before=old,
        after=new,
        reason=reason.strip(),
        statement=statement,
    )
    clarification = publish_clarification(actor=actor, procurement=procurement, answer=text)
    told = suppliers_to_tell(procurement)
    audit.record(
        actor=actor,
        event_type=ProcurementEvent.MODIFIED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        before=old,
        after=new
        | {
            "notice_id": notice.notice_id,
            "substantial": bool(substantial),
            "time_limits_reconsidered": statement,
            "clarification_id": clarification.pk,
            "suppliers_told": [supplier.name for supplier, _emails in told],
        },
        reason=reason.strip(),
    )
    transaction.on_commit(
        lambda: _tell_suppliers(procurement, told, notice_id=notice.notice_id, text=text)
    )
    return notice
