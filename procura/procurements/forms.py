"""The shape of what buyers type into the procurement pages. Input shape only: the law is checked
by the services (rules.py) when the tender notice is published.

Dates and times are typed as GOV.UK asks for them (day, month and year boxes and a time) and are
read as UK time (Europe/London).
"""

import copy
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django import forms

from procura.core import clock

from .states import PUBLISHED, CriterionKind, Procedure, Status

MONEY_ERRORS = {
    "required": "Enter the {label}",
    "invalid": "The {label} must be an amount of money, like 252000000 or 1,250.50",
    "min_value": "The {label} cannot be less than £0",
    "max_digits": "The {label} is too large",
    "max_decimal_places": "The {label} must be in pounds and pence",
}


class MoneyField(forms.DecimalField):
    """Pounds and pence; accepts "£252,000,000" as well as "252000000"."""

    def __init__(self, *, label: str, **kwargs):
        named = label[0].lower() + label[1:]
        messages = {key: value.format(label=named) for key, value in MONEY_ERRORS.items()}
        super().__init__(
            label=label,
            min_value=Decimal("0"),
            max_digits=15,
            decimal_places=2,
            error_messages=messages,
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("£", "").replace(",", "").strip()
        return super().to_python(value)


def _months(label: str, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=600,
        error_messages={
            "invalid": f"The {label.lower()} must be a whole number of months",
            "min_value": f"The {label.lower()} must be at least 1 month",
            "max_value": f"The {label.lower()} must be at most 600 months",
        },
        **kwargs,
    )


def _whole_number(label: str, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=1000,
        error_messages={
            "invalid": f"The {label.lower()} must be a whole number, like 7",
            "min_value": f"The {label.lower()} must be at least 1",
            "max_value": f"The {label.lower()} must be at most 1000",
        },
        **kwargs,
    )


def check_values_incl_vat(form, data: dict) -> None:
    """The estimated value including VAT is never less than the value without it (s.123(2))."""
    excl, incl = data.get("estimated_value_excl_vat"), data.get("estimated_value_incl_vat")
    if excl is not None and incl is not None and incl < excl:
        form.add_error(
            "estimated_value_incl_vat",
            "The value including VAT cannot be less than the value excluding VAT",
        )


class GovukFormMixin:
    """Gives each widget its GOV.UK class and, once validated, the error class too."""

    CLASSES = {
        forms.TextInput: "govuk-input",
        forms.NumberInput: "govuk-input",
        forms.Textarea: "govuk-textarea",
        forms.Select: "govuk-select",
    }
    ERROR_CLASSES = {
        "govuk-input": "govuk-input--error",
        "govuk-textarea": "govuk-textarea--error",
        "govuk-select": "govuk-select--error",
    }

    def style_widgets(self):
        for name, field in self.fields.items():
            css = self.CLASSES.get(type(field.widget))
            if css and css not in field.widget.attrs.get("class", ""):
                width = field.widget.attrs.pop("width", "")
                field.widget.attrs["class"] = f"{css} {width}".strip()
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-hint"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            field = self.fields.get(name)
            if field is None:
                continue
            css = field.widget.attrs.get("class", "")
            for base, error in self.ERROR_CLASSES.items():
                if base in css.split() and error not in css:
                    field.widget.attrs["class"] = f"{css} {error}"
            described = field.widget.attrs.get("aria-describedby", "")
            field.widget.attrs["aria-describedby"] = (
                f"{described} {self[name].auto_id}-error".strip()
            )


class LateErrorsMixin:
    """A refusal from a service, added after validation, still marks its field the GOV.UK way:
    the error class and `aria-describedby` pointing at the message."""

    def full_clean(self):
        super().full_clean()
        self._cleaned = True

    def add_error(self, field, error):
        super().add_error(field, error)
        if not getattr(self, "_cleaned", False) or field not in self.fields:
            return
        widget = self.fields[field].widget
        css = widget.attrs.get("class", "")
        for base, error_class in GovukFormMixin.ERROR_CLASSES.items():
            if base in css.split() and error_class not in css:
                widget.attrs["class"] = f"{css} {error_class}"
        described = widget.attrs.get("aria-describedby", "")
        error_id = f"{self[field].auto_id}-error"
        if error_id not in described:
            widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()


# --- Dates and times, the GOV.UK way -------------------------------------------------------------

TIME_PATTERN = re.compile(r"^(?P<hour>\d{1,2})[:.](?P<minute>\d{2})$")


@dataclass
class DateTimeInput:
    """One date-and-time question on a page: its four boxes and its errors."""

    name: str
    label: str
    hint: str
    day: forms.BoundField
    month: forms.BoundField
    year: forms.BoundField
    time: forms.BoundField

    @property
    def errors(self) -> list[str]:
        return [
            error for part in (self.day, self.month, self.year, self.time) for error in part.errors
        ]


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


class DateTimePartsMixin:
    """Adds `<name>_day`, `_month`, `_year` and `_time` fields for each (name, label, hint) in
    DATETIMES, and reads them as one aware datetime in UK time (or None when all are empty)."""

    DATETIMES: tuple[tuple[str, str, str], ...] = ()

    def add_datetime_fields(self, initial_values: dict):
        for name, _label, _hint in self.DATETIMES:
            widths = {"day": "govuk-input--width-2", "month": "govuk-input--width-2"}
            widths |= {"year": "govuk-input--width-4", "time": "govuk-input--width-5"}
            for part, width in widths.items():
                attrs = {"class": f"govuk-input govuk-date-input__input {width}"}
                attrs["inputmode"] = "numeric" if part != "time" else "text"
                self.fields[f"{name}_{part}"] = forms.CharField(
                    required=False, widget=forms.TextInput(attrs=attrs)
                )
            moment = initial_values.get(name)
            if moment is not None and not self.is_bound:
                local = clock.local(moment)
                self.initial.update(
                    {
                        f"{name}_day": str(local.day),
                        f"{name}_month": str(local.month),
                        f"{name}_year": str(local.year),
                        f"{name}_time": f"{local:%H:%M}",
                    }
                )

    @property
    def datetime_inputs(self) -> list[DateTimeInput]:
        return [
            DateTimeInput(
                name=name,
                label=label,
                hint=hint,
                **{part: self[f"{name}_{part}"] for part in ("day", "month", "year", "time")},
            )
            for name, label, hint in self.DATETIMES
        ]

    def clean_datetimes(self, data: dict) -> None:
        for name, label, _hint in self.DATETIMES:
            data[name] = self._read_datetime(data, name, label.lower())

    def _read_datetime(self, data: dict, name: str, label: str) -> datetime | None:
        parts = {p: (data.get(f"{name}_{p}") or "").strip() for p in ("day", "month", "year")}
        time_text = (data.get(f"{name}_time") or "").strip()
        if not any(parts.values()) and not time_text:
            return None
        missing = [p for p, v in parts.items() if not v]
        if missing:
            self.add_error(
                f"{name}_{missing[0]}", f"The {label} must include a {' and '.join(missing)}"
            )
            return None
        try:
            day = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            self.add_error(f"{name}_day", f"The {label} must be a real date")
            return None
        if not 2000 <= day.year <= 2100:
            self.add_error(f"{name}_year", f"The year of the {label} must be between 2000 and 2100")
            return None
        if not time_text:
            self.add_error(f"{name}_time", f"Enter the time of the {label}, like 12:00")
            return None
        at = parse_time(time_text)
        if at is None:
            self.add_error(
                f"{name}_time", f"The time of the {label} must be a real time, like 12:00 or 17:30"
            )
            return None
        return datetime.combine(day, at, tzinfo=clock.LONDON)


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

CPV_PATTERN = re.compile(r"^\d{8}(-\d)?$")


class ProcurementForm(GovukFormMixin, DateTimePartsMixin, forms.Form):
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
        max_length=300,
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
        widget=forms.TextInput(attrs={"width": "govuk-input--width-10", "inputmode": "decimal"}),
    )
    estimated_value_incl_vat = MoneyField(
        label="Estimated value including VAT",
        help_text="The most the authority could expect to pay, over the whole term with every "
        "option (Sch 3 para 1)",
        widget=forms.TextInput(attrs={"width": "govuk-input--width-10", "inputmode": "decimal"}),
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
        widget=forms.TextInput(attrs={"width": "govuk-input--width-3", "inputmode": "numeric"}),
    )
    framework_term_months = _months(
        "Initial term of the framework",
        help_text="In months. For example, 24",
        widget=forms.TextInput(attrs={"width": "govuk-input--width-3", "inputmode": "numeric"}),
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
        widget=forms.TextInput(attrs={"width": "govuk-input--width-3", "inputmode": "numeric"}),
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
        widget=forms.TextInput(attrs={"width": "govuk-input--width-10", "inputmode": "decimal"}),
    )
    value_range_max_incl_vat = MoneyField(
        label="Highest value of the range, including VAT",
        required=False,
        help_text="If the value depends on which participants join",
        widget=forms.TextInput(attrs={"width": "govuk-input--width-10", "inputmode": "decimal"}),
    )
    max_shortlist = _whole_number(
        "Maximum number of suppliers to shortlist",
        help_text="Competitive flexible procedure only (s.20(4)(a)). For example, 7",
        widget=forms.TextInput(attrs={"width": "govuk-input--width-3", "inputmode": "numeric"}),
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
        self.add_datetime_fields(
            {
                "participation_deadline": getattr(instance, "participation_deadline", None),
                "tender_deadline": getattr(instance, "tender_deadline", None),
            }
        )
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
        self.clean_datetimes(data)
        check_values_incl_vat(self, data)
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
            "tender_deadline": d["tender_deadline"],
            "tendering_facts": {
                name: name in d["tendering_facts"] for name, _ in TENDERING_FACT_CHOICES
            },
        }


# --- Award criteria -------------------------------------------------------------------------------


class CriterionForm(GovukFormMixin, forms.Form):
    """One row of the award criteria table. A row left empty is ignored."""

    kind = forms.ChoiceField(label="Type", choices=CriterionKind.choices, required=False)
    title = forms.CharField(label="Criterion", max_length=200, required=False)
    weight = forms.DecimalField(
        label="Weight (%)",
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
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
        min_value=1,
        max_value=100,
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
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"width": "govuk-input--width-3"}),
    )
    title = forms.CharField(label="Lot title", max_length=300, required=False)
    description = forms.CharField(
        label="What the lot covers", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    estimated_value_excl_vat = MoneyField(
        label="Lot value excluding VAT",
        required=False,
        widget=forms.TextInput(attrs={"width": "govuk-input--width-10", "inputmode": "decimal"}),
    )
    estimated_value_incl_vat = MoneyField(
        label="Lot value including VAT",
        required=False,
        widget=forms.TextInput(attrs={"width": "govuk-input--width-10", "inputmode": "decimal"}),
    )
    cpv_codes = forms.CharField(
        label="Lot CPV codes",
        required=False,
        widget=forms.TextInput(attrs={"width": "govuk-input--width-20", "spellcheck": "false"}),
    )
    max_framework_suppliers = _whole_number(
        "Suppliers on the lot's framework",
        widget=forms.TextInput(attrs={"width": "govuk-input--width-3", "inputmode": "numeric"}),
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


class LotLimitsForm(LateErrorsMixin, GovukFormMixin, forms.Form):
    """The limits on lots per supplier the tender notice may set (s.18(3))."""

    max_lots_bid_per_supplier = _whole_number(
        "Most lots one supplier may tender for",
        help_text="Leave empty for no limit (s.18(3))",
        widget=forms.TextInput(attrs={"width": "govuk-input--width-3", "inputmode": "numeric"}),
    )
    max_lots_awarded_per_supplier = _whole_number(
        "Most lots one supplier may be awarded",
        help_text="Leave empty for no limit (s.18(3)). Lots are awarded in the order listed; in "
        "a later lot that a supplier already holding that many would win, the next-ranked "
        "tender takes its place",
        widget=forms.TextInput(attrs={"width": "govuk-input--width-3", "inputmode": "numeric"}),
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
        items = []
        first = self.rows.forms[0] if self.rows.forms else None
        href = f"#{first['title'].auto_id}" if first else "#lots"
        items += [{"message": e, "href": href} for e in self.rows.non_form_errors()]
        for form in [*self.rows.forms, self.limits]:
            for name, errors in form.errors.items():
                if name != "__all__":
                    items += [{"message": e, "href": f"#{form[name].auto_id}"} for e in errors]
        return items


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


class ExtendDeadlinesForm(GovukFormMixin, DateTimePartsMixin, forms.Form):
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
        self.add_datetime_fields({})
        self.style_widgets()

    def clean(self):
        data = super().clean()
        self.clean_datetimes(data)
        if not self.errors and not any(data.get(name) for name, _l, _h in self.DATETIMES):
            name = self.DATETIMES[0][0] if self.DATETIMES else "reason"
            self.add_error(f"{name}_day" if self.DATETIMES else name, "Enter the new deadline")
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


class ModificationForm(LateErrorsMixin, GovukFormMixin, DateTimePartsMixin, forms.Form):
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
        self.add_datetime_fields({})
        self.fields.update(about)
        initial = ProcurementForm.initial_from(procurement)
        self.initial.update({name: initial[name] for name in page if name in initial})
        self.style_widgets()

    def clean(self):
        data = super().clean()
        self.clean_datetimes(data)
        check_values_incl_vat(self, data)
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
