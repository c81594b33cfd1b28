"""Procurement references: PRC-<year>-<number>, one more than the highest given, unique even when a
draft in the middle is gone or two buyers create at the same moment."""

import threading
from datetime import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import close_old_connections, connection

from procura.accounts.states import Role
from procura.accounts.tests.factories import OrganisationFactory, member
from procura.core import clock
from procura.procurements import services
from procura.procurements.models import Procurement
from procura.procurements.states import Procedure

MONDAY_2_FEB_2026 = datetime(2026, 2, 2, 9, 0, tzinfo=clock.LONDON)

FIELDS = {
    "title": "Value-added reseller framework",
    "description": "Technology hardware and software.",
    "cpv_codes": ["30200000"],
    "procedure": Procedure.COMPETITIVE_FLEXIBLE,
    "estimated_value_excl_vat": Decimal("210000000.00"),
    "estimated_value_incl_vat": Decimal("252000000.00"),
    "is_framework": True,
    "max_framework_suppliers": 2,
    "framework_term_months": 24,
    "extension_options_months": [12, 12],
}


def _create(buyer, authority) -> Procurement:
    with time_machine.travel(MONDAY_2_FEB_2026, tick=False):
        return services.create_procurement(actor=buyer, authority=authority, **FIELDS)


@pytest.mark.django_db
def test_after_a_draft_in_the_middle_is_deleted_the_next_reference_is_still_new():
    # Given three drafts, and the second one deleted (nothing of a draft is public)
    mps = OrganisationFactory()
    buyer = member(mps, Role.BUYER)
    first, second, third = (_create(buyer, mps) for _ in range(3))
    Procurement.objects.filter(pk=second.pk).delete()

    # When
    fourth = _create(buyer, mps)

    # Then
    assert [first.reference, third.reference, fourth.reference] == [
        "PRC-2026-0001",
        "PRC-2026-0003",
        "PRC-2026-0004",
    ]
    assert fourth.ocid == "ocds-prcura-prc-2026-0004"


@pytest.mark.django_db
def test_numbers_are_compared_as_numbers_past_9999_and_years_do_not_mix():
    # Given the 9,999th procurement of 2026 and one of 2025
    mps = OrganisationFactory()
    buyer = member(mps, Role.BUYER)
    for reference in ("PRC-2026-9999", "PRC-2025-0412"):
        made = _create(buyer, mps)
        Procurement.objects.filter(pk=made.pk).update(
            reference=reference, ocid=f"ocds-prcura-{reference.lower()}"
        )

    # When
    ten_thousandth, next_one = _create(buyer, mps), _create(buyer, mps)

    # Then
    assert (ten_thousandth.reference, next_one.reference) == ("PRC-2026-10000", "PRC-2026-10001")


# serialized_rollback: the flush after the test then leaves the database empty for the next
# transactional test to reload as the migrations left it (content types, the audit chain head).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_buyers_creating_at_the_same_moment_get_two_different_references():
    # Given two authorities' buyers, released together
    mps, staffs = OrganisationFactory(), OrganisationFactory()
    buyers = [(member(mps, Role.BUYER), mps), (member(staffs, Role.BUYER), staffs)]
    barrier = threading.Barrier(len(buyers))
    results = [None] * len(buyers)

    def create(position, buyer, authority):
        try:
            barrier.wait()
            results[position] = _create(buyer, authority).reference
        except Exception as problem:  # noqa: BLE001 - reported to the test, which asserts on it
            results[position] = problem
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=create, args=(position, buyer, authority))
        for position, (buyer, authority) in enumerate(buyers)
    ]

    # When
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # Then both were created, with the next two numbers
    assert sorted(results) == ["PRC-2026-0001", "PRC-2026-0002"], results
    assert sorted(Procurement.objects.values_list("reference", flat=True)) == [
        "PRC-2026-0001",
        "PRC-2026-0002",
    ]
