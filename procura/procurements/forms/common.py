"""The helpers the procurement forms share: counts, months, and date-and-time questions."""

from django import forms

from procura.core import specs
from procura.core.govuk import DateTimeField, whole_number


def _months(label: str, **kwargs) -> forms.IntegerField:
    return whole_number(label, specs.MONTHS, unit="months", **kwargs)


def _whole_number(label: str, **kwargs) -> forms.IntegerField:
    return whole_number(label, specs.COUNT, **kwargs)


class DateTimesMixin:
    """The form's date-and-time questions (`DATETIMES`: name, label, hint), each one
    `DateTimeField` read as UK time, added to the form in that order."""

    DATETIMES: tuple[tuple[str, str, str], ...] = ()

    def add_datetime_fields(self) -> None:
        for name, label, hint in self.DATETIMES:
            self.fields[name] = DateTimeField(
                label=label,
                noun=f"the {label[0].lower()}{label[1:]}",
                required=False,
                help_text=f"{hint}. UK time, 24-hour clock." if hint else "UK time, 24-hour clock.",
                error_messages={"year": "The year of {noun} must be between {first} and {last}"},
            )

    @property
    def datetime_inputs(self) -> list:
        return [self[name] for name, _label, _hint in self.DATETIMES]
