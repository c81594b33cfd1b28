"""Every write to a procurement. The only place its status changes; each call is audited."""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from procura.accounts.models import Organisation
from procura.audit import services as audit
from procura.core import clock
from procura.core.errors import DomainError, invalid_input
from procura.notices import ocds
from procura.notices.services import publish_notice
from procura.notices.states import NoticeType
from procura.timescales.rules import TenderingFacts

from . import rules
from .events import ProcurementEvent
from .models import AwardCriterion, Clarification, ConflictsAssessment, Procurement
from .states import BEFORE_PARTICIPATION_DEADLINE, PUBLISHED, Status, can_transition

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
]


def snapshot(procurement: Procurement, fields=EDITABLE_FIELDS) -> dict:
    return {name: getattr(procurement, name) for name in fields}


def _lock(procurement: Procurement) -> Procurement:
    """Re-read the procurement under a row lock: concurrent changes queue behind each other."""
    return Procurement.objects.select_for_update().get(pk=procurement.pk)


def move(procurement: Procurement, target: str) -> None:
    if not can_transition(procurement.status, target):
        raise DomainError(
            "invalid_transition",
            f"A procurement that is {procurement.get_status_display().lower()} cannot become "
            f"{Status(target).label.lower()}.",
        )
    procurement.status = target


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
    count = Procurement.objects.filter(reference__startswith=f"PRC-{year}-").count()
    return f"PRC-{year}-{count + 1:04d}"


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
    """Change a draft. Once published, only `extend_deadlines` and clarifications change it."""
    procurement = _lock(procurement)
    _require_buyer_org(actor, procurement.authority)
    if procurement.status != Status.DRAFT:
        raise DomainError(
            "not_draft",
            "The tender notice has been published: extend the deadlines or publish a "
            "clarification instead.",
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


@transaction.atomic
def set_award_criteria(*, actor, procurement: Procurement, criteria: list[dict]) -> Procurement:
    """Replace the draft's award criteria: [{kind, title, description, weight, max_score}]."""
    procurement = _lock(procurement)
    _require_buyer_org(actor, procurement.authority)
    if procurement.status != Status.DRAFT:
        raise DomainError(
            "not_draft",
            "Award criteria cannot change after the tender notice is published.",
            section="Procurement Act 2023 s.31",
        )
    before = list(procurement.criteria.values("kind", "title", "weight", "max_score"))
    procurement.criteria.all().delete()
    AwardCriterion.objects.bulk_create(
        AwardCriterion(procurement=procurement, position=i, **c) for i, c in enumerate(criteria)
    )
    after = list(procurement.criteria.values("kind", "title", "weight", "max_score"))
    audit.record(
        actor=actor,
        event_type=ProcurementEvent.CRITERIA_SET,
        obj=procurement,
        organisation_id=procurement.authority_id,
        before={"criteria": before},
        after={"criteria": after},
    )
    return procurement


@transaction.atomic
def record_conflicts_assessment(*, actor, procurement: Procurement, summary: str):
    """Prepare or revise the conflicts assessment (s.83(1), (5))."""
    _require_buyer_org(actor, procurement.authority)
    procurement = _lock(procurement)
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
    )


def refuse_if_problems(problems) -> None:
    if problems:
        first = problems[0]
        raise DomainError(
            first.code if len(problems) == 1 else "cannot_publish",
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
    procurement = _lock(procurement)
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
    procurement = _lock(procurement)
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
    procurement = _lock(procurement)
    _require_buyer_org(actor, procurement.authority)
    if not reason.strip():
        raise DomainError("invalid_input", "Give the reason for the extension.", field="reason")
    now = clock.now()
    changes = {}
    for name, proposed, open_status in (
        ("participation_deadline", participation_deadline, Status.PARTICIPATION_OPEN),
        ("tender_deadline", tender_deadline, Status.TENDERING_OPEN),
    ):
        if proposed is None:
            continue
        current = getattr(procurement, name)
        if procurement.status != open_status or (current is not None and current <= now):
            raise DomainError(
                "deadline_passed",
                f"The {name.replace('_', ' ')} can only be extended while it is still open.",
                section="Procurement Act 2023 s.31",
                field=name,
            )
        if proposed <= now:
            raise DomainError(
                "deadline_passed",
                f"The new {name.replace('_', ' ')} must be in the future.",
                section="Procurement Act 2023 s.54(2)",
                field=name,
            )
        if current is not None and proposed <= current:
            raise DomainError(
                "deadline_not_extended",
                f"The new {name.replace('_', ' ')} must be after the current one, "
                f"{clock.format_datetime(current)}.",
                section="Procurement Act 2023 s.31(4); s.54(2)",
                field=name,
            )
        changes[name] = proposed
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
    procurement = _lock(procurement)
    if procurement.status != Status.PARTICIPATION_OPEN or not procurement.participation_deadline:
        return False
    if procurement.participation_deadline > clock.now():
        return False
    move(procurement, Status.PARTICIPATION_CLOSED)
    procurement.participation_closed_at = clock.now()
    procurement.save(update_fields=["status", "participation_closed_at"])
    audit.record(
        actor=actor,
        event_type=ProcurementEvent.PARTICIPATION_CLOSED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        before={"status": Status.PARTICIPATION_OPEN},
        after={"status": procurement.status},
    )
    return True


@transaction.atomic
def close_tendering(*, procurement: Procurement, actor=None) -> bool:
    """The tender deadline has passed: no more tenders; they stay sealed until the opening
    panel opens them. Idempotent; returns whether anything changed."""
    procurement = _lock(procurement)
    if procurement.status != Status.TENDERING_OPEN or not procurement.tender_deadline:
        return False
    if procurement.tender_deadline > clock.now():
        return False
    move(procurement, Status.TENDERS_CLOSED)
    procurement.tenders_closed_at = clock.now()
    procurement.save(update_fields=["status", "tenders_closed_at"])
    audit.record(
        actor=actor,
        event_type=ProcurementEvent.TENDERS_CLOSED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        before={"status": Status.TENDERING_OPEN},
        after={"status": procurement.status},
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
    procurement = _lock(procurement)
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
