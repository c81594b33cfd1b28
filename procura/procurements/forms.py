"""The shape of what buyers type into the procurement pages. Input shape only: the law is checked
by the services (rules.py) when the tender notice is published.

Dates and times are typed as GOV.UK asks for them (day, month and year boxes and a time) and are
read as UK time (Europe/London).
"""

import copy
import re
from decimal import Decimal

from django import forms

from procura.core import specs
from procura.core.govuk import DateTimeField, GovukFormMixin, MoneyField, error_items, whole_number

from .states import PUBLISHED, CriterionKind, Procedure, Status


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


# --- Creating and changing a procurement ---------------------------------------------------------

FRAMEWORK, CONTRACT = "framework", "contract"

TENDERING_FACT_CHOICES = [
    ("electronic_submission", "Tenders can be submitted electronically"),
    ("all_documents_at_notice", "All tender documents are provided with the tender notice"),
    (
        "preselected_suppliers_only",
        "Only pre-selected suppliers may tender (after a participation stage)",
    ),
    (
        "negotiated_period_agreed",
        "The tendering period will be agreed with every pre-selected supplier",
    ),
    (
        "qualifying_planned_procurement_notice",
        "A qualifying planned procurement notice was published (s.15(3))",
    ),
    ("dynamic_market_award", "The award is by reference to a dynamic market"),
    ("central_government_authority", "The buyer is a central government authority"),
    ("utilities", "It is a utilities contract"),
    ("light_touch", "It is a light touch contract"),
]

CPV_PATTERN = specs.CPV_RE


class ProcurementForm(GovukFormMixin, DateTimesMixin, forms.Form):
    """Every field of a draft procurement, on one page in fieldsets."""

    DATETIMES = (
        (
            "participation_deadline",
            "Deadline for requests to participate",
            "Competitive flexible procedure only. At least 25 days after the day the tender notice "
            "is published (10 if urgent), s.54(3). For example, 27 2 2026 and 12:00",
        ),
        (
            "tender_deadline",
            "Tender deadline",
            "The time by which tenders must be submitted. For example, 30 3 2026 and 12:00",
        ),
    )

    authority = forms.ModelChoiceField(
        queryset=None,
        label="Contracting authority",
        empty_label=None,
        error_messages={"required": "Select the contracting authority"},
    )
    title = forms.CharField(
        label="Title",
        max_length=specs.TITLE_MAX,
        error_messages={"required": "Enter the title of the procurement"},
        widget=forms.TextInput(attrs={"width": ""}),
    )
    description = forms.CharField(
        label="What is being bought",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Describe what is being bought"},
    )
    cpv_codes = forms.CharField(
        label="CPV codes",
        help_text="One or more 8-digit codes, separated by commas. For example, 30200000, 48000000",
        error_messages={"required": "Enter at least one CPV code"},
        widget=forms.TextInput(attrs={"width": "govuk-!-width-two-thirds", "spellcheck": "false"}),
    )
    estimated_value_excl_vat = MoneyField(
        label="Estimated value excluding VAT",
    )
    estimated_value_incl_vat = MoneyField(
        label="Estimated value including VAT",
        help_text="The most the authority could expect to pay, over the whole term with every "
        "option (Sch 3 para 1)",
    )
    procedure = forms.ChoiceField(
        label="Which procedure will be used",
        choices=Procedure.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the procedure"},
    )
    kind = forms.ChoiceField(
        label="What will be awarded",
        choices=[(FRAMEWORK, "A framework agreement"), (CONTRACT, "A single contract")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether a framework or a single contract is awarded"},
    )
    max_framework_suppliers = _whole_number(
        "Maximum number of suppliers on the framework",
    )
    framework_term_months = _months(
        "Initial term of the framework",
        help_text="In months. For example, 24",
    )
    extension_options_months = forms.CharField(
        label="Optional extensions",
        required=False,
        help_text="The length of each optional extension in months, separated by commas. "
        "For example, 12, 12",
        widget=forms.TextInput(attrs={"width": "govuk-input--width-10"}),
    )
    longer_term_reasons = forms.CharField(
        label="Reasons the framework needs more than 4 years (if it does)",
        required=False,
        help_text="Only if the term with every extension is more than 48 months (s.47(2))",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    call_off_authorities = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Other authorities that may call off from the framework",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The buyer's own authority always may (s.45(5)(f))",
    )
    call_off_process = forms.CharField(
        label="How call-off contracts will be awarded",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contract_term_months = _months(
        "Contract term",
        help_text="In months, with every option. For example, 120",
    )
    participants = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Participant organisations that may join and use the contract",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    value_range_min_incl_vat = MoneyField(
        label="Lowest value of the range, including VAT",
        required=False,
    )
    value_range_max_incl_vat = MoneyField(
        label="Highest value of the range, including VAT",
        required=False,
        help_text="If the value depends on which participants join",
    )
    max_shortlist = _whole_number(
        "Maximum number of suppliers to shortlist",
        help_text="Competitive flexible procedure only (s.20(4)(a)). For example, 7",
    )
    shortlisting_criteria = forms.CharField(
        label="Shortlisting criteria",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    no_lots_reasons = forms.CharField(
        label="Why it is not divided into lots",
        required=False,
        help_text="Consider whether it could be awarded as lots. If it is not divided into lots, "
        "the tender notice must give the reasons (s.18). To divide it, add lots on the "
        "procurement's page instead.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    urgency = forms.BooleanField(
        label="A state of urgency makes the usual minimum periods impractical (s.54(3), (4))",
        required=False,
    )
    documents_behind_agreements = forms.BooleanField(
        label="Suppliers must accept the non-disclosure and ethical walls agreements before they "
        "see the documents",
        help_text="If so, issue both agreements before publishing.",
        required=False,
        initial=True,
    )
    tendering_facts = forms.MultipleChoiceField(
        label="About the tendering period",
        choices=TENDERING_FACT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="These decide the minimum tendering period (s.54(4)). Leave them unticked for "
        "the longest, safest minimum.",
    )

    def __init__(self, *args, authorities, participant_choices, call_off_choices, **kwargs):
        instance = kwargs.pop("instance", None)
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities
        self.fields["participants"].queryset = participant_choices
        self.fields["call_off_authorities"].queryset = call_off_choices
        if instance is not None:
            del self.fields["authority"]
            self.initial.update(self.initial_from(instance))
        elif authorities.count() == 1:
            # A buyer of one authority is not asked which: it is that one.
            self.only_authority = authorities.get()
            self.fields["authority"].initial = self.only_authority.pk
            self.fields["authority"].required = False
            self.fields["authority"].widget = forms.HiddenInput()
        self.add_datetime_fields()
        if instance is not None:
            self.initial["participation_deadline"] = instance.participation_deadline
            self.initial["tender_deadline"] = instance.tender_deadline
        self.style_widgets()

    @staticmethod
    def initial_from(p) -> dict:
        return {
            "title": p.title,
            "description": p.description,
            "cpv_codes": ", ".join(p.cpv_codes or []),
            "estimated_value_excl_vat": p.estimated_value_excl_vat,
            "estimated_value_incl_vat": p.estimated_value_incl_vat,
            "procedure": p.procedure,
            "kind": FRAMEWORK if p.is_framework else CONTRACT,
            "max_framework_suppliers": p.max_framework_suppliers,
            "framework_term_months": p.framework_term_months,
            "extension_options_months": ", ".join(str(m) for m in p.extension_options_months or []),
            "longer_term_reasons": p.longer_term_reasons,
            "call_off_authorities": [o.pk for o in p.call_off_authorities.all()],
            "call_off_process": p.call_off_process,
            "contract_term_months": p.contract_term_months,
            "participants": [o.pk for o in p.participants.all()],
            "value_range_min_incl_vat": p.value_range_min_incl_vat,
            "value_range_max_incl_vat": p.value_range_max_incl_vat,
            "max_shortlist": p.max_shortlist,
            "shortlisting_criteria": p.shortlisting_criteria,
            "no_lots_reasons": p.no_lots_reasons,
            "urgency": p.urgency,
            "documents_behind_agreements": p.documents_behind_agreements,
            "tendering_facts": [k for k, v in (p.tendering_facts or {}).items() if v],
        }

    def clean_cpv_codes(self) -> list[str]:
        codes = [c for c in re.split(r"[\s,;]+", self.cleaned_data["cpv_codes"]) if c]
        wrong = [c for c in codes if not CPV_PATTERN.match(c)]
        if wrong or not codes:
            raise forms.ValidationError(
                "Each CPV code must be 8 digits, like 30200000 (not " + ", ".join(wrong) + ")"
                if wrong
                else "Enter at least one CPV code"
            )
        return list(dict.fromkeys(codes))

    def clean_extension_options_months(self) -> list[int]:
        text = self.cleaned_data.get("extension_options_months") or ""
        months = []
        for part in [p for p in re.split(r"[\s,;]+", text) if p]:
            if not part.isdigit() or not 1 <= int(part) <= 600:
                raise forms.ValidationError(
                    "Each extension must be a whole number of months, separated by commas, "
                    "like 12, 12"
                )
            months.append(int(part))
        return months

    only_authority = None

    def clean(self):
        data = super().clean()
        if "authority" in self.fields and not data.get("authority") and self.only_authority:
            data["authority"] = self.only_authority
        return data

    def service_fields(self) -> dict:
        """The cleaned answers as `create_procurement`/`update_procurement` arguments. The fields
        that do not apply to the choices made are cleared, not kept hidden."""
        d = self.cleaned_data
        framework = d["kind"] == FRAMEWORK
        flexible = d["procedure"] == Procedure.COMPETITIVE_FLEXIBLE
        return {
            "title": d["title"].strip(),
            "description": d["description"].strip(),
            "cpv_codes": d["cpv_codes"],
            "procedure": d["procedure"],
            "estimated_value_excl_vat": d["estimated_value_excl_vat"],
            "estimated_value_incl_vat": d["estimated_value_incl_vat"],
            "is_framework": framework,
            "max_framework_suppliers": d["max_framework_suppliers"] if framework else None,
            "framework_term_months": d["framework_term_months"] if framework else None,
            "extension_options_months": d["extension_options_months"] if framework else [],
            "longer_term_reasons": d["longer_term_reasons"].strip() if framework else "",
            "call_off_authorities": list(d["call_off_authorities"]) if framework else [],
            "call_off_process": d["call_off_process"].strip() if framework else "",
            "contract_term_months": None if framework else d["contract_term_months"],
            "participants": [] if framework else list(d["participants"]),
            "value_range_min_incl_vat": None if framework else d["value_range_min_incl_vat"],
            "value_range_max_incl_vat": None if framework else d["value_range_max_incl_vat"],
            "max_shortlist": d["max_shortlist"] if flexible else None,
            "shortlisting_criteria": d["shortlisting_criteria"].strip() if flexible else "",
            "participation_deadline": d["participation_deadline"] if flexible else None,
            "no_lots_reasons": d["no_lots_reasons"].strip(),
            "urgency": d["urgency"],
            "documents_behind_agreements": d["documents_behind_agreements"],
            "tender_deadline": d["tender_deadline"],
            "tendering_facts": {
                name: name in d["tendering_facts"] for name, _ in TENDERING_FACT_CHOICES
            },
        }


# --- Award criteria -------------------------------------------------------------------------------


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


# --- Lots (s.18) ---------------------------------------------------------------------------------


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
    """The limits on lots per supplier the tender notice may set (s.18(3))."""

    max_lots_bid_per_supplier = _whole_number(
        "Most lots one supplier may tender for",
        help_text="Leave empty for no limit (s.18(3))",
    )
    max_lots_awarded_per_supplier = _whole_number(
        "Most lots one supplier may be awarded",
        help_text="Leave empty for no limit (s.18(3)). Lots are awarded in the order listed; in "
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


# --- The other forms on the procurement page -----------------------------------------------------


class ConflictsAssessmentForm(GovukFormMixin, forms.Form):
    summary = forms.CharField(
        label="Conflicts identified and how they are mitigated",
        help_text="Record every actual or potential conflict of interest, the steps taken to "
        "mitigate it, and the steps taken to show there is none where one might be wrongly "
        "perceived (s.83(3)-(4))",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Describe the conflicts identified and how they are mitigated"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="conflicts", **kwargs)
        self.style_widgets()


class ClarificationForm(GovukFormMixin, forms.Form):
    question = forms.CharField(
        label="Question (optional)",
        required=False,
        help_text="Never say who asked",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    answer = forms.CharField(
        label="Clarification",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the clarification"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="clarification", **kwargs)
        self.style_widgets()


class ExtendDeadlinesForm(GovukFormMixin, DateTimesMixin, forms.Form):
    DATETIMES = (
        ("participation_deadline", "New deadline for requests to participate", ""),
        ("tender_deadline", "New tender deadline", ""),
    )

    reason = forms.CharField(
        label="Reason for the extension",
        help_text="Every supplier gets the same extension (s.31(4); s.54(2))",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for the extension"},
    )

    def __init__(self, *args, procurement, **kwargs):
        super().__init__(*args, prefix="extend", **kwargs)
        self.DATETIMES = tuple(
            entry
            for entry in type(self).DATETIMES
            if (entry[0] == "participation_deadline")
            == (procurement.status == Status.PARTICIPATION_OPEN)
        )
        self.add_datetime_fields()
        self.style_widgets()

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(name) for name, _l, _h in self.DATETIMES):
            name = self.DATETIMES[0][0] if self.DATETIMES else "reason"
            self.add_error(name, "Enter the new deadline")
        return data


class TerminateForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why the authority has decided not to award",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the reason for terminating the procurement"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="terminate", **kwargs)
        self.style_widgets()


# --- Modifying a published procurement (s.31) ----------------------------------------------------

FRAMEWORK_FIELDS = (
    "max_framework_suppliers",
    "framework_term_months",
    "extension_options_months",
    "longer_term_reasons",
    "call_off_process",
)
CONTRACT_FIELDS = ("contract_term_months", "value_range_min_incl_vat", "value_range_max_incl_vat")
SUBSTANTIAL_CHOICES = [
    ("yes", "Yes, it is substantial"),
    ("no", "No, it is not substantial"),
]


class ModificationForm(GovukFormMixin, DateTimesMixin, forms.Form):
    """What a buyer may change in a published procurement at its current stage (the fields of
    the draft form, prefilled), the optional new deadlines, and what s.31 asks of the buyer: the
    reason, whether the modification is substantial and how the time limits were reconsidered.
    The award criteria are the page's criteria formset (`criteria_formset`), the lots its
    `LotsForm`, as on the draft's page."""

    DATETIMES = (
        (
            "participation_deadline",
            "New deadline for requests to participate (optional)",
            "Only to extend it, for every supplier. For example, 13 3 2026 and 12:00",
        ),
        (
            "tender_deadline",
            "New tender deadline (optional)",
            "Only to extend it, for every supplier. For example, 27 4 2026 and 12:00",
        ),
    )

    reason = forms.CharField(
        label="Why the procurement is being modified",
        help_text="This is published in the revised tender notice and sent to every supplier "
        "taking part",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for the modification"},
    )
    substantial = forms.ChoiceField(
        label="Is this a substantial modification?",
        choices=SUBSTANTIAL_CHOICES,
        widget=forms.RadioSelect,
        help_text="It is substantial if it would let suppliers that are not taking part tender, "
        "or if, had it been in the tender notice from the start, other suppliers would likely be "
        "taking part, shortlisted or winning (s.31(3)). After the deadline for requests to "
        "participate only a modification that is not substantial is allowed (s.31(2))",
        error_messages={"required": "Select whether the modification is substantial"},
    )
    time_limits_reconsidered = forms.CharField(
        label="How the time limits were reconsidered",
        help_text="The time limits must be reconsidered for every modification, having regard to "
        "its nature and complexity, and stay the same for every supplier (s.31(4); s.54). Say "
        "whether suppliers need more time and which deadline, if any, is extended",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say how the time limits were reconsidered"},
    )

    clean_cpv_codes = ProcurementForm.clean_cpv_codes
    clean_extension_options_months = ProcurementForm.clean_extension_options_months

    def __init__(self, *args, procurement, modifiable: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.procurement = procurement
        about = {name: self.fields.pop(name) for name in list(self.fields)}
        page = [
            name
            for name in modifiable
            if name in ProcurementForm.base_fields
            and (name not in FRAMEWORK_FIELDS or procurement.is_framework)
            and (name not in CONTRACT_FIELDS or not procurement.is_framework)
        ]
        self.change_fields = page
        for name in page:
            self.fields[name] = copy.deepcopy(ProcurementForm.base_fields[name])
        if "no_lots_reasons" in self.fields:
            reasons = self.fields["no_lots_reasons"]
            reasons.help_text = (
                "If it is not divided into lots, the tender notice gives the reasons (s.18(2))"
            )
        self.DATETIMES = tuple(
            entry
            for entry in type(self).DATETIMES
            if (entry[0] == "participation_deadline" and procurement.status == "participation_open")
            or (entry[0] == "tender_deadline" and procurement.status == "tendering_open")
        )
        self.add_datetime_fields()
        self.fields.update(about)
        initial = ProcurementForm.initial_from(procurement)
        self.initial.update({name: initial[name] for name in page if name in initial})
        self.style_widgets()

    def clean(self):
        data = super().clean()
        return data

    def service_arguments(self) -> dict:
        """The cleaned answers as `modify_procurement` arguments (without `criteria`): only the
        fields whose answer differs from the procurement (a browser sends a textarea's line
        breaks as CRLF, which is no change)."""

        def plain(value):
            return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value

        d = self.cleaned_data
        changes = {
            name: plain(d[name])
            for name in self.change_fields
            if plain(d[name]) != plain(getattr(self.procurement, name))
        }
        return {
            "changes": changes,
            "reason": d["reason"],
            "substantial": d["substantial"] == "yes",
            "time_limits_reconsidered": d["time_limits_reconsidered"],
            "participation_deadline": d.get("participation_deadline"),
            "tender_deadline": d.get("tender_deadline"),
        }


# --- The public register --------------------------------------------------------------------------


class OpportunitySearchForm(GovukFormMixin, forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="A reference, a word in the title or description, or an authority",
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status")] + [(s.value, s.label) for s in Status if s in PUBLISHED],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_widgets()
