"""The public register's search form."""

from django import forms

from procura.core.govuk import GovukFormMixin

from ..states import PUBLISHED, Status


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
