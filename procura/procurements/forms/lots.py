"""Lots (s.18): one form per lot, their formset, the limits on lots per supplier."""

import re

from django import forms

from procura.core import specs
from procura.core.govuk import GovukFormMixin, MoneyField, error_items

from .common import _whole_number
from .drafts import CPV_PATTERN


class LotForm(GovukFormMixin, forms.Form):
    """One row of the lots table. A row left empty is ignored."""

    number = forms.CharField(
        label="Lot number",
        max_length=specs.LOT_NUMBER_MAX,
        required=False,
        widget=forms.TextInput(attrs={"width": "govuk-input--width-3"}),
    )
    title = forms.CharField(label="Lot title", max_length=specs.TITLE_MAX, required=False)
    description = forms.CharField(
        label="What the lot covers", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    estimated_value_excl_vat = MoneyField(
        label="Lot value excluding VAT",
        required=False,
    )
    estimated_value_incl_vat = MoneyField(
        label="Lot value including VAT",
        required=False,
    )
    cpv_codes = forms.CharField(
        label="Lot CPV codes",
        required=False,
        widget=forms.TextInput(attrs={"width": "govuk-input--width-20", "spellcheck": "false"}),
    )
    max_framework_suppliers = _whole_number(
        "Suppliers on the lot's framework",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_widgets()

    @property
    def is_blank(self) -> bool:
        d = getattr(self, "cleaned_data", {})
        return (
            not (d.get("title") or "").strip()
            and d.get("estimated_value_excl_vat") is None
            and d.get("estimated_value_incl_vat") is None
        )

    def clean_cpv_codes(self) -> list[str]:
        codes = [c for c in re.split(r"[\s,;]+", self.cleaned_data.get("cpv_codes") or "") if c]
        wrong = [c for c in codes if not CPV_PATTERN.match(c)]
        if wrong:
            raise forms.ValidationError(
                "Each CPV code must be 8 digits, like 30200000 (not " + ", ".join(wrong) + ")"
            )
        return list(dict.fromkeys(codes))

    def clean(self):
        data = super().clean()
        if self.is_blank:
            return data
        if not (data.get("title") or "").strip() and "title" not in self.errors:
            self.add_error("title", "Enter the title of the lot")
        for name, label in (
            ("estimated_value_excl_vat", "value of the lot excluding VAT"),
            ("estimated_value_incl_vat", "value of the lot including VAT"),
        ):
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, f"Enter the {label}")
        return data

    def lot(self) -> dict:
        d = self.cleaned_data
        return {
            "number": (d.get("number") or "").strip(),
            "title": d["title"].strip(),
            "description": (d.get("description") or "").strip(),
            "estimated_value_excl_vat": d["estimated_value_excl_vat"],
            "estimated_value_incl_vat": d["estimated_value_incl_vat"],
            "cpv_codes": d.get("cpv_codes") or [],
            "max_framework_suppliers": d.get("max_framework_suppliers"),
        }


class BaseLotsFormSet(forms.BaseFormSet):
    def lots(self) -> list[dict]:
        return [form.lot() for form in self.forms if not form.is_blank]


LotsFormSet = forms.formset_factory(LotForm, formset=BaseLotsFormSet, extra=0)
BLANK_LOT_ROWS = 2


class LotLimitsForm(GovukFormMixin, forms.Form):
    """The limits on lots per supplier the tender notice may set (ss.20(7), 23(4))."""

    max_lots_bid_per_supplier = _whole_number(
        "Most lots one supplier may tender for",
        help_text="Leave empty for no limit (s.20(7))",
    )
    max_lots_awarded_per_supplier = _whole_number(
        "Most lots one supplier may be awarded",
        help_text="Leave empty for no limit (s.23(4)). Lots are awarded in the order listed; in "
        "a later lot that a supplier already holding that many would win, the next-ranked "
        "tender takes its place",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="lot-limits", **kwargs)
        self.style_widgets()


class LotsForm:
    """The lots table and the limits, bound and validated together, for `set_lots`."""

    def __init__(self, procurement, data=None):
        initial = [
            {
                "number": lot.number,
                "title": lot.title,
                "description": lot.description,
                "estimated_value_excl_vat": lot.estimated_value_excl_vat,
                "estimated_value_incl_vat": lot.estimated_value_incl_vat,
                "cpv_codes": ", ".join(lot.cpv_codes or []),
                "max_framework_suppliers": lot.max_framework_suppliers,
            }
            for lot in procurement.lots.all()
        ]
        initial += [{}] * max(BLANK_LOT_ROWS, 2 - len(initial))
        self.rows = LotsFormSet(data, initial=None if data else initial, prefix="lots")
        self.limits = LotLimitsForm(
            data,
            initial={
                "max_lots_bid_per_supplier": procurement.max_lots_bid_per_supplier,
                "max_lots_awarded_per_supplier": procurement.max_lots_awarded_per_supplier,
            },
        )
        self.is_bound = data is not None

    TABLE_ERROR_ID = "lots-error"  # the message over the whole table (lots_fields.html)

    def is_valid(self) -> bool:
        rows_valid = self.rows.is_valid()
        valid = self.limits.is_valid() and rows_valid
        self._describe_table_errors()
        return valid

    def _describe_table_errors(self) -> None:
        """A problem over the whole table is linked from the error summary to the first lot's
        title, so that field is marked as in error and described by the message."""
        if not self.rows.non_form_errors() or not self.rows.forms:
            return
        widget = self.rows.forms[0].fields["title"].widget
        css = widget.attrs.get("class", "")
        if "govuk-input--error" not in css.split():
            widget.attrs["class"] = f"{css} govuk-input--error".strip()
        described = widget.attrs.get("aria-describedby", "").split()
        if self.TABLE_ERROR_ID not in described:
            widget.attrs["aria-describedby"] = " ".join([*described, self.TABLE_ERROR_ID])

    def service_arguments(self) -> dict:
        return {
            "lots": self.rows.lots(),
            "max_lots_bid_per_supplier": self.limits.cleaned_data["max_lots_bid_per_supplier"],
            "max_lots_awarded_per_supplier": self.limits.cleaned_data[
                "max_lots_awarded_per_supplier"
            ],
        }

    def add_refusal(self, error) -> None:
        """A service refusal on the field it names, or over the lots table."""
        self.add_problem(error.field, error.message)

    def add_problem(self, field: str | None, message: str) -> None:
        """One problem on the limit it names, or over the lots table (after any already there)."""
        if field in self.limits.fields:
            self.limits.add_error(field, message)
        else:
            self.rows._non_form_errors = self.rows.error_class(
                [*self.rows.non_form_errors(), message]
            )
            self._describe_table_errors()

    def error_items(self) -> list[dict]:
        """The summary's items: a problem over the table links to the first lot's title."""
        first = self.rows.forms[0] if self.rows.forms else None
        anchor = first["title"].auto_id if first else "lots"
        return error_items(self.rows, anchors={"__all__": anchor}) + error_items(self.limits)
