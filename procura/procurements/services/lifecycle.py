"""The helpers every procurement writer shares: the row lock, the one status transition
(move, stamp, save, audit), snapshots for the audit trail, and refusals built from rules."""

from typing import Any

from django.core.exceptions import ValidationError

from procura.accounts.models import Organisation, User
from procura.audit import services as audit
from procura.core import clock, locks
from procura.core.errors import DomainError, invalid_input

from ..models import Procurement
from ..states import Status, can_transition

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
    "framework_category",
    "call_off_process",
    "contract_term_months",
    "value_range_min_incl_vat",
    "value_range_max_incl_vat",
    "max_shortlist",
    "shortlisting_criteria",
    "participation_deadline",
    "urgency",
    "documents_behind_agreements",
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


def check_transition(procurement: Procurement, target: str) -> None:
    """Refused with `invalid_transition` unless the transition table allows the procurement to
    move to `target` now: for a service that must refuse before it writes anything else."""
    if not can_transition(procurement.status, target):
        raise DomainError(
            "invalid_transition",
            f"A procurement that is {procurement.get_status_display().lower()} cannot become "
            f"{Status(target).label.lower()}.",
        )


def move(procurement: Procurement, target: str) -> None:
    """Set the status, refused unless the transition table allows the move. Not saved: every
    service saves and audits it through `transition`."""
    check_transition(procurement, target)
    procurement.status = target


def transition(
    procurement: Procurement,
    target: str,
    *,
    actor: User | None,
    event_type: str,
    stamp: str | tuple[str, ...] | None = None,
    fields: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> Procurement:
    """Move a locked procurement to `target`, stamp the milestone's time in the field `stamp`
    (e.g. "tenders_closed_at"; a tuple stamps several fields with the same moment), set the
    other `fields` that change with the move (e.g. the termination reason), save, and audit the
    move (`after` adds to the status in the record), in the caller's transaction.

    The one way a procurement's status changes; refused with `invalid_transition` (nothing
    changed) unless the transition table allows the move. `actor` is None for the scheduled
    job."""
    before = procurement.status
    move(procurement, target)
    changed = ["status"]
    now = clock.now()
    for name in (stamp,) if isinstance(stamp, str) else stamp or ():
        setattr(procurement, name, now)
        changed.append(name)
    for name, value in (fields or {}).items():
        setattr(procurement, name, value)
        changed.append(name)
    procurement.save(update_fields=changed)
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


def _require_buyer_org(actor: User, authority: Organisation) -> None:
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
