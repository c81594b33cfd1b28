"""The shape of what evaluation pages send. Rules are checked by the services, not here."""

from django import forms

from procura.core.govuk import GovukFormMixin

from .states import AbnormallyLowDecision

TEXTAREA = {"class": "govuk-textarea", "rows": 5}


class NamedIdsForm(forms.Form):
    """A form whose inputs' ids are their names (the evaluation templates write them so), so
    the error summary's links (procura.core.govuk.error_items) reach them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)


class AssignEvaluatorForm(GovukFormMixin, forms.Form):
    evaluator = forms.ChoiceField(
        label="Add an evaluator",
        error_messages={"required": "Choose the evaluator to add to the panel"},
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        self.fields["evaluator"].choices = [("", "Choose an evaluator")] + [
            (str(p.pk), f"{p} ({p.job_title})" if p.job_title else str(p)) for p in people
        ]

    def clean_evaluator(self):
        return self.people[self.cleaned_data["evaluator"]]


class DeclarationForm(NamedIdsForm):
    has_conflict = forms.TypedChoiceField(
        label="Do you have a conflict of interest with any supplier taking part?",
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda value: value == "yes",
        error_messages={"required": "Say whether you have a conflict of interest"},
        widget=forms.RadioSelect,
    )
    suppliers = forms.MultipleChoiceField(
        label="Which suppliers?", required=False, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(
        label="Describe the interest and how it arises",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def __init__(self, *args, suppliers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(s.pk): s for s in suppliers}
        self.fields["suppliers"].choices = [(str(s.pk), s.name) for s in suppliers]

    def clean_suppliers(self):
        return [self.organisations[pk] for pk in self.cleaned_data["suppliers"]]


class ScoresForm(NamedIdsForm):
    """A score (a whole number: 0..max is the service's rule) and the words explaining it, for
    each quality criterion of one tender."""

    def __init__(self, *args, criteria=(), text_name="justification", text_label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.text_name = text_name
        for criterion in self.criteria:
            # Shape only (a whole number): the range 0..max is the rule `check_score`, checked
            # by the service, so that a page and the API refuse it alike (ADR 0007).
            self.fields[f"score-{criterion.pk}"] = forms.IntegerField(
                label=f"Score for {criterion.title}",
                error_messages={
                    "required": f"Choose a score for {criterion.title}",
                    "invalid": f"Choose a score for {criterion.title}",
                },
                widget=forms.RadioSelect(
                    choices=[(str(n), str(n)) for n in range(criterion.max_score + 1)]
                ),
            )
            # Not required here: the words are the rule of reg 31(2) (`check_justification`,
            # `check_rationale`), checked by the service, so a page and the API refuse alike.
            self.fields[f"{text_name}-{criterion.pk}"] = forms.CharField(
                label=text_label or f"Why {criterion.title} gets this score",
                required=False,
                widget=forms.Textarea(attrs=TEXTAREA),
            )

    def rows(self):
        """(criterion, score field, text field) for the template."""
        return [(c, self[f"score-{c.pk}"], self[f"{self.text_name}-{c.pk}"]) for c in self.criteria]

    def scores(self) -> list[tuple[int, int, str]]:
        return [
            (
                c.pk,
                self.cleaned_data[f"score-{c.pk}"],
                self.cleaned_data[f"{self.text_name}-{c.pk}"],
            )
            for c in self.criteria
        ]


class AbnormallyLowForm(NamedIdsForm):
    # Not required here: an explanation is the rule s.19(5) (`check_abnormally_low_review`),
    # checked by the service, so that a page and the API refuse it alike (ADR 0007).
    explanation = forms.CharField(
        label="The supplier's explanation of its price",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    decision = forms.ChoiceField(
        label="Decision",
        choices=AbnormallyLowDecision.choices,
        error_messages={"required": "Choose whether to accept the tender or disregard it"},
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason for the decision",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class ProposeForm(forms.Form):
    """The award proposal; when a tie cannot be broken by the declared rule, the authority's
    order of the tied tenders (1 = best) and the reason for it."""

    tie_break_reason = forms.CharField(
        label="Reason for this order", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args, tied=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.tied = list(tied)
        for result in self.tied:
            self.fields[f"position-{result.tender_id}"] = forms.IntegerField(
                label=f"Position of {result.supplier}",
                min_value=1,
                max_value=len(self.tied),
                error_messages={"required": f"Give the position of {result.supplier}"},
                widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-2"}),
            )

    def tie_break_order(self) -> list[int]:
        positions = [(self.cleaned_data[f"position-{r.tender_id}"], r.tender_id) for r in self.tied]
        return [tender_id for _position, tender_id in sorted(positions)]

    def clean(self):
        cleaned = super().clean()
        positions = [cleaned.get(f"position-{r.tender_id}") for r in self.tied]
        if self.tied and None not in positions and len(set(positions)) != len(positions):
            raise forms.ValidationError("Give each tied tender a different position")
        return cleaned


class ApprovalForm(NamedIdsForm):
    decision = forms.ChoiceField(
        label="Do you approve the award decision?",
        choices=[("approve", "Yes, approve it"), ("return", "No, return it to the buyer")],
        error_messages={"required": "Choose whether to approve the award decision"},
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Why are you returning it?",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class AwardNoticeForm(forms.Form):
    """The contract award notice page: for a light touch contract, whether the notice provides
    for a voluntary standstill (Procurement Act 2023 s.51(4)-(5)); ignored for other contracts,
    whose standstill is mandatory."""

    voluntary_standstill = forms.BooleanField(required=False)
