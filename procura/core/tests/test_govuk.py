"""The GOV.UK form layer: dates, date-times and money as the pages read them, and the error
summary for a form or a refusal (ADR 0009)."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django import forms

from procura.core import clock
from procura.core.errors import DomainError
from procura.core.govuk import (
    DateField,
    DateTimeField,
    GovukFormMixin,
    MoneyField,
    attach,
    error_items,
    field_messages,
)


class Example(GovukFormMixin, forms.Form):
    signed = DateField(label="Date signed", noun="the date signed", required=False)
    deadline = DateTimeField(label="Deadline", noun="the deadline", required=False)
    value = MoneyField(label="Value", required=False)


def bound(**data) -> Example:
    form = Example(data)
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("6", "1", "2027"), date(2027, 1, 6)),
        ((" 06 ", "01", "2027"), date(2027, 1, 6)),
        (("", "", ""), None),
    ],
)
def test_a_date_is_read_from_its_three_boxes(parts, expected):
    form = bound(**dict(zip(("signed-day", "signed-month", "signed-year"), parts, strict=True)))

    assert form.errors == {}
    assert form.cleaned_data["signed"] == expected


@pytest.mark.parametrize(
    ("parts", "message", "href"),
    [
        (("30", "2", "2027"), "The date signed must be a real date", "#id_signed-day"),
        (("x", "2", "2027"), "The date signed must be a real date", "#id_signed-day"),
        (("6", "", ""), "The date signed must include a month and year", "#id_signed-day"),
        (("6", "1", "1999"), "The year must be between 2000 and 2100", "#id_signed-day"),
    ],
)
def test_a_wrong_date_is_one_message_linked_to_the_date(parts, message, href):
    form = bound(**dict(zip(("signed-day", "signed-month", "signed-year"), parts, strict=True)))

    assert form.errors == {"signed": [message]}
    assert [(i["message"], i["href"]) for i in error_items(form)] == [(message, href)]


def test_a_date_and_time_is_uk_time_and_a_wrong_time_links_to_the_time_box():
    parts = {"deadline-day": "30", "deadline-month": "3", "deadline-year": "2026"}

    summer = bound(**parts, **{"deadline-time": "midday"})
    wrong = bound(**parts, **{"deadline-time": "25:00"})
    missing = bound(**parts)

    assert summer.cleaned_data["deadline"] == datetime(2026, 3, 30, 12, tzinfo=clock.LONDON)
    assert summer.cleaned_data["deadline"].utcoffset().total_seconds() == 3600
    assert [(i["message"], i["href"]) for i in error_items(wrong)] == [
        ("The time of the deadline must be a real time, like 12:00 or 17:30", "#id_deadline-time")
    ]
    assert error_items(missing)[0]["message"] == "Enter the time of the deadline, like 12:00"


def test_the_date_parts_are_named_and_identified_name_dash_part():
    page = Example().as_p()

    for part in ("day", "month", "year"):
        assert f'name="signed-{part}"' in page and f'id="id_signed-{part}"' in page
    assert 'name="deadline-time"' in page
    assert "required" not in page


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("£252,000,000", Decimal("252000000")), ("1,250.50", Decimal("1250.50")), ("", None)],
)
def test_money_is_read_with_or_without_pound_sign_and_commas(typed, expected):
    form = bound(value=typed)

    assert form.errors == {}
    assert form.cleaned_data["value"] == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("lots", "The value must be an amount of money, like 252000000 or 1,250.50"),
        ("-1", "The value cannot be less than £0"),
        ("1.001", "The value must be in pounds and pence"),
        ("1" * 14, "The value is too large"),
    ],
)
def test_money_of_the_wrong_shape_is_refused(typed, message):
    form = bound(value=typed)

    assert form.errors == {"value": [message]}
    assert 'aria-describedby="id_value-error"' in str(form["value"])
    assert "govuk-input--error" in str(form["value"])


def test_a_refusal_lists_each_problem_linked_to_its_field():
    error = DomainError(
        "cannot_publish",
        "2 problems",
        details={
            "problems": [
                {"code": "a", "message": "First.", "field": "value", "section": "s.1"},
                {"code": "b", "message": "Second.", "field": None},
            ]
        },
    )

    items = error_items(error, cite=True)

    assert [(i["message"], i["href"], i["code"]) for i in items] == [
        ("First. (s.1)", "#value", "a"),
        ("Second.", "", "b"),
    ]
    assert field_messages(error) == {"value": "First."}


def test_invalid_input_lists_each_field_of_its_details():
    error = DomainError(
        "invalid_input",
        "Both.",
        field="value",
        details={
            "errors": [{"field": "value", "message": "A."}, {"field": "__all__", "message": "B."}]
        },
    )

    assert [(i["message"], i["href"]) for i in error_items(error)] == [("A.", "#value"), ("B.", "")]


def test_a_refusal_attached_to_a_form_marks_its_field_and_keeps_its_code():
    form = bound(value="10")
    error = DomainError("too_high", "The value is too high.", field="value")

    unplaced = attach(form, DomainError("elsewhere", "Not a field here.", field="x"), rest=False)
    attach(form, error)

    assert [p["code"] for p in unplaced] == ["elsewhere"]
    assert [(i["message"], i["href"], i["code"]) for i in error_items(form)] == [
        ("The value is too high.", "#id_value", "too_high")
    ]
    assert "govuk-input--error" in str(form["value"])
