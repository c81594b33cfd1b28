"""The GOV.UK layer in templates: a form's errors as the error summary's items."""

from django import template

from procura.core.govuk import error_items

register = template.Library()


@register.filter
def govuk_errors(form, first: str = "") -> list[dict]:
    """`{% include "govuk/error_summary.html" with errors=form|govuk_errors:"decision" %}`: a
    bound form's errors, each linked to its input; a problem with the form as a whole links to
    `first` (the id of its first input), else to the main content."""
    if form is None or not getattr(form, "is_bound", False):
        return []
    return error_items(form, anchors={"__all__": first} if first else None)
