"""The maximum term of a framework (Procurement Act 2023 s.47). Pure."""

from datetime import date, timedelta

from procura.core.errors import RuleViolation
from procura.core.formatting import format_date

from .days import ACT, _anniversary

# ---------------------------------------------------------------------------------------------
# Frameworks (s.47)
# ---------------------------------------------------------------------------------------------

FRAMEWORK_MAX_YEARS = 4
FRAMEWORK_MAX_YEARS_DEFENCE_OR_UTILITIES = 8


def framework_maximum_years(*, defence_and_security: bool = False, utilities: bool = False) -> int:
    """The maximum term of a framework in years: 4, or 8 for a defence and security framework or
    a utilities framework (Procurement Act 2023 s.47(1))."""
    if defence_and_security or utilities:
        return FRAMEWORK_MAX_YEARS_DEFENCE_OR_UTILITIES
    return FRAMEWORK_MAX_YEARS


def framework_maximum_end(
    start: date, *, defence_and_security: bool = False, utilities: bool = False
) -> date:
    """The last day of the longest term a framework may have without recorded reasons (s.47).

    A framework must not provide for a term of more than 4 years, or 8 years for a defence and
    security framework or a utilities framework (Procurement Act 2023 s.47(1)). A term of N years
    beginning with ``start`` ends on the day before its N-th anniversary.
    """
    years = (
        FRAMEWORK_MAX_YEARS_DEFENCE_OR_UTILITIES
        if defence_and_security or utilities
        else FRAMEWORK_MAX_YEARS
    )
    return _anniversary(start, years) - timedelta(days=1)


def check_framework_term(
    start: date,
    end: date,
    *,
    defence_and_security: bool = False,
    utilities: bool = False,
    longer_term_reasons_given: bool = False,
) -> date:
    """Check a framework's term against the maximum in s.47; return the maximum end date.

    A framework must not provide for a term of more than 4 years (8 for a defence and security or
    utilities framework) (Procurement Act 2023 s.47(1)), unless the authority considers that the
    nature of the goods, services or works requires a longer term, in which case it must set out
    its reasons in the tender or transparency notice (s.47(2)–(3)). ``end`` is the last day of
    the term. A longer term without reasons raises ``framework_term_too_long``.

    s.47 does not apply to open frameworks, private utility frameworks or light touch frameworks
    (s.47(5)); do not call this for them.
    """
    if end < start:
        raise ValueError("A framework cannot end before it starts.")
    maximum_end = framework_maximum_end(
        start, defence_and_security=defence_and_security, utilities=utilities
    )
    if end > maximum_end and not longer_term_reasons_given:
        years = (
            FRAMEWORK_MAX_YEARS_DEFENCE_OR_UTILITIES
            if defence_and_security or utilities
            else FRAMEWORK_MAX_YEARS
        )
        section = f"{ACT} s.47(1)–(3)"
        raise RuleViolation(
            code="framework_term_too_long",
            message=(
                f"A framework may last no more than {years} years, so its term must end on or"
                f" before {format_date(maximum_end)}, unless the nature of the goods, services or"
                f" works requires a longer term and the reasons are set out in the tender or"
                f" transparency notice ({section})."
            ),
            section=section,
        )
    return maximum_end
