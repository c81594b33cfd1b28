"""The GOV.UK Design System layer every page uses (docs/adr/0009-govuk-form-layer.md): form
fields (money, date, date and time), the form mixin, the error summary for a form or a refusal,
the `post_form` view helper, and the component templates in `templates/govuk/`."""

from .errors import attach, error_items, field_messages, problem_items, problems_of
from .fields import DateField, DatePartsWidget, DateTimeField, MoneyField, parse_time, whole_number
from .forms import GovukFormMixin
from .views import is_htmx, post_form

__all__ = [
    "DateField",
    "DatePartsWidget",
    "DateTimeField",
    "GovukFormMixin",
    "MoneyField",
    "attach",
    "error_items",
    "field_messages",
    "is_htmx",
    "parse_time",
    "post_form",
    "problem_items",
    "problems_of",
    "whole_number",
]
