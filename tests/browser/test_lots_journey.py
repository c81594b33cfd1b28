"""Lots (Procurement Act 2023 s.18) in a real browser (Debian's Chromium), each page checked with
axe-core.

A buyer (mps.buyer) divides a draft framework into two lots, is refused twice (a lot without a
title, then lots worth more than the procurement) with the GOV.UK error summary, saves the lots,
publishes the tender notice and finds both lots in the public notice. A supplier (albion.bid)
invited to tender for a framework in two lots must choose a lot, tenders for lot 2, gets a
receipt naming it, and withdraws that tender.

What each story needs before the steps under test is made through the services (journeys.py);
every step under test is clicked and typed.
"""

import re
from decimal import Decimal

import pytest
from journeys import (
    ALBION,
    BRIGHTWELL,
    MPS,
    draft_var_framework,
    heading,
    main,
    organisation,
    person,
    request_to_participate,
    shortlist_and_invite,
    sign_in,
    success_banner,
    uk_time,
)
from playwright.sync_api import expect

from procura.audit.models import AuditEvent
from procura.core import clock
from procura.notices import selectors as notice_selectors
from procura.notices.states import NoticeType
from procura.procurements import services as procurement_services
from procura.procurements.events import ProcurementEvent
from procura.procurements.models import Procurement
from procura.procurements.states import CriterionKind, Status
from procura.tendering import selectors as tendering_selectors
from procura.tendering.models import Tender
from procura.tendering.states import TenderStatus

# The live server needs committed data, so each test flushes the database when it ends; the
# serialized rollback puts back what the migrations created (the audit chain's head).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HARDWARE = "End-user devices, peripherals and network equipment."
SOFTWARE = "Software licences, subscriptions and their support."
# The VAR framework is worth £210m excluding VAT, £252m including it: the lots share that.
LOTS = [
    {
        "title": "Hardware",
        "description": HARDWARE,
        "estimated_value_excl_vat": Decimal("140000000.00"),
        "estimated_value_incl_vat": Decimal("168000000.00"),
        "cpv_codes": ["30200000"],
        "max_framework_suppliers": None,
    },
    {
        "title": "Software",
        "description": SOFTWARE,
        "estimated_value_excl_vat": Decimal("70000000.00"),
        "estimated_value_incl_vat": Decimal("84000000.00"),
        "cpv_codes": ["48000000"],
        "max_framework_suppliers": 1,
    },
]


def error_summary(page):
    return page.locator(".govuk-error-summary")


def lot_row(page, number: int):
    """The fieldset of one row of the lots form ("Lot row 1", ...)."""
    return page.get_by_role("group", name=f"Lot row {number}")


def lots_set_events(procurement: Procurement) -> int:
    return AuditEvent.objects.filter(
        event_type=ProcurementEvent.LOTS_SET, object_id=str(procurement.pk)
    ).count()


# --- 1. The buyer divides a draft into lots and publishes it ----------------------------------


def test_buyer_divides_a_draft_into_two_lots_and_the_public_notice_lists_them(
    page, demo_data, axe_check, screenshot_dir
):
    # Given: the Met's VAR framework drafted this morning, ready to publish but for the lots.
    draft = draft_var_framework(
        "Technology reseller framework", drafted_at=clock.now(), no_lots_reasons=""
    )
    assert draft.status == Status.DRAFT

    sign_in(page, "mps.buyer")
    page.goto(f"/procurements/{draft.pk}/")
    expect(heading(page)).to_have_text(draft.title)
    expect(main(page)).to_contain_text(f"{draft.reference} · {MPS}")
    lots_heading = page.get_by_role("heading", name="Lots", exact=True)
    expect(lots_heading.locator("xpath=following-sibling::p[1]")).to_have_text(
        "Not divided into lots. Divide it into lots, or give the reasons it is not divided when "
        "you change the draft: the tender notice must say why (s.18)."
    )
    expect(lot_row(page, 1)).to_be_hidden()  # the form is folded away in "Set the lots"
    axe_check(page, "the draft procurement page")

    # The buyer unfolds the lots form: two empty rows.
    main(page).get_by_text("Set the lots", exact=True).click()
    expect(lot_row(page, 1)).to_be_visible()
    expect(lot_row(page, 2)).to_be_visible()
    expect(lot_row(page, 3)).to_have_count(0)
    axe_check(page, "the draft page with the lots form open")

    def fill_row(number: int, lot: dict, *, title: str, excl: str, incl: str) -> None:
        row = lot_row(page, number)
        row.get_by_label("Lot title").fill(title)
        row.get_by_label("What the lot covers").fill(lot["description"])
        row.get_by_label("Lot value excluding VAT").fill(excl)
        row.get_by_label("Lot value including VAT").fill(incl)
        row.get_by_label("Lot CPV codes").fill(", ".join(lot["cpv_codes"]))
        suppliers = lot["max_framework_suppliers"]
        row.get_by_label("Suppliers on the lot's framework").fill(str(suppliers or ""))

    hardware, software = LOTS
    save = main(page).get_by_role("button", name="Save the lots")

    # 1. The second lot has no title: refused by the form, with the error on the field.
    fill_row(1, hardware, title="Hardware", excl="140,000,000", incl="£168,000,000")
    fill_row(2, software, title="", excl="70000000", incl="84000000")
    page.get_by_label("Most lots one supplier may tender for").fill("2")
    save.click()

    expect(page).to_have_title(f"Error: {draft.title} – Procura")
    summary = error_summary(page)
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary on load
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary.get_by_role("link")).to_have_text("Enter the title of the lot")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_lots-1-title")
    title_2 = lot_row(page, 2).get_by_label("Lot title")
    expect(title_2).to_have_id("id_lots-1-title")
    expect(title_2).to_have_attribute("aria-describedby", "id_lots-1-title-error")
    expect(page.locator("#id_lots-1-title-error")).to_have_text("Error: Enter the title of the lot")
    expect(title_2).to_have_accessible_description("Error: Enter the title of the lot")
    # The form stays open, with what the buyer typed.
    expect(lot_row(page, 1).get_by_label("Lot title")).to_have_value("Hardware")
    expect(lot_row(page, 2).get_by_label("What the lot covers")).to_have_value(SOFTWARE)
    expect(lot_row(page, 2).get_by_label("Lot value excluding VAT")).to_have_value("70000000")
    expect(lot_row(page, 2).get_by_label("Suppliers on the lot's framework")).to_have_value("1")
    expect(page.get_by_label("Most lots one supplier may tender for")).to_have_value("2")
    assert list(draft.lots.all()) == []
    assert lots_set_events(draft) == 0
    axe_check(page, "the lots form with a missing title")
    summary.get_by_role("link", name="Enter the title of the lot").click()
    expect(title_2).to_be_focused()

    # 2. Titled, but the lots are worth more than the procurement: refused by the service (Sch 3).
    title_2.fill("Software")
    lot_row(page, 2).get_by_label("Lot value excluding VAT").fill("80000000")
    lot_row(page, 2).get_by_label("Lot value including VAT").fill("96000000")
    save.click()

    too_much = (
        "The lots' estimated values add up to more than the procurement's estimated value: the "
        "procurement's value covers every lot."
    )
    expect(page).to_have_title(f"Error: {draft.title} – Procura")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary.get_by_role("link")).to_have_text(too_much)
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_lots-0-title")
    lots_form = page.locator(f"form[action='/procurements/{draft.pk}/lots/']")
    expect(lots_form.locator(".govuk-error-message")).to_have_text(f"Error: {too_much}")
    title_1 = lot_row(page, 1).get_by_label("Lot title")
    expect(title_1).to_have_id("id_lots-0-title")
    expect(title_2).to_have_value("Software")
    expect(lot_row(page, 2).get_by_label("Lot value including VAT")).to_have_value("96000000")
    assert list(draft.lots.all()) == []
    assert lots_set_events(draft) == 0
    axe_check(page, "the lots form with lots worth more than the procurement")
    summary.get_by_role("link", name=too_much).click()
    expect(title_1).to_be_focused()

    # 3. Within the procurement's value: saved, and the draft page lists the lots.
    lot_row(page, 2).get_by_label("Lot value excluding VAT").fill("70000000")
    lot_row(page, 2).get_by_label("Lot value including VAT").fill("84000000")
    save.click()

    expect(page).to_have_url(re.compile(rf"/procurements/{draft.pk}/$"))
    expect(page).to_have_title(f"{draft.title} – Procura")
    expect(success_banner(page)).to_have_text("The lots were saved.")
    expect(error_summary(page)).to_have_count(0)
    lots_table = page.get_by_role("table", name="The lots of this procurement")
    expect(lots_table.locator("thead th")).to_have_text(
        ["Lot", "Value excluding VAT", "Value including VAT", "Suppliers"]
    )
    expect(lots_table.locator("tbody tr")).to_have_count(2)
    expect(lots_table.locator("tbody tr").nth(0).locator("th")).to_have_text(
        f"Lot 1: Hardware{HARDWARE}CPV codes: 30200000"
    )
    expect(lots_table.locator("tbody tr").nth(0).locator("td")).to_have_text(
        ["£140,000,000", "£168,000,000", "Up to 2"]
    )
    expect(lots_table.locator("tbody tr").nth(1).locator("th")).to_have_text(
        f"Lot 2: Software{SOFTWARE}CPV codes: 48000000"
    )
    expect(lots_table.locator("tbody tr").nth(1).locator("td")).to_have_text(
        ["£70,000,000", "£84,000,000", "Up to 1"]
    )
    expect(page.locator("#row-max_lots_bid_per_supplier dd")).to_have_text("Up to 2")
    expect(page.locator("#row-max_lots_awarded_per_supplier dd")).to_have_text("Any number")
    saved = [
        {
            name: getattr(lot, name)
            for name in (
                "title",
                "description",
                "estimated_value_excl_vat",
                "estimated_value_incl_vat",
                "cpv_codes",
                "max_framework_suppliers",
            )
        }
        for lot in draft.lots.order_by("position")
    ]
    assert saved == LOTS
    assert [lot.number for lot in draft.lots.order_by("position")] == ["1", "2"]
    draft.refresh_from_db()
    assert (draft.max_lots_bid_per_supplier, draft.max_lots_awarded_per_supplier) == (2, None)
    assert lots_set_events(draft) == 1
    axe_check(page, "the draft page listing the lots")
    page.screenshot(path=screenshot_dir / "buyer-draft-in-lots.png", full_page=True)

    # The buyer publishes the tender notice, and the public notice lists both lots.
    main(page).get_by_role("button", name="Publish the tender notice").click()
    expect(page).to_have_url(re.compile(rf"/procurements/{draft.pk}/$"))
    [notice] = list(notice_selectors.notices_of(draft).filter(notice_type=NoticeType.UK4))
    expect(success_banner(page)).to_have_text(
        f"The tender notice {notice.notice_id} was published."
    )
    draft.refresh_from_db()
    assert draft.status == Status.PARTICIPATION_OPEN
    assert [(lot["id"], lot["title"]) for lot in notice.release["tender"]["lots"]] == [
        ("1", "Hardware"),
        ("2", "Software"),
    ]
    main(page).get_by_role("link", name="See the public tender notice").click()

    expect(page).to_have_url(re.compile(rf"/opportunities/{draft.reference}/$"))
    expect(heading(page)).to_have_text(draft.title)
    lots_heading = page.get_by_role("heading", name="Lots", exact=True)
    expect(lots_heading.locator("xpath=following-sibling::p[1]")).to_have_text(
        "The procurement is divided into 2 lots, each awarded separately. A supplier may tender "
        "for up to 2 lots."
    )
    public_lots = page.get_by_role("table", name="The lots")
    expect(public_lots.locator("thead th")).to_have_text(
        ["Lot", "Estimated value including VAT", "Suppliers"]
    )
    expect(public_lots.locator("tbody tr")).to_have_count(2)
    expect(public_lots.locator("tbody tr").nth(0).locator("th")).to_have_text(
        f"Lot 1: Hardware{HARDWARE}CPV codes: 30200000"
    )
    expect(public_lots.locator("tbody tr").nth(0).locator("td")).to_have_text(
        ["£168,000,000", "Up to 2"]
    )
    expect(public_lots.locator("tbody tr").nth(1).locator("th")).to_have_text(
        f"Lot 2: Software{SOFTWARE}CPV codes: 48000000"
    )
    expect(public_lots.locator("tbody tr").nth(1).locator("td")).to_have_text(
        ["£84,000,000", "Up to 1"]
    )
    axe_check(page, "the public tender notice with lots")
    page.screenshot(path=screenshot_dir / "public-notice-in-lots.png", full_page=True)


def test_a_refusal_over_the_lots_table_describes_the_field_it_links_to(page, demo_data):
    draft = draft_var_framework(
        "Technology reseller framework", drafted_at=clock.now(), no_lots_reasons=""
    )
    sign_in(page, "mps.buyer")
    page.goto(f"/procurements/{draft.pk}/")
    main(page).get_by_text("Set the lots", exact=True).click()
    for number, (title, excl, incl) in enumerate(
        [("Hardware", "140000000", "168000000"), ("Software", "80000000", "96000000")], start=1
    ):
        lot_row(page, number).get_by_label("Lot title").fill(title)
        lot_row(page, number).get_by_label("Lot value excluding VAT").fill(excl)
        lot_row(page, number).get_by_label("Lot value including VAT").fill(incl)
    main(page).get_by_role("button", name="Save the lots").click()

    link = error_summary(page).get_by_role("link")
    expect(link).to_have_attribute("href", "#id_lots-0-title")
    expect(lot_row(page, 1).get_by_label("Lot title")).to_have_accessible_description(
        "Error: The lots' estimated values add up to more than the procurement's estimated "
        "value: the procurement's value covers every lot.",
        timeout=1_000,
    )


# --- 2. A supplier tenders for one lot --------------------------------------------------------


def invited_to_tender_in_lots() -> Procurement:
    """A Met framework in two lots (a supplier may tender for both) replayed from 40 days ago:
    Albion and Brightwell asked to participate, were shortlisted and invited to tender (the
    tender deadline is in 20 days). Nobody has tendered yet."""
    published = uk_time(-40)
    procurement = draft_var_framework(
        "Mobile devices reseller framework", drafted_at=published, no_lots_reasons=""
    )
    with clock.travel(published):
        procurement_services.set_lots(
            actor=person("mps.buyer"),
            procurement=procurement,
            lots=LOTS,
            max_lots_bid_per_supplier=2,
        )
        procurement_services.publish_tender_notice(
            actor=person("mps.buyer"), procurement=procurement
        )
    with clock.travel(uk_time(-38)):
        participants = [
            request_to_participate(procurement, "albion.bid", ALBION),
            request_to_participate(procurement, "brightwell.bid", BRIGHTWELL),
        ]
    with clock.travel(uk_time(-9)):
        shortlist_and_invite(procurement, participants, tender_deadline=uk_time(20, hour=12))
    procurement.refresh_from_db()
    assert procurement.status == Status.TENDERING_OPEN
    return procurement


def test_supplier_chooses_a_lot_tenders_for_it_and_can_withdraw_that_tender(
    page, demo_data, axe_check, screenshot_dir
):
    procurement = invited_to_tender_in_lots()
    albion = organisation(ALBION)
    quality = list(procurement.criteria.filter(kind=CriterionKind.QUALITY).order_by("position"))
    deadline = clock.format_datetime(procurement.tender_deadline)

    sign_in(page, "albion.bid")
    page.goto(f"/procurements/{procurement.pk}/tender/")
    expect(page).to_have_title(f"Your tender – {procurement.reference} – Procura")
    expect(heading(page)).to_have_text("Your tender")
    expect(page.locator("#tender-deadline")).to_have_text(deadline)
    summary_rows = (
        main(page).locator(".govuk-summary-list").first.locator(".govuk-summary-list__row")
    )
    expect(summary_rows.locator("dt")).to_have_text(
        [
            "Tendering as",
            "Tender deadline",
            "Lot 1: Hardware",
            "Lot 2: Software",
            "Lots you may tender for",
        ]
    )
    expect(summary_rows.locator("dd")).to_have_text(
        [ALBION, deadline, "Not submitted", "Not submitted", "Up to 2 (s.20(7))"]
    )
    expect(page.get_by_role("heading", name="Submit or replace a tender for a lot")).to_be_visible()
    lot_choice = page.get_by_role("group", name="Which lot is this tender for?")
    expect(lot_choice.get_by_role("radio")).to_have_count(2)
    lot_1 = lot_choice.get_by_role("radio", name="Lot 1: Hardware", exact=True)
    lot_2 = lot_choice.get_by_role("radio", name="Lot 2: Software", exact=True)
    expect(lot_1).not_to_be_checked()
    expect(lot_2).not_to_be_checked()
    expect(main(page).get_by_role("button", name=re.compile(r"^Withdraw"))).to_have_count(0)
    axe_check(page, "the tender page of a procurement in lots")

    answers = {
        criterion: f"Albion's answer on {criterion.title.lower()} for software."
        for criterion in quality
    }
    price = page.get_by_label("Total price, excluding VAT")
    send = main(page).get_by_role("button", name="Send the tender for this lot")

    def answer_box(criterion):
        return page.get_by_label(f"{criterion.title} ({criterion.weight.normalize():f}%)")

    # Without choosing a lot: refused, the error on the lot choice, and nothing is stored.
    events = AuditEvent.objects.count()
    price.fill("520000.00")
    for criterion, text in answers.items():
        answer_box(criterion).fill(text)
    send.click()

    expect(page).to_have_title(f"Error: Your tender – {procurement.reference} – Procura")
    summary = error_summary(page)
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary.get_by_role("link")).to_have_text("Choose the lot your tender is for.")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#lot")
    expect(lot_choice).to_have_attribute("aria-describedby", "lot-error")
    expect(page.locator("#lot-error")).to_have_text("Error: Choose the lot your tender is for.")
    expect(lot_choice).to_have_accessible_description("Error: Choose the lot your tender is for.")
    expect(lot_1).to_have_id("lot")
    expect(price).to_have_value("520000.00")
    for criterion, text in answers.items():
        expect(answer_box(criterion)).to_have_value(text)
    assert Tender.objects.filter(procurement=procurement).count() == 0
    assert AuditEvent.objects.count() == events
    axe_check(page, "the tender page with no lot chosen")
    summary.get_by_role("link", name="Choose the lot your tender is for.").click()
    expect(lot_1).to_be_focused()

    # Lot 2, but one answer left empty: refused, the error on that answer; the lot stays chosen.
    lot_2.check()
    technical = quality[0]
    answer_box(technical).fill("")
    send.click()

    missing = f"Enter your answer to ‘{technical.title}’."
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary.get_by_role("link")).to_have_text(missing)
    expect(summary.get_by_role("link")).to_have_attribute("href", f"#answer-{technical.pk}")
    expect(answer_box(technical)).to_have_attribute(
        "aria-describedby", f"answer-{technical.pk}-error"
    )
    expect(answer_box(technical)).to_have_accessible_description(f"Error: {missing}")
    expect(lot_2).to_be_checked()
    expect(page.locator("#lot-error")).to_have_count(0)
    assert Tender.objects.filter(procurement=procurement).count() == 0
    assert AuditEvent.objects.count() == events
    axe_check(page, "the tender page with an answer missing")
    summary.get_by_role("link", name=missing).click()
    expect(answer_box(technical)).to_be_focused()

    # Answered: received for lot 2, and the receipt names the lot.
    answer_box(technical).fill(answers[technical])
    send.click()

    expect(page).to_have_url(re.compile(rf"/procurements/{procurement.pk}/tender/receipts/"))
    expect(heading(page)).to_have_text("Tender received")
    tender = Tender.objects.get(procurement=procurement)
    assert (tender.supplier, tender.lot.number, tender.status) == (
        albion,
        "2",
        TenderStatus.SUBMITTED,
    )
    expect(page.locator("#receipt-reference")).to_have_text(tender.reference)
    expect(page.locator("#receipt-lot")).to_have_text("Lot 2: Software")
    expect(page.locator("#receipt-sha256")).to_have_text(tender.content_sha256)
    axe_check(page, "the tender receipt for lot 2")
    page.screenshot(path=screenshot_dir / "supplier-lot-tender-receipt.png", full_page=True)

    # Back on the tender page: the live tender for lot 2, and a withdraw button for that lot only.
    page.get_by_role("link", name="Back to your tender").click()
    submitted = clock.format_datetime(tender.submitted_at)
    expect(summary_rows.locator("dd")).to_have_text(
        [
            ALBION,
            deadline,
            "Not submitted",
            f"Submitted {tender.reference}, {submitted}",
            "Up to 2 (s.20(7))",
        ]
    )
    expect(lot_choice.get_by_role("radio", name="Lot 1: Hardware", exact=True)).to_be_visible()
    expect(
        lot_choice.get_by_role("radio", name=f"Lot 2: Software (replaces {tender.reference})")
    ).to_be_visible()
    withdraw_buttons = main(page).get_by_role("button", name=re.compile(r"^Withdraw"))
    expect(withdraw_buttons).to_have_count(1)
    expect(withdraw_buttons).to_have_text("Withdraw your tender for lot 2")
    receipts = page.get_by_role("table", name="Every version you sent, newest first")
    expect(receipts.locator("tbody tr")).to_have_count(1)
    expect(receipts.locator("tbody tr td").nth(0)).to_have_text(tender.reference)
    expect(receipts.locator("tbody tr td").nth(1)).to_have_text("Lot 2: Software")
    axe_check(page, "the tender page with a tender for lot 2")
    page.screenshot(path=screenshot_dir / "supplier-lot-2-tendered.png", full_page=True)

    # The button asks for confirmation, naming the tender, then withdraws it.
    withdraw_buttons.click()
    expect(page).to_have_url(
        re.compile(rf"/procurements/{procurement.pk}/tender/withdraw/\?lot=2$")
    )
    expect(heading(page)).to_have_text("Withdraw your tender for lot 2")
    expect(main(page).locator("#withdraw-reference")).to_contain_text(tender.reference)
    axe_check(page, "the confirmation before withdrawing the lot 2 tender")
    assert tendering_selectors.receipts_of(procurement, albion)[0].status == TenderStatus.SUBMITTED
    main(page).get_by_role("button", name="Withdraw the tender").click()
    expect(page).to_have_url(re.compile(rf"/procurements/{procurement.pk}/tender/$"))
    expect(success_banner(page)).to_have_text(
        f"Your tender {tender.reference} for lot 2 was withdrawn."
    )
    expect(summary_rows.locator("dd").nth(3)).to_have_text("Not submitted")
    expect(main(page).get_by_role("button", name=re.compile(r"^Withdraw"))).to_have_count(0)
    assert [
        (r.reference, r.lot, r.status) for r in tendering_selectors.receipts_of(procurement, albion)
    ] == [(tender.reference, "2", TenderStatus.WITHDRAWN)]
    axe_check(page, "the tender page after withdrawing the lot 2 tender")
