"""Shapes of the tendering pages' input. The rules (price, answers, files, deadline) are
checked by the services, so pages and API refuse with the same codes and words."""

from django import forms

LINE_ITEM_ROWS = 5


class TenderForm(forms.Form):
    """The price schedule (a total and up to LINE_ITEM_ROWS lines), one answer per quality
    award criterion; files come from request.FILES ("files")."""

    price = forms.CharField(required=False)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"answer_{criterion.pk}"] = forms.CharField(
                required=False, strip=False, widget=forms.Textarea
            )
        for row in range(1, LINE_ITEM_ROWS + 1):
            self.fields[f"line_item_description_{row}"] = forms.CharField(required=False)
            self.fields[f"line_item_amount_{row}"] = forms.CharField(required=False)

    def tender_data(self) -> dict:
        """price, line_items and answers as the submit_tender service takes them."""
        data = self.cleaned_data if self.is_valid() else {}
        line_items = []
        for row in range(1, LINE_ITEM_ROWS + 1):
            description = (data.get(f"line_item_description_{row}") or "").strip()
            amount = (data.get(f"line_item_amount_{row}") or "").strip()
            if description or amount:
                line_items.append({"description": description, "amount": amount})
        return {
            "price": data.get("price") or None,
            "line_items": line_items,
            "answers": {c.pk: data.get(f"answer_{c.pk}") or "" for c in self.criteria},
        }

    def rows(self) -> list[dict]:
        """The line-item rows with what was typed, for the template."""
        return [
            {
                "number": row,
                "description": self[f"line_item_description_{row}"].value() or "",
                "amount": self[f"line_item_amount_{row}"].value() or "",
            }
            for row in range(1, LINE_ITEM_ROWS + 1)
        ]


class QuestionForm(forms.Form):
    question = forms.CharField(required=False, widget=forms.Textarea)


class AnswerForm(forms.Form):
    published_question = forms.CharField(required=False, widget=forms.Textarea)
    answer = forms.CharField(required=False, widget=forms.Textarea)
    confirm_anonymised = forms.BooleanField(required=False)
