from datetime import date

from . import rules


def describe_day(day: date) -> dict:
    """Whether `day` is a working day under s.123(1), and why not if it is not."""
    names = rules.bank_holiday_names(day.year)
    if day in names:
        reason = f"Bank holiday: {names[day]}"
    elif day.weekday() >= 5:
        reason = "Weekend"
    else:
        reason = "Working day"
    return {
        "date": day,
        "working_day": rules.is_working_day(day),
        "reason": reason,
        "legal_basis": "Procurement Act 2023 s.123(1)",
    }
