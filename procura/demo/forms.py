"""The shape of a move of the demo clock. Whether it goes forward, and how far, is the rule's
to say (rules.clock_target), so that the page and the command refuse the same move alike."""

from datetime import date, datetime, time, timedelta

from django import forms

from procura.core.clock import LONDON

HOW = [("by", "By a number of days and hours"), ("to", "To a date and time")]


class ClockMoveForm(forms.Form):
    how = forms.ChoiceField(
        choices=HOW, widget=forms.RadioSelect, error_messages={"required": "Choose how to move"}
    )
    days = forms.IntegerField(required=False, error_messages={"invalid": "Days must be a number"})
    hours = forms.IntegerField(required=False, error_messages={"invalid": "Hours must be a number"})
    day = forms.CharField(required=False)
    month = forms.CharField(required=False)
    year = forms.CharField(required=False)
    time = forms.CharField(required=False)

    def clean(self):
        data = super().clean()
        if data.get("how") == "by":
            if data.get("days") is None and data.get("hours") is None and not self.errors:
                self.add_error("days", "Enter a number of days or hours")
            else:
                data["move"] = {
                    "by": timedelta(days=data.get("days") or 0, hours=data.get("hours") or 0)
                }
        elif data.get("how") == "to":
            moment = self._moment(data)
            if moment is not None:
                data["move"] = {"to": moment}
        return data

    def _moment(self, data) -> datetime | None:
        parts = {name: (data.get(name) or "").strip() for name in ("day", "month", "year")}
        if not all(parts.values()):
            self.add_error("day", "Enter the date: day, month and year")
            return None
        try:
            day = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            self.add_error("day", "The date must be a real date")
            return None
        try:
            at = time.fromisoformat((data.get("time") or "").strip() or "00:00")
        except ValueError:
            self.add_error("time", "Enter the time as hours and minutes, like 14:30")
            return None
        return datetime.combine(day, at.replace(second=0, microsecond=0), tzinfo=LONDON)
