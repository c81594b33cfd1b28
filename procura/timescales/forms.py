from django import forms

from procura.core.govuk import DateField, GovukFormMixin

FACT_CHOICES = [
    ("electronic_submission", "Tenders can be submitted electronically"),
    ("all_documents_at_notice", "All tender documents are provided with the tender notice"),
    (
        "preselected_suppliers_only",
        "Only pre-selected suppliers may tender (after a participation stage)",
    ),
    (
        "negotiated_period_agreed",
        "The tendering period was agreed with every pre-selected supplier",
    ),
    (
        "qualifying_planned_procurement_notice",
        "A qualifying planned procurement notice was published",
    ),
    ("urgency", "A state of urgency makes the usual minimums impractical"),
    ("dynamic_market_award", "The award is by reference to a dynamic market"),
    ("central_government_authority", "The buyer is a central government authority"),
    ("utilities", "It is a utilities contract"),
    ("defence_and_security", "It is a defence and security contract or framework"),
    ("light_touch", "It is a light touch contract"),
]


class TimescalesForm(GovukFormMixin, forms.Form):
    """A date as the GOV.UK date input pattern asks for it (`date-day`, `date-month`,
    `date-year`), and the facts that decide the tendering period."""

    date = DateField(
        label="Date",
        noun="the date",
        help_text="The day a notice is published, an invitation is sent or a contract is entered "
        "into. For example, 2 2 2026",
    )
    facts = forms.MultipleChoiceField(
        choices=FACT_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="%s", **kwargs)
