"""Helpers shared by the participation pages: the sign-in wrapper, error anchors and refusals."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse

from procura.core.errors import DomainError
from procura.core.govuk import DateField, error_items, field_messages, problems_of
from procura.core.views import not_found_as_404


def page(view):
    """Signed-in people only; an access function's NotFound is the 404 page."""
    return login_required(not_found_as_404(view))


def _anchor(name: str) -> str:
    """The id of the input a field's error links to: `question-<id>` for an answer."""
    for prefix in ("answer-", "file-", "result-", "score-"):
        if name.startswith(prefix):
            return "question-" + name.removeprefix(prefix)
    return name


def _form_anchor(form):
    """Where a form's error links on these pages: the input's id (the field's name, or the
    question's), or a date input's first box."""
    dates = {name for name, field in form.fields.items() if isinstance(field, DateField)}

    def anchor(problem: dict) -> str | None:
        field = problem.get("field")
        if not field:
            return ""
        return None if field in dates or field == "__all__" else _anchor(field)

    return anchor


def form_error_items(form) -> list[dict]:
    return error_items(form, anchors=_form_anchor(form))


def form_field_errors(form) -> dict[str, str]:
    """The first error of each field, keyed by the id of its input."""
    return {_anchor(name): message for name, message in field_messages(form).items()}


def _attach_dates(form, error: DomainError, *, fields: dict | None = None) -> None:
    """A refusal about a date shown by its date input (the other fields show `field_errors`)."""
    dates = {name for name, field in form.fields.items() if isinstance(field, DateField)}
    for problem in problems_of(error):
        name = (fields or {}).get(problem.get("field"), problem.get("field"))
        if name in dates:
            form.add_error(name, problem["message"])


def refusal(error: DomainError, *, anchors: dict | None = None) -> dict:
    """A service's refusal as the page's error summary and the message by each field."""
    return {"errors": error_items(error, anchors=anchors), "field_errors": field_messages(error)}


def _file(field_file, name: str) -> FileResponse:
    return FileResponse(field_file.open("rb"), as_attachment=True, filename=name)
