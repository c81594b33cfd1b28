"""Modifying a published procurement (s.31)."""

import copy

from django import forms

from procura.core.govuk import GovukFormMixin

from .common import DateTimesMixin
from .drafts import ProcurementForm

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
