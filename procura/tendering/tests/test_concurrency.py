"""Submissions in the last minutes before the deadline: when a tender counts as received, and
what several suppliers submitting at once may and may not do to each other.

A submission is judged at the moment it reached the service, not when it got its lock (s.54(2);
ADR 0003). On PostgreSQL different suppliers' submissions hold the procurement row only FOR SHARE,
so they run side by side; one supplier's own submissions still queue behind each other.
"""

import threading

import pytest
import time_machine
from django.db import close_old_connections, connection

from procura.audit.models import AuditEvent
from procura.core.errors import DomainError
from procura.procurements import services as procurement_services
from procura.procurements.states import Status
from procura.tendering import services
from procura.tendering.models import SealingKey, Tender, TenderFile, TenderQuestion
from procura.tendering.states import TenderStatus
from procura.tendering.tests.factories import (
    AFTER,
    BEFORE,
    answers_for,
    submit,
    tender_stage,
)


def _close_tendering(stage):
    with time_machine.travel(AFTER, tick=False):
        assert procurement_services.close_tendering(procurement=stage.procurement) is True
    stage.procurement.refresh_from_db()


@pytest.mark.django_db
def test_a_tender_that_arrived_before_the_deadline_is_stored_though_tendering_closed_meanwhile():
    """The scheduled job closed tendering while the submission waited for its lock: it arrived
    in time, so it is stored, sealed, with the time it arrived."""
    stage = tender_stage()
    submit(stage, stage.brightwell)  # the sealing key exists, as it would in a surge
    _close_tendering(stage)
    assert stage.procurement.status == Status.TENDERS_CLOSED

    receipt = submit(stage, at=BEFORE)

    tender = Tender.objects.get(reference=receipt.reference)
    assert tender.status == TenderStatus.SUBMITTED
    assert tender.submitted_at == BEFORE
    assert receipt.submitted_at == BEFORE


@pytest.mark.django_db
def test_a_tender_that_arrived_in_time_is_refused_once_the_tenders_have_been_opened():
    stage = tender_stage()
    submit(stage, stage.brightwell)
    _close_tendering(stage)
    for officer in (stage.buyer, stage.approver):
        with time_machine.travel(AFTER, tick=False):
            services.confirm_opening(actor=officer, procurement=stage.procurement)
    stage.procurement.refresh_from_db()
    assert stage.procurement.status == Status.EVALUATION
    tenders, events = (
        list(Tender.objects.values_list("reference", "status")),
        (AuditEvent.objects.count()),
    )

    with pytest.raises(DomainError) as refusal:
        submit(stage, at=BEFORE)

    assert refusal.value.code == "tendering_not_open"
    assert list(Tender.objects.values_list("reference", "status")) == tenders
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_a_question_is_refused_once_tendering_has_closed_even_before_the_deadline_clock():
    """Questions are not tenders: they need tendering still open."""
    stage = tender_stage()
    _close_tendering(stage)
    questions, events = TenderQuestion.objects.count(), AuditEvent.objects.count()

    with time_machine.travel(BEFORE, tick=False), pytest.raises(DomainError) as refusal:
        services.ask_question(
            actor=stage.albion_bid,
            procurement=stage.procurement,
            supplier=stage.albion,
            question="May we propose an alternative delivery schedule?",
        )

    assert refusal.value.code == "tendering_not_open"
    assert (TenderQuestion.objects.count(), AuditEvent.objects.count()) == (questions, events)


def _in_threads(calls):
    """Run each call in its own thread with its own database connection, released together;
    returns what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(position, call):
        try:
            barrier.wait()
            with time_machine.travel(BEFORE, tick=False):
                results[position] = call()
        except Exception as problem:  # noqa: BLE001 - reported to the test, which asserts on it
            results[position] = problem
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=run, args=(position, call)) for position, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _submission(stage, supplier, bid, price):
    return lambda: services.submit_tender(
        actor=bid,
        procurement=stage.procurement,
        supplier=supplier,
        price=price,
        answers=answers_for(stage),
        files=[services.UploadedDocument("pricing.xlsx", f"{supplier.name} {price}".encode())],
    )


# serialized_rollback: the flush after the test then leaves the database empty for the next
# transactional test to reload as the migrations left it (content types, the audit chain head).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_suppliers_submitting_at_once_each_get_their_tender_stored_and_none_is_lost():
    stage = tender_stage()
    submit(stage, stage.brightwell, price="900000.00")  # the first submission makes the key

    results = _in_threads(
        [
            _submission(stage, stage.albion, stage.albion_bid, "1000000.00"),
            _submission(stage, stage.brightwell, stage.brightwell_bid, "950000.00"),
            _submission(stage, stage.albion, stage.albion_bid, "990000.00"),
        ]
    )

    assert [type(result).__name__ for result in results] == ["TenderReceipt"] * 3, results
    live = Tender.objects.filter(status=TenderStatus.SUBMITTED)
    assert sorted(live.values_list("supplier__name", "version")) == [
        ("Albion Technology Ltd", 2),
        ("Brightwell Systems Ltd", 2),
    ]
    assert sorted(
        Tender.objects.filter(supplier=stage.albion).values_list("version", "status")
    ) == [(1, TenderStatus.SUPERSEDED), (2, TenderStatus.SUBMITTED)]
    assert SealingKey.objects.count() == 1
    assert TenderFile.objects.count() == 3  # the first had no file
