"""Award criteria: one form per criterion and the formset of them."""

from decimal import Decimal

from django import forms

from procura.core import specs
from procura.core.govuk import GovukFormMixin

from ..states import CriterionKind


class CriterionForm(GovukFormMixin, forms.Form):
    """One row of the award criteria table. A row left empty is ignored."""

    kind = forms.ChoiceField(label="Type", choices=CriterionKind.choices, required=False)
    title = forms.CharField(label="Criterion", max_length=specs.CRITERION_TITLE_MAX, required=False)
    weight = forms.DecimalField(
        label="Weight (%)",
        required=False,
        min_value=Decimal("0.01"),
        max_value=specs.WEIGHT.max_value,
        max_digits=specs.WEIGHT.max_digits,
        decimal_places=specs.WEIGHT.decimal_places,
        widget=forms.TextInput(attrs={"width": "govuk-input--width-4", "inputmode": "decimal"}),
        error_messages={
            "invalid": "The weight must be a number, like 40",
            "min_value": "The weight must be more than 0%",
            "max_value": "The weight cannot be more than 100%",
            "max_decimal_places": "The weight can have at most 2 decimal places",
            "max_digits": "The weight cannot be more than 100%",
        },
    )
    max_score = forms.IntegerField(
        label="Marks available",
        required=False,
        min_value=specs.MARKS.min_value,
        max_value=specs.MARKS.max_value,
        widget=forms.TextInput(attrs={"width": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": "The marks available must be a whole number, like 5",
            "min_value": "The marks available must be at least 1",
            "max_value": "The marks available must be at most 100",
        },
    )
    description = forms.CharField(label="Description", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_widgets()

    @property
    def is_blank(self) -> bool:
        d = getattr(self, "cleaned_data", {})
        return not (d.get("title") or "").strip() and d.get("weight") is None

    def clean(self):
        data = super().clean()
        if self.is_blank:
            return data
        if not (data.get("title") or "").strip() and "title" not in self.errors:
            self.add_error("title", "Enter the name of the criterion")
        if data.get("weight") is None and "weight" not in self.errors:
            self.add_error("weight", "Enter the weight of the criterion")
        if not data.get("kind"):
            data["kind"] = CriterionKind.QUALITY
        return data

    def criterion(self) -> dict:
        d = self.cleaned_data
        return {
            "kind": d["kind"],
            "title": d["title"].strip(),
            "description": (d.get("description") or "").strip(),
            "weight": d["weight"],
            "max_score": d.get("max_score") or 5,
        }


class BaseCriteriaFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        if not self.criteria():
            raise forms.ValidationError("Enter at least one award criterion")

    def criteria(self) -> list[dict]:
        return [form.criterion() for form in self.forms if not form.is_blank]


CriteriaFormSet = forms.formset_factory(CriterionForm, formset=BaseCriteriaFormSet, extra=0)
BLANK_CRITERIA_ROWS = 2


def criteria_formset(procurement, data=None) -> BaseCriteriaFormSet:
    initial = [
        {
            "kind": c.kind,
            "title": c.title,
            "weight": c.weight,
            "max_score": c.max_score,
            "description": c.description,
        }
        for c in procurement.criteria.all()
    ]
    initial += [{"kind": CriterionKind.QUALITY}] * max(BLANK_CRITERIA_ROWS, 3 - len(initial))
    return CriteriaFormSet(data, initial=None if data else initial, prefix="criteria")
