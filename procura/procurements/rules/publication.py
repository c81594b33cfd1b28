"""The rules a procurement must meet before its tender notice is published. Pure.

Each check returns a RuleViolation (or None); `publication_problems` runs them all so that a
buyer sees every problem at once, each citing its section.
"""

from decimal import Decimal

from procura.core.errors import RuleViolation
from procura.timescales import rules as timescales

from .facts import ACT, PublicationCheck
from .lots import lot_problems
from .values import check_value_incl_vat, check_value_range


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
    the minimum tendering period of the s.54(4) table from the day after publication. Anyone may
    tender in an open procedure (s.20(2)(a)), so the pre-selected suppliers' entries 2 and 3 are
    refused (`timescales.check_tendering_facts`, s.54(5))."""
    if c.competitive_flexible:
        return None
    try:
        timescales.check_tendering_facts(c.tendering_facts, open_procedure=True)
    except RuleViolation as violation:
        return violation
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
    """A framework lasts at most 4 years including every extension, or 8 years for a defence and
    security framework or a utilities framework (`framework_category`), unless the notice gives
    the reasons a longer term is needed (s.47(1)-(3)). A framework may have no maximum number of
    suppliers (reg 20(2) asks for it only where there is one): requiring one is a house rule,
    `require_framework_maximum`, which an authority may switch off."""
    if not c.is_framework:
        return None
    if not c.max_framework_suppliers and c.require_framework_maximum:
        return RuleViolation(
            "framework_suppliers_missing",
            "Set the maximum number of suppliers on the framework (house rule: your "
            "authority may switch it off in its settings).",
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
    years = timescales.framework_maximum_years(
        defence_and_security=c.framework_category == "defence_and_security",
        utilities=c.framework_category == "utilities",
    )
    if months > years * 12 and not c.longer_term_reasons.strip():
        kind = {
            "defence_and_security": "A defence and security framework",
            "utilities": "A utilities framework",
        }.get(c.framework_category, "A framework")
        return RuleViolation(
            "framework_term_too_long",
            f"The framework would last {months} months with every extension. {kind} may "
            f"last at most {years} years ({years * 12} months) unless the tender notice gives "
            "the reasons the goods or services need a longer term.",
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
    """A competitive flexible procedure that limits the suppliers it invites (s.20(4)(a)) must
    state the maximum number and the criteria for choosing them (reg 19(2)(d)). Limiting them
    at all is a house rule, `require_shortlist_limit`, which an authority may switch off."""
    if not c.competitive_flexible:
        return None
    if c.max_shortlist and not c.shortlisting_criteria.strip():
        return RuleViolation(
            "shortlist_not_defined",
            "Set the shortlisting criteria for the maximum number of suppliers to shortlist.",
            section=f"{ACT} s.20(4)(a); Procurement Regulations 2024 reg 19(2)(d)",
            field="shortlisting_criteria",
        )
    if not c.max_shortlist and c.require_shortlist_limit:
        return RuleViolation(
            "shortlist_not_defined",
            "Set the maximum number of suppliers to shortlist and the shortlisting criteria "
            "(house rule: your authority may switch it off in its settings).",
            field="max_shortlist",
        )
    if (
        c.is_framework
        and c.max_framework_suppliers
        and c.max_shortlist
        and c.max_shortlist < c.max_framework_suppliers
    ):
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
    reg 18(2)): at least one criterion. Weights that add up to 100% (one of the ways of showing
    relative importance, s.23(3)(b)) and at most one price criterion are house rules,
    `require_weights_total_100` and `require_single_price_criterion`, which an authority may
    switch off."""
    if not c.criteria_weights:
        return RuleViolation(
            "award_criteria_missing",
            "Add the award criteria and their weights.",
            section=f"{ACT} s.23",
            field="criteria",
        )
    total = sum((weight for _kind, weight in c.criteria_weights), Decimal("0"))
    if total != Decimal("100") and c.require_weights_total_100:
        return RuleViolation(
            "award_criteria_weights",
            f"The weights of the award criteria add up to {total.normalize():f}%; they must add "
            "up to 100% (house rule: your authority may switch it off in its settings).",
            field="criteria",
        )
    prices = sum(1 for kind, _ in c.criteria_weights if kind == "price")
    if prices > 1 and c.require_single_price_criterion:
        return RuleViolation(
            "award_criteria_price",
            "Use one price criterion (house rule: your authority may switch it off in its "
            "settings).",
            field="criteria",
        )
    return None


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


def check_agreements_issued(c: PublicationCheck) -> RuleViolation | None:
    """Where the procurement keeps its documents behind the NDA and ethical walls agreements,
    every one of them is issued before the tender notice is published: otherwise no supplier
    could pass the gate, and the documents the notice points to (s.21) would be out of every
    supplier's reach. The gate is the buyer's terms, so this is a house rule, not the Act."""
    if c.documents_behind_agreements and c.agreements_not_issued:
        names = " and the ".join(name.lower() for name in c.agreements_not_issued)
        return RuleViolation(
            "agreements_not_issued",
            f"Issue the {names} before publishing: the documents are kept behind the "
            "agreements (a house rule), so no supplier could see them. Or choose to make the "
            "documents available without agreements.",
            field="documents_behind_agreements",
        )
    return None


#: Every code `publication_problems` can give (the API documents them on the publish endpoint;
#: the test suite's check of every answer against the document keeps this list whole).
PUBLICATION_CODES = (
    "award_criteria_missing",
    "award_criteria_price",
    "award_criteria_weights",
    "agreements_not_issued",
    "conflicts_assessment_missing",
    "contract_term_missing",
    "estimated_value_missing",
    "framework_suppliers_missing",
    "framework_term_missing",
    "framework_term_too_long",
    "lot_incomplete",
    "lot_limit_out_of_range",
    "lot_limit_without_lots",
    "lot_number_repeated",
    "lot_suppliers_not_framework",
    "lot_values_above_estimate",
    "no_lots_reasons_missing",
    "open_procedure_preselection",
    "participation_deadline_missing",
    "participation_period_too_short",
    "shortlist_not_defined",
    "shortlist_smaller_than_award",
    "tender_deadline_missing",
    "tendering_period_too_short",
    "too_few_lots",
    "value_incl_vat_below_excl",
    "value_range_above_estimate",
    "value_range_inverted",
)

PUBLICATION_CHECKS = (
    check_conflicts_assessment,
    check_agreements_issued,
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
