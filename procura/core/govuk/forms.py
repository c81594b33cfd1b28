"""One mixin that gives every Django form the GOV.UK Design System's classes and links."""

from django import forms

from .fields import DatePartsWidget

CLASSES = {
    forms.TextInput: "govuk-input",
    forms.NumberInput: "govuk-input",
    forms.EmailInput: "govuk-input",
    forms.PasswordInput: "govuk-input",
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
}
ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


def _add_class(widget, css: str) -> None:
    classes = widget.attrs.get("class", "").split()
    if css not in classes:
        widget.attrs["class"] = " ".join([*classes, css])


def _describe(widget, id_: str) -> None:
    described = widget.attrs.get("aria-describedby", "").split()
    if id_ not in described:
        widget.attrs["aria-describedby"] = " ".join([*described, id_])


class GovukFormMixin:
    """Each widget gets its GOV.UK class (a `width` attribute adds a width class) and is described
    by its hint; a field in error, whether found by validation or added later from a service's
    refusal (`add_error` after `is_valid`), gets the error class and is described by its message
    (`<id>-error`, as the component templates render it). A date input's boxes are in a fieldset
    described by the hint and the error instead."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def style_widgets(self) -> None:
        for name, field in self.fields.items():
            field.prefix = getattr(field, "prefix", "")  # "£" for money (field.html)
            widget = field.widget
            css = CLASSES.get(type(widget))
            if css:
                width = widget.attrs.pop("width", "")
                _add_class(widget, css)
                if width:
                    _add_class(widget, width)
            if field.help_text and not isinstance(widget, DatePartsWidget):
                _describe(widget, f"{self[name].auto_id}-hint")

    def full_clean(self):
        super().full_clean()
        self._cleaned = True
        for name in list(self.errors):
            self.mark_error(name)

    def add_error(self, field, error):
        super().add_error(field, error)
        if getattr(self, "_cleaned", False):
            for name in [field] if isinstance(field, str) else list(self.errors):
                self.mark_error(name)

    def mark_error(self, name) -> None:
        """The GOV.UK error class on the field's input(s), described by the message."""
        field = self.fields.get(name) if name else None
        if field is None:
            return
        widget = field.widget
        if isinstance(widget, DatePartsWidget):
            for part in widget.widgets:
                _add_class(part, "govuk-input--error")
            return
        for base, error_class in ERROR_CLASSES.items():
            if base in widget.attrs.get("class", "").split():
                _add_class(widget, error_class)
        _describe(widget, f"{self[name].auto_id}-error")
