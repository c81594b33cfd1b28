"""One way to show what went wrong: a form's errors or a service's refusal (`DomainError`) as the
GOV.UK error summary's items (each message linked to its field) and as the message by each field.

A refusal's problems are, in order of preference: `details["problems"]` (several rules broken,
each with its code, message, section and field), `details["errors"]` (`invalid_input`, each
field's problem), or the refusal itself (`message` on `field`).
"""

from collections.abc import Callable

from django import forms

from procura.core.errors import DomainError

from .fields import DateField

# Where an error links: a page passes `anchors`, a dict from field (or code) to the id of the
# element, or a function of the problem that returns the id (None for the default, "" for none).
Anchors = dict | Callable[[dict], str | None] | None


def problems_of(error: DomainError) -> list[dict]:
    """Each problem of a refusal: code, message, section, field."""
    details = error.details or {}
    if details.get("problems"):
        return [
            {"code": error.code, "section": None, "field": None} | dict(p)
            for p in details["problems"]
        ]
    if details.get("errors") and error.code == "invalid_input":
        return [
            {
                "code": error.code,
                "message": e["message"],
                "section": None,
                "field": None if e.get("field") in (None, "__all__") else e["field"],
            }
            for e in details["errors"]
        ]
    return [
        {
            "code": error.code,
            "message": error.message,
            "section": error.section,
            "field": error.field,
        }
    ]


def _anchor(anchors: Anchors, problem: dict) -> str | None:
    if callable(anchors):
        return anchors(problem)
    if anchors:
        for key in (problem.get("code"), problem.get("field")):
            if key in anchors:
                return anchors[key]
    return None


def _forms_of(source) -> list:
    if isinstance(source, forms.BaseForm):
        return [source]
    if isinstance(source, forms.BaseFormSet):
        return list(source.forms)
    return [f for item in source for f in _forms_of(item)]


def _form_items(form, anchors: Anchors) -> list[dict]:
    items = []
    for name, errors in form.errors.as_data().items():
        for error in errors:
            for message in error.messages:
                problem = {"code": error.code, "message": message, "field": name}
                anchor = _anchor(anchors, problem)
                if anchor is None and name == "__all__":
                    anchor = "main-content"
                elif anchor is None:
                    bound = form[name]
                    anchor = bound.auto_id or bound.html_name
                    if isinstance(form.fields[name], DateField):
                        # The date's first box (the date as a whole), or the time box.
                        part = "time" if (error.params or {}).get("part") == "time" else "day"
                        anchor = f"{anchor}-{part}"
                items.append(
                    {"message": message, "href": f"#{anchor}", "field": name, "code": error.code}
                )
    return items


def problem_items(problems: list[dict], *, anchors: Anchors = None, cite: bool = False):
    """The summary's items for a refusal's problems (`problems_of`)."""
    items = []
    for problem in problems:
        anchor = _anchor(anchors, problem)  # "" links nowhere
        if anchor is None:
            anchor = problem.get("field")
        section = problem.get("section") or ""
        cited = ""
        if cite and section and section not in problem["message"]:
            cited = f" ({section})"
        items.append(
            {
                "message": f"{problem['message']}{cited}",
                "href": f"#{anchor}" if anchor else "",
                "field": problem.get("field") or "",
                "code": problem.get("code"),
                "section": problem.get("section"),
            }
        )
    return items


def error_items(source, *, anchors: Anchors = None, cite: bool = False) -> list[dict]:
    """The error summary's items for a refusal, a form, a formset, or a list of these: each
    `{"message", "href", "field", "code", "section"}`. A refusal's problem links to `anchors`'
    id for its code or field, else to its field's id (`#<field>`), else nowhere; `cite` adds
    the section of the law to a message that does not already say it."""
    if isinstance(source, DomainError):
        return problem_items(problems_of(source), anchors=anchors, cite=cite)
    items = []
    if isinstance(source, forms.BaseFormSet):
        anchor = _anchor(anchors, {"field": "__all__"}) or "main-content"
        items += [
            {"message": e, "href": f"#{anchor}", "field": ""} for e in source.non_form_errors()
        ]
    for form in _forms_of(source):
        items += _form_items(form, anchors)
    return items


def field_messages(source) -> dict[str, str]:
    """The first message for each field of a refusal (or a form), keyed by field name."""
    if isinstance(source, DomainError):
        found = {}
        for problem in problems_of(source):
            if problem.get("field"):
                found.setdefault(problem["field"], problem["message"])
        return found
    return {name: errs[0] for name, errs in source.errors.items() if name != "__all__"}


def attach(form, error: DomainError, *, fields: dict | None = None, rest: bool = True):
    """A refusal on the form: each problem on the field it names (through `fields`, a map from
    the service's field name to the form's, where they differ); the others on the form as a
    whole (a formset: over the whole table), or, with `rest=False`, returned instead."""
    if isinstance(form, forms.BaseFormSet):
        messages = [p["message"] for p in problems_of(error)]
        form._non_form_errors = form.error_class([*form.non_form_errors(), *messages])
        return []
    unplaced = []
    for problem in problems_of(error):
        name = (fields or {}).get(problem.get("field"), problem.get("field"))
        if name not in form.fields and not rest:
            unplaced.append(problem)
            continue
        form.add_error(
            name if name in form.fields else None,
            forms.ValidationError(problem["message"], code=problem["code"]),
        )
    return unplaced
