"""Which modifications are substantial by their nature (Procurement Act 2023 s.31(3)), and what
changed between two divisions into lots. Pure."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .modification import LOT_FIELD_LABELS, MATERIAL_SHARE, MODIFIABLE_FIELDS
from .publication import framework_total_months


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
    old: Any = None
    new: Any = None


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
    (lots are awarded in the order listed, s.23(4))."""
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
    on the lots one supplier may tender for or be awarded (ss.20(7), 23(4)), and, with a limit on
    the lots awarded, the order the lots are awarded in. A lot's title and description are the
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
