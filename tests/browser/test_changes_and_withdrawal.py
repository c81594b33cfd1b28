"""Changes after publication in a real browser (Debian's Chromium), each page checked with axe-core.

A buyer (mps.buyer) modifies a published procurement under s.31 and the public tender notice says
it was revised; a supplier (albion.bid) withdraws from a procurement and the buyer sees it; a
member of the buying authority who is not an approver (staffs.buyer2, who proposed the award) is
refused the award approval page.

What each story needs before the steps under test is made through the services (journeys.py),
or is the demo story (procura/demo/story.py); every step under test is clicked and typed.
"""

import re

import pytest
from journeys import (
    ALBION,
    BRIGHTWELL,
    MPS,
    heading,
    main,
    navigation,
    organisation,
    person,
    published_var_framework,
    request_to_participate,
    shortlist_and_invite,
    sign_in,
    success_banner,
    task,
    uk_time,
)
from playwright.sync_api import expect

from procura.accounts.selectors import has_role
from procura.accounts.states import Role
from procura.core import clock
from procura.demo import people as demo
from procura.demo import staffordshire
from procura.notices import selectors as notice_selectors
from procura.notices.states import NoticeType
from procura.participation.models import Participant
from procura.participation.states import ParticipantStatus
from procura.procurements import selectors as procurement_selectors
from procura.procurements.models import Procurement
from procura.procurements.states import CriterionKind, Status
from procura.tendering import selectors as tendering_selectors
from procura.tendering import services as tendering_services
from procura.tendering.services import UploadedDocument
from procura.tendering.states import TenderStatus

# The live server needs committed data, so each test flushes the database when it ends; the
# serialized rollback puts back what the migrations created (the audit chain's head).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def error_summary(page):
    return page.locator(".govuk-error-summary")


def tender_notices(procurement: Procurement) -> list:
    return list(
        notice_selectors.notices_of(procurement).filter(notice_type=NoticeType.UK4).order_by("pk")
    )


# --- 1. The buyer modifies a published procurement (s.31) -------------------------------------

NEW_DESCRIPTION = (
    "The full range of technology hardware and software the force commonly uses, with associated "
    "support services and the secure disposal of retired devices, through call-offs."
)
REASON = "Secure disposal of retired devices was left out of the description by mistake."
TIME_LIMITS = (
    "Reconsidered: the disposal service is a small part of the support already described, so "
    "the deadline for requests to participate stays as it is."
)


def test_buyer_modifies_a_published_procurement_and_the_notice_says_it_was_revised(
    page, demo_data, axe_check, screenshot_dir
):
    # Given: the Met's VAR framework, published two days ago and open for requests to participate.
    var = published_var_framework("Value-added reseller framework", published_at=uk_time(-2))
    description = var.description
    [published_notice] = tender_notices(var)

    # The buyer opens its procurement and chooses to modify it.
    sign_in(page, "mps.buyer")
    page.goto(f"/procurements/{var.pk}/")
    expect(heading(page)).to_have_text(var.title)
    expect(main(page)).to_contain_text(f"{var.reference} · {MPS}")
    expect(page.locator("#modifications")).to_have_count(0)
    axe_check(page, "the buyer's procurement page")
    main(page).get_by_role("link", name="Modify this procurement").click()

    expect(page).to_have_url(re.compile(rf"/procurements/{var.pk}/modify/$"))
    expect(page).to_have_title(f"Modify {var.reference} – Procura")
    expect(heading(page)).to_have_text("Modify this procurement")
    expect(main(page)).to_contain_text(
        "The tender notice has been published. A modification publishes a revised tender notice "
        "saying what changed and why, and every supplier taking part is told (s.31)."
    )
    description_field = page.get_by_label("What is being bought", exact=True)
    expect(description_field).to_have_value(description)
    axe_check(page, "the modification form")

    # Everything but the reason: refused with the GOV.UK error summary, and nothing changes.
    description_field.fill(NEW_DESCRIPTION)
    page.get_by_label("No, it is not substantial").check()
    page.get_by_label("How the time limits were reconsidered").fill(TIME_LIMITS)
    page.get_by_role("button", name="Publish the revised tender notice").click()

    expect(page).to_have_title(f"Error: Modify {var.reference} – Procura")
    summary = error_summary(page)
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary on load
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary.get_by_role("link")).to_have_text("Give the reason for the modification")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_reason")
    reason_field = page.get_by_label("Why the procurement is being modified")
    expect(reason_field).to_have_id("id_reason")
    expect(reason_field).to_have_attribute("aria-describedby", "id_reason-hint id_reason-error")
    expect(page.locator("#id_reason-error")).to_have_text(
        "Error: Give the reason for the modification"
    )
    expect(page.locator("#id_reason-hint")).to_have_text(
        "This is published in the revised tender notice and sent to every supplier taking part"
    )
    expect(reason_field).to_have_accessible_description(
        "This is published in the revised tender notice and sent to every supplier taking part "
        "Error: Give the reason for the modification"
    )
    # What the buyer typed is kept.
    expect(description_field).to_have_value(NEW_DESCRIPTION)
    expect(page.get_by_label("No, it is not substantial")).to_be_checked()
    expect(page.get_by_label("How the time limits were reconsidered")).to_have_value(TIME_LIMITS)
    var.refresh_from_db()
    assert var.description == description
    assert tender_notices(var) == [published_notice]
    assert procurement_selectors.modifications_of(var) == []
    axe_check(page, "the modification form with an error")

    # The summary's link takes the buyer to the field.
    summary.get_by_role("link", name="Give the reason for the modification").click()
    expect(reason_field).to_be_focused()
    reason_field.fill(REASON)
    page.get_by_role("button", name="Publish the revised tender notice").click()

    # The procurement page lists the modification.
    expect(page).to_have_url(re.compile(rf"/procurements/{var.pk}/#modifications$"))
    var.refresh_from_db()
    assert var.description == NEW_DESCRIPTION
    published_notice_again, revised = tender_notices(var)
    assert published_notice_again == published_notice
    [modification] = procurement_selectors.modifications_of(var)
    assert (modification.notice_id, modification.reason, modification.substantial) == (
        revised.notice_id,
        REASON,
        False,
    )
    assert modification.modified_by == "Priya Shah"
    expect(success_banner(page)).to_have_text(
        f"The procurement was modified and the revised tender notice {revised.notice_id} was "
        "published. The suppliers taking part have been told."
    )
    expect(page.get_by_role("heading", name="Modifications (s.31)")).to_be_visible()
    card = (
        main(page)
        .locator(".govuk-summary-card")
        .filter(has=page.get_by_role("heading", name=re.compile(r"^Modification 1, ")))
    )
    expect(card.get_by_role("heading", level=3)).to_have_text(
        f"Modification 1, {clock.format_datetime(modification.modified_at)}: "
        f"revised tender notice {revised.notice_id}"
    )
    rows = card.locator(".govuk-summary-list__row")
    expect(rows.locator("dt")).to_have_text(
        ["Why", "Substantial (s.31(3))", "Time limits reconsidered (s.31(4))", "By"]
    )
    expect(rows.locator("dd")).to_have_text([REASON, "No", TIME_LIMITS, "Priya Shah"])
    changed = card.get_by_role("table", name="What changed")
    expect(changed.locator("tbody tr")).to_have_count(1)
    expect(changed.locator("tbody tr th")).to_have_text("What is being bought")
    expect(changed.locator("tbody tr td")).to_have_text([description, NEW_DESCRIPTION])
    axe_check(page, "the procurement page listing the modification")
    page.screenshot(path=screenshot_dir / "buyer-procurement-modified.png", full_page=True)

    # The public tender notice says that it was revised, when and why, and shows the change.
    main(page).get_by_role("link", name="See the public tender notice").click()
    expect(page).to_have_url(re.compile(rf"/opportunities/{var.reference}/$"))
    expect(heading(page)).to_have_text(var.title)
    revised_at = clock.format_datetime(modification.modified_at)
    banner = page.get_by_role("region", name="Revised tender notice")
    expect(banner.locator(".govuk-notification-banner__heading")).to_have_text(
        f"This tender notice was revised on {revised_at} (notice {revised.notice_id})."
    )
    expect(banner.locator(".govuk-notification-banner__content .govuk-body")).to_have_text(REASON)
    what = page.get_by_role("heading", name="What is being bought").locator("xpath=following::p[1]")
    expect(what).to_have_text(NEW_DESCRIPTION)
    # Every supplier is told in a clarification what changed, from what to what, and why.
    [clarification] = var.clarifications.all()
    told = (
        main(page)
        .locator(".govuk-summary-card")
        .filter(
            has=page.get_by_role(
                "heading",
                name=f"Clarification 1, {clock.format_datetime(clarification.published_at)}",
            )
        )
    )
    expect(told.locator(".govuk-summary-card__content")).to_have_text(
        f"The procurement has been modified and the tender notice revised (notice "
        f"{revised.notice_id}). What is being bought: {description} → {NEW_DESCRIPTION} "
        f"Why: {REASON} Time limits (s.31(4)): {TIME_LIMITS}",
        use_inner_text=True,  # the line breaks (<br>) as spaces
    )
    revisions = (
        main(page)
        .locator(".govuk-summary-card")
        .filter(
            has=page.get_by_role(
                "heading", name=f"Revised {revised_at}, notice {revised.notice_id}"
            )
        )
    )
    expect(revisions).to_have_count(1)
    expect(revisions).to_contain_text(f"Why: {REASON}")
    expect(revisions).to_contain_text(
        "Changed: What is being bought. The authority considers the modification not "
        f"substantial (s.31(3)). Time limits reconsidered (s.31(4)): {TIME_LIMITS}"
    )
    axe_check(page, "the public tender notice, revised")
    page.screenshot(path=screenshot_dir / "public-notice-revised.png", full_page=True)


# --- 2. A supplier withdraws from a procurement -----------------------------------------------

WITHDRAWAL_REASON = "We no longer have the capacity to deliver the framework."


def invited_with_albions_tender() -> Procurement:
    """A Met framework replayed from 40 days ago: Albion and Brightwell asked to participate,
    were shortlisted and invited to tender (the tender deadline is in 20 days); Albion has
    submitted its sealed tender."""
    published = uk_time(-40)
    procurement = published_var_framework(
        "Mobile devices reseller framework", published_at=published
    )
    with clock.travel(uk_time(-38)):
        participants = [
            request_to_participate(procurement, "albion.bid", ALBION),
            request_to_participate(procurement, "brightwell.bid", BRIGHTWELL),
        ]
    with clock.travel(uk_time(-9)):
        shortlist_and_invite(procurement, participants, tender_deadline=uk_time(20, hour=12))
    with clock.travel(uk_time(-2)):
        tendering_services.submit_tender(
            actor=person("albion.bid"),
            procurement=procurement,
            supplier=organisation(ALBION),
            price="1890000.00",
            answers={
                c.pk: f"Albion's answer on {c.title.lower()}."
                for c in procurement.criteria.filter(kind=CriterionKind.QUALITY)
            },
            files=[UploadedDocument("method-statement.pdf", b"%PDF-1.4 method statement")],
        )
    procurement.refresh_from_db()
    assert procurement.status == Status.TENDERING_OPEN
    return procurement


def test_supplier_withdraws_and_the_buyer_sees_it(page, demo_data, axe_check, screenshot_dir):
    procurement = invited_with_albions_tender()
    albion, brightwell = organisation(ALBION), organisation(BRIGHTWELL)
    [tender] = tendering_selectors.receipts_of(procurement, albion)

    # Albion's bid manager opens its task list and chooses to withdraw.
    sign_in(page, "albion.bid")
    page.goto(f"/procurements/{procurement.pk}/participate/")
    expect(heading(page)).to_have_text("Participate")
    expect(main(page)).to_contain_text(f"Taking part as {ALBION}. Status: Invited to tender")
    expect(page.get_by_role("heading", name="No longer want to take part?")).to_be_visible()
    expect(main(page)).to_contain_text(
        f"You can withdraw {ALBION} from this procurement until the award decision is made."
    )
    axe_check(page, "the supplier's task list")
    main(page).get_by_role("button", name="Withdraw from this procurement").click()

    # The confirmation: a GOV.UK warning, and what happens to the tender.
    expect(page).to_have_url(re.compile(rf"/procurements/{procurement.pk}/participate/withdraw/$"))
    expect(page).to_have_title(
        f"Withdraw from this procurement – {procurement.reference} – Procura"
    )
    expect(heading(page)).to_have_text(f"Withdraw {ALBION} from this procurement")
    warning = page.locator(".govuk-warning-text__text")
    expect(warning.locator(".govuk-visually-hidden")).to_have_text("Warning")
    expect(warning).to_have_text(
        # "Warning" is for screen readers only (GOV.UK Frontend's markup runs it into the text).
        f"WarningYou cannot undo this. {ALBION} will take no further part: it cannot submit a "
        "request to participate or a tender, and it will no longer see the procurement documents."
    )
    expect(main(page)).to_contain_text(
        "If you have submitted a tender and the tender deadline has not passed, your tender is "
        "withdrawn too. It is kept sealed and never opened."
    )
    reason = page.get_by_label("Why are you withdrawing? (optional)")
    expect(reason).to_have_accessible_description(
        "For example, you no longer have the capacity to deliver the contract"
    )
    axe_check(page, "the withdrawal confirmation")
    # Nothing has happened yet: the confirmation page only asks.
    assert Participant.objects.get(procurement=procurement, supplier=albion).status == (
        ParticipantStatus.INVITED
    )
    reason.fill(WITHDRAWAL_REASON)
    main(page).get_by_role("button", name="Withdraw from this procurement").click()

    # Back on the task list: Albion has withdrawn, and its tender with it.
    expect(page).to_have_url(re.compile(rf"/procurements/{procurement.pk}/participate/$"))
    expect(success_banner(page)).to_have_text(
        f"{ALBION} has withdrawn from this procurement. Your tender {tender.reference} was "
        "withdrawn with it."
    )
    participant = Participant.objects.get(procurement=procurement, supplier=albion)
    assert participant.status == ParticipantStatus.WITHDRAWN
    assert participant.withdrawn_by == person("albion.bid")
    assert participant.withdrawal_reason == WITHDRAWAL_REASON
    withdrawn_at = clock.format_datetime(participant.withdrawn_at)
    expect(main(page)).to_contain_text(f"Taking part as {ALBION}. Status: Withdrawn")
    expect(main(page).locator(".govuk-inset-text", has_text="withdrew")).to_have_text(
        f"{ALBION} withdrew from this procurement on {withdrawn_at}. "
        f"Reason given: {WITHDRAWAL_REASON}"
    )
    expect(task(page, 1)).to_have_count(0)
    expect(main(page).get_by_role("button", name="Withdraw from this procurement")).to_have_count(0)
    axe_check(page, "the supplier's task list after withdrawing")
    page.screenshot(path=screenshot_dir / "supplier-withdrew.png", full_page=True)
    assert [r.status for r in tendering_selectors.receipts_of(procurement, albion)] == [
        TenderStatus.WITHDRAWN
    ]
    assert Participant.objects.get(procurement=procurement, supplier=brightwell).status == (
        ParticipantStatus.INVITED
    )

    # The buyer sees the withdrawal, with its reason, on the list of suppliers taking part.
    navigation(page).get_by_role("button", name="Sign out").click()
    sign_in(page, "mps.buyer")
    page.goto(f"/procurements/{procurement.pk}/")
    page.get_by_role("navigation", name="Stages of this procurement").get_by_role(
        "link", name=re.compile(r"^Suppliers taking part: ")
    ).click()
    expect(heading(page)).to_have_text("Participation")
    page.get_by_role("navigation", name="Participation stage").get_by_role(
        "link", name="Suppliers and responses"
    ).click()

    expect(page).to_have_url(
        re.compile(rf"/procurements/{procurement.pk}/participation/responses/$")
    )
    expect(heading(page)).to_have_text("Suppliers and responses")
    suppliers = page.get_by_role("table", name="Every supplier taking part")
    albion_row = suppliers.locator("tbody tr", has_text=ALBION)
    expect(albion_row.locator("td").nth(1)).to_have_text(
        f"Withdrawn Withdrew on {withdrawn_at}: {WITHDRAWAL_REASON}",
        use_inner_text=True,  # the line break (<br>) as a space
    )
    expect(suppliers.locator("tbody tr", has_text=BRIGHTWELL).locator("td").nth(1)).to_have_text(
        "Invited to tender"
    )
    axe_check(page, "the buyer's list of suppliers with a withdrawal")
    page.screenshot(path=screenshot_dir / "buyer-sees-withdrawal.png", full_page=True)


# --- 3. Only an approver approves the award decision ------------------------------------------


def test_a_member_of_the_authority_who_is_not_an_approver_cannot_approve_the_award(
    page, demo_data, axe_check
):
    # Given: the demo's Staffordshire contract, whose award staffs.buyer2 proposed (a buyer, not
    # an approver of the authority) and the head of procurement approved.
    procurement = Procurement.objects.get(
        authority__name=demo.STAFFS, title=staffordshire.STAFFS_TITLE
    )
    buyer = person("staffs.buyer2")
    assert has_role(buyer, Role.BUYER, procurement.authority)
    assert not has_role(buyer, Role.APPROVER, procurement.authority)

    sign_in(page, "staffs.buyer2")
    response = page.goto(f"/procurements/{procurement.pk}/evaluation/award/approval/")

    assert response is not None and response.status == 403
    expect(page).to_have_title(
        "You cannot do this: You cannot approve this award decision – Procura"
    )
    expect(heading(page)).to_have_text("You cannot approve this award decision")
    expect(page.locator("#forbidden-message")).to_have_text(
        "Only an approver of Police and Crime Commissioner for Staffordshire can approve the "
        "award decision."
    )
    axe_check(page, "the award approval page, refused")
    main(page).get_by_role("link", name="Back to the procurement").click()
    expect(page).to_have_url(re.compile(rf"/procurements/{procurement.pk}/$"))
    expect(heading(page)).to_have_text(staffordshire.STAFFS_TITLE)
