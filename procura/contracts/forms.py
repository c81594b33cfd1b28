"""The shape of the signature page's input: three dates, each as GOV.UK day, month and year."""

from datetime import date

from django import forms

DATES = {
    "date_signed": "the date the contract was signed",
    "start_date": "the start date",
    "end_date": "the end date",
}


class SignatureForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in DATES:
            for part in ("day", "month", "year"):
                self.fields[f"{name}-{part}"] = forms.CharField(required=False)

    def clean(self):
        cleaned = super().clean()
        for name, words in DATES.items():
            parts = [(cleaned.get(f"{name}-{p}") or "").strip() for p in ("day", "month", "year")]
            if not all(parts):
                self.add_error(f"{name}-day", f"Enter {words}")
                continue
            try:
                day, month, year = (int(p) for p in parts)
                cleaned[name] = date(year, month, day)
            except ValueError:
                self.add_error(f"{name}-day", f"Enter {words} as a real date, for example 6 1 2027")
        return cleaned

    def date_rows(self):
        """Each date for the template: name, legend, error messages, and the day, month and year
        as typed."""
        return [
            {
                "name": name,
                "legend": words[0].upper() + words[1:],
                "errors": self.errors.get(f"{name}-day", []) if self.is_bound else [],
                "day": self.data.get(f"{name}-day", ""),
                "month": self.data.get(f"{name}-month", ""),
                "year": self.data.get(f"{name}-year", ""),
            }
            for name, words in DATES.items()
        ]
