"""The shape of the participation pages' input. Rules live in rules.py and services.py."""

from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django import forms

from procura.core.clock import LONDON

from .states import AgreementKind, AssessmentResult, ExclusionGround, ExclusionOutcome, QuestionKind

TEXT = {"class": "govuk-input"}
TEXTAREA = {"class": "govuk-textarea", "rows": 5}


def date_from_parts(data, prefix: str, label: str, *, required: bool) -> date | None:
    """A date from the GOV.UK date input's three boxes, `<prefix>-day`, `-month`, `-year`."""
    parts = {
        name: (data.get(f"{prefix}-{name}") or "").strip() for name in ("day", "month", "year")
    }
    missing = [name for name, value in parts.items() if not value]
    if len(missing) == 3:
        if required:
            raise forms.ValidationError(f"Enter {label}", code="required")
        return None
    if missing:
        raise forms.ValidationError(
            f"{label[0].upper()}{label[1:]} must include a " + " and ".join(missing),
            code="incomplete",
        )
    try:
        value = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError as error:
        raise forms.ValidationError(
            f"{label[0].upper()}{label[1:]} must be a real date", code="invalid"
        ) from error
    if not 2000 <= value.year <= 2100:
        raise forms.ValidationError("The year must be between 2000 and 2100", code="out_of_range")
    return value


def money(value: str) -> Decimal | None:
    """'£1,250,000.50' -> Decimal('1250000.50'); '' -> None."""
    cleaned = (value or "").replace("£", "").replace(",", "").strip()
    if not cleaned:
        return None
    try:
        amount = Decimal(cleaned)
    except InvalidOperation as error:
        raise forms.ValidationError(
            "Enter the annual turnover in pounds, like 1250000", code="invalid"
        ) from error
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e13"):
        raise forms.ValidationError(
            "Enter the annual turnover in pounds, like 1250000", code="invalid"
        )
    return amount.quantize(Decimal("0.01"))


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

    annual_turnover = forms.CharField(
        required=False, widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal"})
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

    def clean_annual_turnover(self):
        return money(self.cleaned_data.get("annual_turnover"))

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
                self.fields[f"score-{question.pk}"] = forms.IntegerField(
                    required=False,
                    min_value=0,
                    max_value=question.max_score,
                    error_messages={
                        "invalid": f"The score for question {question.position} must be a "
                        "whole number",
                        "min_value": f"The score for question {question.position} must be 0 "
                        "or more",
                        "max_value": f"The score for question {question.position} must be "
                        f"{question.max_score} or less",
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


class ExclusionForm(forms.Form):
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

    def clean(self):
        data = super().clean()
        self.error_anchors = {}
        for name, label, required in (
            ("representations_invited_on", "the date the supplier was invited", False),
            ("decided_on", "the date of the decision", True),
        ):
            try:
                data[name] = date_from_parts(self.data, name, label, required=required)
            except forms.ValidationError as error:
                self.add_error(None, error)
                self.error_anchors[error.messages[0]] = name
        return data


class InvitationForm(forms.Form):
    """The tender deadline: a date, and a time of day in UK time (midday unless changed)."""

    deadline_time = forms.TimeField(
        input_formats=["%H:%M"],
        initial=time(12, 0),
        widget=forms.TextInput(attrs={**TEXT, "class": "govuk-input govuk-input--width-5"}),
        error_messages={
            "required": "Enter the time of the tender deadline, like 12:00",
            "invalid": "Enter the time as hours and minutes on the 24-hour clock, like 12:00",
        },
    )

    def clean(self):
        data = super().clean()
        self.error_anchors = {}
        try:
            day = date_from_parts(self.data, "deadline", "the tender deadline", required=True)
        except forms.ValidationError as error:
            self.add_error(None, error)
            self.error_anchors[error.messages[0]] = "deadline"
            return data
        if data.get("deadline_time") is not None:
            data["tender_deadline"] = datetime.combine(day, data["deadline_time"], tzinfo=LONDON)
        return data
