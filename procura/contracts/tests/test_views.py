"""The signature page and the framework agreement and contract pages."""

import html
import re

import pytest
import time_machine
from django.test import Client

from procura.accounts.states import Role
from procura.accounts.tests.factories import member
from procura.contracts.models import FrameworkAgreement

from .factories import FIRST_DAY_AFTER, LAST_DAY_OF_STANDSTILL, in_standstill, record_of

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    page = response.content.decode()
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def _dates(signed_day, signed_month="1"):
    return {
        "date_signed-day": signed_day,
        "date_signed-month": signed_month,
        "date_signed-year": "2027",
        "start_date-day": "1",
        "start_date-month": "2",
        "start_date-year": "2027",
        "end_date-day": "31",
        "end_date-month": "1",
        "end_date-year": "2029",
    }


def test_the_signature_page_refuses_the_last_day_of_standstill_and_accepts_the_next(tender_box):
    e = in_standstill(tender_box)
    url = f"/contracts/enter/{e.procurement.pk}/"

    with time_machine.travel(LAST_DAY_OF_STANDSTILL, tick=False):
        client = Client()
        client.force_login(e.buyer)
        page = client.get(url)
        assert "The standstill period ends at the end of Tuesday 5 January 2027." in _text(page)
        before = record_of(e.procurement)
        refused = client.post(url, _dates("5"))
        assert record_of(e.procurement) == before
    with time_machine.travel(FIRST_DAY_AFTER, tick=False):
        client.force_login(e.buyer)
        accepted = client.post(url, _dates("6"))
        framework_page = client.get(accepted.url)

    assert refused.status_code == 400
    assert (
        "The standstill period ends at the end of Tuesday 5 January 2027: the contract can be "
        "entered into on or after Wednesday 6 January 2027, not on Tuesday 5 January 2027."
    ) in _text(refused)
    framework = FrameworkAgreement.objects.get()
    assert accepted.url == f"/contracts/frameworks/{framework.pk}/"
    assert "Fernhill Networks Ltd (ranked 1)" in _text(framework_page)
    assert "Thursday 4 February 2027" in _text(framework_page)


def test_a_date_that_is_not_a_real_date_is_shown_in_the_error_summary(tender_box):
    e = in_standstill(tender_box)
    with time_machine.travel(FIRST_DAY_AFTER, tick=False):
        client = Client()
        client.force_login(e.buyer)
        response = client.post(f"/contracts/enter/{e.procurement.pk}/", _dates("32"))

    assert response.status_code == 400
    assert "Enter the date the contract was signed as a real date, for example 6 1 2027" in (
        _text(response)
    )


def test_only_the_authoritys_buyers_reach_the_signature_page(tender_box):
    e = in_standstill(tender_box)
    with time_machine.travel(FIRST_DAY_AFTER, tick=False):
        client = Client()
        client.force_login(member(e.procurement.authority, Role.EVALUATOR))

        assert client.get(f"/contracts/enter/{e.procurement.pk}/").status_code == 404
