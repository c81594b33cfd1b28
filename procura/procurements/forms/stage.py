"""The other forms on the procurement page: conflicts, clarifications, deadlines, termination."""

from django import forms

from procura.core.govuk import GovukFormMixin

from ..states import Status
from .common import DateTimesMixin


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
