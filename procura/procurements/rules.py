"""The rules a procurement must meet before and after its tender notice is published. Pure.

Each check returns a RuleViolation (or None); `publication_problems` runs them all so that a
buyer sees every problem at once, each citing its section.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from procura.core import clock
from procura.core.errors import RuleViolation
from procura.timescales import rules as timescales

ACT = "Procurement Act 2023"


@dataclass(frozen=True, kw_only=True)
class PublicationCheck:
    """What the publication rules need to know about a draft procurement."""

    publication_date: date
    competitive_flexible: bool
    has_conflicts_assessment: bool
    participation_deadline: date | None
    tender_deadline: date | None
    urgency: bool = False
    tendering_facts: timescales.TenderingFacts = field(default_factory=timescales.TenderingFacts)
    is_framework: bool = False
    max_framework_suppliers: int | None = None
    framework_term_months: int | None = None
    extension_options_months: tuple[int, ...] = ()
    longer_term_reasons: str = ""
    contract_term_months: int | None = None
    max_shortlist: int | None = None
    shortlisting_criteria: str = ""
    value_excl_vat: Decimal = Decimal("0")
    value_incl_vat: Decimal = Decimal("0")
    value_range: tuple[Decimal | None, Decimal | None] = (None, None)
    criteria_weights: tuple[tuple[str, Decimal], ...] = ()  # (kind, weight)
    lots: tuple["LotFacts", ...] = ()
    no_lots_reasons: str = ""
    max_lots_bid_per_supplier: int | None = None
    max_lots_awarded_per_supplier: int | None = None


@dataclass(frozen=True, kw_only=True)
class LotFacts:
    """What the lot rules need to know about one lot: its identifier, title and values (£)."""

    number: str
    title: str
    value_excl_vat: Decimal
    value_incl_vat: Decimal
    max_framework_suppliers: int | None = None


def check_conflicts_assessment(c: PublicationCheck) -> RuleViolation | None:
    """A conflicts assessment must be prepared before the tender notice is published (s.83(1))."""
    if not c.has_conflicts_assessment:
        return RuleViolation(
            "conflicts_assessment_missing",
            "Record the conflicts assessment before publishing the tender notice.",
            section=f"{ACT} s.83(1)",
        )
    return None


def check_participation_period(c: PublicationCheck) -> RuleViolation | None:
    """A competitive flexible procedure's participation period is at least 25 days (10 if
    urgent), beginning with the day after the tender notice (s.54(3), (5))."""
    if not c.competitive_flexible:
        return None
    if c.participation_deadline is None:
        return RuleViolation(
            "participation_deadline_missing",
            "Set the deadline for requests to participate.",
            section=f"{ACT} s.54(3)",
            field="participation_deadline",
        )
    try:
        timescales.check_participation_deadline(
            c.publication_date, c.participation_deadline, urgency=c.urgency
        )
    except RuleViolation as violation:
        violation.field = "participation_deadline"
        return violation
    return None


def check_tendering_period(c: PublicationCheck) -> RuleViolation | None:
    """In an open procedure the tender notice invites tenders, so the tender deadline must allow
    the minimum tendering period of the s.54(4) table from the day after publication."""
    if c.competitive_flexible:
        return None
    if c.tender_deadline is None:
        return RuleViolation(
            "tender_deadline_missing",
            "Set the tender deadline.",
            section=f"{ACT} s.54(4)",
            field="tender_deadline",
        )
    try:
        timescales.check_tender_deadline(c.publication_date, c.tender_deadline, c.tendering_facts)
    except RuleViolation as violation:
        violation.field = "tender_deadline"
        return violation
    return None


def framework_total_months(initial: int | None, extensions: tuple[int, ...]) -> int:
    return (initial or 0) + sum(extensions)


def check_framework(c: PublicationCheck) -> RuleViolation | None:
    """A framework states its maximum number of suppliers (reg 20(2)) and lasts at most 4 years
    including every extension, unless the notice gives the reasons a longer term is needed
    (s.47(1)-(3))."""
    if not c.is_framework:
        return None
    if not c.max_framework_suppliers:
        return RuleViolation(
            "framework_suppliers_missing",
            "Set the maximum number of suppliers on the framework.",
            section="Procurement Regulations 2024 reg 20(2)",
            field="max_framework_suppliers",
        )
    if not c.framework_term_months:
        return RuleViolation(
            "framework_term_missing",
            "Set the framework's initial term.",
            section=f"{ACT} s.45(5)",
            field="framework_term_months",
        )
    months = framework_total_months(c.framework_term_months, c.extension_options_months)
    if months > 48 and not c.longer_term_reasons.strip():
        return RuleViolation(
            "framework_term_too_long",
            f"The framework would last {months} months with every extension. A framework may "
            "last at most 4 years (48 months) unless the tender notice gives the reasons the "
            "goods or services need a longer term.",
            section=f"{ACT} s.47(1)-(3)",
            field="framework_term_months",
        )
    return None


def check_contract(c: PublicationCheck) -> RuleViolation | None:
    """A single contract states its term, and a participant value range that is a real range."""
    if c.is_framework:
        return None
    if not c.contract_term_months:
        return RuleViolation(
            "contract_term_missing",
            "Set the contract term.",
            section="Procurement Regulations 2024 reg 18(2)",
            field="contract_term_months",
        )
    low, high = c.value_range
    if violation := check_value_range(low, high):
        return violation
    if high is not None and high > c.value_incl_vat:
        return RuleViolation(
            "value_range_above_estimate",
            "The estimated value must cover the top of the range: it is the maximum the "
            "authority could expect to pay.",
            section="Procurement Act 2023 Sch 3 para 1",
            field="estimated_value_incl_vat",
        )
    return None


def check_shortlist(c: PublicationCheck) -> RuleViolation | None:
    """A competitive flexible procedure that limits the suppliers it invites must state the
    maximum number and the criteria for choosing them (s.20(4)(a); reg 19(2)(d))."""
    if not c.competitive_flexible:
        return None
    if not c.max_shortlist or not c.shortlisting_criteria.strip():
        return RuleViolation(
            "shortlist_not_defined",
            "Set the maximum number of suppliers to shortlist and the shortlisting criteria.",
            section=f"{ACT} s.20(4)(a); Procurement Regulations 2024 reg 19(2)(d)",
            field="max_shortlist",
        )
    if c.is_framework and c.max_framework_suppliers and c.max_shortlist < c.max_framework_suppliers:
        return RuleViolation(
            "shortlist_smaller_than_award",
            f"The shortlist must allow at least {c.max_framework_suppliers} suppliers, the number "
            "the framework will be awarded to.",
            section=f"{ACT} s.20(4)(a)",
            field="max_shortlist",
        )
    return None


def check_value(c: PublicationCheck) -> RuleViolation | None:
    """The estimated value including VAT is the maximum the authority could expect to pay
    (Sch 3 para 1; s.123(2)) and cannot be less than the value without VAT."""
    if c.value_incl_vat <= 0:
        return RuleViolation(
            "estimated_value_missing",
            "Enter the estimated value including VAT.",
            section="Procurement Act 2023 Sch 3 para 1",
            field="estimated_value_incl_vat",
        )
    return check_value_incl_vat(c.value_excl_vat, c.value_incl_vat)


def check_award_criteria(c: PublicationCheck) -> RuleViolation | None:
    """The award criteria and their relative importance are set before publication (s.23(2),
    reg 18(2)); here: at least one criterion, weights that add up to 100%, at most one price
    criterion."""
    if not c.criteria_weights:
        return RuleViolation(
            "award_criteria_missing",
            "Add the award criteria and their weights.",
            section=f"{ACT} s.23",
            field="criteria",
        )
    total = sum((weight for _kind, weight in c.criteria_weights), Decimal("0"))
    if total != Decimal("100"):
        return RuleViolation(
            "award_criteria_weights",
            f"The weights of the award criteria add up to {total.normalize():f}%; they must add "
            "up to 100%.",
            section=f"{ACT} s.23(2)",
            field="criteria",
        )
    if sum(1 for kind, _ in c.criteria_weights if kind == "price") > 1:
        return RuleViolation(
            "award_criteria_price",
            "Use one price criterion.",
            section=f"{ACT} s.23",
            field="criteria",
        )
    return None


def lot_problems(
    lots: tuple[LotFacts, ...],
    *,
    value_excl_vat: Decimal,
    value_incl_vat: Decimal,
    is_framework: bool,
    max_lots_bid_per_supplier: int | None = None,
    max_lots_awarded_per_supplier: int | None = None,
) -> list[RuleViolation]:
    """Every problem with a division into lots (s.18), empty when there is none.

    A procurement is either not divided (no lots) or divided into two or more lots, each with a
    title and a unique identifier. The lots are parts of the one procurement, so their estimated
    values add up to no more than the procurement's (the estimated value is the most the
    authority could expect to pay, Sch 3 para 1), and a lot's value including VAT is not below
    its value without VAT (s.123(2)). The authority may limit the number of lots a supplier may
    tender for, or may be awarded (s.18(3)); a limit only makes sense with lots and is a whole
    number from 1 to the number of lots. Only a framework has a number of suppliers per lot.
    """
    problems: list[RuleViolation] = []
    if not lots:
        for name, value in (
            ("max_lots_bid_per_supplier", max_lots_bid_per_supplier),
            ("max_lots_awarded_per_supplier", max_lots_awarded_per_supplier),
        ):
            if value is not None:
                problems.append(
                    RuleViolation(
                        "lot_limit_without_lots",
                        "A limit on the number of lots applies only to a procurement divided "
                        "into lots.",
                        section=f"{ACT} s.18(3)",
                        field=name,
                    )
                )
        return problems
    if len(lots) < 2:
        problems.append(
            RuleViolation(
                "too_few_lots",
                "A procurement divided into lots has at least 2 lots; with one, leave it "
                "undivided and give the reasons.",
                section=f"{ACT} s.18",
                field="lots",
            )
        )
    numbers = [lot.number for lot in lots]
    duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
    if duplicates:
        problems.append(
            RuleViolation(
                "lot_number_repeated",
                f"Each lot needs its own number: {', '.join(duplicates)} is used more than once.",
                field="lots",
            )
        )
    for position, lot in enumerate(lots, start=1):
        if not lot.number.strip() or not lot.title.strip():
            problems.append(
                RuleViolation(
                    "lot_incomplete",
                    f"Give lot {position} a number and a title.",
                    field="lots",
                )
            )
        if lot.value_incl_vat < lot.value_excl_vat:
            problems.append(
                RuleViolation(
                    "value_incl_vat_below_excl",
                    f"Lot {lot.number}: the value including VAT cannot be less than the value "
                    "excluding VAT.",
                    section=f"{ACT} s.123(2)",
                    field="lots",
                )
            )
        if lot.max_framework_suppliers is not None and not is_framework:
            problems.append(
                RuleViolation(
                    "lot_suppliers_not_framework",
                    f"Lot {lot.number}: only a framework has a number of suppliers per lot; a "
                    "contract lot is awarded to one supplier.",
                    field="lots",
                )
            )
    total_excl = sum((lot.value_excl_vat for lot in lots), Decimal(0))
    total_incl = sum((lot.value_incl_vat for lot in lots), Decimal(0))
    if total_excl > value_excl_vat or total_incl > value_incl_vat:
        problems.append(
            RuleViolation(
                "lot_values_above_estimate",
                "The lots' estimated values add up to more than the procurement's estimated "
                "value: the procurement's value covers every lot.",
                section="Procurement Act 2023 Sch 3 para 1",
                field="lots",
            )
        )
    for name, value, what in (
        ("max_lots_bid_per_supplier", max_lots_bid_per_supplier, "tender for"),
        ("max_lots_awarded_per_supplier", max_lots_awarded_per_supplier, "be awarded"),
    ):
        if value is not None and not 1 <= value <= len(lots):
            problems.append(
                RuleViolation(
                    "lot_limit_out_of_range",
                    f"The number of lots a supplier may {what} must be from 1 to "
                    f"{len(lots)}, the number of lots.",
                    section=f"{ACT} s.18(3)",
                    field=name,
                )
            )
    return problems


def check_lots(c: PublicationCheck) -> RuleViolation | None:
    """Before the tender notice, the authority considers whether the contract could be awarded
    by reference to lots and, if it does not divide it, gives its reasons in the tender notice
    (s.18(1)-(2)); a division into lots must hold together (`lot_problems`)."""
    problems = division_problems(c)
    return problems[0] if problems else None


def division_problems(c: PublicationCheck) -> list[RuleViolation]:
    """Every problem with the procurement's division into lots (`check_lots`): the reasons for
    not dividing it (s.18(2)), or every problem of the lots (`lot_problems`)."""
    if not c.lots and not c.no_lots_reasons.strip():
        return [
            RuleViolation(
                "no_lots_reasons_missing",
                "Divide the procurement into lots, or give the reasons it is not divided into "
                "lots.",
                section=f"{ACT} s.18(2)",
                field="no_lots_reasons",
            )
        ]
    return lot_problems(
        c.lots,
        value_excl_vat=c.value_excl_vat,
        value_incl_vat=c.value_incl_vat,
        is_framework=c.is_framework,
        max_lots_bid_per_supplier=c.max_lots_bid_per_supplier,
        max_lots_awarded_per_supplier=c.max_lots_awarded_per_supplier,
    )


PUBLICATION_CHECKS = (
    check_conflicts_assessment,
    check_value,
    check_participation_period,
    check_tendering_period,
    check_framework,
    check_contract,
    check_shortlist,
    check_award_criteria,
    check_lots,
)


def publication_problems(c: PublicationCheck) -> list[RuleViolation]:
    """Every reason the tender notice may not be published yet; empty when it may."""
    return [v for check in PUBLICATION_CHECKS if (v := check(c)) is not None]


# --- Modifying a published procurement (s.31) --------------------------------------------------
#
# s.31(1): the terms of the procurement (anything in the tender notice or the associated tender
# documents, including the conditions of participation and the award criteria) may be modified
# before (a) the tender deadline, in an open procedure, or (b) the deadline for requests to
# participate (or, without one, for the first tenders), in a competitive flexible procedure.
# s.31(2): after that point a competitive flexible procedure may still be modified if the
# modification is not substantial, or if the contract is a light touch contract.
# s.31(3): a modification is substantial if it would let suppliers that are not taking part
# tender, or if, had it been in the tender notice from the start, suppliers taking part would
# likely not be, or others would likely be (who is shortlisted, who wins).
# s.31(4): the authority must reconsider the time limits (s.54(1)(d): the nature and complexity
# of the modification), which stay the same for every supplier (s.54(2)).
# s.31(5)-(6): the tender notice and the documents affected are revised and republished, and
# the suppliers taking part are told.

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


def _materially_different(old, new) -> bool:
    """Whether `new` differs from `old` by more than MATERIAL_SHARE of `old`."""
    if old == new:
        return False
    if not old:
        return True
    return abs(Decimal(new or 0) - Decimal(old)) > MATERIAL_SHARE * abs(Decimal(old))


def _term(values: dict) -> int:
    if values.get("is_framework"):
        return framework_total_months(
            values.get("framework_term_months"), tuple(values.get("extension_options_months") or ())
        )
    return values.get("contract_term_months") or 0


def substantial_changes(before: dict, after: dict) -> list[tuple[str, str]]:
    """The changes that are substantial modifications by their nature (s.31(3)), each as
    (field, why); `before` and `after` each hold every modifiable field.

    What is bought (the CPV codes), a framework or a contract, how many suppliers win, how many
    are shortlisted and how, and the value or the term changing by more than 10% could each have
    let suppliers not taking part tender, or changed who takes part, is shortlisted or wins; so
    could the same changes to the lots (`lot_substantial_changes`). Whether any other change
    (the description, the award criteria) is substantial is the authority's judgement, which it
    states."""

    def changed(name: str) -> bool:
        return after.get(name) != before.get(name)

    found: list[tuple[str, str]] = []
    if set(after.get("cpv_codes") or ()) != set(before.get("cpv_codes") or ()):
        found.append(
            (
                "cpv_codes",
                "The CPV codes say what is bought: changing them could bring in suppliers that "
                "are not taking part.",
            )
        )
    reasons = {
        "is_framework": "Changing between a framework and a single contract changes what "
        "suppliers are bidding for.",
        "max_framework_suppliers": "Changing how many suppliers the framework is awarded to "
        "changes who wins.",
        "max_shortlist": "Changing how many suppliers are shortlisted changes who is shortlisted.",
        "shortlisting_criteria": "Changing the shortlisting criteria changes who is shortlisted.",
    }
    found += [(name, why) for name, why in reasons.items() if changed(name)]
    for name in (
        "estimated_value_incl_vat",
        "estimated_value_excl_vat",
        "value_range_max_incl_vat",
    ):
        if _materially_different(before.get(name), after.get(name)):
            label = MODIFIABLE_FIELDS[name]
            found.append((name, f"The {label[0].lower()}{label[1:]} changes by more than 10%."))
            break
    terms = ("framework_term_months", "extension_options_months", "contract_term_months")
    if not changed("is_framework") and _materially_different(_term(before), _term(after)):
        name = next((n for n in terms if changed(n)), terms[0])
        found.append((name, "The term, with every extension, changes by more than 10%."))
    return found + lot_substantial_changes(before, after)


@dataclass(frozen=True, kw_only=True)
class LotChange:
    """One difference between two divisions into lots: a lot `added` or `removed` (`old`/`new`
    the lot), one field of a lot that stayed (a key of LOT_FIELD_LABELS, its values before and
    after), or the `order` of the lots (`number` empty, the numbers before and after)."""

    number: str
    field: str
    old: object = None
    new: object = None


def _lot_value(field: str, value):
    if field.startswith("estimated_value"):
        return None if value in (None, "") else Decimal(str(value))
    if field == "cpv_codes":
        return list(value or [])
    if field == "description":
        return value or ""
    return value


def lot_changes(before: list[dict], after: list[dict]) -> list[LotChange]:
    """What changed between two divisions into lots, each lot a dict with the fields of
    LOT_FIELD_LABELS and its `number`: the lots of `before` in order (removed, or each field
    that changed), then the lots added, then the order if the lots that stayed were reordered
    (lots are awarded in the order listed, s.18(3))."""
    old = {str(lot["number"]): lot for lot in before}
    new = {str(lot["number"]): lot for lot in after}
    changes: list[LotChange] = []
    for number, lot in old.items():
        if number not in new:
            changes.append(LotChange(number=number, field="removed", old=lot))
            continue
        for name in LOT_FIELD_LABELS:
            was, now = _lot_value(name, lot.get(name)), _lot_value(name, new[number].get(name))
            if was != now:
                changes.append(LotChange(number=number, field=name, old=was, new=now))
    changes += [
        LotChange(number=number, field="added", new=lot)
        for number, lot in new.items()
        if number not in old
    ]
    kept_before = [n for n in old if n in new]
    kept_after = [n for n in new if n in old]
    if kept_before != kept_after:
        changes.append(LotChange(number="", field="order", old=list(old), new=list(new)))
    return changes


def lot_substantial_changes(before: dict, after: dict) -> list[tuple[str, str]]:
    """The changes to the lots that are substantial modifications by their nature (s.31(3)), each
    as (field, why); `before` and `after` each hold every modifiable field (`lots` as for
    `lot_changes`).

    Adding or removing a lot, changing what a lot buys (its CPV codes; empty means the
    procurement's), how many suppliers a lot's framework is awarded to, or a lot's value by more
    than 10% (the line `substantial_changes` draws for the procurement's value) could each have
    let suppliers not taking part tender, or changed who takes part or wins; so could the limits
    on the lots one supplier may tender for or be awarded (s.18(3)), and, with a limit on the
    lots awarded, the order the lots are awarded in. A lot's title and description are the
    authority's judgement, which it states."""
    found: list[tuple[str, str]] = []

    def codes(lot: dict, values: dict) -> set:
        return set(lot.get("cpv_codes") or values.get("cpv_codes") or ())

    def suppliers(lot: dict, values: dict):
        return lot.get("max_framework_suppliers") or values.get("max_framework_suppliers")

    old = {str(lot["number"]): lot for lot in before.get("lots") or ()}
    new = {str(lot["number"]): lot for lot in after.get("lots") or ()}
    valued: set[str] = set()
    for change in lot_changes(list(old.values()), list(new.values())):
        n = change.number
        if change.field == "added":
            found.append(
                ("lots", f"Adding lot {n} could bring in suppliers that are not taking part.")
            )
        elif change.field == "removed":
            found.append(
                (
                    "lots",
                    f"Removing lot {n} changes what suppliers may tender for: suppliers taking "
                    "part for that lot would likely not be.",
                )
            )
        elif change.field == "cpv_codes" and codes(old[n], before) != codes(new[n], after):
            found.append(
                (
                    "lots",
                    f"Lot {n}: the CPV codes say what is bought: changing them could bring in "
                    "suppliers that are not taking part.",
                )
            )
        elif change.field == "max_framework_suppliers" and (
            suppliers(old[n], before) != suppliers(new[n], after)
        ):
            found.append(
                (
                    "lots",
                    f"Lot {n}: changing how many suppliers the lot's framework is awarded to "
                    "changes who wins.",
                )
            )
        elif (
            change.field.startswith("estimated_value")
            and n not in valued
            and _materially_different(change.old, change.new)
        ):
            valued.add(n)
            found.append(("lots", f"Lot {n}: the estimated value changes by more than 10%."))
        elif change.field == "order" and after.get("max_lots_awarded_per_supplier"):
            found.append(
                (
                    "lots",
                    "The lots are awarded in the order listed, with a limit on the lots one "
                    "supplier may be awarded: changing the order changes who wins.",
                )
            )
    reasons = {
        "max_lots_bid_per_supplier": "Changing the number of lots one supplier may tender for "
        "changes who may tender for what.",
        "max_lots_awarded_per_supplier": "Changing the number of lots one supplier may be awarded "
        "changes who wins.",
    }
    found += [(name, why) for name, why in reasons.items() if before.get(name) != after.get(name)]
    return found


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
    """A limit on the number of lots a supplier may tender for (s.18(3)) cannot be lowered
    below the lots a supplier already has live tenders for: those tenders were submitted within
    the published limit and stay valid (s.31(1); time limits and rules the same for everyone,
    s.54(2))."""
    if new_limit is not None and most_tendered > new_limit:
        return RuleViolation(
            "lots_bid_limit_below_tenders",
            f"A supplier already has tenders for {most_tendered} lots: the number of lots a "
            f"supplier may tender for cannot be lowered below {most_tendered}.",
            section=f"{ACT} s.18(3); s.31(1)",
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


# --- Rules on the values entered, checked whenever they are saved ---------------------------------
# A page, the API (POST and PATCH), a modification and publication all refuse a bad value here,
# with the same code; forms and schemas check only the shape (procura.core.specs).


def check_value_incl_vat(value_excl_vat, value_incl_vat) -> RuleViolation | None:
    """The estimated value including VAT cannot be less than the value without it
    (Procurement Act 2023 s.123(2): the value is the amount payable including VAT)."""
    if value_excl_vat is None or value_incl_vat is None or value_incl_vat >= value_excl_vat:
        return None
    return RuleViolation(
        "value_incl_vat_below_excl",
        "The value including VAT cannot be less than the value excluding VAT",
        section=f"{ACT} s.123(2)",
        field="estimated_value_incl_vat",
    )


def check_value_range(low, high) -> RuleViolation | None:
    """A contract's value range (when the value depends on which participants join) is a real
    range: its lowest value is not more than its highest (Procurement Act 2023 Sch 3 para 1)."""
    if low is None or high is None or low <= high:
        return None
    return RuleViolation(
        "value_range_inverted",
        "The lowest value of the range must not be more than the highest.",
        section=f"{ACT} Sch 3 para 1",
        field="value_range_min_incl_vat",
    )


def check_entered_values(procurement) -> RuleViolation | None:
    """The rules on a procurement's values as entered (anything with its value fields): checked
    by every service that saves them, before the database would refuse them less clearly."""
    return check_value_incl_vat(
        procurement.estimated_value_excl_vat, procurement.estimated_value_incl_vat
    ) or check_value_range(
        procurement.value_range_min_incl_vat, procurement.value_range_max_incl_vat
    )
