"""Modifying a published procurement within what s.31 allows, with a revised tender notice (UK4)
that says what changed and why, and the suppliers taking part told."""

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from procura.accounts.models import User
from procura.audit import services as audit
from procura.core import clock
from procura.core.errors import DomainError
from procura.notices import ocds
from procura.notices.models import Notice
from procura.notices.selectors import notices_of
from procura.notices.services import publish_notice
from procura.notices.states import NoticeType

from .. import rules
from ..events import ProcurementEvent
from ..models import Procurement
from ..selectors import (
    change_label,
    display_value,
    has_tenders_for_the_whole,
    lot_field_text,
    lot_numbers_with_tenders,
    lot_text,
    most_live_lot_tenders_per_supplier,
    suppliers_to_tell,
)
from ..states import (
    BEFORE_PARTICIPATION_DEADLINE,
    CriterionKind,
)
from .clarifications import publish_clarification
from .deadlines import _deadline_extensions
from .drafts import _replace_criteria
from .lifecycle import _require_buyer_org, _validate, lock_procurement, refuse_if_problems, snapshot
from .lots import _clean_lots, _write_lots, lot_facts, lot_rows, lots_of
from .publication import publication_check


def is_modifiable_freely(procurement: Procurement) -> bool:
    """Before the participation deadline any change is allowed (s.31(2)); after it, only
    changes that are not substantial (s.31(3))."""
    return procurement.status in BEFORE_PARTICIPATION_DEADLINE


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
    actor: User,
    procurement: Procurement,
    changes: dict,
    reason: str,
    substantial: bool,
    time_limits_reconsidered: str,
    participation_deadline: datetime | None = None,
    tender_deadline: datetime | None = None,
) -> Notice:
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
    if violation := rules.check_something_to_modify(
        fields_changed=len(changed), deadlines_extended=len(deadlines)
    ):
        raise violation
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
