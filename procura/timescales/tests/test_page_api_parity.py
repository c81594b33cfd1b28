"""The Timescales page and the timescales API take and refuse the same dates (issue 7 §1;
ADR 0007). The calculators refuse nothing but the shape of a date: a date outside the years a
date may be in (`procura.core.specs.YEARS`) is refused by both, the page with the field's
message by the date input (a shape error has no domain code on a page), the API with 422
`invalid_input` naming the parameter; a date inside them is answered by both."""

from datetime import date

import pytest

from procura.core import specs
from procura.testing.client import Api

FIRST, LAST = specs.YEARS


@pytest.mark.parametrize(
    ("day", "refused"),
    [
        (date(FIRST - 1, 12, 31), True),
        (date(FIRST, 1, 1), False),
        (date(LAST, 12, 31), False),
        (date(LAST + 1, 1, 1), True),
    ],
    ids=["day-before-first-year", "first-day", "last-day", "day-after-last-year"],
)
def test_the_page_and_the_api_take_and_refuse_the_same_dates(client, day, refused):
    page = client.get(
        "/timescales/", {"date-day": day.day, "date-month": day.month, "date-year": day.year}
    )
    api = Api().get("/api/v1/timescales/all", reference=day.isoformat())

    if refused:
        assert page.status_code == 400
        items = page.context["errors"]
        assert [(i["field"], i["href"]) for i in items] == [("date", "#date-day")]
        assert items[0]["message"] == f"The year must be between {FIRST} and {LAST}"
        assert api.status_code == 422
        assert (api.json()["code"], api.json()["field"]) == ("invalid_input", "reference")
    else:
        assert page.status_code == 200
        assert api.status_code == 200
        assert len(api.json()) == len(page.context["results"])
