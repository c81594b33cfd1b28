"""The rules for modifying a published procurement (Procurement Act 2023 s.31). Pure.

s.31(1): the terms of the procurement (anything in the tender notice or the associated tender
documents, including the conditions of participation and the award criteria) may be modified
before (a) the tender deadline, in an open procedure, or (b) the deadline for requests to
participate (or, without one, for the first tenders), in a competitive flexible procedure.
s.31(2): after that point a competitive flexible procedure may still be modified if the
modification is not substantial, or if the contract is a light touch contract.
s.31(3): a modification is substantial if it would let suppliers that are not taking part
tender, or if, had it been in the tender notice from the start, suppliers taking part would
likely not be, or others would likely be (who is shortlisted, who wins).
s.31(4): the authority must reconsider the time limits (s.54(1)(d): the nature and complexity
of the modification), which stay the same for every supplier (s.54(2)).
s.31(5)-(6): the tender notice and the documents affected are revised and republished, and
the suppliers taking part are told.
"""

from datetime import datetime
from decimal import Decimal

from procura.core import clock
from procura.core.errors import RuleViolation

from .facts import ACT, PublicationCheck
from .publication import (
    check_award_criteria,
    check_contract,
    check_framework,
    check_participation_period,
    check_shortlist,
    check_tendering_period,
    check_value,
    division_problems,
)

MODIFY_ANY = "any"  # s.31(1): any modification, substantial or not
MODIFY_NOT_SUBSTANTIAL = "not_substantial"  # s.31(2): only one that is not substantial

#: What a published procurement's modification may change, in the words of its pages and of the
#: revised tender notice. `criteria` is the whole set of award criteria at once.
MODIFIABLE_FIELDS: dict[str, str] = {
    "title": "Title",
    "description": "What is being bought",
    "cpv_codes": "CPV codes",
    "estimated_value_excl_vat": "Estimated value excluding VAT",
    "estimated_value_incl_vat": "Estimated value including VAT",
    "is_framework": "Framework agreement or single contract",
    "max_framework_suppliers": "Maximum number of suppliers on the framework",
    "framework_term_months": "Initial term of the framework",
    "extension_options_months": "Optional extensions",
    "longer_term_reasons": "Reasons the framework needs more than 4 years",
    "call_off_process": "How call-off contracts will be awarded",
    "contract_term_months": "Contract term",
    "value_range_min_incl_vat": "Lowest value of the range, including VAT",
    "value_range_max_incl_vat": "Highest value of the range, including VAT",
    "max_shortlist": "Maximum number of suppliers to shortlist",
    "shortlisting_criteria": "Shortlisting criteria",
    "no_lots_reasons": "Why it is not divided into lots",
    "lots": "Lots",
    "max_lots_bid_per_supplier": "Most lots one supplier may tender for",
    "max_lots_awarded_per_supplier": "Most lots one supplier may be awarded",
    "criteria": "Award criteria",
}
#: What a modification may change in each lot (`lots` is the whole division, as `set_lots` takes
#: it), in the words of the pages and of the revised tender notice. A lot is known by its number:
#: a lot whose number is not in the new list is removed, a new number is a lot added.
LOT_FIELD_LABELS: dict[str, str] = {
    "title": "Title",
    "description": "What the lot covers",
    "cpv_codes": "CPV codes",
    "estimated_value_excl_vat": "Estimated value excluding VAT",
    "estimated_value_incl_vat": "Estimated value including VAT",
    "max_framework_suppliers": "Suppliers on the lot's framework",
}
LOT_LIMIT_FIELDS = ("max_lots_bid_per_supplier", "max_lots_awarded_per_supplier")
DEADLINE_LABELS = {
    "participation_deadline": "Deadline for requests to participate",
    "tender_deadline": "Tender deadline",
}
SHORTLIST_FIELDS = frozenset({"max_shortlist", "shortlisting_criteria"})
#: A competitive flexible procedure before the invitation to tender has gone out.
_BEFORE_INVITATION = frozenset({"participation_open", "participation_closed"})
_TENDERS_OPENED = frozenset({"evaluation", "award_decided", "standstill"})
_ENDED = frozenset({"terminated", "contract_signed"})

#: A change of value or term by more than this share is material: the bright line the Act draws
#: for contracts (a below-threshold modification changes the value by at most 10% for goods and
#: services, s.74(4); a term change of more than 10% is substantial, s.74(3)(a)), applied here
#: to the s.31(3) test.
MATERIAL_SHARE = Decimal("0.10")


def modification_window(
    *,
    competitive_flexible: bool,
    status: str,
    participation_deadline: datetime | None,
    tender_deadline: datetime | None,
    now: datetime,
) -> str:
    """Which modifications s.31 allows now: MODIFY_ANY before the deadline for requests to
    participate (competitive flexible procedure) or the tender deadline (open procedure)
    (s.31(1)); MODIFY_NOT_SUBSTANTIAL after the participation deadline and before the tender
    deadline (s.31(2)). Raises a RuleViolation when no modification is allowed: before
    publication (a draft is simply changed), after the tender deadline (Find a Tender does not
    let a tender notice be edited once the submission deadline has passed, and tenders are
    sealed against the published terms), once tenders are opened, and after termination or
    signature (a signed contract is modified under s.74 instead)."""
    if status == "draft":
        raise RuleViolation(
            "not_published",
            "The tender notice has not been published: change the draft instead.",
            section=f"{ACT} s.31(1)",
        )
    if status in _ENDED:
        raise RuleViolation(
            "procurement_ended",
            "The procurement has been terminated."
            if status == "terminated"
            else "The contract has been entered into: a contract is modified under s.74, not "
            "the procurement.",
            section=f"{ACT} s.31(1)" + ("; s.55" if status == "terminated" else "; s.74"),
        )
    if status in _TENDERS_OPENED:
        raise RuleViolation(
            "tenders_opened",
            "The tenders have been opened: the terms they were submitted against can no longer "
            "change.",
            section=f"{ACT} s.31(1)-(2)",
        )
    if status == "tenders_closed" or (tender_deadline is not None and tender_deadline <= now):
        raise RuleViolation(
            "tender_deadline_passed",
            "The tender deadline has passed: the tender notice can no longer be modified.",
            section=f"{ACT} s.31(2)" if competitive_flexible else f"{ACT} s.31(1)(a)",
        )
    if not competitive_flexible:
        return MODIFY_ANY
    if status == "participation_open" and (
        participation_deadline is None or participation_deadline > now
    ):
        return MODIFY_ANY
    return MODIFY_NOT_SUBSTANTIAL


def modifiable_fields(*, competitive_flexible: bool, status: str) -> list[str]:
    """The fields a modification may change at this stage (the window aside): never the
    procedure; the shortlist only in a competitive flexible procedure before the shortlisted
    suppliers are invited to tender (s.20(4)(a)); the award criteria only while no invitation to
    tender has gone out (in an open procedure the tender notice is the invitation, and tenders
    may already be sealed against the published criteria)."""
    before_invitation = competitive_flexible and status in _BEFORE_INVITATION
    return [
        name
        for name in MODIFIABLE_FIELDS
        if (name not in SHORTLIST_FIELDS and name != "criteria") or before_invitation
    ]


def check_fields_modifiable(
    fields, *, competitive_flexible: bool, status: str
) -> RuleViolation | None:
    """The first field that may not be modified at this stage, with the reason."""
    allowed = set(modifiable_fields(competitive_flexible=competitive_flexible, status=status))
    for name in fields:
        if name in allowed:
            continue
        if name == "procedure":
            return RuleViolation(
                "field_not_modifiable",
                "The procedure cannot change once the tender notice is published: terminate the "
                "procurement and publish a new tender notice instead.",
                section=f"{ACT} s.31(1); s.55",
                field=name,
            )
        if name in SHORTLIST_FIELDS and not competitive_flexible:
            return RuleViolation(
                "field_not_modifiable",
                "An open procedure has no shortlist: any supplier may tender.",
                section=f"{ACT} s.20(2)(a)",
                field=name,
            )
        if name in SHORTLIST_FIELDS:
            return RuleViolation(
                "field_not_modifiable",
                "The shortlisted suppliers have been invited to tender: the shortlist can no "
                "longer change.",
                section=f"{ACT} s.20(4)(a); s.31(2)-(3)",
                field=name,
            )
        if name == "criteria":
            return RuleViolation(
                "field_not_modifiable",
                "Suppliers have been invited to tender against the published award criteria: "
                "they can no longer change.",
                section=f"{ACT} s.23; s.31",
                field=name,
            )
        return RuleViolation(
            "field_not_modifiable",
            f"{name} is not something a modification can change.",
            section=f"{ACT} s.31(1)",
            field=name,
        )
    return None


def check_substantial(
    *, window: str, stated: bool, inherent: list[tuple[str, str]], light_touch: bool = False
) -> RuleViolation | None:
    """A substantial modification (stated by the authority, or substantial by its nature) is
    refused after the deadline for requests to participate, unless the contract is a light touch
    contract (s.31(2)-(3)). Before it, any modification is allowed, but one that is substantial
    by its nature must be recorded as substantial (s.31(3))."""
    if window == MODIFY_NOT_SUBSTANTIAL and not light_touch and (stated or inherent):
        why = f" {inherent[0][1]}" if inherent else ""
        return RuleViolation(
            "substantial_after_participation_deadline",
            "The deadline for requests to participate has passed: only a modification that is "
            f"not substantial is allowed.{why}",
            section=f"{ACT} s.31(2)-(3)",
            field=inherent[0][0] if inherent else "substantial",
        )
    if inherent and not stated:
        return RuleViolation(
            "substantial_not_stated",
            f"{inherent[0][1]} Record the modification as substantial.",
            section=f"{ACT} s.31(3)",
            field="substantial",
        )
    return None


def check_lot_tenders(
    *, removed: list[str], with_tenders: set[str], dividing: bool, whole_has_tenders: bool
) -> RuleViolation | None:
    """A lot that a tender has been submitted for stays: the tender was sealed for it, and a
    lot that will not be awarded is ended by a procurement termination notice (s.55), not
    modified away (s.31(1)). Nor is a procurement divided into lots once tenders have been
    submitted for it as a whole: they were not made for any lot."""
    for number in removed:
        if number in with_tenders:
            return RuleViolation(
                "lot_has_tenders",
                f"Tenders have been submitted for lot {number}: it can no longer be removed. If "
                "it will not be awarded, publish a procurement termination notice for it.",
                section=f"{ACT} s.31(1); s.55",
                field="lots",
            )
    if dividing and whole_has_tenders:
        return RuleViolation(
            "tenders_for_whole_procurement",
            "Tenders have been submitted for the procurement as a whole: it can no longer be "
            "divided into lots.",
            section=f"{ACT} s.18; s.31(1)",
            field="lots",
        )
    return None


def check_lots_bid_limit(*, new_limit: int | None, most_tendered: int) -> RuleViolation | None:
    """A limit on the number of lots a supplier may tender for (s.20(7)) cannot be lowered
    below the lots a supplier already has live tenders for: those tenders were submitted within
    the published limit and stay valid (s.31(1); time limits and rules the same for everyone,
    s.54(2))."""
    if new_limit is not None and most_tendered > new_limit:
        return RuleViolation(
            "lots_bid_limit_below_tenders",
            f"A supplier already has tenders for {most_tendered} lots: the number of lots a "
            f"supplier may tender for cannot be lowered below {most_tendered}.",
            section=f"{ACT} s.20(7); s.31(1)",
            field="max_lots_bid_per_supplier",
        )
    return None


def check_time_limits_reconsidered(statement: str) -> RuleViolation | None:
    """The authority must reconsider the time limits when it modifies a procurement (s.31(4)),
    having regard to the nature and complexity of the modification (s.54(1)); say how."""
    if not (statement or "").strip():
        return RuleViolation(
            "time_limits_not_reconsidered",
            "Say how the time limits were reconsidered for this modification, and whether any "
            "deadline is extended.",
            section=f"{ACT} s.31(4); s.54(1)",
            field="time_limits_reconsidered",
        )
    return None


def check_deadline_extension(
    name: str, *, current: datetime | None, proposed: datetime, is_open: bool, now: datetime
) -> RuleViolation | None:
    """A deadline can be extended only while it is open, to a moment in the future after the
    current one, and the same for every supplier (s.31(4); s.54(2)). A deadline that has passed
    is never reopened."""
    words = name.replace("_", " ")
    if not is_open or (current is not None and current <= now):
        return RuleViolation(
            "deadline_passed",
            f"The {words} can only be extended while it is still open.",
            section=f"{ACT} s.31",
            field=name,
        )
    if proposed <= now:
        return RuleViolation(
            "deadline_passed",
            f"The new {words} must be in the future.",
            section=f"{ACT} s.54(2)",
            field=name,
        )
    if current is not None and proposed <= current:
        return RuleViolation(
            "deadline_not_extended",
            f"The new {words} must be after the current one, {clock.format_datetime(current)}.",
            section=f"{ACT} s.31(4); s.54(2)",
            field=name,
        )
    return None


#: The publication rules a modified procurement must still meet: its value, the s.54 minimum
#: periods from the day the tender notice was first published, the framework term, the contract,
#: the shortlist and the award criteria; `modification_problems` adds the division into lots.
#: (The conflicts assessment was checked at publication.)
MODIFICATION_CHECKS = (
    check_value,
    check_participation_period,
    check_tendering_period,
    check_framework,
    check_contract,
    check_shortlist,
    check_award_criteria,
)


def modification_problems(c: PublicationCheck) -> list[RuleViolation]:
    """Every reason the procurement, as modified, would break the publication rules (s.31(4);
    s.54), with every problem of its division into lots (`division_problems`, s.18): empty when
    the modification may be made."""
    return [v for check in MODIFICATION_CHECKS if (v := check(c)) is not None] + (
        division_problems(c)
    )
