"""The shape of the signature page's input: three dates, each a GOV.UK date input."""

from django import forms

from procura.core.govuk import DateField, GovukFormMixin

HINT = "For example, 6 1 2027"


def _date(label: str, noun: str, help_text: str = HINT) -> DateField:
    return DateField(
        label=label,
        noun=noun,
        help_text=help_text,
        error_messages={
            "incomplete": "Enter {noun}",
            "invalid": "Enter {noun} as a real date, for example 6 1 2027",
        },
    )


class SignatureForm(GovukFormMixin, forms.Form):
    date_signed = _date("The date the contract was signed", "the date the contract was signed")
    start_date = _date("The start date", "the start date")
    end_date = _date(
        "The end date",
        "the end date",
        help_text="The last day of the initial term, before any optional extension. "
        "For example, 31 1 2029",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="%s", **kwargs)
