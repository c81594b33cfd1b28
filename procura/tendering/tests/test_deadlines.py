"""The tender deadline closes when it passes, not when the scheduled job runs (s.54(2)): each
window of the tender stage one second before and one second after it, the job never run."""

import json
from datetime import timedelta

import pytest
import time_machine

from procura.procurements.states import Status
from procura.tendering import services
from procura.tendering.models import Tender, TenderQuestion
from procura.tendering.tests.factories import (
    DEADLINE,
    answers_for,
    confirm,
    record_of,
    submit,
    tender_stage,
)
from procura.testing.client import Api
from procura.testing.refusals import assert_refused

pytestmark = pytest.mark.django_db

ONE_BEFORE, ONE_AFTER = DEADLINE - timedelta(seconds=1), DEADLINE + timedelta(seconds=1)


def test_a_tender_one_second_before_the_deadline_is_sealed():
    stage = tender_stage()

    receipt = submit(stage, at=ONE_BEFORE)

    assert receipt.submitted_at == ONE_BEFORE
    assert Tender.objects.count() == 1


def test_a_tender_one_second_after_the_deadline_is_refused_without_the_job():
    stage = tender_stage()

    assert_refused(
        "tender_deadline_passed",
        lambda: submit(stage, at=ONE_AFTER),
        unchanged=lambda: record_of(stage),
        section="Procurement Act 2023 s.54(2)",
    )
    assert stage.procurement.status == Status.TENDERING_OPEN


@pytest.mark.parametrize("when, status", [(ONE_BEFORE, 201), (ONE_AFTER, 400)])
def test_a_tender_through_the_api_is_judged_against_the_clock(when, status):
    # Given the job has not run
    stage = tender_stage()
    api = Api(stage.albion_bid)
    before = record_of(stage)
    body = {"price": "1250000.00", "answers": {str(k): v for k, v in answers_for(stage).items()}}

    # When
    with time_machine.travel(when, tick=False):
        response = api.multipart(
            f"/api/v1/procurements/{stage.procurement.pk}/tender", {"tender": json.dumps(body)}
        )

    # Then
    assert response.status_code == status, response.content
    if status == 400:
        assert response.json()["code"] == "tender_deadline_passed"
        assert record_of(stage) == before
    else:
        assert Tender.objects.get().supplier == stage.albion


@pytest.mark.parametrize("when, accepted", [(ONE_BEFORE, True), (ONE_AFTER, False)])
def test_a_clarification_question_is_judged_against_the_clock(when, accepted):
    stage = tender_stage()

    def ask():
        return services.ask_question(
            actor=stage.albion_bid,
            procurement=stage.procurement,
            supplier=stage.albion,
            question="Is delivery to every borough included?",
        )

    if accepted:
        with time_machine.travel(when, tick=False):
            ask()
        assert TenderQuestion.objects.get().asked_at == ONE_BEFORE
    else:
        assert_refused("tender_deadline_passed", ask, unchanged=lambda: record_of(stage), at=when)


def test_the_opening_panel_cannot_confirm_one_second_before_the_deadline():
    stage = tender_stage()
    submit(stage)

    assert_refused(
        "tender_deadline_not_passed",
        lambda: services.confirm_opening(actor=stage.buyer, procurement=stage.procurement),
        unchanged=lambda: record_of(stage),
        at=ONE_BEFORE,
    )


def test_the_opening_panel_confirms_one_second_after_the_deadline_without_the_job():
    stage = tender_stage()
    submit(stage)

    outcome = confirm(stage, stage.buyer, at=ONE_AFTER)

    stage.procurement.refresh_from_db()
    assert (outcome.confirmations, stage.procurement.status) == (1, Status.TENDERS_CLOSED)
    assert stage.procurement.tenders_closed_at == ONE_AFTER
