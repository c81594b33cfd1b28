"""The shape of the page on which a buyer records a notice's publication on Find a Tender."""

from django import forms

from procura.core.govuk import DateTimeField, GovukFormMixin


class PublicationForm(GovukFormMixin, forms.Form):
    fts_notice_id = forms.CharField(
        label="Find a Tender notice identifier",
        help_text="As Find a Tender shows it, for example 012345-2026.",
        max_length=20,
        required=False,  # the service says what is missing or ill-formed, as the API does
    )
    published_on = DateTimeField(
        label="Published on Find a Tender",
        noun="the date and time Find a Tender published the notice",
        help_text="For example, 27 3 2027 and 09:30. UK time, 24-hour clock.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="%s", **kwargs)
