"""Entering into the contract: the standstill, and the framework or contract it creates."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from procura.accounts.states import Role
from procura.accounts.tests.factories import OrganisationFactory, member
from procura.audit.models import AuditEvent
from procura.contracts import services
from procura.contracts.models import Contract, FrameworkAgreement
from procura.evaluation.tests import factories as evaluation
from procura.procurements.models import Procurement
from procura.procurements.states import Status
from procura.testing.refusals import assert_refused

from .factories import FIRST_DAY_AFTER, LAST_DAY_OF_STANDSTILL, in_standstill, record_of

pytestmark = pytest.mark.django_db


def _enter(e, *, signed=date(2027, 1, 6), start=date(2027, 2, 1), end=date(2029, 1, 31)):
    return services.enter_into_contract(
        actor=e.buyer, procurement=e.procurement, date_signed=signed, start_date=start, end_date=end
    )


def test_the_contract_cannot_be_entered_into_on_the_last_day_of_the_christmas_standstill(
    tender_box,
):
    e = in_standstill(tender_box)

    with time_machine.travel(LAST_DAY_OF_STANDSTILL, tick=False):
        error = assert_refused(
            "standstill_not_ended",
            lambda: _enter(e, signed=date(2027, 1, 5)),
            unchanged=lambda: record_of(e.procurement),
        )

    assert error.message == (
        "The standstill period ends at the end of Tuesday 5 January 2027: the contract can be "
        "entered into on or after Wednesday 6 January 2027, not on Tuesday 5 January 2027."
    )
    assert e.refresh().status == Status.STANDSTILL


def test_the_day_after_the_standstill_the_framework_is_entered_into_with_the_two_winners(
    tender_box,
):
    call_off = OrganisationFactory(name="Mayor's Office for Policing and Crime")
    e = in_standstill(tender_box)
    e.procurement.call_off_authorities.set([call_off])

    with time_machine.travel(FIRST_DAY_AFTER, tick=False):
        framework = _enter(
            e, signed=date(2027, 1, 6), start=date(2027, 2, 1), end=date(2029, 1, 31)
        )

    assert isinstance(framework, FrameworkAgreement)
    assert e.refresh().status == Status.CONTRACT_SIGNED
    assert [(s.supplier.name, s.rank) for s in framework.framework_suppliers.all()] == [
        ("Fernhill Networks Ltd", 1),
        ("Castlegate Digital Ltd", 2),
    ]
    assert framework.ceiling_incl_vat == Decimal("252000000.00")
    assert (framework.initial_term_months, framework.extension_options_months) == (24, [12, 12])
    assert framework.latest_end_date == date(2031, 1, 31)
    assert {c.authority.name for c in framework.call_off_entitlements.all()} == {
        "Metropolitan Police Service",
        "Mayor's Office for Policing and Crime",
    }
    # UK7: 30 days beginning with the day of entry (s.53(1)).
    assert framework.contract_details_notice_due == date(2027, 2, 4)
    entered, created = AuditEvent.objects.order_by("-sequence")[:2][::-1]
    assert (entered.event_type, entered.object_type, entered.before, entered.after["status"]) == (
        "contracts.entered_into",
        "procurements.procurement",
        {"status": "standstill"},
        "contract_signed",
    )
    assert created.event_type == "contracts.framework_created"
    assert created.after["uk7_due"] == "Thursday 4 February 2027"


def test_a_single_contract_is_entered_into_with_its_supplier_participants_and_value_range(
    tender_box,
):
    e = in_standstill(tender_box, make=evaluation.staffordshire_contract)

    with time_machine.travel(FIRST_DAY_AFTER, tick=False):
        contract = _enter(e, start=date(2027, 4, 1), end=date(2037, 3, 31))

    assert isinstance(contract, Contract)
    assert contract.supplier.name == "Fernhill Networks Ltd"
    assert contract.awarded_price_excl_vat == Decimal("2250000.00")
    assert (contract.value_range_min_incl_vat, contract.value_range_max_incl_vat) == (
        Decimal("150000000.00"),
        Decimal("450000000.00"),
    )
    assert {p.organisation.name for p in contract.contract_participants.all()} == {
        "Stoke-on-Trent City Council",
        "Staffordshire County Council",
    }
    assert contract.term_months == 120
    assert contract.contract_details_notice_due == date(2027, 2, 4)


def test_nothing_is_entered_into_before_the_award_notice_is_published(tender_box):
    e = evaluation.evaluation(tender_box, evaluators=1)
    evaluation.summaries_sent(e)

    assert_refused(
        "award_notice_not_published", lambda: _enter(e), unchanged=lambda: record_of(e.procurement)
    )


def test_a_signature_cannot_be_dated_in_the_future(tender_box):
    e = in_standstill(tender_box)

    with time_machine.travel(FIRST_DAY_AFTER, tick=False):
        assert_refused(
            "date_signed_in_future",
            lambda: _enter(e, signed=date(2027, 1, 7)),
            unchanged=lambda: record_of(e.procurement),
        )


def test_a_term_that_ends_before_it_starts_is_refused(tender_box):
    e = in_standstill(tender_box)

    with time_machine.travel(FIRST_DAY_AFTER, tick=False):
        assert_refused(
            "end_before_start",
            lambda: _enter(e, start=date(2027, 2, 1), end=date(2027, 1, 31)),
            unchanged=lambda: record_of(e.procurement),
        )


def test_a_framework_longer_than_four_years_with_its_extensions_is_refused(tender_box):
    e = in_standstill(tender_box)
    Procurement.objects.filter(pk=e.procurement.pk).update(framework_term_months=36)
    e.procurement.refresh_from_db()

    with time_machine.travel(FIRST_DAY_AFTER, tick=False):
        # 36 months + 24 months of extensions = 5 years, with no reasons given (s.47).
        assert_refused(
            "framework_term_too_long",
            lambda: _enter(e, start=date(2027, 2, 1), end=date(2030, 1, 31)),
            unchanged=lambda: record_of(e.procurement),
        )


def test_the_contract_is_entered_into_once(tender_box):
    e = in_standstill(tender_box)
    with time_machine.travel(FIRST_DAY_AFTER, tick=False):
        _enter(e)

        assert_refused(
            "already_entered_into", lambda: _enter(e), unchanged=lambda: record_of(e.procurement)
        )


def test_only_a_buyer_of_the_authority_records_the_signature(tender_box):
    e = in_standstill(tender_box)
    contract_manager = member(e.procurement.authority, Role.CONTRACT_MANAGER)

    with time_machine.travel(FIRST_DAY_AFTER, tick=False):
        assert_refused(
            "forbidden_action",
            lambda: services.enter_into_contract(
                actor=contract_manager,
                procurement=e.procurement,
                date_signed=date(2027, 1, 6),
                start_date=date(2027, 2, 1),
                end_date=date(2029, 1, 31),
            ),
            unchanged=lambda: record_of(e.procurement),
        )


@pytest.mark.parametrize(
    ("end", "code"),
    [
        (date(2029, 1, 31), None),  # 24 months from 1 February 2027
        (date(2029, 1, 30), "end_date_contradicts_term"),  # a day short
        (date(2029, 2, 1), "end_date_contradicts_term"),  # a day over
        (date(2031, 1, 31), "end_date_contradicts_term"),  # the latest end, with every option
    ],
)
def test_the_end_date_must_be_the_end_of_the_initial_term(tender_box, end, code):
    e = in_standstill(tender_box)

    with time_machine.travel(FIRST_DAY_AFTER, tick=False):
        if code is None:
            framework = _enter(e, end=end)
            assert (framework.initial_end_date, framework.latest_end_date) == (
                date(2029, 1, 31),
                date(2031, 1, 31),
            )
            return
        error = assert_refused(
            code,
            lambda: _enter(e, end=end),
            unchanged=lambda: record_of(e.procurement),
            section=None,
        )
    assert error.field == "end_date"
    assert error.details["expected_end_date"] == "2029-01-31"
    assert error.details["latest_end_date"] == "2031-01-31"
