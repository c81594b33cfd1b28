"""Dividing a procurement into lots (Procurement Act 2023 s.18): whether a division holds
together."""

from decimal import Decimal

from procura.core.errors import RuleViolation

from .facts import ACT, LotFacts


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
    tender for (s.20(7)) or may be awarded (s.23(4)); a limit only makes sense with lots and is a
    whole number from 1 to the number of lots. Only a framework has a number of suppliers per lot.
    """
    problems: list[RuleViolation] = []
    if not lots:
        for name, value, subsection in (
            ("max_lots_bid_per_supplier", max_lots_bid_per_supplier, "s.20(7)"),
            ("max_lots_awarded_per_supplier", max_lots_awarded_per_supplier, "s.23(4)"),
        ):
            if value is not None:
                problems.append(
                    RuleViolation(
                        "lot_limit_without_lots",
                        "A limit on the number of lots applies only to a procurement divided "
                        "into lots.",
                        section=f"{ACT} {subsection}",
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
    for name, value, what, subsection in (
        ("max_lots_bid_per_supplier", max_lots_bid_per_supplier, "tender for", "s.20(7)"),
        ("max_lots_awarded_per_supplier", max_lots_awarded_per_supplier, "be awarded", "s.23(4)"),
    ):
        if value is not None and not 1 <= value <= len(lots):
            problems.append(
                RuleViolation(
                    "lot_limit_out_of_range",
                    f"The number of lots a supplier may {what} must be from 1 to "
                    f"{len(lots)}, the number of lots.",
                    section=f"{ACT} {subsection}",
                    field=name,
                )
            )
    return problems
