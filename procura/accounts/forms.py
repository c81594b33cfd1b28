from django import forms
from django.contrib.auth.forms import AuthenticationForm

from procura.core.govuk import GovukFormMixin


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been deactivated.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {
                "class": "govuk-input govuk-!-width-one-half",
                "autocomplete": "username",
                "spellcheck": "false",
            }
        )
        self.fields["password"].widget.attrs.update(
            {"class": "govuk-input govuk-!-width-one-half", "autocomplete": "current-password"}
        )
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class ApiTokenForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        max_length=100,
        label="Name of the API client",
        error_messages={"required": "Enter a name for the API client"},
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-!-width-one-half"}),
    )
