"""Dividing a draft into lots (Procurement Act 2023 s.18): rows as given, checked, written."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from procura.accounts.models import User
from procura.audit import services as audit
from procura.core.errors import DomainError, invalid_input

from .. import rules
from ..events import ProcurementEvent
from ..models import Lot, Procurement
from .lifecycle import _require_buyer_org, lock_procurement, refuse_if_problems

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
    actor: User,
    procurement: Procurement,
    lots: list[dict],
    max_lots_bid_per_supplier: int | None = None,
    max_lots_awarded_per_supplier: int | None = None,
) -> Procurement:
    """Replace the draft's lots (s.18): [{number, title, description, estimated_value_excl_vat,
    estimated_value_incl_vat, cpv_codes, max_framework_suppliers}], in order, and the limits on
    the number of lots a supplier may tender for and be awarded (ss.20(7), 23(4)). A lot without a
    `number` is numbered by its place ("1", "2", ...). An empty list leaves the procurement
    undivided (the tender notice then needs the reasons, s.18(2)). Refused, with every
    problem, unless the lots hold together (`rules.lot_problems`). Once the tender notice is
    published the lots change only by `modify_procurement` (s.31)."""
    procurement = lock_procurement(procurement)
    _require_buyer_org(actor, procurement.authority)
    if violation := rules.check_draft(procurement.status, change="lots"):
        raise violation
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
