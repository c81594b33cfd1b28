"""Modifying the lots of a published procurement within what s.31 allows: the rules, the
service, the revised tender notice, the API and the modify page.

A lot is known by its number: its title, description, CPV codes, values and (framework) number
of suppliers may change; lots may be added or removed, and the limits on lots per supplier
changed, only while a substantial modification is allowed. Every refusal carries its code and
section and changes nothing: not a lot, not a field, not a notice, not an audit event.
"""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail

from procura.audit.models import AuditEvent
from procura.notices.models import Notice
from procura.notices.tests.schema import schema_errors, strict_format_checker
from procura.procurements import rules, selectors
from procura.procurements.events import ProcurementEvent
from procura.procurements.models import AwardCriterion, Clarification, Lot, Procurement
from procura.procurements.states import Procedure, Status
from procura.procurements.tests.factories import MetFrameworkFactory, with_lots
from procura.procurements.tests.modifying import (
    FRIDAY_27_FEB_NOON,
    MONDAY_2_FEB_2026,
    REASON,
    TIME_LIMITS,
    closed_for_participation,
    last_sequence,
    lots_form_data,
    modification_body,
    modify,
    modify_form,
    new_events,
    published,
    tender_notices,
)
from procura.procurements.tests.pages import error_links, signed_in, text
from procura.tendering.models import Tender
from procura.tendering.tests.factories import BEFORE, submit, tender_stage
from procura.testing.client import Api
from procura.testing.refusals import assert_refused

pytestmark = pytest.mark.django_db

D = Decimal
ACT = "Procurement Act 2023"
BASE = "/api/v1/procurements"


@pytest.fixture
def traveller():
    """9am on Monday 2 February 2026, standing still until a test moves it."""
    with time_machine.travel(MONDAY_2_FEB_2026, tick=False) as traveller:
        yield traveller


@pytest.fixture
def met(traveller) -> Procurement:
    """The Met's VAR framework divided into hardware (£140m) and software (£70m), the whole
    £210m estimate, published: requests to participate until 27 February."""
    procurement = MetFrameworkFactory(participation_deadline=FRIDAY_27_FEB_NOON)
    with_lots(procurement)
    return published(procurement)


def lots(procurement: Procurement) -> list[dict]:
    """The procurement's lots as a modification sends them."""
    return [
        {
            "number": lot.number,
            "title": lot.title,
            "description": lot.description,
            "estimated_value_excl_vat": lot.estimated_value_excl_vat,
            "estimated_value_incl_vat": lot.estimated_value_incl_vat,
            "cpv_codes": lot.cpv_codes,
            "max_framework_suppliers": lot.max_framework_suppliers,
        }
        for lot in procurement.lots.all()
    ]


def changed_lot(procurement: Procurement, number: str, **fields) -> list[dict]:
    """The procurement's lots with lot `number` changed."""
    return [lot | fields if lot["number"] == number else lot for lot in lots(procurement)]


SUPPORT = {
    "number": "3",
    "title": "Support services",
    "description": "Installation, maintenance and the service desk.",
    "estimated_value_excl_vat": D("10000000.00"),
    "estimated_value_incl_vat": D("12000000.00"),
    "cpv_codes": ["72000000"],
    "max_framework_suppliers": None,
}


def state(procurement: Procurement) -> dict:
    """Everything a refused modification must leave as it was."""
    return {
        "row": Procurement.objects.filter(pk=procurement.pk).values().get(),
        "lots": list(Lot.objects.filter(procurement=procurement).order_by("pk").values()),
        "criteria": list(
            AwardCriterion.objects.filter(procurement=procurement).values_list("pk", "weight")
        ),
        "tenders": list(Tender.objects.values_list("pk", "lot_id", "status")),
        "notices": Notice.objects.count(),
        "clarifications": Clarification.objects.count(),
        "audit_events": AuditEvent.objects.count(),
        "emails": len(mail.outbox),
    }


def lot_rows(procurement: Procurement) -> list[tuple]:
    return list(
        procurement.lots.values_list(
            "number",
            "title",
            "estimated_value_excl_vat",
            "estimated_value_incl_vat",
            "cpv_codes",
            "max_framework_suppliers",
            "position",
        )
    )


# --- Rules: what changed in the lots, and what of it is substantial (s.31(3)) ---------------------

HARDWARE = {
    "number": "1",
    "title": "Hardware",
    "description": "Devices.",
    "estimated_value_excl_vat": D("140000000.00"),
    "estimated_value_incl_vat": D("168000000.00"),
    "cpv_codes": [],
    "max_framework_suppliers": None,
}
SOFTWARE = HARDWARE | {
    "number": "2",
    "title": "Software",
    "estimated_value_excl_vat": D("70000000.00"),
    "estimated_value_incl_vat": D("84000000.00"),
}
DIVIDED = {
    "cpv_codes": ["30200000", "48000000"],
    "max_framework_suppliers": 2,
    "lots": [HARDWARE, SOFTWARE],
    "max_lots_bid_per_supplier": None,
    "max_lots_awarded_per_supplier": None,
}


def test_the_changes_to_the_lots_are_listed_lot_by_lot():
    after = [SOFTWARE | {"title": "Software and cloud"}, SUPPORT]

    changes = rules.lot_changes([HARDWARE, SOFTWARE], after)

    assert [(c.number, c.field, c.old, c.new) for c in changes] == [
        ("1", "removed", HARDWARE, None),
        ("2", "title", "Software", "Software and cloud"),
        ("3", "added", None, SUPPORT),
    ]
    # Money compares as money, whether stored or as the audit trail's strings.
    as_strings = HARDWARE | {"estimated_value_excl_vat": "140000000", "cpv_codes": None}
    assert rules.lot_changes([as_strings], [HARDWARE]) == []
    assert [c.field for c in rules.lot_changes([HARDWARE, SOFTWARE], [SOFTWARE, HARDWARE])] == [
        "order"
    ]


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        # The authority's judgement: a lot's title and description, its value by up to 10%.
        ({"lots": [HARDWARE | {"title": "Devices", "description": "All devices."}, SOFTWARE]}, []),
        ({"lots": [HARDWARE, SOFTWARE | {"estimated_value_excl_vat": D("63000000.00")}]}, []),
        # A lot's own CPV codes the same as the procurement's: nothing bought changes.
        ({"lots": [HARDWARE | {"cpv_codes": ["48000000", "30200000"]}, SOFTWARE]}, []),
        # ... and a lot's number of suppliers the same as the framework's.
        ({"lots": [HARDWARE | {"max_framework_suppliers": 2}, SOFTWARE]}, []),
        ({"lots": [SOFTWARE, HARDWARE]}, []),  # reordered, with no limit on lots awarded
        # Substantial by their nature
        ({"lots": [HARDWARE, SOFTWARE, SUPPORT]}, ["lots"]),
        ({"lots": [HARDWARE]}, ["lots"]),
        ({"lots": [HARDWARE | {"cpv_codes": ["30200000"]}, SOFTWARE]}, ["lots"]),
        ({"lots": [HARDWARE, SOFTWARE | {"max_framework_suppliers": 3}]}, ["lots"]),
        ({"lots": [HARDWARE, SOFTWARE | {"estimated_value_excl_vat": D("62999999.99")}]},
         ["lots"]),
        ({"lots": [HARDWARE | {"estimated_value_incl_vat": D("184800000.01")}, SOFTWARE]},
         ["lots"]),
        ({"lots": [SOFTWARE, HARDWARE], "max_lots_awarded_per_supplier": 1},
         ["lots", "max_lots_awarded_per_supplier"]),
        ({"max_lots_bid_per_supplier": 1}, ["max_lots_bid_per_supplier"]),
        ({"max_lots_awarded_per_supplier": 1}, ["max_lots_awarded_per_supplier"]),
        # The procurement's own CPV codes change what a lot without its own codes buys.
        ({"cpv_codes": ["30200000"]}, ["cpv_codes"]),
    ],
)  # fmt: skip
def test_lot_changes_substantial_by_their_nature(changes, fields):
    found = rules.substantial_changes(DIVIDED, DIVIDED | changes)

    assert [field for field, _why in found] == fields
    assert all(why.endswith(".") for _field, why in found)


@pytest.mark.parametrize(
    ("arguments", "violation"),
    [
        ({"removed": ["2"], "with_tenders": {"2"}, "dividing": False, "whole_has_tenders": False},
         ("lot_has_tenders", f"{ACT} s.31(1); s.55", "lots")),
        ({"removed": [], "with_tenders": set(), "dividing": True, "whole_has_tenders": True},
         ("tenders_for_whole_procurement", f"{ACT} s.18; s.31(1)", "lots")),
        ({"removed": ["1"], "with_tenders": {"2"}, "dividing": False, "whole_has_tenders": False},
         None),
        ({"removed": [], "with_tenders": set(), "dividing": True, "whole_has_tenders": False},
         None),
    ],
)  # fmt: skip
def test_a_lot_with_tenders_stays(arguments, violation):
    found = rules.check_lot_tenders(**arguments)

    assert (found and (found.code, found.section, found.field)) == violation


# --- The service: lots changed, and the revised tender notice -------------------------------------


def test_lots_are_changed_added_and_limited_before_the_participation_deadline(
    met, django_capture_on_commit_callbacks
):
    first = tender_notices(met)[0]
    hardware = met.lots.get(number="1")
    start = last_sequence()
    new_lots = changed_lot(
        met,
        "1",
        title="Hardware and peripherals",
        estimated_value_excl_vat=D("130000000.00"),
        estimated_value_incl_vat=D("156000000.00"),
    ) + [SUPPORT]

    with django_capture_on_commit_callbacks(execute=True):
        notice = modify(
            met,
            changes={"lots": new_lots, "max_lots_awarded_per_supplier": 2},
            substantial=True,
        )

    met.refresh_from_db()
    assert lot_rows(met) == [
        ("1", "Hardware and peripherals", D("130000000.00"), D("156000000.00"), [], None, 0),
        ("2", "Software", D("70000000.00"), D("84000000.00"), [], None, 1),
        ("3", "Support services", D("10000000.00"), D("12000000.00"), ["72000000"], None, 2),
    ]
    assert met.lots.get(number="1").pk == hardware.pk  # changed in place, not replaced
    assert met.max_lots_awarded_per_supplier == 2
    # The revised tender notice carries the lots as they now are ...
    release = notice.release
    assert [(lot["id"], lot["title"]) for lot in release["tender"]["lots"]] == [
        ("1", "Hardware and peripherals"),
        ("2", "Software"),
        ("3", "Support services"),
    ]
    assert release["tender"]["lots"][2]["value"] == {
        "currency": "GBP",
        "amount": 10000000.0,
        "amountGross": 12000000.0,
    }
    assert release["tender"]["lotDetails"]["maximumLotsAwardedPerSupplier"] == 2
    assert {item["relatedLot"] for item in release["tender"]["items"]} == {"1", "2", "3"}
    # ... and says what changed, lot by lot.
    [amendment] = release["tender"]["amendments"]
    assert amendment["amendsReleaseID"] == first.notice_id
    assert amendment["description"] == (
        "Changed: Most lots one supplier may be awarded; Lots. The authority considers the "
        f"modification substantial (s.31(3)). Time limits reconsidered (s.31(4)): {TIME_LIMITS}"
    )
    assert amendment["relatedLots"] == ["1", "3"]
    assert amendment["unstructuredChanges"] == [
        {
            "where": {"label": "Most lots one supplier may be awarded"},
            "oldValue": {"text": "No limit"},
            "newValue": {"text": "2"},
        },
        {
            "where": {"label": "Lot 1: Title"},
            "relatedLot": "1",
            "oldValue": {"text": "Hardware"},
            "newValue": {"text": "Hardware and peripherals"},
        },
        {
            "where": {"label": "Lot 1: Estimated value excluding VAT"},
            "relatedLot": "1",
            "oldValue": {"text": "£140,000,000"},
            "newValue": {"text": "£130,000,000"},
        },
        {
            "where": {"label": "Lot 1: Estimated value including VAT"},
            "relatedLot": "1",
            "oldValue": {"text": "£168,000,000"},
            "newValue": {"text": "£156,000,000"},
        },
        {
            "where": {"label": "Lot 3"},
            "relatedLot": "3",
            "newValue": {
                "text": "Support services (£10,000,000 excluding VAT, £12,000,000 including "
                "VAT, CPV codes 72000000)"
            },
        },
    ]
    assert schema_errors(release) == []
    assert schema_errors(release, format_checker=strict_format_checker()) == []
    # The audit trail has the lots before and after.
    events = new_events(start)
    assert [e.event_type for e in events] == [
        "notice.published",
        ProcurementEvent.CLARIFICATION_PUBLISHED,
        ProcurementEvent.MODIFIED,
    ]
    event = events[-1]
    assert event.before == {
        "max_lots_awarded_per_supplier": None,
        "lots": [
            {
                "number": "1",
                "title": "Hardware",
                "description": "End-user devices, peripherals, data-centre and network equipment.",
                "estimated_value_excl_vat": "140000000.00",
                "estimated_value_incl_vat": "168000000.00",
                "cpv_codes": [],
                "max_framework_suppliers": None,
            },
            {
                "number": "2",
                "title": "Software",
                "description": "Software licences, subscriptions and their support.",
                "estimated_value_excl_vat": "70000000.00",
                "estimated_value_incl_vat": "84000000.00",
                "cpv_codes": [],
                "max_framework_suppliers": None,
            },
        ],
    }
    assert event.after["max_lots_awarded_per_supplier"] == 2
    assert [(lot["number"], lot["title"]) for lot in event.after["lots"]] == [
        ("1", "Hardware and peripherals"),
        ("2", "Software"),
        ("3", "Support services"),
    ]
    assert event.after["substantial"] is True
    # Suppliers are told lot by lot.
    answer = Clarification.objects.get(procurement=met).answer
    assert "Most lots one supplier may be awarded: No limit → 2" in answer
    assert "Lot 1: Title: Hardware → Hardware and peripherals" in answer
    assert (
        "Lot 3: — → Support services (£10,000,000 excluding VAT, £12,000,000 including VAT, "
        "CPV codes 72000000)" in answer
    )
    # The buyer's list of modifications reads the lots back.
    [modification] = selectors.modifications_of(met)
    assert [(c.field, c.label) for c in modification.changes] == [
        ("lots", "Lots"),
        ("max_lots_awarded_per_supplier", "Most lots one supplier may be awarded"),
    ]
    assert modification.changes[0].before_text == (
        "Lot 1: Hardware (£140,000,000 excluding VAT, £168,000,000 including VAT); "
        "Lot 2: Software (£70,000,000 excluding VAT, £84,000,000 including VAT)"
    )
    assert modification.changes[1].before_text == "No limit"


def test_after_the_participation_deadline_a_lot_may_still_change_if_not_substantially(
    met, traveller
):
    closed_for_participation(met, traveller)

    notice = modify(
        met,
        changes={
            "lots": changed_lot(
                met,
                "2",
                title="Software and subscriptions",
                description="Licences, subscriptions, support.",
                estimated_value_excl_vat=D("63000000.00"),  # 10% less: not material
                estimated_value_incl_vat=D("75600000.00"),
            )
        },
    )

    met.refresh_from_db()
    assert lot_rows(met)[1] == (
        "2",
        "Software and subscriptions",
        D("63000000.00"),
        D("75600000.00"),
        [],
        None,
        1,
    )
    assert met.status == Status.PARTICIPATION_CLOSED
    assert notice.release["tender"]["lots"][1]["title"] == "Software and subscriptions"
    [amendment] = notice.release["tender"]["amendments"]
    assert amendment["relatedLots"] == ["2"]
    assert [c["where"]["label"] for c in amendment["unstructuredChanges"]] == [
        "Lot 2: Title",
        "Lot 2: What the lot covers",
        "Lot 2: Estimated value excluding VAT",
        "Lot 2: Estimated value including VAT",
    ]
    assert schema_errors(notice.release, format_checker=strict_format_checker()) == []


def test_a_lot_removed_and_the_limits_changed_are_in_the_revised_notice(met):
    with_support = modify(
        met,
        changes={
            "lots": [
                *changed_lot(met, "1", estimated_value_excl_vat=D("130000000.00"),
                             estimated_value_incl_vat=D("156000000.00")),
                SUPPORT,
            ],
            "max_lots_bid_per_supplier": 2,
        },
        substantial=True,
    )  # fmt: skip

    notice = modify(
        met,
        changes={
            "lots": [lot for lot in lots(met) if lot["number"] != "2"],
            "max_lots_bid_per_supplier": None,
        },
        substantial=True,
        reason="Software is bought through the Crown Commercial Service instead.",
    )

    assert [lot.number for lot in met.lots.all()] == ["1", "3"]
    met.refresh_from_db()
    assert met.max_lots_bid_per_supplier is None
    release = notice.release
    assert [lot["id"] for lot in release["tender"]["lots"]] == ["1", "3"]
    assert "lotDetails" not in release["tender"]
    first, second = release["tender"]["amendments"]
    assert first["id"] == with_support.notice_id
    assert second["amendsReleaseID"] == with_support.notice_id
    assert "relatedLots" not in second  # the only lot named is gone from the notice
    assert second["unstructuredChanges"] == [
        {
            "where": {"label": "Most lots one supplier may tender for"},
            "oldValue": {"text": "2"},
            "newValue": {"text": "No limit"},
        },
        {
            "where": {"label": "Lot 2"},
            "oldValue": {"text": "Software (£70,000,000 excluding VAT, £84,000,000 including VAT)"},
        },
    ]
    assert schema_errors(release, format_checker=strict_format_checker()) == []


def test_a_procurement_is_divided_into_lots_and_undivided_again(traveller):
    procurement = published(MetFrameworkFactory(participation_deadline=FRIDAY_27_FEB_NOON))
    two = [
        HARDWARE,
        SOFTWARE | {"cpv_codes": ["48000000"], "max_framework_suppliers": 3},
    ]

    divided = modify(procurement, changes={"lots": two}, substantial=True)

    assert [(lot.number, lot.number_to_award) for lot in procurement.lots.all()] == [
        ("1", 2),
        ("2", 3),
    ]
    assert [lot["id"] for lot in divided.release["tender"]["lots"]] == ["1", "2"]
    assert schema_errors(divided.release, format_checker=strict_format_checker()) == []

    undivided = modify(
        procurement,
        changes={"lots": [], "no_lots_reasons": "One reseller keeps it interoperable."},
        substantial=True,
    )

    assert not procurement.lots.exists()
    assert undivided.release["tender"]["lots"][0]["id"] == "1"
    assert undivided.release["tender"]["lotDetails"] == {
        "noLotsDivisionRationale": "One reseller keeps it interoperable."
    }
    assert schema_errors(undivided.release, format_checker=strict_format_checker()) == []


def test_unchanged_lots_are_no_change(met):
    assert_refused(
        "nothing_to_modify",
        lambda: modify(met, changes={"lots": lots(met), "max_lots_bid_per_supplier": None}),
        section=f"{ACT} s.31(1)",
        unchanged=lambda: state(met),
    )


# --- The service: refusals change nothing ---------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ("add", "lots"),
        ("remove", "lots"),
        ("cpv_codes", "lots"),
        ("suppliers", "lots"),
        ("value", "lots"),
        ({"max_lots_bid_per_supplier": 1}, "max_lots_bid_per_supplier"),
        ({"max_lots_awarded_per_supplier": 1}, "max_lots_awarded_per_supplier"),
    ],
)
def test_a_substantial_lot_change_is_refused_after_the_participation_deadline(
    met, traveller, changes, field
):
    closed_for_participation(met, traveller)
    variants = {
        "add": {
            "lots": [
                *changed_lot(met, "1", estimated_value_excl_vat=D("130000000.00"),
                             estimated_value_incl_vat=D("156000000.00")),
                SUPPORT,
            ]
        },
        "remove": {"lots": lots(met)[:1]},
        "cpv_codes": {"lots": changed_lot(met, "2", cpv_codes=["48000000"])},
        "suppliers": {"lots": changed_lot(met, "2", max_framework_suppliers=1)},
        "value": {"lots": changed_lot(met, "2", estimated_value_excl_vat=D("60000000.00"))},
    }  # fmt: skip
    changes = variants[changes] if isinstance(changes, str) else changes

    for substantial in (False, True):
        error = assert_refused(
            "substantial_after_participation_deadline",
            lambda substantial=substantial: modify(met, changes=changes, substantial=substantial),
            section=f"{ACT} s.31(2)-(3)",
            unchanged=lambda: state(met),
        )
        assert error.field == field


def test_a_lot_added_before_the_deadline_must_be_recorded_as_substantial(met):
    error = assert_refused("substantial_not_stated", lambda: modify(
            met,
            changes={
                "lots": [
                    *changed_lot(met, "1", estimated_value_excl_vat=D("130000000.00"),
                                 estimated_value_incl_vat=D("156000000.00")),
                    SUPPORT,
                ]
            },
            substantial=False,
        ), section=f"{ACT} s.31(3)", unchanged=lambda: state(met))  # fmt: skip
    assert "Adding lot 3" in error.message


@pytest.mark.parametrize(
    ("changes", "code", "section", "field"),
    [
        # At least 2 lots (s.18)
        ({"lots": "first only"}, "too_few_lots", f"{ACT} s.18", "lots"),
        # The lots' values add up to no more than the procurement's estimate ...
        ({"lots": "hardware +£5m"}, "lot_values_above_estimate", f"{ACT} Sch 3 para 1", "lots"),
        # ... even when it is the estimate that changes.
        ({"estimated_value_excl_vat": D("200000000.00")}, "lot_values_above_estimate",
         f"{ACT} Sch 3 para 1", "lots"),
        ({"lots": "number repeated"}, "lot_number_repeated", None, "lots"),
        ({"lots": "incl below excl"}, "value_incl_vat_below_excl", f"{ACT} s.123(2)", "lots"),
        ({"max_lots_bid_per_supplier": 3}, "lot_limit_out_of_range", f"{ACT} s.20(7)",
         "max_lots_bid_per_supplier"),
        # Undivided, the tender notice gives the reasons (s.18(2)).
        ({"lots": []}, "no_lots_reasons_missing", f"{ACT} s.18(2)", "no_lots_reasons"),
        # The shape of a lot
        ({"lots": "title too long"}, "invalid_input", None, "lots"),
        ({"lots": "unknown field"}, "invalid_input", None, "lots"),
        ({"lots": "not money"}, "invalid_input", None, "lots"),
    ],
)  # fmt: skip
def test_lots_that_would_not_hold_together_are_refused(met, changes, code, section, field):
    hardware, software = lots(met)
    variants = {
        "first only": [hardware],
        "hardware +£5m": [hardware | {"estimated_value_excl_vat": D("145000000.00")}, software],
        "number repeated": [hardware, software | {"number": "1"}],
        "incl below excl": [hardware, software | {"estimated_value_incl_vat": D("60000000.00")}],
        "title too long": [hardware, software | {"title": "x" * 301}],
        "unknown field": [hardware, software | {"colour": "blue"}],
        "not money": [hardware, software | {"estimated_value_excl_vat": "lots"}],
    }
    if isinstance(changes.get("lots"), str):
        changes = {"lots": variants[changes["lots"]]}

    error = assert_refused(
        code,
        lambda: modify(met, changes=changes, substantial=True),
        section=section,
        unchanged=lambda: state(met),
    )

    assert error.field == field


def test_every_lot_problem_is_given_at_once(met):
    hardware, software = lots(met)

    error = assert_refused(
        "invalid_modification",
        lambda: modify(
            met,
            changes={
                "lots": [hardware | {"estimated_value_excl_vat": D("150000000.00")}, software],
                "max_lots_awarded_per_supplier": 5,
            },
            substantial=True,
        ),
        section=f"{ACT} Sch 3 para 1",
        unchanged=lambda: state(met),
    )
    assert [(p["code"], p["field"]) for p in error.details["problems"]] == [
        ("lot_values_above_estimate", "lots"),
        ("lot_limit_out_of_range", "max_lots_awarded_per_supplier"),
    ]


def test_lots_change_only_within_the_s31_window(met):
    Procurement.objects.filter(pk=met.pk).update(status=Status.EVALUATION)
    met.refresh_from_db()

    assert_refused(
        "tenders_opened",
        lambda: modify(met, changes={"lots": changed_lot(met, "1", title="Late")}),
        section=f"{ACT} s.31(1)-(2)",
        unchanged=lambda: state(met),
    )


# --- Tenders already submitted for a lot (an open procedure) --------------------------------------


def open_stage(*, divided: bool):
    """An open procedure published on 5 January 2026, tenders until midday on 3 March, with two
    invited suppliers; divided into hardware and software if `divided`."""
    stage = tender_stage(
        procedure=Procedure.OPEN,
        cpv_codes=["30200000", "48000000"],
        max_shortlist=None,
        published_at=datetime(2026, 1, 5, 9, tzinfo=UTC),
        no_lots_reasons="" if divided else "One integrated service.",
    )
    if divided:
        stage.hardware, stage.software = with_lots(stage.procurement)
    return stage


def test_a_lot_that_tenders_were_submitted_for_cannot_be_removed():
    stage = open_stage(divided=True)
    submit(stage, lot=stage.software)
    procurement = stage.procurement

    with time_machine.travel(BEFORE, tick=False):
        error = assert_refused("lot_has_tenders", lambda: modify(
                procurement, actor=stage.buyer, changes={"lots": lots(procurement)[:1]},
                substantial=True,
            ), section=f"{ACT} s.31(1); s.55", unchanged=lambda: state(procurement))  # fmt: skip
        assert error.field == "lots"

        # The lot itself may still change: the tender stays with it.
        modify(
            procurement,
            actor=stage.buyer,
            changes={"lots": changed_lot(procurement, "2", title="Software and licences")},
        )

    software = procurement.lots.get(number="2")
    assert software.title == "Software and licences"
    assert Tender.objects.get().lot_id == software.pk == stage.software.pk


def test_a_lot_nobody_tendered_for_may_be_removed_while_tenders_are_open():
    stage = open_stage(divided=True)
    submit(stage, lot=stage.software)
    procurement = stage.procurement
    hardware, software = lots(procurement)
    smaller = {"estimated_value_excl_vat": D("130000000.00")}
    smaller["estimated_value_incl_vat"] = D("156000000.00")
    three = [hardware | smaller, software, SUPPORT]

    with time_machine.travel(BEFORE, tick=False):
        modify(procurement, actor=stage.buyer, changes={"lots": three}, substantial=True)
        modify(
            procurement,
            actor=stage.buyer,
            changes={"lots": [software, SUPPORT]},
            substantial=True,
        )

    assert [lot.number for lot in procurement.lots.all()] == ["2", "3"]


def test_a_procurement_tendered_for_as_a_whole_is_not_divided():
    stage = open_stage(divided=False)
    submit(stage)
    procurement = stage.procurement

    with time_machine.travel(BEFORE, tick=False):
        assert_refused("tenders_for_whole_procurement", lambda: modify(
                procurement, actor=stage.buyer, changes={"lots": [HARDWARE, SOFTWARE]},
                substantial=True,
            ), section=f"{ACT} s.18; s.31(1)", unchanged=lambda: state(procurement))  # fmt: skip


# --- The API --------------------------------------------------------------------------------------


def api_lots(procurement) -> list[dict]:
    """The procurement's lots as JSON, in the shape of PUT .../lots."""
    return [
        {
            "number": lot["number"],
            "title": lot["title"],
            "description": lot["description"],
            "estimated_value_excl_vat": str(lot["estimated_value_excl_vat"]),
            "estimated_value_incl_vat": str(lot["estimated_value_incl_vat"]),
            "cpv_codes": lot["cpv_codes"],
            "max_framework_suppliers": lot["max_framework_suppliers"],
        }
        for lot in lots(procurement)
    ]


def test_the_api_modifies_the_lots_in_the_shape_of_put_lots(met):
    hardware, software = api_lots(met)

    response = Api(met.created_by).post(
        f"{BASE}/{met.pk}/modifications",
        modification_body(
            changes={
                "lots": [
                    {"title": "Hardware", "estimated_value_excl_vat": "130000000.00",
                     "estimated_value_incl_vat": "156000000.00"},
                    software,
                    {"title": "Support services", "estimated_value_excl_vat": "10000000",
                     "estimated_value_incl_vat": "12000000", "cpv_codes": ["72000000"]},
                ],
                "max_lots_bid_per_supplier": 2,
            },
            substantial=True,
        ),
    )  # fmt: skip

    assert response.status_code == 201, response.json()
    assert lot_rows(met) == [
        ("1", "Hardware", D("130000000.00"), D("156000000.00"), [], None, 0),
        ("2", "Software", D("70000000.00"), D("84000000.00"), [], None, 1),
        ("3", "Support services", D("10000000.00"), D("12000000.00"), ["72000000"], None, 2),
    ]
    changes = {c["field"]: c for c in response.json()["changes"]}
    assert sorted(changes) == ["lots", "max_lots_bid_per_supplier"]
    assert [lot["title"] for lot in changes["lots"]["after"]] == [
        "Hardware",
        "Software",
        "Support services",
    ]
    assert changes["max_lots_bid_per_supplier"]["after_text"] == "2"
    # Lot 1 lost its description: the whole list replaces the lots, as with PUT .../lots.
    assert met.lots.get(number="1").description == ""
    detail = Api(met.created_by).get(f"{BASE}/{met.pk}").json()
    assert [lot["number"] for lot in detail["lots"]] == ["1", "2", "3"]
    assert detail["max_lots_bid_per_supplier"] == 2


def test_an_api_refusal_of_a_lot_change_has_its_code_and_section_and_changes_nothing(
    met, traveller
):
    closed_for_participation(met, traveller)
    api = Api(met.created_by)
    before = state(met)

    response = api.post(
        f"{BASE}/{met.pk}/modifications",
        modification_body(changes={"lots": api_lots(met)[:1]}),
    )

    assert response.status_code == 400
    assert response.json()["code"] == "substantial_after_participation_deadline"
    assert response.json()["section"] == f"{ACT} s.31(2)-(3)"
    assert response.json()["field"] == "lots"
    assert state(met) == before


@pytest.mark.parametrize(
    "changes",
    [
        {"lots": [{"title": "No values"}]},
        {"lots": [{"title": "Bad CPV", "estimated_value_excl_vat": "1",
                   "estimated_value_incl_vat": "1", "cpv_codes": ["123"]}]},
        {"lots": None},
        {"max_lots_bid_per_supplier": 0},
    ],
)  # fmt: skip
def test_the_api_refuses_malformed_lots_with_422(met, changes):
    api = Api(met.created_by)
    before = state(met)

    response = api.post(
        f"{BASE}/{met.pk}/modifications", modification_body(changes=changes, substantial=True)
    )

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert state(met) == before


# --- The modify page ------------------------------------------------------------------------------


def test_the_modify_page_shows_each_lot_to_change(met):
    page = signed_in(met.created_by).get(f"/procurements/{met.pk}/modify/")

    assert page.status_code == 200
    content = page.content.decode()
    assert 'name="lots-0-title" value="Hardware"' in content
    assert 'name="lots-1-estimated_value_excl_vat" value="70000000.00"' in content
    assert 'name="lots-0-max_framework_suppliers"' in content  # a framework's lots
    assert 'name="lots-2-title"' in content  # an empty row to add a lot
    assert 'name="lot-limits-max_lots_bid_per_supplier"' in content
    assert "Each lot is known by its number." in text(page)
    assert "Divide it into lots" not in text(page)


def test_an_undivided_procurement_may_be_divided_on_the_page(traveller):
    procurement = published(MetFrameworkFactory(participation_deadline=FRIDAY_27_FEB_NOON))
    buyer = signed_in(procurement.created_by)

    page = buyer.get(f"/procurements/{procurement.pk}/modify/")
    assert "Divide it into lots" in text(page)
    assert "Why it is not divided into lots" in text(page)

    response = buyer.post(
        f"/procurements/{procurement.pk}/modify/",
        modify_form(procurement, substantial="yes")
        | lots_form_data(procurement, [HARDWARE, SOFTWARE]),
    )

    assert response.status_code == 302
    assert [lot.title for lot in procurement.lots.all()] == ["Hardware", "Software"]


def test_a_lot_is_changed_and_added_through_the_page(met):
    rows = [
        *changed_lot(met, "1", title="Hardware and peripherals",
                     estimated_value_excl_vat=D("130000000.00"),
                     estimated_value_incl_vat=D("156000000.00")),
        SUPPORT,
        # An empty row, as the page offers one, is left out.
        {"title": "", "estimated_value_excl_vat": None, "estimated_value_incl_vat": None},
    ]  # fmt: skip

    response = signed_in(met.created_by).post(
        f"/procurements/{met.pk}/modify/",
        modify_form(met, substantial="yes")
        | lots_form_data(met, rows, max_lots_awarded_per_supplier=2),
    )

    assert response.status_code == 302
    assert [lot.title for lot in met.lots.all()] == [
        "Hardware and peripherals",
        "Software",
        "Support services",
    ]
    met.refresh_from_db()
    assert met.max_lots_awarded_per_supplier == 2
    [modification] = selectors.modifications_of(met)
    assert [c.field for c in modification.changes] == ["lots", "max_lots_awarded_per_supplier"]


def test_a_substantial_lot_change_is_refused_on_the_page_and_linked_to_the_lots(met, traveller):
    closed_for_participation(met, traveller)
    before = state(met)

    response = signed_in(met.created_by).post(
        f"/procurements/{met.pk}/modify/",
        modify_form(met) | lots_form_data(met, lots(met)[:1]),
    )

    assert response.status_code == 400
    [(href, message)] = error_links(response)
    assert href == "#id_lots-0-title"
    assert message.startswith(
        "The deadline for requests to participate has passed: only a modification that is not "
        "substantial is allowed. Removing lot 2"
    )
    assert state(met) == before


def test_a_limit_refused_on_the_page_is_linked_to_its_field(met):
    before = state(met)

    response = signed_in(met.created_by).post(
        f"/procurements/{met.pk}/modify/",
        modify_form(met, substantial="yes") | lots_form_data(met, max_lots_bid_per_supplier=3),
    )

    assert response.status_code == 400
    [(href, message)] = error_links(response)
    assert href == "#id_lot-limits-max_lots_bid_per_supplier"
    assert message.startswith("The number of lots a supplier may tender for must be from 1 to 2")
    content = response.content.decode()
    assert (
        'aria-describedby="id_lot-limits-max_lots_bid_per_supplier-hint '
        'id_lot-limits-max_lots_bid_per_supplier-error"' in content
    )
    assert 'id="id_lot-limits-max_lots_bid_per_supplier-error"' in content
    assert state(met) == before


def test_a_lot_typed_wrongly_is_linked_to_its_field(met):
    before = state(met)
    hardware, software = lots(met)

    response = signed_in(met.created_by).post(
        f"/procurements/{met.pk}/modify/",
        modify_form(met)
        | lots_form_data(met, [hardware, software | {"estimated_value_excl_vat": "seventy"}]),
    )

    assert response.status_code == 400
    assert error_links(response) == [
        (
            "#id_lots-1-estimated_value_excl_vat",
            "The lot value excluding VAT must be an amount of money, like 252000000 or 1,250.50",
        )
    ]
    assert state(met) == before


def test_the_page_without_lot_changes_records_none(met):
    signed_in(met.created_by).post(
        f"/procurements/{met.pk}/modify/", modify_form(met, title="VAR framework 2026")
    )

    [modification] = selectors.modifications_of(met)
    assert [c.field for c in modification.changes] == ["title"]
    assert modification.reason == REASON


def test_the_lots_bid_limit_is_not_lowered_below_the_lots_a_supplier_tendered_for():
    stage = open_stage(divided=True)
    submit(stage, lot=stage.hardware)
    submit(stage, lot=stage.software)
    submit(stage, stage.brightwell, lot=stage.software)
    procurement = stage.procurement

    with time_machine.travel(BEFORE, tick=False):
        error = assert_refused("lots_bid_limit_below_tenders", lambda: modify(
                procurement, actor=stage.buyer, changes={"max_lots_bid_per_supplier": 1},
                substantial=True,
            ), section=f"{ACT} s.20(7); s.31(1)", unchanged=lambda: state(procurement))  # fmt: skip
        # Two is as many as Albion tendered for: allowed.
        modify(
            procurement,
            actor=stage.buyer,
            changes={"max_lots_bid_per_supplier": 2},
            substantial=True,
        )

    assert error.message == (
        "A supplier already has tenders for 2 lots: the number of lots a supplier may tender "
        "for cannot be lowered below 2."
    )
    assert error.field == "max_lots_bid_per_supplier"
    procurement.refresh_from_db()
    assert procurement.max_lots_bid_per_supplier == 2


@pytest.mark.parametrize(
    ("new_limit", "most_tendered", "refused_code"),
    [
        (None, 3, None),  # no limit
        (2, 0, None),  # nobody tendered yet
        (2, 2, None),  # down to what a supplier tendered for
        (3, 2, None),  # raised
        (1, 2, "lots_bid_limit_below_tenders"),
        (2, 3, "lots_bid_limit_below_tenders"),
    ],
)
def test_the_lots_bid_limit_rule(new_limit, most_tendered, refused_code):
    violation = rules.check_lots_bid_limit(new_limit=new_limit, most_tendered=most_tendered)

    if refused_code is None:
        assert violation is None
    else:
        assert (violation.code, violation.section, violation.field) == (
            refused_code,
            f"{ACT} s.20(7); s.31(1)",
            "max_lots_bid_per_supplier",
        )
