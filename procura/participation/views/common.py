"""Helpers shared by the participation pages: the sign-in wrapper, error anchors and refusals."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse

from procura.core.errors import DomainError
from procura.core.govuk import DateField, error_items, field_messages, post_form
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


def form_field_errors(form) -> dict[str, str]:
    """The first error of each field, keyed by the id of its input."""
    return {_anchor(name): message for name, message in field_messages(form).items()}


def item_messages(items: list[dict]) -> dict[str, str]:
    """The first message of the error summary's items for each field, keyed by the id of its
    input (a refusal's problems included, whether or not the form has the field)."""
    found: dict[str, str] = {}
    for item in items:
        if item.get("field") and item["field"] != "__all__":
            found.setdefault(_anchor(item["field"]), item["message"])
    return found


def form_page(request, form, call, *, success, render_page, anchors=None, fields=None):
    """A form on a participation page, through `post_form`: `success(result)` answers after the
    one service; otherwise `render_page(context, status)`, the context holding the error summary
    (`errors`) and the message by each input (`field_errors`)."""

    def page(*, errors, status):
        return render_page({"errors": errors, "field_errors": item_messages(errors)}, status)

    return post_form(
        request,
        form,
        call,
        success=success,
        page=page,
        anchors=anchors or _form_anchor(form),
        fields=fields,
    )


def refusal(error: DomainError, *, anchors: dict | None = None) -> dict:
    """A service's refusal as the page's error summary and the message by each field."""
    return {"errors": error_items(error, anchors=anchors), "field_errors": field_messages(error)}


def _file(field_file, name: str) -> FileResponse:
    return FileResponse(field_file.open("rb"), as_attachment=True, filename=name)
