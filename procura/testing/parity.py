"""One check that a page and the API refuse the same bad value the same way (issue 7; ADR 0007).

`assert_same_refusal(code, page=..., api=..., unchanged=...)` makes the page's POST and the API
request (each a function of no arguments returning a response), and asserts that:

- the page answers 400 with `code` among its error summary's items (the `errors` the page was
  rendered with, each `{message, href, field, code, section}`), linked to the refusal's field
  when it has one;
- the API answers `status` with `{"code": code, ...}`;
- nothing changed on either side (the audit-event and e-mail counts and everything named in
  `unchanged`, as `procura.testing.refusals` compares them).

Returns the page's item and the API's body, for further assertions (the same message, field).
"""

from collections.abc import Callable

from django.test import TestCase

from procura.core.govuk import error_items

from .refusals import snapshot


def page_items(response) -> list[dict]:
    """The items of a page's error summary: the `errors` it was rendered with or, on a page that
    shows its form's errors through the `govuk_errors` filter, the form's."""
    items = response.context.get("errors")
    if not items and response.context.get("form") is not None:
        items = error_items(response.context["form"])
    return list(items or [])


def page_codes(response) -> list[str]:
    """The codes behind a page's error summary."""
    return [item["code"] for item in page_items(response)]


def assert_same_refusal(
    code: str,
    *,
    page: Callable,
    api: Callable,
    status: int = 400,
    unchanged=(),
) -> tuple[dict, dict]:
    before = snapshot(unchanged)
    with TestCase.captureOnCommitCallbacks(execute=True):
        page_response = page()
    assert page_response.status_code == 400, page_response.content[:2000]
    items = page_items(page_response)
    assert code in [i["code"] for i in items], items
    item = next(i for i in items if i["code"] == code)
    assert snapshot(unchanged) == before, "the refused page changed something"

    with TestCase.captureOnCommitCallbacks(execute=True):
        api_response = api()
    assert api_response.status_code == status, api_response.content
    body = api_response.json()
    assert body["code"] == code, body
    assert snapshot(unchanged) == before, "the refused API request changed something"

    if body.get("field") and item["field"]:
        # The page may name its input otherwise than the API's field (a date input `deadline`
        # for the API's `tender_deadline`); what matters is that the refusal links to it.
        assert item["href"], "the refusal on the page links to no field"
    return item, body
