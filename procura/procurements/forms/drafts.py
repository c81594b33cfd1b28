"""Creating and changing a procurement: the draft form."""

import re

from django import forms

from procura.core import specs
from procura.core.govuk import GovukFormMixin, MoneyField

from ..states import FrameworkCategory, Procedure
from .common import DateTimesMixin, _months, _whole_number

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
    framework_category = forms.ChoiceField(
        label="Is it a defence and security framework or a utilities framework?",
        choices=FrameworkCategory.choices,
        initial=FrameworkCategory.GENERAL,
        required=False,
        help_text="These may last up to 8 years; any other framework up to 4 (s.47(1))",
        widget=forms.RadioSelect,
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
            "framework_category": p.framework_category,
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
            "framework_category": (d["framework_category"] or FrameworkCategory.GENERAL)
            if framework
            else FrameworkCategory.GENERAL,
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
