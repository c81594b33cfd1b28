"""The shape of each kind of field, said once: the pages' Django form fields (procura.core.govuk)
and the API's ninja schema fields (the `Annotated` types below) both take their bounds from here,
so a page and the API accept and refuse the same values.

Shape only: types, formats and each field's own bounds. How fields relate to each other and to
the law (the value including VAT is not below the value without it, a range's lowest value is not
above its highest, deadlines in order) is a rule, checked once by the services (`rules.py`).
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated

from ninja import Field
from pydantic import StringConstraints


@dataclass(frozen=True)
class DecimalSpec:
    """A decimal amount: at least `min_value` (or more than it, `exclusive`), at most
    `max_value`, with at most `max_digits` digits of which `decimal_places` after the point."""

    min_value: Decimal
    max_digits: int
    decimal_places: int
    max_value: Decimal | None = None
    exclusive_min: bool = False

    def pydantic(self):
        bound = {"gt" if self.exclusive_min else "ge": self.min_value}
        if self.max_value is not None:
            bound["le"] = self.max_value
        return Field(max_digits=self.max_digits, decimal_places=self.decimal_places, **bound)


@dataclass(frozen=True)
class IntSpec:
    """A whole number from `min_value` to `max_value`."""

    min_value: int
    max_value: int

    def pydantic(self):
        return Field(ge=self.min_value, le=self.max_value)


# Money: pounds and pence, never negative, below £10 trillion (the database's 15 digits).
MONEY = DecimalSpec(min_value=Decimal("0"), max_digits=15, decimal_places=2)
# A term or an extension in months: up to 50 years.
MONTHS = IntSpec(1, 600)
# A count of suppliers or lots (framework places, shortlist, lots per supplier).
COUNT = IntSpec(1, 1000)
# The marks an award criterion or a question is scored out of.
MARKS = IntSpec(1, 100)
# An award criterion's weight, in per cent.
WEIGHT = DecimalSpec(
    min_value=Decimal("0"),
    max_value=Decimal("100"),
    max_digits=5,
    decimal_places=2,
    exclusive_min=True,
)
# A percentage such as the abnormally low threshold.
PERCENT = DecimalSpec(
    min_value=Decimal("0"), max_value=Decimal("100"), max_digits=5, decimal_places=2
)
# A CPV code: 8 digits, optionally with its check digit ("30200000" or "30200000-1").
CPV_PATTERN = r"^\d{8}(-\d)?$"
CPV_RE = re.compile(CPV_PATTERN)
# Text lengths of the database columns.
TITLE_MAX = 300
CRITERION_TITLE_MAX = 200
LOT_NUMBER_MAX = 10
# The years a date typed into a page may be in: anything else is a typing mistake.
YEARS = (2000, 2100)


def money_text(value) -> str:
    """An amount as typed ("£1,250.50") without its pound sign and commas ("1250.50")."""
    return str(value if value is not None else "").replace("£", "").replace(",", "").strip()


def parse_money(value) -> Decimal | None:
    """An amount as typed ("£1,250.50") as a Decimal; None if it is not a finite number."""
    try:
        amount = Decimal(money_text(value))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() else None


# --- The same specs as ninja (pydantic) field types ----------------------------------------------

Money = Annotated[Decimal, MONEY.pydantic()]
Months = Annotated[int, MONTHS.pydantic()]
Count = Annotated[int, COUNT.pydantic()]
Marks = Annotated[int, MARKS.pydantic()]
Weight = Annotated[Decimal, WEIGHT.pydantic()]
Percent = Annotated[Decimal, PERCENT.pydantic()]
CpvCode = Annotated[str, StringConstraints(pattern=CPV_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX)]
