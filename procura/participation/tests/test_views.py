"""The participation pages: the supplier's task list and the buyer's stage pages."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from procura.accounts.tests.factories import OrganisationFactory
from procura.audit.models import AuditEvent
from procura.core import clock
from procura.participation import selectors, services
from procura.participation.models import Answer, ExclusionDecision, Participant
from procura.participation.tests import factories as f
from procura.procurements.states import Status

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def procurement():
    return f.ProcurementFactory()


@pytest.fixture
def buyer(procurement):
    return f.buyer_of(procurement.authority)


@pytest.fixture
def ready(procurement, buyer):
    """Agreements issued, three questions, one document."""
    f.issue_agreements(procurement, buyer)
    f.standard_questions(procurement)
    services.upload_document(
        actor=buyer, procurement=procurement, title="Specification", uploaded_file=f.a_file()
    )
    return procurement


def page_text(response) -> str:
    return response.content.decode()


# --- The supplier's pages ---------------------------------------------------------------------


def test_a_supplier_goes_through_the_task_list_from_interest_to_receipt(ready):
    # Given
    procurement = ready
    organisation, bid_manager = f.supplier("Albion Technology Ltd")
    client = signed_in(bid_manager)
    base = f"/procurements/{procurement.pk}/participate/"

    # When the supplier opens the task list and expresses interest
    task_list = client.get(base)
    interest = client.post(f"{base}interest/")

    # Then it is asked to accept the agreements
    assert task_list.status_code == 200
    assert "Express interest" in page_text(task_list)
    assert "Cannot start yet" in page_text(task_list)
    assert interest.status_code == 302 and interest.url == f"{base}agreements/"
    agreements_page = client.get(interest.url)
    assert "Non-disclosure agreement" in page_text(agreements_page)
    assert f.NDA_TEXT in page_text(agreements_page)

    # When it accepts without ticking the box, it is told to confirm
    nda, walls = (selectors.current_agreements(procurement)[k] for k in ("nda", "ethical_walls"))
    unconfirmed = client.post(f"{base}agreements/{nda.pk}/accept/")
    assert unconfirmed.status_code == 400
    assert "There is a problem" in page_text(unconfirmed)
    assert "Confirm that your organisation accepts the non-disclosure agreement" in page_text(
        unconfirmed
    )

    # When it accepts both
    client.post(f"{base}agreements/{nda.pk}/accept/", {"confirm": "yes"})
    admitted = client.post(f"{base}agreements/{walls.pk}/accept/", {"confirm": "yes"})

    # Then it is back at the task list with the documents open
    assert admitted.status_code == 302 and admitted.url == base
    documents = client.get(f"{base}documents/")
    assert documents.status_code == 200 and "Specification" in page_text(documents)

    # When it saves its answers as a draft, with files
    pass_fail, scored, file_question = selectors.questions_of(procurement)
    answers = {
        f"answer-{pass_fail.pk}": "Yes, since 2019.",
        f"answer-{scored.pk}": "Two warehouses.",
        f"file-{file_question.pk}": f.a_file("iso.pdf", b"ISO"),
        "annual_turnover": "£12,500,000",
        "financial_information": "",
        "financial_evidence": f.a_file("accounts.pdf", b"accounts"),
        "action": "save",
    }
    saved = client.post(f"{base}questionnaire/", answers)
    assert saved.status_code == 302
    participant = Participant.objects.get(supplier=organisation)
    assert participant.response.annual_turnover == 12500000
    assert Answer.objects.get(question=file_question).file_name == "iso.pdf"

    # And checks, then submits
    check = client.get(f"{base}check/")
    assert "Check your answers before submitting" in page_text(check)
    assert "£12,500,000" in page_text(check)
    submitted = client.post(f"{base}check/")
    assert submitted.status_code == 302 and submitted.url == f"{base}receipt/"
    receipt = client.get(submitted.url)
    participant.refresh_from_db()
    assert participant.response.receipt_reference in page_text(receipt)
    assert participant.response.receipt_sha256 in page_text(receipt)
    assert "Request to participate submitted" in page_text(receipt)


def test_the_task_list_says_the_participation_deadline_is_then_was(ready):
    # Given a supplier taking part
    organisation, bid_manager = f.supplier("Albion Technology Ltd")
    client = signed_in(bid_manager)
    base = f"/procurements/{ready.pk}/participate/"
    client.post(f"{base}interest/")
    deadline = clock.now() + timedelta(hours=1)
    ready.participation_deadline = deadline
    ready.save(update_fields=["participation_deadline"])

    # When it looks before and after the deadline
    before = page_text(client.get(base))
    with time_machine.travel(deadline + timedelta(minutes=1), tick=False):
        after = page_text(client.get(base))

    # Then
    assert "The deadline for requests to participate is <strong>" in before
    assert "The deadline for requests to participate was <strong>" in after
    assert "deadline for requests to participate is" not in after


def test_every_stage_page_gives_the_reason_until_both_agreements_are_accepted_then_200(ready):
    # Given an interested supplier who has accepted the NDA only
    procurement = ready
    organisation, bid_manager = f.supplier()
    participant = f.interested_participant(procurement, organisation, bid_manager)
    services.accept_agreement(
        actor=bid_manager,
        participant=participant,
        agreement=selectors.current_agreements(procurement)["nda"],
    )
    client = signed_in(bid_manager)
    document = procurement.documents.get()
    base = f"/procurements/{procurement.pk}/participate/"
    pages = [
        f"{base}documents/",
        f"/procurements/{procurement.pk}/participation/documents/{document.pk}/download/",
        f"{base}questionnaire/",
        f"{base}check/",
        f"{base}outcome/",
    ]

    # Then each page says why, since the supplier takes part (an outsider gets 404)
    refused = [client.get(url) for url in pages]
    assert [(r.status_code, r.templates[0].name) for r in refused] == [
        (403, "core/refused.html")
    ] * 5
    assert all(
        f"{organisation.name} has not accepted the current version of the ethical walls "
        "agreement for this procurement." in r.content.decode()
        for r in refused
    )
    assert client.get(base).status_code == 200  # the task list and agreements are not behind it
    assert client.get(f"{base}agreements/").status_code == 200

    # When it accepts the ethical walls agreement
    services.accept_agreement(
        actor=bid_manager,
        participant=participant,
        agreement=selectors.current_agreements(procurement)["ethical_walls"],
    )

    # Then
    assert [client.get(url).status_code for url in pages] == [200] * 5


def test_missing_answers_are_listed_on_the_check_page_each_linking_to_its_question(ready):
    # Given
    procurement = ready
    organisation, bid_manager = f.supplier()
    f.admitted_participant(procurement, organisation, bid_manager)
    client = signed_in(bid_manager)
    pass_fail = selectors.questions_of(procurement)[0]

    # When
    response = client.post(f"/procurements/{procurement.pk}/participate/check/")

    # Then
    assert response.status_code == 400
    text = page_text(response)
    assert (
        f'href="/procurements/{procurement.pk}/participate/questionnaire/#question-{pass_fail.pk}"'
        in text
    )
    assert "Answer question 1: Do you hold Cyber Essentials Plus?" in text
    assert "Enter your annual turnover." in text


def test_saving_at_the_deadline_shows_the_deadline_and_stores_nothing(buyer):
    # Given a deadline of midday 31 March 2027
    deadline = datetime(2027, 3, 31, 12, 0, tzinfo=LONDON)
    with time_machine.travel(deadline - timedelta(days=5), tick=False):
        procurement = f.ProcurementFactory(
            authority=buyer.memberships.get().organisation, participation_deadline=deadline
        )
        f.issue_agreements(procurement, buyer)
        question = f.standard_questions(procurement)[0]
        organisation, bid_manager = f.supplier()
        f.admitted_participant(procurement, organisation, bid_manager)
    audit_before = AuditEvent.objects.count()

    # When
    with time_machine.travel(deadline, tick=False):
        response = signed_in(bid_manager).post(
            f"/procurements/{procurement.pk}/participate/questionnaire/",
            {f"answer-{question.pk}": "Too late", "action": "save"},
        )

    # Then
    assert response.status_code == 400
    assert (
        "The deadline for requests to participate was midday on Wednesday 31 March 2027 (UK time)"
        in page_text(response)
    )
    assert Answer.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before


def test_the_supplier_sees_its_own_outcome_and_reasons(procurement, buyer):
    # Given Albion shortlisted and Brightwell not
    f.issue_agreements(procurement, buyer)
    f.standard_questions(procurement)
    albion = f.submitted_participant(procurement, *f.supplier("Albion Technology Ltd"))
    brightwell_org, brightwell_manager = f.supplier("Brightwell Systems Ltd")
    brightwell = f.submitted_participant(procurement, brightwell_org, brightwell_manager)
    f.close_participation(procurement)
    for participant in (albion, brightwell):
        services.record_exclusion_decision(
            actor=buyer, participant=participant, outcome="not_excluded"
        )
    services.decide_shortlist(
        actor=buyer,
        procurement=procurement,
        shortlisted={albion.pk: "Albion scored 9 of 10."},
        not_shortlisted={brightwell.pk: "Brightwell scored 4 of 10."},
    )

    # When
    response = signed_in(brightwell_manager).get(
        f"/procurements/{procurement.pk}/participate/outcome/"
    )

    # Then
    text = page_text(response)
    assert "You have not been shortlisted" in text
    assert "Brightwell scored 4 of 10." in text
    assert "Albion" not in text


def test_the_landing_page_lists_the_suppliers_procurements(ready):
    # Given
    organisation, bid_manager = f.supplier("Albion Technology Ltd")
    f.interested_participant(ready, organisation, bid_manager)

    # When
    response = signed_in(bid_manager).get("/home/supplier_bid_manager/")

    # Then
    text = page_text(response)
    assert "Opportunities and bids" in text
    assert f'href="/procurements/{ready.pk}/participate/"' in text
    assert "Value-added reseller framework" in text
    assert "Interested" in text


def test_the_landing_page_says_when_the_supplier_takes_part_in_nothing():
    _, bid_manager = f.supplier()

    response = signed_in(bid_manager).get("/home/supplier_bid_manager/")

    assert "Your organisation is not taking part in any procurement yet." in page_text(response)


def test_signed_out_people_are_sent_to_sign_in(procurement):
    response = Client().get(f"/procurements/{procurement.pk}/participate/")

    assert response.status_code == 302 and response.url.startswith("/sign-in/")


# --- The buyer's pages ------------------------------------------------------------------------


def test_the_buyer_issues_an_agreement_and_uploads_a_document(procurement, buyer):
    # Given
    client = signed_in(buyer)
    base = f"/procurements/{procurement.pk}/participation/"

    # When
    issued = client.post(
        f"{base}agreements/", {"kind": "nda", "title": "NDA", "text": "Keep it confidential."}
    )
    uploaded = client.post(
        f"{base}documents/", {"title": "Specification", "file": f.a_file("spec.pdf")}
    )
    invalid = client.post(f"{base}agreements/", {"kind": "nda", "title": "", "text": ""})

    # Then
    assert issued.status_code == 302 and uploaded.status_code == 302
    agreements_page = page_text(client.get(f"{base}agreements/"))
    assert "Keep it confidential." not in agreements_page  # the text is in the supplier's view
    assert "Non-disclosure agreement" in agreements_page and "Current" in agreements_page
    assert "spec.pdf" in page_text(client.get(f"{base}documents/"))
    assert invalid.status_code == 400
    assert "Enter the title of the agreement" in page_text(invalid)
    assert 'href="#title"' in page_text(invalid)


def test_the_buyer_builds_the_questionnaire_of_a_draft(buyer):
    # Given
    procurement = f.ProcurementFactory(draft=True, authority=buyer.memberships.get().organisation)
    client = signed_in(buyer)
    url = f"/procurements/{procurement.pk}/participation/questionnaire/"

    # When
    client.post(url, {"kind": "pass_fail", "text": "Cyber Essentials Plus?", "required": "on"})
    client.post(url, {"kind": "scored", "text": "Continuity of supply", "max_score": "10"})
    no_max = client.post(url, {"kind": "scored", "text": "Social value"})
    first = selectors.questions_of(procurement)[0]
    client.post(f"{url}{first.pk}/remove/")

    # Then
    assert no_max.status_code == 400
    assert "Enter the maximum score for a scored question" in page_text(no_max)
    assert [(q.position, q.text, q.max_score) for q in selectors.questions_of(procurement)] == [
        (1, "Continuity of supply", 10)
    ]


def test_the_buyer_assesses_excludes_shortlists_and_invites_on_the_pages(procurement, buyer):
    # Given two suppliers submitted and the deadline passed
    f.issue_agreements(procurement, buyer)
    f.standard_questions(procurement)
    albion_org, albion_manager = f.supplier("Albion Technology Ltd")
    a = f.submitted_participant(procurement, albion_org, albion_manager)
    b = f.submitted_participant(procurement, *f.supplier("Brightwell Systems Ltd"))
    f.close_participation(procurement)
    client = signed_in(buyer)
    base = f"/procurements/{procurement.pk}/participation/"
    pass_fail, scored, file_question = selectors.questions_of(procurement)

    # When the buyer marks Albion, with one score too high
    too_high = client.post(
        f"{base}responses/{a.pk}/", {f"score-{scored.pk}": "11", f"result-{pass_fail.pk}": "pass"}
    )
    marked = client.post(
        f"{base}responses/{a.pk}/",
        {
            f"result-{pass_fail.pk}": "pass",
            f"score-{scored.pk}": "9",
            f"result-{file_question.pk}": "pass",
            "financial_result": "pass",
        },
    )
    # ... tries to exclude Brightwell without representations, then records "not excluded"
    unheard = client.post(
        f"{base}responses/{b.pk}/exclusion/",
        {
            "outcome": "excluded",
            "ground_type": "mandatory",
            "ground": "Sch 6 para 1",
            "reasons": "Bribery.",
            "decided_on-day": "",
            "decided_on-month": "",
            "decided_on-year": "",
        },
    )
    for participant in (a, b):
        today = participant.procurement.participation_closed_at
        client.post(
            f"{base}responses/{participant.pk}/exclusion/",
            {
                "outcome": "not_excluded",
                "decided_on-day": today.day,
                "decided_on-month": today.month,
                "decided_on-year": today.year,
            },
        )
    # ... shortlists Albion, invites with 9 days then 10 days
    shortlisted = client.post(
        f"{base}shortlist/",
        {"shortlisted": [str(a.pk)], f"reason-{a.pk}": "Top score.", f"reason-{b.pk}": "Lower."},
    )
    invite_day = datetime(2027, 4, 12, 10, 0, tzinfo=LONDON)
    with time_machine.travel(invite_day, tick=False):
        client = signed_in(buyer)  # a session of the day
        nine = client.post(
            f"{base}invite/",
            {
                "deadline-day": "21",
                "deadline-month": "4",
                "deadline-year": "2027",
                "deadline-time": "12:00",
            },
        )
        ten = client.post(
            f"{base}invite/",
            {
                "deadline-day": "22",
                "deadline-month": "4",
                "deadline-year": "2027",
                "deadline-time": "12:00",
            },
        )

    # Then
    assert too_high.status_code == 400
    assert "The score for question 2 must be between 0 and 10." in page_text(too_high)
    assert marked.status_code == 302
    assert selectors.assessment_summary(a).score == 9
    assert unheard.status_code == 400
    assert "Enter the date of the decision" in page_text(unheard)
    assert ExclusionDecision.objects.filter(outcome="not_excluded").count() == 2
    assert shortlisted.status_code == 302
    assert {p.supplier.name: p.status for p in Participant.objects.all()} == {
        "Albion Technology Ltd": "invited",
        "Brightwell Systems Ltd": "not_shortlisted",
    }
    assert nine.status_code == 400
    assert "The tender deadline must be on or after Thursday 22 April 2027" in page_text(nine)
    assert 'href="#deadline"' in page_text(nine)
    assert ten.status_code == 302
    procurement.refresh_from_db()
    assert procurement.status == Status.TENDERING_OPEN
    assert procurement.tender_deadline == datetime(2027, 4, 22, 12, 0, tzinfo=LONDON)
    with time_machine.travel(invite_day, tick=False):
        outcome = signed_in(albion_manager).get(
            f"/procurements/{procurement.pk}/participate/outcome/"
        )
    assert "You have been shortlisted and invited to tender" in page_text(outcome)
    assert "midday on Thursday 22 April 2027" in page_text(outcome)
    assert f'href="/procurements/{procurement.pk}/tender/"' in page_text(outcome)


def test_an_exclusion_without_representations_shows_the_s58_error(procurement, buyer):
    # Given
    f.issue_agreements(procurement, buyer)
    f.standard_questions(procurement)
    b = f.submitted_participant(procurement, *f.supplier("Brightwell Systems Ltd"))
    f.close_participation(procurement)
    today = procurement.participation_closed_at

    # When
    response = signed_in(buyer).post(
        f"/procurements/{procurement.pk}/participation/responses/{b.pk}/exclusion/",
        {
            "outcome": "excluded",
            "ground_type": "mandatory",
            "ground": "Sch 6 para 1",
            "reasons": "Bribery.",
            "decided_on-day": today.day,
            "decided_on-month": today.month,
            "decided_on-year": today.year,
        },
    )

    # Then
    assert response.status_code == 400
    assert "give it a reasonable opportunity to make representations" in page_text(response)
    assert 'href="#representations"' in page_text(response)
    assert ExclusionDecision.objects.count() == 0


def test_buyer_pages_of_another_authority_are_not_found(ready):
    # Given
    participant = f.submitted_participant(ready, *f.supplier())
    client = signed_in(f.buyer_of(OrganisationFactory(name="Another Police Force")))
    base = f"/procurements/{ready.pk}/participation/"

    # When / Then
    for url in [
        base,
        f"{base}agreements/",
        f"{base}documents/",
        f"{base}documents/{ready.documents.get().pk}/download/",
        f"{base}questionnaire/",
        f"{base}responses/",
        f"{base}responses/{participant.pk}/",
        f"{base}responses/{participant.pk}/exclusion/",
        f"{base}responses/{participant.pk}/financial-evidence/",
        f"{base}shortlist/",
        f"{base}invite/",
    ]:
        assert (url, client.get(url).status_code) == (url, 404)
    assert client.post(f"{base}agreements/", {"kind": "nda"}).status_code == 404


def test_supplier_a_cannot_open_supplier_bs_pages(ready):
    # Given
    a_org, a_manager = f.supplier("Albion Technology Ltd")
    f.submitted_participant(ready, a_org, a_manager)
    b = f.submitted_participant(ready, *f.supplier("Brightwell Systems Ltd"))
    client = signed_in(a_manager)
    base = f"/procurements/{ready.pk}/participation/"

    # When / Then
    for url in [
        f"{base}responses/",
        f"{base}responses/{b.pk}/",
        f"{base}responses/{b.pk}/financial-evidence/",
        f"/audit/participation.participant/{b.pk}/",
    ]:
        assert (url, client.get(url).status_code) == (url, 404)


def test_the_buyer_overview_and_responses_list_every_supplier(ready, buyer):
    # Given
    f.submitted_participant(ready, *f.supplier("Albion Technology Ltd"))
    f.interested_participant(ready, *f.supplier("Brightwell Systems Ltd"))
    client = signed_in(buyer)

    # When
    overview = client.get(f"/procurements/{ready.pk}/participation/")
    responses = client.get(f"/procurements/{ready.pk}/participation/responses/")

    # Then
    assert overview.status_code == 200 and "Suppliers taking part" in page_text(overview)
    text = page_text(responses)
    assert "Albion Technology Ltd" in text and "Brightwell Systems Ltd" in text
    assert "RTP-" in text
