"""The GOV.UK Design System's inputs as Django form fields: money with a "£" prefix, and the
date input (day, month, year) with or without a time box.

One naming convention for the parts of a date, the Design System's own (the `namePrefix` of its
date input): a field named `deadline` posts `deadline-day`, `deadline-month`, `deadline-year`
and, for a date and time, `deadline-time`; each box's id is the field's id with the same suffix
(`id_deadline-day`). A problem names the part it is about (`ValidationError.params["part"]`):
the error summary links to the time box for the time, else to the day box, and the boxes of the
date are highlighted as a whole, as the Design System's date input pattern asks.
"""

import re
from datetime import date, datetime, time

from django import forms

from procura.core import clock, specs

WIDTHS = {
    "day": "govuk-input--width-2",
    "month": "govuk-input--width-2",
    "year": "govuk-input--width-4",
    "time": "govuk-input--width-5",
}


# --- Money ---------------------------------------------------------------------------------------

MONEY_ERRORS = {
    "required": "Enter the {label}",
    "invalid": "The {label} must be an amount of money, like 252000000 or 1,250.50",
    "min_value": "The {label} cannot be less than £0",
    "max_digits": "The {label} is too large",
    "max_whole_digits": "The {label} is too large",
    "max_decimal_places": "The {label} must be in pounds and pence",
}


class MoneyField(forms.DecimalField):
    """Pounds and pence (`specs.MONEY`); accepts "£252,000,000" as well as "252000000". The
    component template shows it with the "£" prefix. Messages name the field by its label
    unless `error_messages` says otherwise."""

    prefix = "£"

    def __init__(self, *, label: str, spec: specs.DecimalSpec = specs.MONEY, **kwargs):
        named = label[0].lower() + label[1:]
        messages = {key: value.format(label=named) for key, value in MONEY_ERRORS.items()}
        messages |= kwargs.pop("error_messages", None) or {}
        kwargs.setdefault("widget", forms.TextInput(attrs={"width": "govuk-input--width-10"}))
        kwargs["widget"].attrs.setdefault("inputmode", "decimal")
        super().__init__(
            label=label,
            min_value=spec.min_value,
            max_value=spec.max_value,
            max_digits=spec.max_digits,
            decimal_places=spec.decimal_places,
            error_messages=messages,
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = specs.money_text(value)
        return super().to_python(value)


def whole_number(label: str, spec: specs.IntSpec, *, unit: str = "", **kwargs) -> forms.Field:
    """An optional whole number within `spec`, named by its label in its messages."""
    named = label.lower()
    units = f" {unit}" if unit else ""
    kwargs.setdefault("widget", forms.TextInput(attrs={"width": "govuk-input--width-3"}))
    kwargs["widget"].attrs.setdefault("inputmode", "numeric")
    return forms.IntegerField(
        label=label,
        required=kwargs.pop("required", False),
        min_value=spec.min_value,
        max_value=spec.max_value,
        error_messages={
            "invalid": f"The {named} must be a whole number"
            + (f" of{units}" if unit else ", like 7"),
            "min_value": f"The {named} must be at least {spec.min_value}"
            + (f" {unit[:-1]}" if unit and spec.min_value == 1 else units),
            "max_value": f"The {named} must be at most {spec.max_value}{units}",
        }
        | kwargs.pop("error_messages", {}),
        **kwargs,
    )


# --- Dates and times -----------------------------------------------------------------------------

TIME_PATTERN = re.compile(r"^(?P<hour>\d{1,2})[:.](?P<minute>\d{2})$")


def parse_time(text: str) -> time | None:
    """'12:00', '9:30' or '17.00' (24-hour clock); 'midday' and 'midnight' too."""
    text = text.strip().lower()
    if text in {"midday", "noon", "12pm"}:
        return time(12, 0)
    if text == "midnight":
        return time(0, 0)
    match = TIME_PATTERN.match(text)
    if not match:
        return None
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class DatePartsWidget(forms.MultiWidget):
    """The boxes of a GOV.UK date input, named and identified `<name>-<part>`."""

    template_name = "govuk/widgets/date_parts.html"

    def __init__(self, parts=("day", "month", "year"), attrs=None):
        self.parts = tuple(parts)
        widgets = {
            part: forms.TextInput(
                attrs={
                    "class": f"govuk-input govuk-date-input__input {WIDTHS[part]}",
                    "inputmode": "text" if part == "time" else "numeric",
                }
            )
            for part in self.parts
        }
        super().__init__(widgets, attrs)
        self.widgets_names = [f"-{part}" for part in self.parts]

    def decompress(self, value):
        if value is None:
            return [None] * len(self.parts)
        if isinstance(value, datetime):
            value = clock.local(value)
        parts = [str(value.day), str(value.month), str(value.year)]
        return parts + ([f"{value:%H:%M}"] if "time" in self.parts else [])

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        id_ = (attrs or {}).get("id") or self.attrs.get("id")
        for part, subwidget in zip(self.parts, context["widget"]["subwidgets"], strict=True):
            subwidget["part"] = part
            subwidget["label"] = part.capitalize()
            if id_:
                subwidget["attrs"]["id"] = f"{id_}-{part}"
        return context

    def id_for_label(self, id_):
        return f"{id_}-{self.parts[0]}" if id_ else id_

    def use_required_attribute(self, initial):
        return False  # GOV.UK pages validate on the server (`novalidate`), never in the browser


DATE_ERRORS = {
    "required": "Enter {noun}",
    "incomplete": "{Noun} must include a {missing}",
    "invalid": "{Noun} must be a real date",
    "year": "The year must be between {first} and {last}",
    "time_required": "Enter the time of {noun}, like 12:00",
    "time_invalid": "The time of {noun} must be a real time, like 12:00 or 17:30",
}


class DateField(forms.Field):
    """A GOV.UK date input (day, month and year boxes) as a `date`; None when left empty.

    `noun` names the date in its messages ("the tender deadline"); `error_messages` may word
    them otherwise (keys as DATE_ERRORS). The field is `fieldset` in the component template."""

    parts = ("day", "month", "year")
    default_error_messages = DATE_ERRORS

    def __init__(self, *, noun: str, **kwargs):
        self.noun = noun
        kwargs.setdefault("widget", DatePartsWidget(self.parts))
        super().__init__(**kwargs)

    def _error(self, key: str, part: str, **params) -> forms.ValidationError:
        params = {"noun": self.noun, "Noun": self.noun[0].upper() + self.noun[1:]} | params
        message = self.error_messages[key].format(**params)
        return forms.ValidationError(message, code=key, params={"part": part})

    def to_python(self, value):
        texts = dict(zip(self.parts, [str(v or "").strip() for v in value or []], strict=False))
        if not any(texts.values()):
            return None
        missing = [p for p in ("day", "month", "year") if not texts.get(p)]
        if missing:
            raise self._error("incomplete", missing[0], missing=" and ".join(missing))
        try:
            day = date(int(texts["year"]), int(texts["month"]), int(texts["day"]))
        except ValueError as error:
            raise self._error("invalid", "day") from error
        first, last = specs.YEARS
        if not first <= day.year <= last:
            raise self._error("year", "year", first=first, last=last)
        return self.with_time(day, texts)

    def with_time(self, day: date, texts: dict):
        return day

    def validate(self, value):
        if value in self.empty_values and self.required:
            raise self._error("required", self.parts[0])

    def has_changed(self, initial, data):
        return True


class DateTimeField(DateField):
    """A GOV.UK date input with a time box, read as UK time (Europe/London): an aware datetime."""

    parts = ("day", "month", "year", "time")

    def with_time(self, day: date, texts: dict) -> datetime:
        if not texts.get("time"):
            raise self._error("time_required", "time")
        at = parse_time(texts["time"])
        if at is None:
            raise self._error("time_invalid", "time")
        return datetime.combine(day, at, tzinfo=clock.LONDON)
