"""Procurement journeys in a real browser (Debian's Chromium), each page checked with axe-core.

One supplier (albion.bid) goes from the non-disclosure agreement through the conditions of
participation questionnaire to its sealed tender; one evaluator (mps.evaluator1) declares no
conflict of interest and scores the opened tenders.

What the story needs before the steps under test (procurements, agreements, documents, other
suppliers' requests, shortlists, sealed and opened tenders) is made through the services, as the
buyer and the suppliers would make it. Where a deadline must already have passed, that history is
replayed at its own time with `clock.travel`, so every notice and audit event carries the story's
date; the live server itself runs on the real clock. Every step under test is clicked and typed.
The set-up and the page helpers are shared with the other journeys (journeys.py).
"""

import hashlib
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from journeys import (
    ALBION,
    BRIGHTWELL,
    MPS,
    NDA_TEXT,
    PASS_FAIL_QUESTION,
    SCORED_QUESTION,
    SPECIFICATION,
    WALLS_TEXT,
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

from procura.core import clock
from procura.evaluation import services as evaluation_services
from procura.evaluation.models import EvaluatorAssignment, Score
from procura.evaluation.states import AssignmentStatus
from procura.participation import selectors as participation_selectors
from procura.participation.models import Participant
from procura.participation.states import ParticipantStatus
from procura.procurements import services as procurement_services
from procura.procurements.models import Procurement
from procura.procurements.states import CriterionKind, Status
from procura.tendering import services as tendering_services
from procura.tendering.models import Tender
from procura.tendering.services import UploadedDocument

# The live server needs committed data, so each test flushes the database when it ends; the
# serialized rollback puts back what the migrations created (the audit chain's head).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


# --- 1. The supplier --------------------------------------------------------------------------


def test_supplier_accepts_the_agreements_answers_the_questionnaire_and_tenders(
    page, demo_data, axe_check, screenshot_dir
):
    # Given: a second Met framework, published 40 days ago, to which Albion asked to participate
    # (its deadline passed 10 days ago)...
    published = uk_time(-40)
    earlier = published_var_framework("Mobile devices reseller framework", published_at=published)
    with clock.travel(published + timedelta(days=2)):
        earlier_request = request_to_participate(earlier, "albion.bid", ALBION)
    # ...and the Met's VAR framework, published this morning, open for requests for 30 days.
    var = published_var_framework("Value-added reseller framework", published_at=clock.now())
    pass_fail, scored = participation_selectors.questions_of(var)
    specification = participation_selectors.current_documents(var)[0]

    # The bid manager signs in and finds the opportunity.
    sign_in(page, "albion.bid")
    expect(page).to_have_url(re.compile(r"/home/supplier_bid_manager/$"))
    expect(heading(page)).to_have_text("Opportunities and bids")
    main(page).get_by_role("link", name="Find opportunities").first.click()
    expect(page).to_have_url(re.compile(r"/opportunities/$"))
    expect(heading(page)).to_have_text("Opportunities")
    row = page.locator("tbody tr", has_text=var.reference)
    expect(row).to_contain_text(MPS)
    expect(row).to_contain_text("£252,000,000")
    expect(row).to_contain_text(clock.format_datetime(var.participation_deadline))
    axe_check(page, "the opportunities list")
    row.get_by_role("link", name=var.title).click()

    expect(page).to_have_url(re.compile(rf"/opportunities/{var.reference}/$"))
    expect(heading(page)).to_have_text(var.title)
    expect(main(page)).to_contain_text(f"{var.reference} · Tender notice")
    axe_check(page, "the opportunity's page")
    page.get_by_role("link", name="Take part in this procurement").click()

    # The task list: nothing is available until the organisation has expressed interest.
    expect(page).to_have_url(re.compile(rf"/procurements/{var.pk}/participate/$"))
    expect(heading(page)).to_have_text("Participate")
    expect(main(page)).to_contain_text(
        "The deadline for requests to participate is "
        f"{clock.format_datetime(var.participation_deadline)} (UK time)."
    )
    expect(task(page, 1)).to_contain_text("Express interest first")
    expect(task(page, 2)).to_contain_text("Cannot start yet")
    expect(task(page, 2).get_by_role("link")).to_have_count(0)
    axe_check(page, "the supplier's task list before expressing interest")
    page.get_by_role("button", name="Express interest").click()

    # Interest expressed: the agreements to accept. The documents are still out of reach.
    expect(page).to_have_url(re.compile(rf"/procurements/{var.pk}/participate/agreements/$"))
    expect(success_banner(page)).to_have_text(
        f"{ALBION} has expressed interest. Accept the agreements."
    )
    expect(heading(page)).to_have_text("Accept the agreements")
    expect(main(page)).to_contain_text(NDA_TEXT)
    expect(main(page)).to_contain_text(WALLS_TEXT)
    axe_check(page, "the agreements page")
    page.get_by_role("link", name="Back to your tasks").click()
    expect(task(page, 1)).to_contain_text("Not yet started")
    expect(task(page, 2)).to_contain_text("Cannot start yet")
    expect(task(page, 2).get_by_role("link")).to_have_count(0)
    documents_url = f"/procurements/{var.pk}/participate/documents/"
    # Albion takes part, so the documents page says why it cannot see them yet.
    response = page.goto(documents_url)
    assert response is not None and response.status == 403
    expect(heading(page)).to_have_text("You cannot use this page")
    expect(main(page)).to_contain_text(f"{ALBION} has not accepted the current version of the")
    axe_check(page, "the page that gives a supplier the reason it cannot go on")
    response = page.goto(
        f"/procurements/{var.pk}/participation/documents/{specification.pk}/download/"
    )
    assert response is not None and response.status == 403
    assert Participant.objects.get(procurement=var).status == ParticipantStatus.INTERESTED

    # Accepting without ticking the box is refused with the GOV.UK error summary.
    page.goto(f"/procurements/{var.pk}/participate/")
    task(page, 1).get_by_role("link", name="1. Accept the agreements").click()
    page.get_by_role("button", name="Accept the non-disclosure agreement").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text(
        "Confirm that your organisation accepts the non-disclosure agreement"
    )
    expect(summary.get_by_role("link")).to_have_attribute("href", "#confirm-nda")
    expect(page).to_have_title(re.compile(r"^Error: Accept the agreements"))
    axe_check(page, "the agreements page with an error")

    # The NDA, then the ethical walls agreement.
    page.get_by_label(f"{ALBION} accepts version 1 of the non-disclosure agreement").check()
    page.get_by_role("button", name="Accept the non-disclosure agreement").click()
    expect(success_banner(page)).to_have_text("You accepted the non-disclosure agreement.")
    expect(main(page).locator(".govuk-tag", has_text="Accepted")).to_have_count(1)
    page.get_by_label(f"{ALBION} accepts version 1 of the ethical walls agreement").check()
    page.get_by_role("button", name="Accept the ethical walls agreement").click()

    expect(page).to_have_url(re.compile(rf"/procurements/{var.pk}/participate/$"))
    expect(success_banner(page)).to_have_text(
        "Every agreement is accepted. You can now see the documents."
    )
    expect(task(page, 1)).to_contain_text("Completed")
    expect(task(page, 2)).to_contain_text("Available")
    expect(task(page, 3)).to_contain_text("Not yet started")
    axe_check(page, "the supplier's task list with the agreements accepted")

    # The procurement document, downloaded exactly as the buyer uploaded it.
    task(page, 2).get_by_role("link", name="2. Read the procurement documents").click()
    expect(heading(page)).to_have_text("Procurement documents")
    expect(main(page)).to_contain_text("specification.pdf")
    expect(main(page)).to_contain_text(specification.sha256[:16])
    axe_check(page, "the procurement documents")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Specification").click()
    download = download_info.value
    assert download.suggested_filename == "specification.pdf"
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == SPECIFICATION

    # The questionnaire and the financial information, saved as a draft first.
    page.get_by_role("link", name="Back to your tasks").click()
    task(page, 3).get_by_role("link").click()
    expect(heading(page)).to_have_text("Questionnaire and financial information")
    axe_check(page, "the questionnaire")
    cyber = "Yes: certificate CE-PLUS-88231, renewed in March, covering every system we use."
    continuity = "We hold eight weeks of stock at two UK depots and have second sources."
    page.get_by_label(f"1. {PASS_FAIL_QUESTION}").fill(cyber)
    page.get_by_label(f"2. {SCORED_QUESTION}").fill(continuity)
    page.get_by_label("Annual turnover").fill("48,250,000")
    accounts = b"%PDF-1.4 Albion Technology Solutions Ltd: filed accounts, last three years."
    page.get_by_label("Your accounts or other financial evidence").set_input_files(
        {"name": "albion-accounts.pdf", "mimeType": "application/pdf", "buffer": accounts}
    )
    page.get_by_role("button", name="Save as draft").click()

    expect(success_banner(page)).to_have_text("Your answers have been saved as a draft.")
    expect(page.get_by_label(f"1. {PASS_FAIL_QUESTION}")).to_have_value(cyber)
    expect(page.get_by_label(f"2. {SCORED_QUESTION}")).to_have_value(continuity)
    expect(page.get_by_label("Annual turnover")).to_have_value("48250000.00")
    expect(main(page).get_by_role("link", name="albion-accounts.pdf")).to_be_visible()
    axe_check(page, "the questionnaire with a saved draft")
    participant = Participant.objects.get(procurement=var)
    assert participant.status == ParticipantStatus.ADMITTED
    draft = participation_selectors.response_of(participant)
    assert {
        question_id: answer.text
        for question_id, answer in participation_selectors.answers_by_question(draft).items()
    } == {pass_fail.pk: cyber, scored.pk: continuity}
    assert draft.annual_turnover == Decimal("48250000.00")
    assert draft.financial_evidence_sha256 == hashlib.sha256(accounts).hexdigest()
    assert draft.submitted_at is None

    # Check the answers, then submit.
    page.get_by_label("Anything else about your financial standing (optional)").fill(
        "No borrowing; a parent company guarantee is available."
    )
    page.get_by_role("button", name="Save and check your answers").click()
    expect(page).to_have_url(re.compile(rf"/procurements/{var.pk}/participate/check/$"))
    expect(heading(page)).to_have_text("Check your answers before submitting")
    answers = page.locator(".govuk-summary-list")
    expect(answers).to_contain_text(cyber)
    expect(answers).to_contain_text(continuity)
    expect(answers).to_contain_text("£48,250,000")
    expect(answers).to_contain_text("albion-accounts.pdf")
    axe_check(page, "check your answers")
    page.get_by_role("button", name="Submit request to participate").click()

    expect(page).to_have_url(re.compile(rf"/procurements/{var.pk}/participate/receipt/$"))
    expect(heading(page)).to_have_text("Request to participate submitted")
    participant.refresh_from_db()
    response = participation_selectors.response_of(participant)
    assert participant.status == ParticipantStatus.SUBMITTED
    assert (
        response.receipt_reference == f"RTP-{var.reference}-{response.receipt_sha256[:8].upper()}"
    )
    expect(page.locator(".govuk-panel__body")).to_contain_text(response.receipt_reference)
    expect(main(page)).to_contain_text(response.receipt_sha256)
    expect(main(page)).to_contain_text(clock.format_datetime(response.submitted_at))
    axe_check(page, "the request to participate receipt")
    page.screenshot(path=screenshot_dir / "supplier-participation-receipt.png", full_page=True)

    # Meanwhile the earlier framework moves on: Albion is shortlisted and invited to tender.
    tender_deadline = uk_time(20, hour=12)
    shortlist_and_invite(earlier, [earlier_request], tender_deadline=tender_deadline)
    assert earlier.status == Status.TENDERING_OPEN

    # Albion finds the invitation from its landing page and submits its tender.
    navigation(page).get_by_role("link", name="Opportunities").click()
    taking_part = page.locator("tbody tr", has_text=earlier.reference)
    expect(taking_part).to_contain_text("Invited to tender")
    expect(page.locator("tbody tr", has_text=var.reference)).to_contain_text(
        "Request to participate submitted"
    )
    axe_check(page, "the supplier landing page with its procurements")
    taking_part.get_by_role("link", name=earlier.title).click()
    expect(task(page, 4)).to_contain_text("Invited to tender")
    task(page, 4).get_by_role("link", name="4. See your outcome").click()
    expect(heading(page)).to_have_text("You have been shortlisted and invited to tender")
    expect(main(page)).to_contain_text(
        "Passed every condition of participation and scored 8 out of 10."
    )
    expect(main(page)).to_contain_text(
        f"Submit your tender by {clock.format_datetime(tender_deadline)} (UK time)."
    )
    axe_check(page, "the supplier's outcome")
    page.get_by_role("link", name="Go to your tender").click()

    expect(page).to_have_url(re.compile(rf"/procurements/{earlier.pk}/tender/$"))
    expect(heading(page)).to_have_text("Your tender")
    expect(page.locator("#tender-deadline")).to_have_text(clock.format_datetime(tender_deadline))
    expect(main(page)).to_contain_text("Not submitted")
    axe_check(page, "the tender form")
    page.get_by_label("Total price, excluding VAT").fill("1890000.00")
    page.get_by_label("Line 1: description").fill("Basket of 40 standard devices")
    page.get_by_label("Line 1: amount (£)").fill("1890000.00")
    tender_answers = {
        "Technical and service delivery (50%)": "A named service manager and next-day swaps.",
        "Continuity and scalability of supply (10%)": "Two depots and second sources.",
        "Social value (10%)": "Ten apprenticeships in London each year.",
    }
    for label, text in tender_answers.items():
        page.get_by_label(label).fill(text)
    method_statement = b"%PDF-1.4 Albion: method statement for the VAR framework."
    page.get_by_label("Documents (optional)").set_input_files(
        {"name": "method-statement.pdf", "mimeType": "application/pdf", "buffer": method_statement}
    )
    page.get_by_role("button", name="Submit your tender").click()

    expect(heading(page)).to_have_text("Tender received")
    tender = Tender.objects.get(procurement=earlier)
    assert tender.supplier == organisation(ALBION)
    assert tender.files.get().sha256 == hashlib.sha256(method_statement).hexdigest()
    expect(page.locator("#receipt-reference")).to_have_text(tender.reference)
    expect(page.locator("#receipt-sha256")).to_have_text(tender.content_sha256)
    assert re.fullmatch(r"[0-9a-f]{64}", tender.content_sha256)
    files = page.get_by_role("table", name="Files")
    expect(files).to_contain_text("method-statement.pdf")
    expect(files).to_contain_text(hashlib.sha256(method_statement).hexdigest())
    axe_check(page, "the tender receipt")
    page.screenshot(path=screenshot_dir / "supplier-tender-receipt.png", full_page=True)

    # Back on its tender page, the receipt is listed and the tender can be replaced.
    page.get_by_role("link", name="Back to your tender").click()
    expect(main(page)).to_contain_text(tender.content_sha256)
    expect(page.get_by_role("heading", name="Replace your tender")).to_be_visible()
    axe_check(page, "the tender page with a tender submitted")


# --- 2. The evaluator -------------------------------------------------------------------------


def opened_for_evaluation() -> Procurement:
    """A Met framework replayed from 80 days ago: Albion and Brightwell shortlisted and invited,
    their tenders sealed before the deadline 35 days ago, the tenders closed and opened by two
    officers (mps.buyer and mps.approver), and mps.evaluator1 on the evaluation panel."""
    published, tender_deadline = uk_time(-80), uk_time(-35, hour=12)
    procurement = published_var_framework("Network equipment framework", published_at=published)
    with clock.travel(published + timedelta(days=3)):
        participants = [
            request_to_participate(procurement, "albion.bid", ALBION),
            request_to_participate(procurement, "brightwell.bid", BRIGHTWELL),
        ]
    with clock.travel(published + timedelta(days=31)):
        shortlist_and_invite(procurement, participants, tender_deadline=tender_deadline)
    quality = list(procurement.criteria.filter(kind=CriterionKind.QUALITY))
    tenders = {
        ALBION: ("albion.bid", "1890000.00", "Albion's answer"),
        BRIGHTWELL: ("brightwell.bid", "1750000.00", "Brightwell's answer"),
    }
    with clock.travel(published + timedelta(days=40)):
        for supplier, (username, price, answer) in tenders.items():
            tendering_services.submit_tender(
                actor=person(username),
                procurement=procurement,
                supplier=organisation(supplier),
                price=price,
                answers={c.pk: f"{answer} on {c.title.lower()}." for c in quality},
                files=[UploadedDocument("method-statement.pdf", b"%PDF-1.4 method statement")],
            )
    with clock.travel(uk_time(-35, hour=14)):
        assert procurement_services.close_tendering(procurement=procurement)
        for officer in ("mps.buyer", "mps.approver"):
            tendering_services.confirm_opening(actor=person(officer), procurement=procurement)
        evaluation_services.assign_evaluator(
            actor=person("mps.buyer"),
            procurement=procurement,
            evaluator=person("mps.evaluator1"),
        )
    procurement.refresh_from_db()
    assert procurement.status == Status.EVALUATION
    return procurement


def test_evaluator_declares_no_conflict_and_scores_every_tender(
    page, demo_data, axe_check, screenshot_dir
):
    procurement = opened_for_evaluation()
    quality = list(procurement.criteria.filter(kind=CriterionKind.QUALITY))
    marks = {ALBION: (4, 4, 3), BRIGHTWELL: (3, 4, 3)}

    sign_in(page, "mps.evaluator1")
    expect(page).to_have_url(re.compile(r"/home/evaluator/$"))
    expect(heading(page)).to_have_text("Your evaluations")
    axe_check(page, "the evaluator landing page")
    main(page).get_by_role("link", name="Your evaluations").click()

    expect(page).to_have_url(re.compile(r"/procurements/evaluations/$"))
    row = page.locator("tbody tr", has_text=procurement.reference)
    expect(row).to_contain_text(f"{procurement.reference}: {procurement.title}")
    expect(row).to_contain_text("Conflicts not yet declared")
    axe_check(page, "the evaluator's evaluations")
    row.get_by_role("link", name="Declare conflicts of interest").click()

    # No tender is shown before the declaration; the scoring page sends the evaluator back.
    expect(page).to_have_url(
        re.compile(rf"/procurements/{procurement.pk}/evaluation/declaration/$")
    )
    expect(heading(page)).to_have_text("Declare any conflict of interest")
    expect(main(page)).not_to_contain_text("Albion's answer")
    axe_check(page, "the conflict of interest declaration")
    page.goto(f"/procurements/{procurement.pk}/evaluation/tenders/")
    expect(page).to_have_url(
        re.compile(rf"/procurements/{procurement.pk}/evaluation/declaration/$")
    )
    page.get_by_label("No, I have no conflict of interest").check()
    page.get_by_role("button", name="Make the declaration").click()

    expect(page).to_have_url(re.compile(rf"/procurements/{procurement.pk}/evaluation/tenders/$"))
    expect(success_banner(page)).to_have_text("You declared no conflict of interest.")
    expect(heading(page)).to_have_text("Score the tenders")
    tenders = page.get_by_role("table", name="Tenders to score")
    expect(tenders.locator("tbody tr")).to_have_count(2)
    expect(tenders).to_contain_text("0 of 3 criteria")
    axe_check(page, "the tenders to score")

    for supplier, scores in marks.items():
        tenders.get_by_role("link", name=supplier).click()
        expect(heading(page)).to_have_text(supplier)
        answer = "Albion's answer" if supplier == ALBION else "Brightwell's answer"
        for criterion in quality:
            expect(main(page)).to_contain_text(f"{answer} on {criterion.title.lower()}.")
        if supplier == ALBION:
            axe_check(page, "a tender to score")
        for criterion, score in zip(quality, scores, strict=True):
            page.get_by_role("group", name=f"Score for {criterion.title}").get_by_label(
                str(score), exact=True
            ).check()
            page.get_by_label(f"Why {criterion.title} gets this score").fill(
                f"{score}: the tender's answer on {criterion.title.lower()} is well evidenced."
            )
        page.get_by_role("button", name="Save my scores").click()
        expect(success_banner(page)).to_have_text(f"Your scores for {supplier} were saved.")
        expect(tenders.locator("tr", has=page.get_by_role("link", name=supplier))).to_contain_text(
            "Scored"
        )

    axe_check(page, "the tenders to score, all scored")
    page.get_by_role("button", name="Submit all my scores").click()

    expect(page).to_have_url(
        re.compile(rf"/procurements/{procurement.pk}/evaluation/panel-scores/$")
    )
    expect(success_banner(page)).to_have_text("You submitted your scores. They are now final.")
    expect(heading(page)).to_have_text("The panel's scores")
    for supplier, scores in marks.items():
        table = page.get_by_role("table", name=f"Scores for {supplier}")
        for criterion, score in zip(quality, scores, strict=True):
            expect(
                table.locator(
                    "tr", has_text=f"{score}: the tender's answer on {criterion.title.lower()}"
                )
            ).to_contain_text(f"{score} of 5")
    axe_check(page, "the panel's scores after submitting")
    page.screenshot(path=screenshot_dir / "evaluator-scores-submitted.png", full_page=True)

    assignment = EvaluatorAssignment.objects.get(procurement=procurement)
    assert assignment.evaluator == person("mps.evaluator1")
    assert assignment.status == AssignmentStatus.SUBMITTED
    recorded = {
        (score.supplier.name, score.criterion.title): (score.score, score.justification)
        for score in Score.objects.filter(assignment=assignment).select_related(
            "supplier", "criterion"
        )
    }
    assert recorded == {
        (supplier, criterion.title): (
            score,
            f"{score}: the tender's answer on {criterion.title.lower()} is well evidenced.",
        )
        for supplier, scores in marks.items()
        for criterion, score in zip(quality, scores, strict=True)
    }

    # The evaluator's list now leads to the panel's scores.
    navigation(page).get_by_role("link", name="Evaluations").click()
    main(page).get_by_role("link", name="Your evaluations").click()
    row = page.locator("tbody tr", has_text=procurement.reference)
    expect(row).to_contain_text("Scores submitted")
    expect(row.get_by_role("link", name="See the panel's scores")).to_be_visible()
