"""The participation API under /api/v1/procurements/{id}/..., called with bearer tokens."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from procura.accounts.tests.factories import OrganisationFactory
from procura.audit.models import AuditEvent
from procura.core import clock
from procura.participation import selectors, services
from procura.participation.events import ParticipationEvent
from procura.participation.models import Participant
from procura.participation.states import ExclusionOutcome
from procura.participation.tests import factories as f
from procura.testing.client import Api

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOT_FOUND = {"code": "not_found", "message": "Not found."}
API = "/api/v1/procurements/"


@pytest.fixture
def procurement():
    return f.ProcurementFactory()


@pytest.fixture
def buyer(procurement):
    return f.buyer_of(procurement.authority)


@pytest.fixture
def world(procurement, buyer):
    """Agreements issued, three questions, a document; Albion and Brightwell interested."""
    f.issue_agreements(procurement, buyer)
    f.standard_questions(procurement)
    document = services.upload_document(
        actor=buyer, procurement=procurement, title="Specification", uploaded_file=f.a_file()
    )
    albion_org, albion = f.supplier("Albion Technology Ltd")
    brightwell_org, brightwell = f.supplier("Brightwell Systems Ltd")
    return {
        "document": document,
        "albion": (albion_org, albion),
        "brightwell": (brightwell_org, brightwell),
    }


def test_the_openapi_description_lists_the_participation_paths():
    schema = Client().get("/api/v1/openapi.json").json()

    assert {
        "/api/v1/procurements/{procurement_id}/agreements",
        "/api/v1/procurements/{procurement_id}/interest",
        "/api/v1/procurements/{procurement_id}/participation",
        "/api/v1/procurements/{procurement_id}/agreements/{agreement_id}/acceptance",
        "/api/v1/procurements/{procurement_id}/documents",
        "/api/v1/procurements/{procurement_id}/documents/{document_id}/file",
        "/api/v1/procurements/{procurement_id}/questionnaire",
        "/api/v1/procurements/{procurement_id}/response",
        "/api/v1/procurements/{procurement_id}/response/submission",
        "/api/v1/procurements/{procurement_id}/outcome",
        "/api/v1/procurements/{procurement_id}/participants",
        "/api/v1/procurements/{procurement_id}/participants/{participant_id}/assessment",
        "/api/v1/procurements/{procurement_id}/participants/{participant_id}/exclusion-decisions",
        "/api/v1/procurements/{procurement_id}/shortlist",
        "/api/v1/procurements/{procurement_id}/invitation-to-tender",
    } <= set(schema["paths"])


# --- The gate ---------------------------------------------------------------------------------


def _stage_calls(procurement, world):
    pk, doc, question = (
        procurement.pk,
        world["document"].pk,
        selectors.questions_of(procurement)[0].pk,
    )
    return [
        ("get", f"{pk}/documents", None),
        ("get", f"{pk}/documents/{doc}/file", None),
        ("get", f"{pk}/questionnaire", None),
        ("get", f"{pk}/response", None),
        ("put", f"{pk}/response", {"answers": [{"question_id": question, "text": "Yes"}]}),
        ("get", f"{pk}/outcome", None),
        ("post", f"{pk}/response/submission", None),
    ]


def _call(api, method, path, body):
    if method == "get":
        return api.get(path)
    return getattr(api, method)(path, body)


def test_every_stage_endpoint_gives_the_reason_until_both_agreements_are_accepted_then_200(
    procurement, world
):
    # Given Albion has expressed interest and accepted the NDA only
    organisation, bid_manager = world["albion"]
    api = Api(bid_manager, prefix=API)
    assert api.post(f"{procurement.pk}/interest").status_code == 201
    nda, walls = (
        selectors.current_agreements(procurement)["nda"],
        selectors.current_agreements(procurement)["ethical_walls"],
    )
    assert api.post(f"{procurement.pk}/agreements/{nda.pk}/acceptance").status_code == 201
    audit_before = AuditEvent.objects.count()

    # Then every document and stage endpoint refuses with the reason: Albion takes part, so it
    # knows the procurement exists (an outsider still gets 404: see the next test)
    for method, path, body in _stage_calls(procurement, world):
        response = _call(api, method, path, body)
        assert (path, response.status_code, response.json()) == (
            path,
            403,
            {
                "code": "agreements_not_accepted",
                "message": f"{organisation.name} has not accepted the current version of the "
                "ethical walls agreement for this procurement. Accept it on the procurement's "
                "agreements page to see the procurement documents and take part.",
                "details": {"agreements": ["ethical_walls"]},
            },
        )
    assert AuditEvent.objects.count() == audit_before

    # When Albion accepts the ethical walls agreement
    accepted = api.post(f"{procurement.pk}/agreements/{walls.pk}/acceptance")
    assert accepted.json()["admitted"] is True
    assert accepted.json()["participant_status"] == "admitted"

    # Then the same endpoints answer (the submission refuses: nothing is answered yet)
    statuses = [
        _call(api, method, path, body).status_code
        for method, path, body in _stage_calls(procurement, world)
    ]
    assert statuses == [200, 200, 200, 200, 200, 200, 400]


def test_a_new_agreement_version_closes_the_gate_again(procurement, buyer, world):
    # Given an admitted supplier
    organisation, bid_manager = world["albion"]
    f.admitted_participant(procurement, organisation, bid_manager)
    api, buyer_api = Api(bid_manager, prefix=API), Api(buyer, prefix=API)
    assert api.get(f"{procurement.pk}/documents").status_code == 200

    # When the buyer issues a new NDA
    issued = buyer_api.post(
        f"{procurement.pk}/agreements",
        {"kind": "nda", "title": "Non-disclosure agreement", "text": "Version two."},
    )

    # Then the documents are refused, with the reason, until the supplier accepts it
    assert issued.status_code == 201 and issued.json()["version"] == 2
    refused = api.get(f"{procurement.pk}/documents")
    assert (refused.status_code, refused.json()["code"], refused.json()["details"]) == (
        403,
        "agreements_not_accepted",
        {"agreements": ["nda"]},
    )
    participation = api.get(f"{procurement.pk}/participation").json()
    assert (participation["status"], participation["gate_current"]) == ("admitted", False)
    assert [(a["kind"], a["version"], a["accepted"]) for a in participation["agreements"]] == [
        ("nda", 2, False),
        ("ethical_walls", 1, True),
    ]
    api.post(f"{procurement.pk}/agreements/{issued.json()['id']}/acceptance")
    assert api.get(f"{procurement.pk}/documents").status_code == 200


def test_the_buyer_sees_every_version_of_the_agreements(procurement, buyer, world):
    services.issue_agreement(
        actor=buyer, procurement=procurement, kind="nda", title="NDA", text="Version two."
    )

    response = Api(buyer, prefix=API).get(f"{procurement.pk}/agreements")

    assert [(a["kind"], a["version"], a["current"]) for a in response.json()] == [
        ("ethical_walls", 1, True),
        ("nda", 2, True),
        ("nda", 1, False),
    ]


def test_a_supplier_downloads_a_document_once_admitted(procurement, world):
    # Given
    organisation, bid_manager = world["albion"]
    f.admitted_participant(procurement, organisation, bid_manager)
    api = Api(bid_manager, prefix=API)

    # When
    listed = api.get(f"{procurement.pk}/documents").json()
    download = Api(token=api.token).get(listed[0]["download_url"])

    # Then
    assert [(d["title"], d["version"]) for d in listed] == [("Specification", 1)]
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 certificate"
    assert 'filename="certificate.pdf"' in download["Content-Disposition"]


def test_the_buyer_uploads_a_document(procurement, buyer):
    response = Api(buyer, prefix=API).multipart(
        f"{procurement.pk}/documents",
        {"title": "Draft framework agreement", "file": f.a_file("fa.pdf")},
    )

    assert response.status_code == 201
    assert (response.json()["title"], response.json()["version"], response.json()["file_name"]) == (
        "Draft framework agreement",
        1,
        "fa.pdf",
    )


# --- Another supplier, another authority ------------------------------------------------------


def test_supplier_a_cannot_see_supplier_bs_response_or_outcome(procurement, buyer, world):
    # Given both submitted; the buyer has decided about Brightwell
    albion_org, albion = world["albion"]
    brightwell_org, brightwell = world["brightwell"]
    f.submitted_participant(procurement, albion_org, albion)
    b = f.submitted_participant(procurement, brightwell_org, brightwell)
    f.close_participation(procurement)
    services.record_exclusion_decision(
        actor=buyer,
        participant=b,
        outcome=ExclusionOutcome.EXCLUDED,
        ground_type="mandatory",
        ground="Sch 6 para 1",
        representations="Nothing to add.",
        reasons="Brightwell's director was convicted of bribery.",
    )
    api = Api(albion, prefix=API)

    # When Albion asks about Brightwell
    for path in (
        f"{procurement.pk}/participants",
        f"{procurement.pk}/participants/{b.pk}/response",
        f"{procurement.pk}/participants/{b.pk}/exclusion-decisions",
        f"{procurement.pk}/participants/{b.pk}/response/financial-evidence",
    ):
        response = api.get(path)
        # Then it is not found
        assert (path, response.status_code, response.json()) == (path, 404, NOT_FOUND)

    # And Albion's own outcome says nothing of Brightwell's
    outcome = api.get(f"{procurement.pk}/outcome").json()
    assert (outcome["status"], outcome["reasons"]) == ("submitted", "")
    own = api.get(f"{procurement.pk}/response").json()
    assert own["receipt"]["reference"].startswith("RTP-")
    assert "Brightwell" not in json.dumps(own) + json.dumps(outcome)


def test_an_authority_user_from_another_authority_sees_nothing(procurement, buyer, world):
    # Given a submitted supplier
    organisation, bid_manager = world["albion"]
    participant = f.submitted_participant(procurement, organisation, bid_manager)
    stranger = Api(f.buyer_of(OrganisationFactory(name="Another Police Force")), prefix=API)
    pk = procurement.pk
    audit_before = AuditEvent.objects.count()

    # When / Then every read and every write is not found
    for method, path, body in [
        ("get", f"{pk}/agreements", None),
        ("post", f"{pk}/agreements", {"kind": "nda", "title": "NDA", "text": "Mine"}),
        ("get", f"{pk}/documents", None),
        ("get", f"{pk}/documents/{world['document'].pk}/file", None),
        ("get", f"{pk}/questionnaire", None),
        ("put", f"{pk}/questionnaire", {"questions": []}),
        ("get", f"{pk}/participants", None),
        ("get", f"{pk}/participants/{participant.pk}/response", None),
        ("put", f"{pk}/participants/{participant.pk}/assessment", {"marks": []}),
        (
            "post",
            f"{pk}/participants/{participant.pk}/exclusion-decisions",
            {"outcome": "not_excluded"},
        ),
        ("post", f"{pk}/shortlist", {"shortlisted": []}),
        ("post", f"{pk}/invitation-to-tender", {"tender_deadline": "2030-01-01T12:00:00Z"}),
    ]:
        response = _call(stranger, method, path, body)
        assert (path, response.status_code, response.json()) == (path, 404, NOT_FOUND)
    assert AuditEvent.objects.count() == audit_before


# --- The request to participate ---------------------------------------------------------------


def test_a_supplier_saves_a_draft_then_submits_and_gets_a_receipt(procurement, world):
    # Given
    organisation, bid_manager = world["albion"]
    participant = f.admitted_participant(procurement, organisation, bid_manager)
    pass_fail, scored, file_question = selectors.questions_of(procurement)
    api = Api(bid_manager, prefix=API)

    # When
    saved = api.put(
        f"{procurement.pk}/response",
        {
            "answers": [
                {"question_id": pass_fail.pk, "text": "Yes, since 2019."},
                {"question_id": scored.pk, "text": "Two warehouses and a spares pool."},
            ],
            "annual_turnover": "12500000.00",
        },
    )
    api.multipart(
        f"{procurement.pk}/response/answers/{file_question.pk}/file", {"file": f.a_file()}
    )
    api.multipart(
        f"{procurement.pk}/response/financial-evidence", {"file": f.a_file("accounts.pdf")}
    )
    submitted = api.post(f"{procurement.pk}/response/submission")

    # Then
    assert saved.status_code == 200
    assert saved.json()["annual_turnover"] == "12500000.00"
    assert submitted.status_code == 201
    receipt = submitted.json()
    participant.refresh_from_db()
    response = participant.response
    assert (receipt["reference"], receipt["sha256"]) == (
        response.receipt_reference,
        response.receipt_sha256,
    )
    assert datetime.fromisoformat(receipt["submitted_at"]) == response.submitted_at.replace(
        microsecond=response.submitted_at.microsecond // 1000 * 1000  # JSON keeps milliseconds
    )
    assert participant.status == "submitted"


def test_missing_answers_are_listed_one_per_question(procurement, world):
    # Given
    organisation, bid_manager = world["albion"]
    f.admitted_participant(procurement, organisation, bid_manager)

    # When
    response = Api(bid_manager, prefix=API).post(f"{procurement.pk}/response/submission")

    # Then
    body = response.json()
    assert (response.status_code, body["code"]) == (400, "answers_missing")
    assert [p["field"] for p in body["details"]["problems"]] == [
        *[f"question-{q.pk}" for q in selectors.questions_of(procurement)],
        "annual_turnover",
        "financial_evidence",
    ]


def test_saving_at_the_deadline_is_refused_with_the_deadline_in_uk_time(buyer, world):
    # Given a deadline of 5pm on 31 March 2027
    deadline = datetime(2027, 3, 31, 17, 0, tzinfo=LONDON)
    with time_machine.travel(deadline - timedelta(days=10), tick=False):
        procurement = f.ProcurementFactory(
            authority=buyer.memberships.get().organisation, participation_deadline=deadline
        )
        f.issue_agreements(procurement, buyer)
        organisation, bid_manager = world["albion"]
        f.admitted_participant(procurement, organisation, bid_manager)
        api = Api(bid_manager, prefix=API)

    # When
    with time_machine.travel(deadline, tick=False):
        response = api.put(f"{procurement.pk}/response", {"annual_turnover": "1.00"})

    # Then
    assert response.status_code == 400
    assert response.json() == {
        "code": "participation_deadline_passed",
        "message": "The deadline for requests to participate was 5pm on Wednesday 31 March 2027 "
        "(UK time). Requests to participate can no longer be saved or submitted.",
        "section": "Procurement Act 2023 s.54(2), (3)",
    }


def test_the_buyer_cannot_change_the_questionnaire_after_publication(procurement, buyer):
    response = Api(buyer, prefix=API).put(
        f"{procurement.pk}/questionnaire", {"questions": [{"kind": "pass_fail", "text": "Q?"}]}
    )

    assert (response.status_code, response.json()["code"]) == (400, "questionnaire_locked")


def test_the_buyer_sets_the_questionnaire_of_a_draft(buyer):
    procurement = f.ProcurementFactory(draft=True, authority=buyer.memberships.get().organisation)

    response = Api(buyer, prefix=API).put(
        f"{procurement.pk}/questionnaire",
        {
            "questions": [
                {"kind": "pass_fail", "text": "Cyber Essentials Plus?"},
                {"kind": "scored", "text": "Continuity of supply", "max_score": 10},
            ]
        },
    )

    assert response.status_code == 200
    assert [(q["position"], q["kind"], q["max_score"]) for q in response.json()] == [
        (1, "pass_fail", None),
        (2, "scored", 10),
    ]


# --- The buyer's decisions --------------------------------------------------------------------


def test_the_buyer_assesses_excludes_shortlists_and_invites_through_the_api(
    procurement, buyer, world
):
    # Given three suppliers submitted and the deadline passed
    a = f.submitted_participant(procurement, *world["albion"])
    b = f.submitted_participant(procurement, *world["brightwell"])
    c = f.submitted_participant(procurement, *f.supplier("Cobalt Digital Ltd"))
    f.close_participation(procurement)
    pass_fail, scored, file_question = selectors.questions_of(procurement)
    api = Api(buyer, prefix=API)
    pk = procurement.pk

    # When the buyer marks Albion
    assessed = api.put(
        f"{pk}/participants/{a.pk}/assessment",
        {
            "marks": [
                {"question_id": pass_fail.pk, "result": "pass"},
                {"question_id": scored.pk, "score": 9, "comment": "Excellent"},
                {"question_id": file_question.pk, "result": "pass"},
            ],
            "financial_result": "pass",
        },
    )
    # ... tries to exclude Brightwell without representations, then with them
    refused = api.post(
        f"{pk}/participants/{b.pk}/exclusion-decisions",
        {
            "outcome": "excluded",
            "ground_type": "mandatory",
            "ground": "Sch 6 para 1",
            "reasons": "Bribery.",
        },
    )
    excluded = api.post(
        f"{pk}/participants/{b.pk}/exclusion-decisions",
        {
            "outcome": "excluded",
            "ground_type": "mandatory",
            "ground": "Sch 6 para 1",
            "representations_invited_on": str(clock.today() - timedelta(days=10)),
            "reasons": "Bribery.",
        },
    )
    for participant in (a, c):
        api.post(
            f"{pk}/participants/{participant.pk}/exclusion-decisions", {"outcome": "not_excluded"}
        )
    shortlist = api.post(
        f"{pk}/shortlist",
        {
            "shortlisted": [{"participant_id": a.pk, "reason": "Highest score."}],
            "not_shortlisted": [{"participant_id": c.pk, "reason": "Lower score."}],
        },
    )
    deadline = (clock.now() + timedelta(days=20)).isoformat()
    invited = api.post(f"{pk}/invitation-to-tender", {"tender_deadline": deadline})

    # Then
    assert assessed.status_code == 200
    assert [(m["result"], m["score"]) for m in assessed.json()["answers"]] == [
        ("pass", None),
        ("", 9),
        ("pass", None),
    ]
    assert (refused.status_code, refused.json()["code"]) == (400, "representations_required")
    assert excluded.status_code == 201
    assert excluded.json()["minister_notification_due"] == str(clock.today() + timedelta(days=29))
    assert shortlist.status_code == 200
    assert {p["supplier"]: p["status"] for p in shortlist.json()} == {
        "Albion Technology Ltd": "invited",
        "Brightwell Systems Ltd": "excluded",
        "Cobalt Digital Ltd": "not_shortlisted",
    }
    assert invited.status_code == 200
    assert (invited.json()["status"], invited.json()["invited"]) == (
        "tendering_open",
        ["Albion Technology Ltd"],
    )
    outcome = Api(world["albion"][1], prefix=API).get(f"{pk}/outcome").json()
    assert (outcome["heading"], outcome["reasons"]) == (
        "You have been shortlisted and invited to tender",
        "Highest score.",
    )
    assert [
        e.event_type
        for e in AuditEvent.objects.filter(
            event_type__in=[
                ParticipationEvent.SHORTLIST_DECIDED,
                ParticipationEvent.INVITED_TO_TENDER,
            ]
        )
    ] == [ParticipationEvent.SHORTLIST_DECIDED, ParticipationEvent.INVITED_TO_TENDER]


def test_a_shortlist_too_long_is_refused_through_the_api(buyer):
    # Given a shortlist limit of 1 and two eligible suppliers
    procurement = f.ProcurementFactory(
        authority=buyer.memberships.get().organisation, max_shortlist=1
    )
    f.issue_agreements(procurement, buyer)
    f.standard_questions(procurement)
    first = f.submitted_participant(procurement, *f.supplier())
    second = f.submitted_participant(procurement, *f.supplier())
    f.close_participation(procurement)
    for participant in (first, second):
        services.record_exclusion_decision(
            actor=buyer, participant=participant, outcome="not_excluded"
        )
    api = Api(buyer, prefix=API)
    audit_before = AuditEvent.objects.count()

    # When
    response = api.post(
        f"{procurement.pk}/shortlist",
        {
            "shortlisted": [
                {"participant_id": first.pk, "reason": "Good."},
                {"participant_id": second.pk, "reason": "Good."},
            ]
        },
    )

    # Then
    assert response.status_code == 400
    assert response.json() == {
        "code": "shortlist_too_long",
        "message": "The tender notice allows at most 1 suppliers on the shortlist; 2 were chosen.",
        "section": "Procurement Act 2023 s.20(4)(a); Procurement Regulations 2024 reg 19(2)(d)",
        "details": {"maximum": 1, "chosen": 2},
    }
    assert set(Participant.objects.values_list("status", flat=True)) == {"submitted"}
    assert AuditEvent.objects.count() == audit_before


# --- After the participation stage ------------------------------------------------------------


def test_interest_after_the_participation_deadline_is_refused_and_nothing_is_stored(
    procurement, buyer, world
):
    # Given the deadline for requests to participate has passed
    f.close_participation(procurement)
    keystone_org, keystone = f.supplier("Keystone Public Sector IT Ltd")
    api = Api(keystone, prefix=API)
    participants, events = Participant.objects.count(), AuditEvent.objects.count()

    # When Keystone asks to join late
    response = api.post(f"{procurement.pk}/interest", {"supplier_id": keystone_org.pk})

    # Then it is refused and nothing changed
    assert response.status_code == 400
    assert response.json()["code"] == "not_open_for_interest"
    assert Participant.objects.count() == participants
    assert AuditEvent.objects.count() == events


def test_an_excluded_supplier_sees_its_outcome_but_no_longer_the_documents(
    procurement, buyer, world
):
    # Given Brightwell was excluded after the participation deadline
    brightwell_org, brightwell = world["brightwell"]
    b = f.submitted_participant(procurement, brightwell_org, brightwell)
    f.close_participation(procurement)
    services.record_exclusion_decision(
        actor=buyer,
        participant=b,
        outcome=ExclusionOutcome.EXCLUDED,
        ground_type="mandatory",
        ground="Sch 6 para 1",
        representations="Nothing to add.",
        reasons="Brightwell's director was convicted of bribery.",
    )
    api = Api(brightwell, prefix=API)

    # Then its outcome is there, and the documents issued to those still taking part are refused
    # with the reason
    assert api.get(f"{procurement.pk}/outcome").status_code == 200
    response = api.get(f"{procurement.pk}/documents")
    assert (response.status_code, response.json()) == (
        403,
        {
            "code": "no_longer_taking_part",
            "message": f"{brightwell_org.name} is excluded: it no longer takes part in this "
            "procurement. Its outcome page gives the reasons.",
            "details": {"participant_status": "excluded"},
        },
    )
