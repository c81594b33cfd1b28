"""Each rule of entering into a contract gives the same code from the signature page and from the
API, and nothing changes either way (issue 7 §1; ADR 0007)."""

from datetime import date

import pytest
import time_machine
from django.test import Client

from procura.testing.client import Api
from procura.testing.parity import assert_same_refusal

from .factories import FIRST_DAY_AFTER, in_standstill, record_of

pytestmark = pytest.mark.django_db

SIGNED, START, END = date(2027, 1, 6), date(2027, 2, 1), date(2029, 1, 31)

# Each rule: the bad dates (date_signed, start_date, end_date) that break it, and the field.
RULES = {
    "standstill_not_ended": ({"date_signed": date(2027, 1, 5)}, "date_signed"),
    "date_signed_in_future": ({"date_signed": date(2027, 1, 7)}, "date_signed"),
    "end_before_start": ({"end_date": date(2027, 1, 31)}, "end_date"),
    # An end date past the initial term (here also past the framework's 4 years) contradicts the
    # term the tender notice gave, which is checked first.
    "end_date_contradicts_term": ({"end_date": date(2031, 2, 1)}, "end_date"),
}


def _page_dates(values: dict) -> dict:
    data = {}
    for name, day in values.items():
        data |= {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}
    return data


@pytest.mark.parametrize("code", list(RULES))
def test_entering_into_the_contract_page_and_api_refuse_with_the_same_code(tender_box, code):
    changes, field = RULES[code]
    values = {"date_signed": SIGNED, "start_date": START, "end_date": END} | changes
    e = in_standstill(tender_box)
    pk = e.procurement.pk

    with time_machine.travel(FIRST_DAY_AFTER, tick=False):
        browser = Client()
        browser.force_login(e.buyer)
        client = Api(e.buyer)
        item, body = assert_same_refusal(
            code,
            page=lambda: browser.post(f"/contracts/enter/{pk}/", _page_dates(values)),
            api=lambda: client.post(
                "/api/v1/contracts",
                {"procurement_id": pk, **{k: v.isoformat() for k, v in values.items()}},
            ),
            unchanged=lambda: record_of(e.procurement),
        )

    assert item["message"] == body["message"]
    assert body.get("field") == field
    if field:
        assert item["href"] == f"#{field}-day"
