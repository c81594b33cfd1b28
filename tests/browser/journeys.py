"""What the browser journeys share: the story's set-up through the services, and the pages.

The set-up plays what comes before the steps under test (procurements, agreements, documents,
suppliers' requests, shortlists) through the services, as the buyer and the suppliers would.
Where a deadline must already have passed, wrap the call in `clock.travel` so that the history
is replayed at its own time and every notice and audit event carries the story's date; the live
server itself runs on the real clock. The page helpers find what a person would look for: the
main heading, the main content, the success banner, the navigation, a task of a task list.

Imported by the test modules beside it (pytest puts this folder on the import path).
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from procura.accounts.models import Organisation, User
from procura.core import clock
from procura.participation import selectors as participation_selectors
from procura.participation import services as participation_services
from procura.participation.models import Participant
from procura.participation.states import AgreementKind, ExclusionOutcome, QuestionKind
from procura.procurements import services as procurement_services
from procura.procurements.models import Procurement
from procura.procurements.states import CriterionKind, Procedure

DEMO_PASSWORD = "procura-demo"  # every demo sign-in (procura.demo.people)
MPS = "Metropolitan Police Service"
ALBION = "Albion Technology Solutions Ltd"
BRIGHTWELL = "Brightwell IT Supply Ltd"

# The Met's VAR framework award criteria (docs/scenarios.md): three quality criteria and price.
CRITERIA = [
    (CriterionKind.QUALITY, "Technical and service delivery", Decimal("50")),
    (CriterionKind.QUALITY, "Continuity and scalability of supply", Decimal("10")),
    (CriterionKind.QUALITY, "Social value", Decimal("10")),
    (CriterionKind.PRICE, "Price", Decimal("30")),
]
PASS_FAIL_QUESTION = "Do you hold Cyber Essentials Plus certification for the systems you use?"
SCORED_QUESTION = "Describe how you will keep devices in supply when a manufacturer cannot deliver."
NDA_TEXT = "The supplier shall keep every procurement document confidential and use it only to bid."
WALLS_TEXT = "The supplier shall keep its bid team apart from anyone advising the authority."
SPECIFICATION = b"%PDF-1.4 Specification: the force's standard devices and support services."
NO_LOTS_REASONS = "One reseller across hardware, software and support (s.18)."


# --- The clock and the story's set-up, through the services -----------------------------------


def uk_time(days: int, hour: int = 10) -> datetime:
    """`hour` o'clock UK time, `days` days from today (negative: in the past)."""
    return datetime.combine(clock.today() + timedelta(days=days), time(hour), tzinfo=clock.LONDON)


def person(username: str) -> User:
    return User.objects.get(username=username)


def organisation(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def draft_var_framework(
    title: str, *, drafted_at: datetime, no_lots_reasons: str = NO_LOTS_REASONS
) -> Procurement:
    """The Met's £252m VAR framework by competitive flexible procedure, drafted by mps.buyer at
    `drafted_at` and ready to publish: the award criteria, the conflicts assessment, both
    agreements issued, one procurement document and a questionnaire of one pass/fail and one
    scored question; requests to participate until midday 30 days later. Not divided into lots,
    for `no_lots_reasons`; with `no_lots_reasons=""` it needs lots before it can be published."""
    buyer, mps = person("mps.buyer"), organisation(MPS)
    with clock.travel(drafted_at):
        day = clock.local(drafted_at).date()
        procurement = procurement_services.create_procurement(
            actor=buyer,
            authority=mps,
            title=title,
            description=(
                "The full range of technology hardware and software the force commonly uses, "
                "with associated support services, through call-offs."
            ),
            cpv_codes=["30200000", "48000000", "72000000"],
            procedure=Procedure.COMPETITIVE_FLEXIBLE,
            estimated_value_excl_vat=Decimal("210000000.00"),
            estimated_value_incl_vat=Decimal("252000000.00"),
            is_framework=True,
            max_framework_suppliers=2,
            framework_term_months=24,
            extension_options_months=[12, 12],
            call_off_process="Direct award by a ranked cascade, or a mini-competition.",
            max_shortlist=7,
            shortlisting_criteria="The seven highest-scoring suppliers that pass.",
            participation_deadline=datetime.combine(
                day + timedelta(days=30), time(12), tzinfo=clock.LONDON
            ),
            tender_deadline=datetime.combine(
                day + timedelta(days=75), time(12), tzinfo=clock.LONDON
            ),
            tendering_facts={
                "electronic_submission": True,
                "all_documents_at_notice": True,
                "preselected_suppliers_only": True,
            },
            no_lots_reasons=no_lots_reasons,
        )
        procurement_services.set_award_criteria(
            actor=buyer,
            procurement=procurement,
            criteria=[{"kind": k, "title": t, "weight": w} for k, t, w in CRITERIA],
        )
        procurement_services.record_conflicts_assessment(
            actor=buyer,
            procurement=procurement,
            summary="No conflicts identified. Every panel member declared their interests.",
        )
        participation_services.set_questionnaire(
            actor=buyer,
            procurement=procurement,
            questions=[
                {"kind": QuestionKind.PASS_FAIL, "text": PASS_FAIL_QUESTION},
                {"kind": QuestionKind.SCORED, "text": SCORED_QUESTION, "max_score": 10},
            ],
        )
        for kind, agreement_title, text in (
            (AgreementKind.NDA, "Non-disclosure agreement", NDA_TEXT),
            (AgreementKind.ETHICAL_WALLS, "Ethical walls agreement", WALLS_TEXT),
        ):
            participation_services.issue_agreement(
                actor=buyer, procurement=procurement, kind=kind, title=agreement_title, text=text
            )
        participation_services.upload_document(
            actor=buyer,
            procurement=procurement,
            title="Specification",
            description="The devices and services the framework covers.",
            uploaded_file=SimpleUploadedFile(
                "specification.pdf", SPECIFICATION, content_type="application/pdf"
            ),
        )
    procurement.refresh_from_db()
    return procurement


def published_var_framework(title: str, *, published_at: datetime) -> Procurement:
    """The VAR framework (`draft_var_framework`), not divided into lots, drafted and published by
    mps.buyer at `published_at`: requests to participate until midday 30 days later."""
    procurement = draft_var_framework(title, drafted_at=published_at)
    with clock.travel(published_at):
        procurement_services.publish_tender_notice(
            actor=person("mps.buyer"), procurement=procurement
        )
    procurement.refresh_from_db()
    return procurement


def request_to_participate(procurement: Procurement, username: str, supplier: str) -> Participant:
    """Interest, both agreements, the answers and the financial information, submitted."""
    user, organisation_ = person(username), organisation(supplier)
    participant = participation_services.express_interest(
        actor=user, procurement=procurement, supplier=organisation_
    )
    for agreement in participation_selectors.current_agreements(procurement).values():
        participation_services.accept_agreement(
            actor=user, participant=participant, agreement=agreement
        )
    participant.refresh_from_db()
    participation_services.save_response(
        actor=user,
        participant=participant,
        answers={
            q.pk: f"{supplier}'s answer to question {q.position}."
            for q in participation_selectors.questions_of(procurement)
        },
        annual_turnover=Decimal("48000000.00"),
        financial_information="Filed accounts for the last three years.",
    )
    participation_services.submit_response(actor=user, participant=participant)
    participant.refresh_from_db()
    return participant


def shortlist_and_invite(procurement: Procurement, participants, *, tender_deadline: datetime):
    """The participation deadline has passed: the scheduled job closes it, the buyer assesses
    each request, decides that nobody is excluded, shortlists them all and invites tenders."""
    buyer = person("mps.buyer")
    assert procurement_services.close_participation(procurement=procurement)
    pass_fail, scored = participation_selectors.questions_of(procurement)
    for participant in participants:
        participation_services.assess_response(
            actor=buyer,
            participant=participant,
            marks=[
                {"question_id": pass_fail.pk, "result": "pass"},
                {"question_id": scored.pk, "score": 8},
            ],
            financial_result="pass",
        )
        participation_services.record_exclusion_decision(
            actor=buyer,
            participant=participant,
            outcome=ExclusionOutcome.NOT_EXCLUDED,
            reasons="No exclusion ground applies: checked against the debarment list.",
        )
    participation_services.decide_shortlist(
        actor=buyer,
        procurement=procurement,
        shortlisted={
            p.pk: "Passed every condition of participation and scored 8 out of 10."
            for p in participants
        },
        not_shortlisted={},
    )
    participation_services.invite_to_tender(
        actor=buyer, procurement=procurement, tender_deadline=tender_deadline
    )
    procurement.refresh_from_db()
    return procurement


# --- The pages --------------------------------------------------------------------------------


def sign_in(page, username: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def heading(page):
    return page.get_by_role("heading", level=1)


def main(page):
    return page.get_by_role("main")


def success_banner(page):
    return page.locator(".govuk-notification-banner--success .govuk-notification-banner__heading")


def navigation(page):
    return page.get_by_role("navigation", name="Menu")


def task(page, number: int):
    return page.locator(".govuk-task-list__item").nth(number - 1)
