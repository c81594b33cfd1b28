"""The shape of the participation pages' input. Rules live in rules.py and services.py."""

from django import forms

from procura.core.govuk import DateField, DateTimeField, GovukFormMixin, MoneyField

from .states import AgreementKind, AssessmentResult, ExclusionGround, ExclusionOutcome, QuestionKind

TEXT = {"class": "govuk-input"}
TEXTAREA = {"class": "govuk-textarea", "rows": 5}


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(
        choices=AgreementKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of agreement"},
    )
    title = forms.CharField(
        max_length=200,
        widget=forms.TextInput(attrs=TEXT),
        error_messages={"required": "Enter the title of the agreement"},
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 12}),
        strip=False,
        error_messages={"required": "Enter the text of the agreement"},
    )


class DocumentForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        widget=forms.TextInput(attrs=TEXT),
        help_text="Use the same title as an earlier document to upload a new version of it.",
        error_messages={"required": "Enter the title of the document"},
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs=TEXTAREA))
    file = forms.FileField(
        widget=forms.ClearableFileInput(attrs={"class": "govuk-file-upload"}),
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        choices=QuestionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the question is answered"},
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs=TEXTAREA), error_messages={"required": "Enter the question"}
    )
    guidance = forms.CharField(required=False, widget=forms.Textarea(attrs=TEXTAREA))
    max_score = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric"}),
        error_messages={
            "invalid": "The maximum score must be a whole number, like 5",
            "min_value": "The maximum score must be 1 or more",
            "max_value": "The maximum score must be 100 or less",
        },
    )
    required = forms.BooleanField(required=False, initial=True)

    def clean(self):
        data = super().clean()
        if data.get("kind") != QuestionKind.SCORED:
            data["max_score"] = None
        return data


class ResponseForm(forms.Form):
    """The questionnaire as one form: `answer-<id>` for written answers, `file-<id>` for file
    questions, and the financial information."""

    annual_turnover = MoneyField(
        label="Annual turnover",
        required=False,
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_digits", "max_whole_digits", "max_decimal_places"),
            "Enter the annual turnover in pounds, like 1250000",
        ),
    )
    financial_information = forms.CharField(required=False, widget=forms.Textarea(attrs=TEXTAREA))
    financial_evidence = forms.FileField(
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "govuk-file-upload"}),
        error_messages={"empty": "The selected file is empty"},
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            if question.kind == QuestionKind.FILE:
                self.fields[f"file-{question.pk}"] = forms.FileField(
                    required=False, error_messages={"empty": "The selected file is empty"}
                )
            else:
                self.fields[f"answer-{question.pk}"] = forms.CharField(
                    required=False, widget=forms.Textarea(attrs=TEXTAREA)
                )

    def answers(self) -> dict[int, str]:
        return {
            q.pk: self.cleaned_data.get(f"answer-{q.pk}") or ""
            for q in self.questions
            if q.kind != QuestionKind.FILE
        }

    def files_given(self) -> dict:
        return {
            q.pk: self.cleaned_data.get(f"file-{q.pk}")
            for q in self.questions
            if q.kind == QuestionKind.FILE and self.cleaned_data.get(f"file-{q.pk}")
        }


class AssessmentForm(forms.Form):
    """`result-<id>` for pass/fail and file questions, `score-<id>` for scored ones,
    `comment-<id>` for every question; and the financial information's result."""

    financial_result = forms.ChoiceField(
        required=False, choices=[("", "Not assessed"), *AssessmentResult.choices]
    )
    financial_comment = forms.CharField(required=False, widget=forms.Textarea(attrs=TEXTAREA))

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            if question.kind == QuestionKind.SCORED:
                # Shape only (a whole number, 0 or more, as the API's schema): the question's
                # maximum is the rule `check_mark`, checked by the service, so that a page and
                # the API refuse a score too high alike (ADR 0007).
                self.fields[f"score-{question.pk}"] = forms.IntegerField(
                    required=False,
                    min_value=0,
                    error_messages={
                        "invalid": f"The score for question {question.position} must be a "
                        "whole number",
                        "min_value": f"The score for question {question.position} must be 0 "
                        "or more",
                    },
                )
            else:
                self.fields[f"result-{question.pk}"] = forms.ChoiceField(
                    required=False, choices=[("", "Not assessed"), *AssessmentResult.choices]
                )
            self.fields[f"comment-{question.pk}"] = forms.CharField(required=False)

    def marks(self) -> list[dict]:
        return [
            {
                "question_id": q.pk,
                "result": self.cleaned_data.get(f"result-{q.pk}") or "",
                "score": self.cleaned_data.get(f"score-{q.pk}"),
                "comment": self.cleaned_data.get(f"comment-{q.pk}") or "",
            }
            for q in self.questions
        ]


class ExclusionForm(GovukFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        choices=ExclusionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the decision"},
    )
    ground_type = forms.ChoiceField(
        required=False, choices=ExclusionGround.choices, widget=forms.RadioSelect
    )
    ground = forms.CharField(required=False, widget=forms.Textarea(attrs=TEXTAREA))
    representations = forms.CharField(required=False, widget=forms.Textarea(attrs=TEXTAREA))
    evidence = forms.CharField(required=False, widget=forms.Textarea(attrs=TEXTAREA))
    reasons = forms.CharField(required=False, widget=forms.Textarea(attrs=TEXTAREA))

    representations_invited_on = DateField(
        label="Date the supplier was invited to make representations",
        noun="the date the supplier was invited",
        required=False,
        help_text="For example, 27 3 2027",
    )
    decided_on = DateField(
        label="Date of the decision",
        noun="the date of the decision",
        help_text="For example, 27 3 2027",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="%s", **kwargs)


class InvitationForm(GovukFormMixin, forms.Form):
    """The tender deadline: a date, and a time of day in UK time (midday unless changed)."""

    deadline = DateTimeField(
        label="Tender deadline",
        noun="the tender deadline",
        help_text="For example, 27 3 2027 and 12:00. UK time, 24-hour clock.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="%s", **kwargs)
        if not self.is_bound:
            self.initial["deadline"] = [None, None, None, "12:00"]
