"""The lifecycle of a procurement, as data. Imports nothing from the ORM."""

from django.db import models


class Procedure(models.TextChoices):
    OPEN = "open", "Open procedure"  # s.20(2)(a): a single-stage tender, anyone may tender
    # s.20(2)(b): stages the authority designs, here a participation stage then a tender stage
    COMPETITIVE_FLEXIBLE = "competitive_flexible", "Competitive flexible procedure"


class LegalRegime(models.TextChoices):
    """Which law governs the procurement. Stored, so that the next change in the law is a new
    value and one new branch, not a hunt through the code (docs/style.md, principle 6)."""

    PA2023 = "PA2023", "Procurement Act 2023"


class FrameworkCategory(models.TextChoices):
    """Which maximum term of s.47(1) a framework has: 4 years, or 8 for a defence and security
    framework or a utilities framework (Procurement Act 2023 s.47(1))."""

    GENERAL = "general", "Neither (at most 4 years)"
    DEFENCE_AND_SECURITY = "defence_and_security", "A defence and security framework (8 years)"
    UTILITIES = "utilities", "A utilities framework (8 years)"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"  # being prepared; nothing is public
    PARTICIPATION_OPEN = "participation_open", "Open for requests to participate"  # CFP stage 1
    PARTICIPATION_CLOSED = "participation_closed", "Assessing participants"  # deadline passed
    TENDERING_OPEN = "tendering_open", "Open for tenders"  # invited suppliers (or all) may tender
    TENDERS_CLOSED = "tenders_closed", "Tenders closed, sealed"  # deadline passed, not yet opened
    EVALUATION = "evaluation", "In evaluation"  # tenders opened by the panel
    AWARD_DECIDED = "award_decided", "Award decision approved"
    STANDSTILL = "standstill", "In standstill"  # contract award notice published (s.51)
    CONTRACT_SIGNED = "contract_signed", "Contract entered into"
    TERMINATED = "terminated", "Terminated"  # procurement termination notice published (s.55)


S = Status
# status -> the statuses it may move to. A move not listed here is refused.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.PARTICIPATION_OPEN, S.TENDERING_OPEN}),
    S.PARTICIPATION_OPEN: frozenset({S.PARTICIPATION_CLOSED, S.TERMINATED}),
    S.PARTICIPATION_CLOSED: frozenset({S.TENDERING_OPEN, S.TERMINATED}),
    S.TENDERING_OPEN: frozenset({S.TENDERS_CLOSED, S.TERMINATED}),
    S.TENDERS_CLOSED: frozenset({S.EVALUATION, S.TERMINATED}),
    S.EVALUATION: frozenset({S.AWARD_DECIDED, S.TERMINATED}),
    S.AWARD_DECIDED: frozenset({S.STANDSTILL, S.TERMINATED}),
    S.STANDSTILL: frozenset({S.CONTRACT_SIGNED, S.TERMINATED}),
    S.CONTRACT_SIGNED: frozenset(),
    S.TERMINATED: frozenset(),
}

# Statuses in which the tender notice is public.
PUBLISHED = frozenset(TRANSITIONS) - {S.DRAFT}
# Statuses before the deadline for requests to participate has passed, in which s.31(2)-(3)
# still allows any modification (later ones must not be substantial).
BEFORE_PARTICIPATION_DEADLINE = frozenset({S.DRAFT, S.PARTICIPATION_OPEN})


def can_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


class CriterionKind(models.TextChoices):
    QUALITY = "quality", "Quality"
    PRICE = "price", "Price"


class PriceFormula(models.TextChoices):
    # score = lowest tender price / this tender's price x available marks
    LOWEST_PRICE_RATIO = "lowest_price_ratio", "Lowest price ÷ tender price × available marks"


class TieBreak(models.TextChoices):
    HIGHEST_QUALITY = "highest_quality", "Highest quality score wins a tie"
    LOWEST_PRICE = "lowest_price", "Lowest price wins a tie"
