"""Lots (s.18): the rules, `set_lots`, the publication check, the API and the draft page.

Every refusal is checked to change nothing: the procurement row, its lots, the audit trail.
"""

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.test import Client

from procura.audit.models import AuditEvent
from procura.core import clock
from procura.notices.models import Notice
from procura.procurements import rules, services
from procura.procurements.events import ProcurementEvent
from procura.procurements.models import Lot, Procurement
from procura.procurements.rules import LotFacts, PublicationCheck, lot_problems
from procura.procurements.states import Status
from procura.procurements.tests.factories import MetFrameworkFactory, with_lots
from procura.procurements.tests.pages import error_links, signed_in, text
from procura.testing.client import Api
from procura.testing.refusals import assert_refused

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("publish_at_once")]

D = Decimal
LONDON = clock.LONDON
MONDAY_2_FEB_2026 = datetime(2026, 2, 2, 9, 0, tzinfo=LONDON)
ACT = "Procurement Act 2023"

HARDWARE = {
    "title": "Hardware",
    "description": "Devices and equipment.",
    "estimated_value_excl_vat": D("140000000.00"),
    "estimated_value_incl_vat": D("168000000.00"),
    "cpv_codes": ["30200000"],
    "max_framework_suppliers": 3,
}
SOFTWARE = {
    "title": "Software",
    "estimated_value_excl_vat": D("70000000.00"),
    "estimated_value_incl_vat": D("84000000.00"),
}


@pytest.fixture(autouse=True)
def traveller():
    with time_machine.travel(MONDAY_2_FEB_2026, tick=False) as traveller:
        yield traveller


@pytest.fixture
def met():
    return MetFrameworkFactory(participation_deadline=datetime(2026, 2, 27, 12, tzinfo=LONDON))


def state(procurement: Procurement) -> tuple:
    return (
        Procurement.objects.filter(pk=procurement.pk).values().get(),
        list(Lot.objects.filter(procurement=procurement).values()),
        Notice.objects.count(),
        AuditEvent.objects.count(),
    )


def lot(number="1", title="Hardware", excl="100", incl="120", suppliers=None) -> LotFacts:
    return LotFacts(
        number=number,
        title=title,
        value_excl_vat=D(excl),
        value_incl_vat=D(incl),
        max_framework_suppliers=suppliers,
    )


TWO_LOTS = (lot("1", "Hardware", "140", "168"), lot("2", "Software", "70", "84"))


def problems(lots, **kwargs) -> list[tuple[str, str | None, str | None]]:
    kwargs.setdefault("value_excl_vat", D("210"))
    kwargs.setdefault("value_incl_vat", D("252"))
    kwargs.setdefault("is_framework", True)
    return [(p.code, p.section, p.field) for p in lot_problems(tuple(lots), **kwargs)]


# --- rules.lot_problems and check_lots ------------------------------------------------------------


def test_two_lots_within_the_estimate_hold_together():
    assert problems(TWO_LOTS, max_lots_bid_per_supplier=2, max_lots_awarded_per_supplier=1) == []


def test_no_lots_and_no_limits_is_no_problem():
    assert problems(()) == []


@pytest.mark.parametrize(
    ("lots", "kwargs", "expected"),
    [
        ((lot(),), {}, [("too_few_lots", f"{ACT} s.18", "lots")]),
        (
            (lot("1"), lot("1", "Software", "10", "12")),
            {},
            [("lot_number_repeated", None, "lots")],
        ),
        ((lot(), lot("2", " ", "1", "1")), {}, [("lot_incomplete", None, "lots")]),
        (
            (lot(), lot("2", "Software", "12", "10")),
            {},
            [("value_incl_vat_below_excl", f"{ACT} s.123(2)", "lots")],
        ),
        (
            (lot("1", "Hardware", "200", "240"), lot("2", "Software", "11", "12")),
            {},
            [("lot_values_above_estimate", f"{ACT} Sch 3 para 1", "lots")],
        ),
        (
            (lot("1", "Hardware", "140", "250"), lot("2", "Software", "1", "3")),
            {},
            [("lot_values_above_estimate", f"{ACT} Sch 3 para 1", "lots")],
        ),
        (
            TWO_LOTS,
            {"max_lots_bid_per_supplier": 3},
            [("lot_limit_out_of_range", f"{ACT} s.20(7)", "max_lots_bid_per_supplier")],
        ),
        (
            TWO_LOTS,
            {"max_lots_awarded_per_supplier": 0},
            [("lot_limit_out_of_range", f"{ACT} s.23(4)", "max_lots_awarded_per_supplier")],
        ),
        (
            (),
            {"max_lots_awarded_per_supplier": 1},
            [("lot_limit_without_lots", f"{ACT} s.23(4)", "max_lots_awarded_per_supplier")],
        ),
        (
            (lot(suppliers=2), lot("2", "Software", "10", "12")),
            {"is_framework": False},
            [("lot_suppliers_not_framework", None, "lots")],
        ),
    ],
)
def test_each_lot_problem_has_its_code_section_and_field(lots, kwargs, expected):
    assert problems(lots, **kwargs) == expected


def publishable(**changes) -> PublicationCheck:
    check = PublicationCheck(
        publication_date=date(2026, 2, 2),
        competitive_flexible=False,
        has_conflicts_assessment=True,
        participation_deadline=None,
        tender_deadline=date(2026, 3, 9),
        contract_term_months=36,
        value_excl_vat=D("210"),
        value_incl_vat=D("252"),
        criteria_weights=(("price", D("100")),),
    )
    return replace(check, **changes)


def test_without_lots_the_tender_notice_needs_the_reasons_for_not_dividing():
    [problem] = rules.publication_problems(publishable())

    assert (problem.code, problem.section, problem.field) == (
        "no_lots_reasons_missing",
        f"{ACT} s.18(2)",
        "no_lots_reasons",
    )
    assert rules.publication_problems(publishable(no_lots_reasons="One integrated service.")) == []
    assert rules.publication_problems(publishable(no_lots_reasons="   ")) != []


def test_with_lots_no_reasons_are_needed_but_the_lots_must_still_fit_the_estimate():
    assert rules.publication_problems(publishable(lots=TWO_LOTS)) == []
    [problem] = rules.publication_problems(publishable(lots=TWO_LOTS, value_excl_vat=D("200")))
    assert problem.code == "lot_values_above_estimate"


# --- set_lots ---------------------------------------------------------------------------------


def test_a_buyer_divides_a_draft_into_lots_and_it_is_audited(met):
    start = AuditEvent.objects.count()

    services.set_lots(
        actor=met.created_by,
        procurement=met,
        lots=[HARDWARE, SOFTWARE],
        max_lots_bid_per_supplier=2,
        max_lots_awarded_per_supplier=1,
    )

    met.refresh_from_db()
    assert list(
        met.lots.values_list("number", "title", "estimated_value_excl_vat", "cpv_codes", "position")
    ) == [
        ("1", "Hardware", D("140000000.00"), ["30200000"], 0),
        ("2", "Software", D("70000000.00"), [], 1),
    ]
    hardware, software = met.lots.all()
    assert (hardware.number_to_award, software.number_to_award) == (3, 2)
    assert (met.max_lots_bid_per_supplier, met.max_lots_awarded_per_supplier) == (2, 1)
    [event] = AuditEvent.objects.order_by("sequence")[start:]
    assert event.event_type == ProcurementEvent.LOTS_SET
    assert event.before == {
        "lots": [],
        "max_lots_bid_per_supplier": None,
        "max_lots_awarded_per_supplier": None,
    }
    assert [(x["number"], x["title"]) for x in event.after["lots"]] == [
        ("1", "Hardware"),
        ("2", "Software"),
    ]
    assert event.after["max_lots_awarded_per_supplier"] == 1


def test_setting_the_lots_replaces_them_and_an_empty_list_undivides(met):
    with_lots(met)

    services.set_lots(
        actor=met.created_by,
        procurement=met,
        lots=[{**SOFTWARE, "number": "B"}, {**HARDWARE, "number": "A"}],
    )
    assert list(met.lots.values_list("number", "title")) == [("B", "Software"), ("A", "Hardware")]

    services.set_lots(actor=met.created_by, procurement=met, lots=[])
    assert not met.lots.exists()


@pytest.mark.parametrize(
    ("lots", "limits", "code"),
    [
        ([HARDWARE], {}, "too_few_lots"),
        ([{**HARDWARE, "number": "1"}, {**SOFTWARE, "number": "1"}], {}, "lot_number_repeated"),
        (
            [HARDWARE, {**SOFTWARE, "estimated_value_excl_vat": D("70000000.01")}],
            {},
            "lot_values_above_estimate",
        ),
        ([HARDWARE, SOFTWARE], {"max_lots_bid_per_supplier": 3}, "lot_limit_out_of_range"),
        ([], {"max_lots_awarded_per_supplier": 1}, "lot_limit_without_lots"),
        (
            [HARDWARE, {**SOFTWARE, "estimated_value_incl_vat": D("1")}],
            {"max_lots_bid_per_supplier": 5},
            "invalid_lots",
        ),
        ([HARDWARE, {**SOFTWARE, "colour": "red"}], {}, "invalid_input"),
        ([HARDWARE, {**SOFTWARE, "title": "x" * 301}], {}, "invalid_input"),
    ],
)
def test_lots_that_do_not_hold_together_are_refused_and_nothing_changes(met, lots, limits, code):
    with_lots(met)

    assert_refused(
        code,
        lambda: services.set_lots(actor=met.created_by, procurement=met, lots=lots, **limits),
        unchanged=lambda: state(met),
    )


def test_several_problems_are_all_given(met):
    error = assert_refused(
        "invalid_lots",
        lambda: services.set_lots(
            actor=met.created_by,
            procurement=met,
            lots=[HARDWARE, {**SOFTWARE, "estimated_value_incl_vat": D("1")}],
            max_lots_bid_per_supplier=5,
        ),
        unchanged=lambda: state(met),
    )
    assert [p["code"] for p in error.details["problems"]] == [
        "value_incl_vat_below_excl",
        "lot_limit_out_of_range",
    ]


def test_only_a_buyer_of_the_authority_sets_lots(met):
    other = MetFrameworkFactory(staffordshire=True)

    assert_refused(
        "forbidden_action",
        lambda: services.set_lots(
            actor=other.created_by, procurement=met, lots=[HARDWARE, SOFTWARE]
        ),
        unchanged=lambda: state(met),
    )


def test_lots_cannot_change_after_publication(met):
    with_lots(met)
    services.publish_tender_notice(actor=met.created_by, procurement=met)

    error = assert_refused(
        "not_draft",
        lambda: services.set_lots(actor=met.created_by, procurement=met, lots=[]),
        unchanged=lambda: state(met),
    )
    assert error.section == f"{ACT} s.31"


def test_publishing_without_lots_or_reasons_is_refused_with_s18(met):
    met.no_lots_reasons = ""
    met.save()

    error = assert_refused(
        "no_lots_reasons_missing",
        lambda: services.publish_tender_notice(actor=met.created_by, procurement=met),
        unchanged=lambda: state(met),
    )
    assert error.section == f"{ACT} s.18(2)"
    assert met.status == Status.DRAFT


def test_a_procurement_in_lots_is_published_without_reasons(met):
    with_lots(met, max_lots_bid_per_supplier=2)

    notice = services.publish_tender_notice(actor=met.created_by, procurement=met)

    assert notice.notice_type == "UK4"
    met.refresh_from_db()
    assert met.status == Status.PARTICIPATION_OPEN


def test_lots_that_no_longer_fit_a_lowered_estimate_stop_publication(met):
    with_lots(met)
    services.update_procurement(
        actor=met.created_by,
        procurement=met,
        estimated_value_excl_vat=D("200000000.00"),
        estimated_value_incl_vat=D("240000000.00"),
    )

    assert_refused(
        "lot_values_above_estimate",
        lambda: services.publish_tender_notice(actor=met.created_by, procurement=met),
        unchanged=lambda: state(met),
    )


# --- The API ----------------------------------------------------------------------------------


def lots_body(**extra) -> dict:
    return {
        "lots": [
            {**HARDWARE, **{k: str(v) for k, v in HARDWARE.items() if k.startswith("est")}},
            {**SOFTWARE, **{k: str(v) for k, v in SOFTWARE.items() if k.startswith("est")}},
        ],
        **extra,
    }


def test_the_api_sets_the_lots_and_shows_them(met):
    client = Api(met.created_by)

    response = client.put(
        f"/api/v1/procurements/{met.pk}/lots", lots_body(max_lots_bid_per_supplier=2)
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert [(x["number"], x["title"], x["number_to_award"]) for x in body["lots"]] == [
        ("1", "Hardware", 3),
        ("2", "Software", 2),
    ]
    assert body["lots"][0]["estimated_value_incl_vat"] == "168000000.00"
    assert body["max_lots_bid_per_supplier"] == 2
    assert body["max_lots_awarded_per_supplier"] is None
    assert body["no_lots_reasons"] == met.no_lots_reasons
    assert client.get(f"/api/v1/procurements/{met.pk}").json()["lots"] == body["lots"]


def test_the_api_refuses_lots_that_do_not_hold_together_and_changes_nothing(met):
    client = Api(met.created_by)
    before = state(met)
    body = lots_body()
    body["lots"] = body["lots"][:1]

    response = client.put(f"/api/v1/procurements/{met.pk}/lots", body)

    assert response.status_code == 400
    assert response.json()["code"] == "too_few_lots"
    assert response.json()["section"] == f"{ACT} s.18"
    assert state(met) == before


def test_the_api_hides_another_authoritys_procurement(met):
    other = Api(MetFrameworkFactory(staffordshire=True).created_by)
    before = state(met)

    response = other.put(f"/api/v1/procurements/{met.pk}/lots", lots_body())

    assert response.status_code == 404
    assert state(met) == before


def test_the_reasons_for_not_dividing_are_set_through_patch(met):
    response = Api(met.created_by).patch(
        f"/api/v1/procurements/{met.pk}", {"no_lots_reasons": "One integrated service."}
    )

    assert response.status_code == 200
    assert response.json()["no_lots_reasons"] == "One integrated service."


def test_the_public_api_lists_the_lots(met):
    with_lots(met, max_lots_awarded_per_supplier=1)
    services.publish_tender_notice(actor=met.created_by, procurement=met)

    body = Client().get(f"/api/v1/procurements/public/{met.reference}").json()

    assert [(x["number"], x["title"]) for x in body["lots"]] == [
        ("1", "Hardware"),
        ("2", "Software"),
    ]
    assert body["max_lots_awarded_per_supplier"] == 1


# --- The draft page ---------------------------------------------------------------------------


def lots_form(*rows, **limits) -> dict:
    data = {
        "lots-TOTAL_FORMS": str(len(rows)),
        "lots-INITIAL_FORMS": "0",
        "lots-MIN_NUM_FORMS": "0",
        "lots-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"lots-{i}-{key}"] = value
    for key, value in limits.items():
        data[f"lot-limits-{key}"] = value
    return data


def test_the_draft_page_offers_the_lots_form_and_says_why_it_is_undivided(met):
    page = signed_in(met.created_by).get(f"/procurements/{met.pk}/")

    assert page.status_code == 200
    assert "Not divided into lots, because: One reseller" in text(page)
    assert "Save the lots" in text(page)
    assert 'id="id_lots-0-title"' in page.content.decode()


def test_a_buyer_sets_the_lots_on_the_page(met):
    client = signed_in(met.created_by)

    response = client.post(
        f"/procurements/{met.pk}/lots/",
        lots_form(
            {
                "title": "Hardware",
                "estimated_value_excl_vat": "£140,000,000",
                "estimated_value_incl_vat": "168000000",
                "cpv_codes": "30200000, 30230000",
                "max_framework_suppliers": "3",
            },
            {"title": "", "estimated_value_excl_vat": ""},  # an empty row is left out
            {
                "title": "Software",
                "estimated_value_excl_vat": "70000000",
                "estimated_value_incl_vat": "84000000",
            },
            max_lots_bid_per_supplier="2",
        ),
    )

    assert response.status_code == 302
    assert list(met.lots.values_list("number", "title", "cpv_codes")) == [
        ("1", "Hardware", ["30200000", "30230000"]),
        ("2", "Software", []),
    ]
    page = text(client.get(f"/procurements/{met.pk}/"))
    assert "Lot 1: Hardware" in page
    assert "Lots one supplier may tender for Up to 2" in page


def test_a_lots_form_with_mistakes_links_each_error_to_its_field_and_changes_nothing(met):
    before = state(met)

    response = signed_in(met.created_by).post(
        f"/procurements/{met.pk}/lots/",
        lots_form(
            {"title": "", "estimated_value_excl_vat": "140000000"},
            max_lots_awarded_per_supplier="none",
        ),
    )

    assert response.status_code == 400
    assert error_links(response) == [
        ("#id_lots-0-title", "Enter the title of the lot"),
        ("#id_lots-0-estimated_value_incl_vat", "Enter the value of the lot including VAT"),
        (
            "#id_lot-limits-max_lots_awarded_per_supplier",
            "The most lots one supplier may be awarded must be a whole number, like 7",
        ),
    ]
    assert 'aria-describedby="id_lots-0-title-error"' in response.content.decode()
    assert state(met) == before


def test_a_refusal_from_the_service_is_shown_over_the_lots_table(met):
    before = state(met)

    response = signed_in(met.created_by).post(
        f"/procurements/{met.pk}/lots/",
        lots_form(
            {
                "title": "Hardware",
                "estimated_value_excl_vat": "140000000",
                "estimated_value_incl_vat": "168000000",
            }
        ),
    )

    assert response.status_code == 400
    [(href, message)] = error_links(response)
    assert href == "#id_lots-0-title"
    assert message.startswith("A procurement divided into lots has at least 2 lots")
    assert state(met) == before


def test_publishing_without_reasons_links_the_problem_to_the_lots_section(met):
    met.no_lots_reasons = ""
    met.save()

    response = signed_in(met.created_by).post(f"/procurements/{met.pk}/publish/")

    assert response.status_code == 400
    assert error_links(response) == [
        (
            "#lots",
            "Divide the procurement into lots, or give the reasons it is not divided into "
            "lots. (Procurement Act 2023 s.18(2))",
        )
    ]


def test_the_reasons_are_typed_on_the_draft_form(met):
    client = signed_in(met.created_by)
    form = client.get(f"/procurements/{met.pk}/edit/")
    assert "Why it is not divided into lots" in text(form)
