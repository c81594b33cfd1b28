"""One way for a page to take a form: bind, check its shape, call the service, and on a refusal
show it on the form with the GOV.UK error summary (status 400, which htmx swaps in, base.html)."""

from collections.abc import Callable

from django.http import HttpResponse

from procura.core.errors import DomainError, NotFound

from .errors import Anchors, attach, error_items, problem_items


def is_htmx(request) -> bool:
    """An htmx request (it wants the fragment, not the whole page)."""
    return request.headers.get("HX-Request") == "true"


def post_form(
    request,
    form,
    call: Callable,
    *,
    success: Callable[[object], HttpResponse],
    page: Callable[..., HttpResponse],
    anchors: Anchors = None,
    fields: dict | None = None,
    invalid_status: int = 400,
) -> HttpResponse:
    """On a GET, `page(errors=[], status=200)`. On a POST: a form of the right shape is passed
    to `call(form)` (the one service) and its result to `success`; a refusal (`DomainError`,
    never `NotFound`, which stays a 404) is attached to the form's fields (`attach`; a problem
    with no field of the form is listed in the summary only) and the page is shown again with
    `page(errors=..., status=400)`, nothing changed. A page that has always answered bad input
    with another status (the demo clock's 200) passes it as `invalid_status`."""
    if request.method != "POST":
        return page(errors=[], status=200)
    unplaced = []
    if form.is_valid():
        try:
            result = call(form)
        except NotFound:
            raise
        except DomainError as error:
            unplaced = attach(form, error, fields=fields, rest=False)
        else:
            return success(result)
    errors = error_items(form, anchors=anchors) + problem_items(unplaced, anchors=anchors)
    return page(errors=errors, status=invalid_status if errors else 200)
