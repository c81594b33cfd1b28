"""Abnormally low tenders (Procurement Act 2023 s.19(4)-(5))."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from procura.core.errors import RuleViolation

from .. import errors
from ..states import AbnormallyLowDecision
from .common import ACT, HUNDRED, round_score


@dataclass(frozen=True)
class AbnormallyLowFinding:
    """A tender priced at least the declared percentage below the average of the others."""

    tender_id: int
    price: Decimal
    average_of_others: Decimal  # to the penny, for people to read
    percent_below: Decimal  # to 2 decimal places, for people to read
    threshold_percent: Decimal


def abnormally_low_tenders(
    prices: Mapping[int, Decimal], threshold_percent: Decimal
) -> dict[int, AbnormallyLowFinding]:
    """The tenders whose price is abnormally low, by the test the authority declared.

    An authority may disregard a tender if it considers the price abnormally low for the
    performance of the contract, but must first notify the supplier and give it a reasonable
    opportunity to show that it can perform for that price (Procurement Act 2023 s.19(4)-(5)).
    The Act does not define "abnormally low": the authority declared its test in advance, that a
    tender is flagged when its price is `threshold_percent` or more below the average price of
    the other tenders. A lone tender has nothing to compare with and is never flagged.

    The comparison is exact (price x (n - 1) x 100 <= sum of the others x (100 - threshold)), so
    a tender exactly at the threshold is flagged whatever rounding the average would need.
    """
    threshold = Decimal(threshold_percent)
    if len(prices) < 2:
        return {}
    total = sum(prices.values(), Decimal(0))
    others_count = len(prices) - 1
    findings = {}
    for tender_id, price in prices.items():
        others_sum = total - price
        if others_sum <= 0:
            continue
        if price * others_count * HUNDRED <= others_sum * (HUNDRED - threshold):
            average = others_sum / others_count
            findings[tender_id] = AbnormallyLowFinding(
                tender_id=tender_id,
                price=price,
                average_of_others=round_score(average),
                percent_below=round_score((average - price) / average * HUNDRED),
                threshold_percent=threshold,
            )
    return findings


def check_abnormally_low_review(*, explanation: str, decision: str) -> None:
    """Before it decides about an abnormally low tender, the authority must have asked the
    supplier to show it can perform for the price (s.19(4)): record what the supplier said."""
    if not explanation.strip():
        raise RuleViolation(
            "explanation_required",
            "Record the supplier's explanation of its price before deciding.",
            section=f"{ACT} s.19(4)",
            field="explanation",
        )
    if decision not in ("accepted", "rejected"):
        raise RuleViolation(
            "invalid_input",
            "Choose whether to accept the tender or reject and disregard it.",
            field="decision",
        )


def check_abnormally_low_decision(
    *, flagged: bool, supplier: str, explanation: str, decision: str, reason: str
) -> None:
    """A decision about an abnormally low tender is taken about a flagged tender only, after the
    supplier's explanation (`check_abnormally_low_review`, s.19(4)); disregarding it (s.19(3)(c))
    needs the reason."""
    if not flagged:
        raise RuleViolation(
            errors.NOT_ABNORMALLY_LOW,
            f"The tender of {supplier} is not flagged as abnormally low.",
            section=f"{ACT} s.19(4)",
        )
    check_abnormally_low_review(explanation=explanation, decision=decision)
    if decision == AbnormallyLowDecision.REJECTED and not reason.strip():
        raise RuleViolation(
            errors.REASON_REQUIRED,
            "Give the reason for disregarding the tender.",
            section=f"{ACT} s.19(4)",
            field="reason",
        )
