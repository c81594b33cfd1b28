"""A light touch contract has no mandatory standstill (Procurement Act 2023 s.51(3)(f)); its award
notice may provide for a voluntary one, which then binds the authority (s.51(4)-(5)); issue 8
item 4. The award notice (UK6) is published on Find a Tender on Monday 21 December 2026
(`factories.UK6_PUBLISHED`); a standstill from it would end on Tuesday 5 January 2027."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client

from procura.contracts import services
from procura.contracts.models import FrameworkAgreement
from procura.evaluation.models import AwardDecision
from procura.notices.tests.schema import schema_errors, strict_format_checker
from procura.procurements.states import Status
from procura.testing.client import Api
from procura.testing.parity import assert_same_refusal
from procura.testing.refusals import assert_api_refused, assert_refused

from .factories import (
    FIRST_DAY_AFTER,
    LAST_DAY_OF_STANDSTILL,
    UK6_PUBLISHED,
    in_standstill,
    record_of,
)

pytestmark = pytest.mark.django_db

LIGHT_TOUCH = {"tendering_facts": {"light_touch": True}}
PUBLISHED_DAY = date(2026, 12, 21)
LATER_THAT_DAY = datetime(2026, 12, 21, 16, 0, tzinfo=UTC)


def _enter(e, *, signed, start=date(2027, 2, 1), end=date(2029, 1, 31)):
    return services.enter_into_contract(
        actor=e.buyer, procurement=e.procurement, date_signed=signed, start_date=start, end_date=end
    )


def _decision(e) -> AwardDecision:
    return AwardDecision.objects.get(procurement=e.procurement, award_notice__isnull=False)


# --- Signature ---------------------------------------------------------------------------------


@pytest.mark.parametrize("at", [LATER_THAT_DAY, FIRST_DAY_AFTER])
def test_a_light_touch_contract_without_a_standstill_is_entered_into_the_day_it_is_published(
    tender_box, at
):
    e = in_standstill(tender_box, **LIGHT_TOUCH)
    decision = _decision(e)
    assert decision.voluntary_standstill is False
    assert (decision.standstill_first_day, decision.standstill_last_day) == (None, None)
    assert decision.earliest_entry_date == PUBLISHED_DAY

    with time_machine.travel(at, tick=False):
        made = _enter(e, signed=PUBLISHED_DAY)

    assert isinstance(made, FrameworkAgreement)
    assert e.refresh().status == Status.CONTRACT_SIGNED
    # Its contract details notice is due within 120 days, not 30 (s.53(1)(a)).
    assert made.contract_details_notice_due == date(2027, 4, 19)


def test_a_light_touch_contract_cannot_be_signed_the_day_before_its_notice_was_published(
    tender_box,
):
    e = in_standstill(tender_box, **LIGHT_TOUCH)
    with time_machine.travel(LATER_THAT_DAY, tick=False):
        error = assert_refused(
            "award_notice_not_published",
            lambda: _enter(e, signed=date(2026, 12, 20)),
            unchanged=lambda: record_of(e.procurement),
        )
    assert error.field == "date_signed"
    assert error.section == "Procurement Act 2023 s.50(1); Procurement Regulations 2024 reg 5(4)"


def test_a_light_touch_contract_waits_for_its_notice_to_be_published_on_find_a_tender(tender_box):
    e = in_standstill(tender_box, published=False, **LIGHT_TOUCH)
    with time_machine.travel(LATER_THAT_DAY, tick=False):
        assert_refused(
            "award_notice_not_published",
            lambda: _enter(e, signed=PUBLISHED_DAY),
            unchanged=lambda: record_of(e.procurement),
        )


@pytest.mark.parametrize(
    ("facts", "voluntary"),
    [
        pytest.param(LIGHT_TOUCH, True, id="light-touch-voluntary"),
        pytest.param({}, False, id="not-light-touch"),
        pytest.param({}, True, id="not-light-touch-asking-for-one"),
    ],
)
def test_a_standstill_binds_until_its_end(tender_box, facts, voluntary):
    e = in_standstill(tender_box, voluntary_standstill=voluntary, **facts)
    decision = _decision(e)
    # Only a light touch contract's standstill is voluntary; for any other it is mandatory.
    assert decision.voluntary_standstill is (voluntary and bool(facts))
    assert decision.standstill_last_day == date(2027, 1, 5)
    assert decision.earliest_entry_date == date(2027, 1, 6)

    with time_machine.travel(LAST_DAY_OF_STANDSTILL, tick=False):
        for signed in (PUBLISHED_DAY, date(2027, 1, 5)):
            assert_refused(
                "standstill_not_ended",
                lambda signed=signed: _enter(e, signed=signed),
                unchanged=lambda: record_of(e.procurement),
            )
    with time_machine.travel(FIRST_DAY_AFTER, tick=False):
        made = _enter(e, signed=date(2027, 1, 6))
    assert e.refresh().status == Status.CONTRACT_SIGNED
    # 120 days for a light touch contract (s.53(1)(a)), 30 for others (s.53(1)(b)).
    assert made.contract_details_notice_due == (date(2027, 5, 5) if facts else date(2027, 2, 4))


# --- The award notice (UK6) --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "voluntary", "standstill"),
    [
        pytest.param(LIGHT_TOUCH, False, None, id="light-touch"),
        pytest.param(
            LIGHT_TOUCH,
            True,
            {"startDate": "2026-12-21T00:00:00+00:00", "endDate": "2027-01-05T23:59:59+00:00"},
            id="light-touch-voluntary",
        ),
        pytest.param(
            {},
            False,
            {"startDate": "2026-12-21T00:00:00+00:00", "endDate": "2027-01-05T23:59:59+00:00"},
            id="not-light-touch",
        ),
    ],
)
def test_the_award_notice_states_the_standstill_only_when_there_is_one(
    tender_box, facts, voluntary, standstill
):
    e = in_standstill(tender_box, voluntary_standstill=voluntary, **facts)
    release = _decision(e).award_notice.release

    assert release["awards"]
    for award in release["awards"]:
        assert award.get("standstillPeriod") == standstill
        (milestone,) = award["milestones"]
        assert milestone["type"] == "futureSignatureDate"
        expected = "2026-12-21" if standstill is None else "2027-01-06"
        assert milestone["dueDate"].startswith(expected)
    assert schema_errors(release) == []
    assert schema_errors(release, format_checker=strict_format_checker()) == []


# --- Page and API ------------------------------------------------------------------------------


def _ready_for_award_notice(tender_box, **fields):
    from procura.evaluation.tests import factories as evaluation

    with time_machine.travel(datetime(2026, 12, 18, 15, 0, tzinfo=UTC), tick=False):
        e = evaluation.evaluation(tender_box, evaluators=1, **fields)
        evaluation.summaries_sent(e)
    return e


@pytest.mark.parametrize("voluntary", [False, True])
def test_the_page_and_the_api_record_the_buyers_choice(tender_box, voluntary):
    page_e = _ready_for_award_notice(tender_box, **LIGHT_TOUCH)
    api_e = _ready_for_award_notice(tender_box, **LIGHT_TOUCH)
    with time_machine.travel(UK6_PUBLISHED, tick=False):
        browser = Client()
        browser.force_login(page_e.buyer)
        page = browser.get(f"/procurements/{page_e.procurement.pk}/evaluation/")
        assert b'name="voluntary_standstill"' in page.content
        response = browser.post(
            f"/procurements/{page_e.procurement.pk}/evaluation/award-notice/",
            {"voluntary_standstill": "on"} if voluntary else {},
        )
        assert response.status_code == 302
        answer = Api(api_e.buyer).post(
            f"/api/v1/procurements/{api_e.procurement.pk}/award-notice",
            {"voluntary_standstill": voluntary},
        )
        assert answer.status_code == 201, answer.content
    assert _decision(page_e).voluntary_standstill is voluntary
    assert _decision(api_e).voluntary_standstill is voluntary
    assert ("standstillPeriod" in answer.json()["release"]["awards"][0]) is voluntary
    (decision,) = (
        Api(api_e.buyer).get(f"/api/v1/procurements/{api_e.procurement.pk}/award-decisions").json()
    )
    assert decision["voluntary_standstill"] is voluntary


def test_the_page_offers_no_choice_for_a_contract_whose_standstill_is_mandatory(tender_box):
    e = _ready_for_award_notice(tender_box)
    browser = Client()
    browser.force_login(e.buyer)
    page = browser.get(f"/procurements/{e.procurement.pk}/evaluation/")
    assert page.status_code == 200
    assert b"Prepare the contract award notice" in page.content
    assert b'name="voluntary_standstill"' not in page.content


def _page_dates(values: dict) -> dict:
    data = {}
    for name, day in values.items():
        data |= {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}
    return data


@pytest.mark.parametrize(
    ("voluntary", "signed", "code"),
    [
        (False, date(2026, 12, 20), "award_notice_not_published"),
        (True, date(2027, 1, 5), "standstill_not_ended"),
    ],
)
def test_signature_page_and_api_refuse_with_the_same_code(tender_box, voluntary, signed, code):
    e = in_standstill(tender_box, voluntary_standstill=voluntary, **LIGHT_TOUCH)
    pk = e.procurement.pk
    values = {"date_signed": signed, "start_date": date(2027, 2, 1), "end_date": date(2029, 1, 31)}
    with time_machine.travel(LAST_DAY_OF_STANDSTILL, tick=False):
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
    assert body["field"] == "date_signed"


def test_a_second_award_notice_is_refused_and_changes_nothing_not_even_the_choice(tender_box):
    e = in_standstill(tender_box, published=False, **LIGHT_TOUCH)
    with time_machine.travel(LATER_THAT_DAY, tick=False):
        assert_api_refused(
            400,
            "award_notice_already_published",
            Api(e.buyer).post,
            f"/api/v1/procurements/{e.procurement.pk}/award-notice",
            {"voluntary_standstill": True},
            unchanged=AwardDecision,
        )
    assert _decision(e).voluntary_standstill is False
