"""The buyer's pages and the public register: pages render, forms post, refusals change nothing."""

import html
import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from procura.accounts.states import Role
from procura.accounts.tests.factories import OrganisationFactory, member
from procura.audit.models import AuditEvent
from procura.core import clock
from procura.notices.models import Notice
from procura.procurements import services
from procura.procurements.models import Clarification, Procurement
from procura.procurements.states import Status
from procura.procurements.tests.factories import MetFrameworkFactory, clarification
from procura.procurements.tests.pages import signed_in, text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("publish_at_once")]

LONDON = clock.LONDON
MONDAY_2_FEB_2026 = datetime(2026, 2, 2, 9, 0, tzinfo=LONDON)
FRIDAY_27_FEB_NOON = datetime(2026, 2, 27, 12, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def traveller():
    with time_machine.travel(MONDAY_2_FEB_2026, tick=False) as traveller:
        yield traveller


def error_summary(response) -> list[str]:
    """The items of the GOV.UK error summary, as text."""
    page = response.content.decode()
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    if not match:
        return []
    items = re.findall(r"<li>(.*?)</li>", match.group(1), re.S)
    return [re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", i))).strip() for i in items]


def state(procurement) -> tuple:
    return (
        Procurement.objects.filter(pk=procurement.pk).values().get(),
        list(procurement.criteria.values("kind", "title", "weight")),
        Notice.objects.count(),
        Clarification.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def met():
    return MetFrameworkFactory(participation_deadline=FRIDAY_27_FEB_NOON)


@pytest.fixture
def buyer(met) -> Client:
    return signed_in(met.created_by)


def page_of(procurement) -> str:
    return f"/procurements/{procurement.pk}/"


# --- The buyer's list and landing page ------------------------------------------------------------


def test_the_buyer_lists_the_authoritys_procurements(met, buyer):
    MetFrameworkFactory(staffordshire=True)

    response = buyer.get("/procurements/")

    assert response.status_code == 200
    page = text(response)
    assert "Value-added reseller framework" in page
    assert "£252,000,000" in page
    assert "Strategic IT partner" not in page
    assert "Create a procurement" in page


def test_the_buyers_landing_page_shows_their_procurements(met, buyer):
    response = buyer.get("/home/buyer/")

    assert response.status_code == 200
    page = text(response)
    assert "Your procurements" in page
    assert "Value-added reseller framework" in page
    assert f'href="/procurements/{met.pk}/"' in response.content.decode()
    assert "Create a procurement" in page


def test_a_new_buyer_is_told_they_have_no_procurements():
    client = signed_in(member(OrganisationFactory(), Role.BUYER))

    page = text(client.get("/home/buyer/"))

    assert "Your procurements" in page
    assert "You have no procurements yet." in page


def test_the_list_needs_sign_in():
    response = Client().get("/procurements/")

    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


# --- Creating and changing a draft ----------------------------------------------------------------


def met_form(**changes) -> dict:
    data = {
        "title": "Value-added reseller framework",
        "description": "Technology hardware, software and support through call-offs.",
        "cpv_codes": "30200000, 48000000",
        "estimated_value_excl_vat": "£210,000,000",
        "estimated_value_incl_vat": "252000000",
        "procedure": "competitive_flexible",
        "kind": "framework",
        "max_framework_suppliers": "2",
        "framework_term_months": "24",
        "extension_options_months": "12, 12",
        "call_off_process": "Mini-competition between the two suppliers.",
        "contract_term_months": "99",  # ignored: it is a framework
        "max_shortlist": "7",
        "shortlisting_criteria": "The seven highest-scoring suppliers.",
        "participation_deadline-day": "27",
        "participation_deadline-month": "2",
        "participation_deadline-year": "2026",
        "participation_deadline-time": "12:00",
        "tender_deadline-day": "18",
        "tender_deadline-month": "4",
        "tender_deadline-year": "2026",
        "tender_deadline-time": "midday",
        "tendering_facts": ["electronic_submission", "preselected_suppliers_only"],
    }
    return data | changes


def test_the_create_page_has_every_fieldset():
    client = signed_in(member(OrganisationFactory(), Role.BUYER))

    response = client.get("/procurements/new/")

    assert response.status_code == 200
    page = text(response)
    for heading in (
        "About the procurement",
        "Value",
        "Procedure",
        "If it is a framework",
        "If it is a single contract",
        "Shortlist (competitive flexible procedure)",
        "Timetable",
        "About the tendering period",
    ):
        assert heading in page
    assert 'name="participation_deadline-day"' in response.content.decode()
    assert 'name="tender_deadline-time"' in response.content.decode()


def test_a_buyer_creates_a_draft_from_the_form():
    mps = OrganisationFactory(name="Metropolitan Police Service")
    client = signed_in(member(mps, Role.BUYER))

    response = client.post("/procurements/new/", met_form())

    procurement = Procurement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/procurements/{procurement.pk}/"
    assert procurement.authority == mps
    assert procurement.status == Status.DRAFT
    assert procurement.cpv_codes == ["30200000", "48000000"]
    assert str(procurement.estimated_value_excl_vat) == "210000000.00"
    assert procurement.is_framework is True
    assert procurement.extension_options_months == [12, 12]
    assert procurement.contract_term_months is None
    assert procurement.participation_deadline == FRIDAY_27_FEB_NOON
    assert procurement.tender_deadline == datetime(2026, 4, 18, 12, 0, tzinfo=LONDON)  # BST
    assert procurement.tendering_facts["electronic_submission"] is True
    assert procurement.tendering_facts["all_documents_at_notice"] is False


def test_a_single_contract_keeps_its_participants_and_drops_framework_answers():
    staffs = OrganisationFactory(name="Staffordshire Commissioner")
    stoke = OrganisationFactory(name="Stoke-on-Trent City Council", participant=True)
    client = signed_in(member(staffs, Role.BUYER))

    client.post(
        "/procurements/new/",
        met_form(
            kind="contract",
            contract_term_months="120",
            participants=[str(stoke.pk)],
            value_range_min_incl_vat="150,000,000",
            value_range_max_incl_vat="252,000,000",
        ),
    )

    procurement = Procurement.objects.get()
    assert procurement.is_framework is False
    assert procurement.contract_term_months == 120
    assert list(procurement.participants.all()) == [stoke]
    assert procurement.max_framework_suppliers is None
    assert procurement.extension_options_months == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Enter the title of the procurement"),
        ({"cpv_codes": "3020"}, "Each CPV code must be 8 digits, like 30200000 (not 3020)"),
        (
            {"estimated_value_incl_vat": "1"},
            "The value including VAT cannot be less than the value excluding VAT",
        ),
        (
            {"estimated_value_excl_vat": "lots"},
            "The estimated value excluding VAT must be an amount of money, like 252000000 or "
            "1,250.50",
        ),
        (
            {"participation_deadline-day": "30"},
            "The deadline for requests to participate must be a real date",
        ),
        (
            {"participation_deadline-year": ""},
            "The deadline for requests to participate must include a year",
        ),
        (
            {"tender_deadline-time": "25:00"},
            "The time of the tender deadline must be a real time, like 12:00 or 17:30",
        ),
        (
            {"extension_options_months": "twelve"},
            "Each extension must be a whole number of months, separated by commas, like 12, 12",
        ),
        ({"procedure": ""}, "Select the procedure"),
    ],
)
def test_a_form_with_mistakes_shows_the_error_summary_and_creates_nothing(changes, message):
    client = signed_in(member(OrganisationFactory(), Role.BUYER))
    events = AuditEvent.objects.count()

    response = client.post("/procurements/new/", met_form(**changes))

    assert response.status_code == 400
    assert error_summary(response) == [message]
    assert "govuk-form-group--error" in response.content.decode()
    assert "<title>Error: Create a procurement – Procura</title>" in response.content.decode()
    assert Procurement.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_someone_who_is_not_a_buyer_cannot_create():
    mps = OrganisationFactory()
    client = signed_in(member(mps, Role.EVALUATOR))

    assert client.get("/procurements/new/").status_code == 404
    assert client.post("/procurements/new/", met_form()).status_code == 404
    assert Procurement.objects.count() == 0


def test_a_buyer_changes_a_draft(met, buyer):
    response = buyer.get(f"{page_of(met)}edit/")
    assert response.status_code == 200
    assert 'value="Value-added reseller framework"' in response.content.decode()
    assert 'name="participation_deadline-day" value="27"' in response.content.decode()

    response = buyer.post(f"{page_of(met)}edit/", met_form(title="VAR framework 2026"))

    assert response.status_code == 302
    met.refresh_from_db()
    assert met.title == "VAR framework 2026"


def test_a_published_procurement_cannot_be_changed_through_the_form(met, buyer):
    services.publish_tender_notice(actor=met.created_by, procurement=met)
    page = buyer.get(f"{page_of(met)}edit/")
    assert "The tender notice has been published, so the draft can no longer be changed." in text(
        page
    )
    assert "Save the draft" not in text(page)
    before = state(met)

    response = buyer.post(f"{page_of(met)}edit/", met_form(title="Changed"))

    assert response.status_code == 400
    assert error_summary(response) == [
        "The tender notice has been published: modify the procurement instead, which publishes "
        "a revised tender notice and tells the suppliers taking part."
    ]
    assert state(met) == before


# --- The procurement page -----------------------------------------------------------------------


def test_the_procurement_page_summarises_everything(met, buyer):
    response = buyer.get(page_of(met))

    assert response.status_code == 200
    page = text(response)
    for expected in (
        met.reference,
        "Metropolitan Police Service",
        "Draft",
        "30200000, 48000000, 72000000",
        "Competitive flexible procedure",
        "Estimated value excluding VAT £210,000,000",
        "Estimated value including VAT £252,000,000",
        "Suppliers on the framework Up to 2",
        "Initial term 24 months",
        "Optional extensions 12 months, 12 months",
        "Shortlist Up to 7 suppliers",
        "Deadline for requests to participate midday on Friday 27 February 2026",
        "Tender deadline midday on Saturday 18 April 2026",
        "Tenders can be submitted electronically",
        "Technical and service delivery Quality 50%",
        "Price Price 30% By formula",
        "Total 100%",
        "No conflicts identified.",
        "Publish the tender notice",
    ):
        assert expected in page, expected
    assert f'href="/audit/procurements.procurement/{met.pk}/"' in response.content.decode()


def test_the_timeline_link_works_for_the_buyer(met, buyer):
    assert buyer.get(f"/audit/procurements.procurement/{met.pk}/").status_code == 200


def test_an_evaluator_sees_the_page_without_the_forms(met):
    client = signed_in(member(met.authority, Role.EVALUATOR))

    response = client.get(page_of(met))

    assert response.status_code == 200
    assert "Value-added reseller framework" in text(response)
    assert "Publish the tender notice" not in text(response)
    assert "Save the award criteria" not in text(response)


def test_everyone_else_gets_404(met):
    for user in (
        member(OrganisationFactory(), Role.BUYER),
        member(OrganisationFactory(supplier=True), Role.SUPPLIER_BID_MANAGER),
    ):
        client = signed_in(user)
        assert client.get(page_of(met)).status_code == 404
        assert client.post(f"{page_of(met)}publish/").status_code == 404
    assert Client().get(page_of(met)).status_code == 302  # to sign in
    assert met.status == Status.DRAFT


# --- The page's forms ---------------------------------------------------------------------------


def criteria_form(*rows) -> dict:
    data = {
        "criteria-TOTAL_FORMS": str(len(rows)),
        "criteria-INITIAL_FORMS": str(len(rows)),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"criteria-{i}-{key}"] = value
    return data


def test_a_buyer_sets_the_award_criteria(met, buyer):
    response = buyer.post(
        f"{page_of(met)}criteria/",
        criteria_form(
            {"kind": "quality", "title": "Quality", "weight": "70", "max_score": "10"},
            {"kind": "price", "title": "Price", "weight": "30"},
            {"kind": "quality", "title": "", "weight": ""},  # an empty row is left out
        ),
    )

    assert response.status_code == 302
    assert list(met.criteria.values_list("kind", "title", "weight", "max_score")) == [
        ("quality", "Quality", 70, 10),
        ("price", "Price", 30, 5),
    ]


def test_criteria_with_mistakes_show_the_error_summary_and_change_nothing(met, buyer):
    before = state(met)

    response = buyer.post(
        f"{page_of(met)}criteria/",
        criteria_form({"kind": "quality", "title": "Quality", "weight": ""}),
    )

    assert response.status_code == 400
    assert error_summary(response) == ["Enter the weight of the criterion"]
    assert state(met) == before


def test_a_buyer_records_the_conflicts_assessment():
    met = MetFrameworkFactory(conflicts_assessment=False)
    client = signed_in(met.created_by)

    response = client.post(f"{page_of(met)}conflicts-assessment/", {"conflicts-summary": "None."})

    assert response.status_code == 302
    assert met.conflicts_assessment.summary == "None."


def test_a_blank_conflicts_assessment_is_refused(met, buyer):
    before = state(met)

    response = buyer.post(f"{page_of(met)}conflicts-assessment/", {"conflicts-summary": " "})

    assert response.status_code == 400
    assert error_summary(response) == [
        "Describe the conflicts identified and how they are mitigated"
    ]
    assert state(met) == before


def test_a_buyer_publishes_the_tender_notice(met, buyer):
    response = buyer.post(f"{page_of(met)}publish/", follow=True)

    met.refresh_from_db()
    assert met.status == Status.PARTICIPATION_OPEN
    assert "The tender notice 000001-2026 was published." in text(response)
    assert "See the public tender notice" in text(response)
    assert f"/opportunities/{met.reference}/notices/000001-2026.json" in response.content.decode()


def test_a_refused_publication_shows_each_problem_and_its_section_and_changes_nothing():
    met = MetFrameworkFactory(
        conflicts_assessment=False,
        participation_deadline=datetime(2026, 2, 26, 12, tzinfo=LONDON),
        framework_term_months=36,
    )
    client = signed_in(met.created_by)
    before = state(met)

    response = client.post(f"{page_of(met)}publish/")

    assert response.status_code == 400
    assert error_summary(response) == [
        "Record the conflicts assessment before publishing the tender notice. "
        "(Procurement Act 2023 s.83(1))",
        "The participation deadline must be on or after Friday 27 February 2026: at least 25 "
        "days beginning with the day after the tender notice (Procurement Act 2023 s.54(3), "
        "(5)).",
        "The framework would last 60 months with every extension. A framework may last at most "
        "4 years (48 months) unless the tender notice gives the reasons the goods or services "
        "need a longer term. (Procurement Act 2023 s.47(1)-(3))",
    ]
    page = response.content.decode()
    assert 'href="#conflicts"' in page
    assert 'href="#row-participation_deadline"' in page
    assert 'href="#row-framework_term_months"' in page
    assert 'id="row-participation_deadline"' in page
    assert state(met) == before


def test_a_buyer_publishes_a_clarification(met, buyer):
    services.publish_tender_notice(actor=met.created_by, procurement=met)

    response = buyer.post(
        f"{page_of(met)}clarifications/",
        {"clarification-question": "Refurbished?", "clarification-answer": "No."},
        follow=True,
    )

    assert Clarification.objects.get().answer == "No."
    assert "The clarification was published to every supplier." in text(response)
    assert "Question: Refurbished?" in text(response)


def test_a_blank_clarification_is_refused(met, buyer):
    services.publish_tender_notice(actor=met.created_by, procurement=met)
    before = state(met)

    response = buyer.post(f"{page_of(met)}clarifications/", {"clarification-answer": ""})

    assert response.status_code == 400
    assert error_summary(response) == ["Enter the clarification"]
    assert state(met) == before


def extend_form(day="6", month="3", time="12:00", reason="More time for everyone.") -> dict:
    return {
        "extend-participation_deadline-day": day,
        "extend-participation_deadline-month": month,
        "extend-participation_deadline-year": "2026",
        "extend-participation_deadline-time": time,
        "extend-reason": reason,
    }


def test_a_buyer_extends_the_participation_deadline(met, buyer):
    services.publish_tender_notice(actor=met.created_by, procurement=met)

    response = buyer.post(f"{page_of(met)}extend-deadlines/", extend_form())

    assert response.status_code == 302
    met.refresh_from_db()
    assert met.participation_deadline == datetime(2026, 3, 6, 12, tzinfo=LONDON)


def test_a_shorter_deadline_is_refused_with_the_current_one_named(met, buyer):
    services.publish_tender_notice(actor=met.created_by, procurement=met)
    before = state(met)

    response = buyer.post(f"{page_of(met)}extend-deadlines/", extend_form(day="20", month="2"))

    assert response.status_code == 400
    assert error_summary(response) == [
        "The new participation deadline must be after the current one, midday on Friday 27 "
        "February 2026."
    ]
    assert state(met) == before


def test_a_buyer_terminates_with_a_reason_after_a_warning(met, buyer):
    services.publish_tender_notice(actor=met.created_by, procurement=met)
    page = text(buyer.get(page_of(met)))
    assert "This cannot be undone." in page

    response = buyer.post(f"{page_of(met)}terminate/", {"terminate-reason": "Budget withdrawn."})

    assert response.status_code == 302
    met.refresh_from_db()
    assert met.status == Status.TERMINATED
    assert Notice.objects.filter(procurement=met, notice_type="UK12").count() == 1


def test_termination_without_a_reason_is_refused(met, buyer):
    services.publish_tender_notice(actor=met.created_by, procurement=met)
    before = state(met)

    response = buyer.post(f"{page_of(met)}terminate/", {"terminate-reason": ""})

    assert response.status_code == 400
    assert error_summary(response) == ["Give the reason for terminating the procurement"]
    assert state(met) == before


# --- Public pages -------------------------------------------------------------------------------


def publish(**traits):
    procurement = MetFrameworkFactory(**traits)
    services.publish_tender_notice(actor=procurement.created_by, procurement=procurement)
    return procurement


def test_anyone_sees_the_published_opportunities_but_never_a_draft():
    published = publish()
    draft = MetFrameworkFactory(title="Secret draft")

    response = Client().get("/opportunities/")

    assert response.status_code == 200
    page = text(response)
    assert "Value-added reseller framework" in page
    assert published.reference in page
    assert "midday on Wednesday 4 March 2026" in page
    assert "Secret draft" not in page
    assert draft.reference not in page
    assert "1 procurement" in page


def test_the_opportunities_are_searched_by_text_and_status(traveller):
    publish()
    traveller.shift(timedelta(hours=1))
    publish(staffordshire=True)
    traveller.shift(timedelta(hours=1))
    publish(open_procedure=True)

    by_text = text(Client().get("/opportunities/", {"q": "Staffordshire"}))
    by_status = text(Client().get("/opportunities/", {"status": "tendering_open"}))

    assert "Strategic IT partner" in by_text
    assert "Value-added reseller framework" not in by_text
    assert "1 procurement found" in by_text
    assert "Mobile device management software" in by_status
    assert "Strategic IT partner" not in by_status


def test_the_opportunities_are_paginated(traveller):
    for _ in range(21):
        traveller.shift(timedelta(minutes=1))
        publish()

    first = Client().get("/opportunities/")
    second = Client().get("/opportunities/", {"page": "2"})

    assert "21 procurements" in text(first)
    assert first.content.decode().count('href="/opportunities/TST-') == 20
    assert 'aria-label="Page 2"' in first.content.decode()
    assert second.content.decode().count('href="/opportunities/TST-') == 1


def test_the_public_notice_reads_in_plain_english():
    procurement = publish(participation_deadline=FRIDAY_27_FEB_NOON)
    clarification(procurement, question="Refurbished?", answer="No: every device is new.")

    response = Client().get(f"/opportunities/{procurement.reference}/")

    assert response.status_code == 200
    page = text(response)
    for expected in (
        "Who is buying Metropolitan Police Service, London.",
        "Estimated value including VAT £252,000,000",
        "Estimated value excluding VAT £210,000,000",
        "Competitive flexible procedure: suppliers first ask to participate",
        "up to 7 shortlisted suppliers are then invited to tender",
        "A framework agreement with up to 2 suppliers",
        "Term 24 months, with optional extensions of 12 months and 12 months",
        "Requests to participate midday on Friday 27 February 2026",
        "Tenders midday on Saturday 18 April 2026",
        "Technical and service delivery (quality) 50%",
        "Price (price) 30%",
        "Question: Refurbished?",
        "No: every device is new.",
        "Tender notice (UK4) 000001-2026",
    ):
        assert expected in page, expected
    assert (
        f'href="/opportunities/{procurement.reference}/notices/000001-2026.json"'
        in response.content.decode()
    )


def test_the_staffordshire_notice_shows_its_term_participants_and_range():
    procurement = publish(staffordshire=True)

    page = text(Client().get(f"/opportunities/{procurement.reference}/"))

    assert "Contract term 120 months" in page
    assert "Stoke-on-Trent City Council" in page
    assert "Value range including VAT £150,000,000 to £450,000,000" in page


def test_a_draft_has_no_public_page():
    draft = MetFrameworkFactory()

    assert Client().get(f"/opportunities/{draft.reference}/").status_code == 404
    assert (
        Client().get(f"/opportunities/{draft.reference}/notices/000001-2026.json").status_code
        == 404
    )


def test_each_notice_is_served_as_an_ocds_release_package():
    procurement = publish()

    response = Client().get(f"/opportunities/{procurement.reference}/notices/000001-2026.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    package = response.json()
    assert package["uri"] == (
        f"http://testserver/opportunities/{procurement.reference}/notices/000001-2026.json"
    )
    assert package["version"] == "1.1"
    assert package["publisher"] == {"name": "Procura"}
    assert [r["id"] for r in package["releases"]] == ["000001-2026"]
    assert package["releases"][0] == Notice.objects.get().release


def test_a_notice_of_another_procurement_is_not_found_under_this_one():
    first = publish()
    second = publish()

    response = Client().get(f"/opportunities/{first.reference}/notices/000002-2026.json")

    assert Notice.objects.get(notice_id="000002-2026").procurement == second
    assert response.status_code == 404


# --- Bounded queries ----------------------------------------------------------------------------


def queries_for(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("path", "who"),
    [
        ("/opportunities/", "anyone"),
        ("/procurements/", "buyer"),
        ("/home/buyer/", "buyer"),
        ("/api/v1/procurements/public/", "anyone"),
        ("/api/v1/procurements/", "buyer"),
    ],
)
def test_list_pages_make_the_same_number_of_queries_however_many_procurements(path, who):
    first = publish()
    client = signed_in(first.created_by) if who == "buyer" else Client()
    with_one = queries_for(client, path)

    for _ in range(5):
        publish(authority=first.authority)
    with_six = queries_for(client, path)

    assert with_six == with_one


@pytest.mark.parametrize(
    ("posted", "stored"),
    [({}, "general"), ({"framework_category": "utilities"}, "utilities")],
)
def test_the_form_records_the_framework_category_s47_1(posted, stored):
    mps = OrganisationFactory(name="Metropolitan Police Service")
    client = signed_in(member(mps, Role.BUYER))

    response = client.post("/procurements/new/", met_form(**posted))

    assert response.status_code == 302
    assert Procurement.objects.get().framework_category == stored
    page = client.get(f"/procurements/{Procurement.objects.get().pk}/edit/").content.decode()
    assert f'value="{stored}" checked' in page
