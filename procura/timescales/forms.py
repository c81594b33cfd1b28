from datetime import date

from django import forms

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
    ("light_touch", "It is a light touch contract"),
]


class TimescalesForm(forms.Form):
    """A date as the GOV.UK date input pattern asks for it: day, month and year boxes."""

    day = forms.CharField(required=False)
    month = forms.CharField(required=False)
    year = forms.CharField(required=False)
    facts = forms.MultipleChoiceField(
        choices=FACT_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )

    def clean(self):
        data = super().clean()
        parts = {name: (data.get(name) or "").strip() for name in ("day", "month", "year")}
        missing = [name for name, value in parts.items() if not value]
        if len(missing) == 3:
            raise forms.ValidationError("Enter the date", code="required")
        if missing:
            raise forms.ValidationError(
                "The date must include a " + " and ".join(missing), code="incomplete"
            )
        try:
            day = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError as error:
            raise forms.ValidationError("The date must be a real date", code="invalid") from error
        if not 2000 <= day.year <= 2100:
            raise forms.ValidationError(
                "The year must be between 2000 and 2100", code="out_of_range"
            )
        data["date"] = day
        return data
