"""What the evaluation rules share: the citations, the one rounding every score gets, and words."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

ACT = "Procurement Act 2023"
REGULATIONS = "Procurement Regulations 2024"
TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)


def round_score(value: Decimal) -> Decimal:
    """`value` to 2 decimal places, half up: the one rounding every score and total gets."""
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st."""
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def and_list(names: Sequence[str]) -> str:
    """Names in a sentence: "A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
