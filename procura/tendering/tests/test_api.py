"""The tendering API: exact answers, and every way a request is refused or not found."""

import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from procura.audit.models import AuditEvent
from procura.participation.states import ParticipantStatus
from procura.procurements import services as procurement_services
from procura.procurements.states import Status
from procura.tendering import rules, services
from procura.tendering.models import Tender
from procura.tendering.tests.factories import (
    AFTER,
    BEFORE,
    DEADLINE,
    answers_for,
    invite,
    submit,
    supplier_with_bid_manager,
    tender_stage,
)
from procura.testing.client import Api

pytestmark = pytest.mark.django_db

NOT_FOUND = {"code": "not_found", "message": "Not found."}
PRICE = "4815162.42"


class People(dict):
    """The project's API client (procura.testing) for each person of the stage, by attribute
    name (None: nobody); each person's token is made on first use, or by `login_all` before a
    test starts counting."""

    def __init__(self, stage):
        super().__init__()
        self.stage = stage

    def __missing__(self, who) -> Api:
        self[who] = Api(getattr(self.stage, who) if who is not None else None)
        return self[who]

    def login_all(self, *who):
        for name in who:
            self[name]


def _url(stage, tail=""):
    return f"/api/v1/procurements/{stage.procurement.pk}{tail}"


def secret_file():
    return services.UploadedDocument("plan.pdf", b"SECRET-FILE-BYTES" * 100)


def _tender_part(stage, **overrides):
    body = {
        "price": PRICE,
        "line_items": [{"description": "Rugged laptops", "amount": "4000000.00"}],
        "answers": {str(k): v for k, v in answers_for(stage).items()},
    }
    body.update(overrides)
    return json.dumps(body)


# --- Suppliers ----------------------------------------------------------------------------------


def test_a_supplier_submits_a_tender_with_files_and_gets_its_receipt():
    # Given
    stage = tender_stage()
    api = People(stage)
    api.login_all("albion_bid")
    plan = b"%PDF-1.7 delivery plan" + bytes(range(256)) * 4096

    # When
    with time_machine.travel(BEFORE, tick=False):
        response = api["albion_bid"].multipart(
            _url(stage, "/tender"),
            {
                "tender": _tender_part(stage),
                "files": [
                    SimpleUploadedFile("plan.pdf", plan),
                    SimpleUploadedFile("cv.txt", b"Alice Albright, bid lead"),
                ],
            },
        )

    # Then
    assert response.status_code == 201, response.content
    tender = Tender.objects.get()
    body = response.json()
    assert body == {
        "reference": tender.reference,
        "procurement_reference": stage.procurement.reference,
        "version": 1,
        "status": "submitted",
        "submitted_at": "2026-03-02T12:00:00Z",
        "content_sha256": tender.content_sha256,
        "files": [
            {
                "position": 1,
                "name": "plan.pdf",
                "sha256": rules.sha256_hex(plan),
                "size": len(plan),
            },
            {
                "position": 2,
                "name": "cv.txt",
                "sha256": rules.sha256_hex(b"Alice Albright, bid lead"),
                "size": 24,
            },
        ],
        "replaces": "",
        "withdrawn_at": None,
        "salt": body["salt"],
    }


def test_a_supplier_sees_its_receipts_but_never_a_decrypted_copy():
    stage = tender_stage()
    api = People(stage)
    receipt = submit(stage, price=PRICE)

    with time_machine.travel(BEFORE, tick=False):
        response = api["albion_bid"].get(_url(stage, "/tender"))

    assert response.status_code == 200
    body = response.json()
    expected_receipt = {
        "reference": receipt.reference,
        "procurement_reference": stage.procurement.reference,
        "version": 1,
        "status": "submitted",
        "submitted_at": "2026-03-02T12:00:00Z",
        "content_sha256": receipt.content_sha256,
        "files": [],
        "replaces": "",
        "withdrawn_at": None,
        "salt": "",
    }
    assert body["live"] == expected_receipt
    assert body["receipts"] == [expected_receipt]
    assert body["tender_deadline"] == "2026-03-03T12:00:00Z"
    assert body["tender_deadline_text"] == "midday on Tuesday 3 March 2026"
    assert body["open_for_tenders"] is True
    assert [c["title"] for c in body["quality_criteria"]] == [
        "Continuity of supply",
        "Social value",
    ]
    assert PRICE not in response.content.decode()


def test_a_late_tender_is_refused_with_the_deadline_and_nothing_is_stored():
    stage = tender_stage()
    api = People(stage)
    api.login_all("albion_bid")
    events = AuditEvent.objects.count()

    with time_machine.travel(DEADLINE, tick=False):
        response = api["albion_bid"].multipart(
            _url(stage, "/tender"),
            {"tender": _tender_part(stage), "files": [SimpleUploadedFile("a.pdf", b"x")]},
        )

    assert response.status_code == 400
    assert response.json() == {
        "code": "tender_deadline_passed",
        "message": "The tender deadline was midday on Tuesday 3 March 2026; tenders can no "
        "longer be submitted, replaced or withdrawn.",
        "section": "Procurement Act 2023 s.54(2)",
    }
    assert Tender.objects.count() == 0
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("part", "status", "code"),
    [
        ("not json", 422, "invalid_input"),
        (json.dumps({"price": "abc", "answers": {}}), 422, "invalid_input"),
        (json.dumps({"price": "0", "answers": {}}), 400, "invalid_price"),
        (json.dumps({"price": "10.00", "answers": {}}), 400, "answer_missing"),
    ],
)
def test_a_malformed_or_incomplete_tender_is_refused(part, status, code):
    stage = tender_stage()
    api = People(stage)
    api.login_all("albion_bid")
    events = AuditEvent.objects.count()

    with time_machine.travel(BEFORE, tick=False):
        response = api["albion_bid"].multipart(_url(stage, "/tender"), {"tender": part})

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert Tender.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_a_supplier_withdraws_its_tender():
    stage = tender_stage()
    api = People(stage)
    receipt = submit(stage)

    with time_machine.travel(BEFORE, tick=False):
        response = api["albion_bid"].post(_url(stage, "/tender/withdraw"))

    assert response.status_code == 200
    assert (response.json()["reference"], response.json()["status"]) == (
        receipt.reference,
        "withdrawn",
    )
    assert response.json()["withdrawn_at"] == "2026-03-02T12:00:00Z"


def _supplier_calls(api, stage, who):
    with time_machine.travel(BEFORE, tick=False):
        return [
            api[who].get(_url(stage, "/tender")),
            api[who].multipart(_url(stage, "/tender"), {"tender": _tender_part(stage)}),
            api[who].post(_url(stage, "/tender/withdraw")),
            api[who].get(_url(stage, "/tender/questions")),
            api[who].post(_url(stage, "/tender/questions"), {"question": "?"}),
            api[who].get(_url(stage, "/tender/clarifications")),
        ]


@pytest.mark.parametrize("who", ["stranger_bid", "buyer", "evaluator", "admin", None])
def test_only_invited_suppliers_find_the_supplier_endpoints(who):
    stage = tender_stage()
    stage.stranger_bid = supplier_with_bid_manager("Dunmore Data Ltd", "Dan", "Dunmore")[1]
    api = People(stage)
    submit(stage)
    api.login_all(*([who] if who else []))
    events = AuditEvent.objects.count()

    responses = _supplier_calls(api, stage, who)

    expected = 401 if who is None else 404
    assert [r.status_code for r in responses] == [expected] * 6
    assert Tender.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_a_supplier_left_off_the_shortlist_is_told_it_no_longer_takes_part():
    # Given Castlegate passed the gate but was not shortlisted: it knows the procurement
    stage = tender_stage()
    api = People(stage)
    submit(stage)
    api.login_all("castlegate_bid")
    events = AuditEvent.objects.count()

    # When
    responses = _supplier_calls(api, stage, "castlegate_bid")

    # Then
    assert [(r.status_code, r.json()) for r in responses] == [
        (
            403,
            {
                "code": "no_longer_taking_part",
                "message": "Castlegate Computing Ltd is not shortlisted: it no longer takes part "
                "in this procurement. Its outcome page gives the reasons.",
                "details": {"participant_status": "not_shortlisted"},
            },
        )
    ] * 6
    assert Tender.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_a_supplier_not_yet_invited_is_told_it_was_not_invited_to_tender():
    # Given Dunmore passed the gate and submitted a request to participate, but was not invited
    stage = tender_stage()
    dunmore, stage.dunmore_bid = supplier_with_bid_manager("Dunmore Data Ltd", "Dan", "Dunmore")
    invite(stage.procurement, dunmore, by=stage.dunmore_bid, status=ParticipantStatus.SUBMITTED)
    api = People(stage)
    api.login_all("dunmore_bid")
    events = AuditEvent.objects.count()

    # When
    responses = _supplier_calls(api, stage, "dunmore_bid")

    # Then
    assert [(r.status_code, r.json()["code"]) for r in responses] == [
        (403, "not_invited_to_tender")
    ] * 6
    assert responses[0].json()["message"] == (
        "Dunmore Data Ltd has not been invited to tender: in the competitive flexible procedure "
        "only the shortlisted suppliers are, when the buyer sends the invitation."
    )
    assert Tender.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_another_invited_supplier_sees_only_its_own_tender():
    stage = tender_stage()
    api = People(stage)
    submit(stage, price=PRICE)

    with time_machine.travel(BEFORE, tick=False):
        response = api["brightwell_bid"].get(_url(stage, "/tender"))

    assert response.status_code == 200
    assert (response.json()["live"], response.json()["receipts"]) == (None, [])


# --- The authority, before the opening ----------------------------------------------------------


def test_before_the_opening_the_tender_box_shows_counts_and_receipts_only():
    stage = tender_stage()
    api = People(stage)
    albion = submit(stage, price=PRICE)
    brightwell = submit(stage, stage.brightwell, at=BEFORE.replace(hour=15))

    with time_machine.travel(BEFORE, tick=False):
        response = api["buyer"].get(_url(stage, "/tenders"))

    assert response.status_code == 200
    assert response.json() == {
        "procurement_id": stage.procurement.pk,
        "status": "tendering_open",
        "tender_deadline": "2026-03-03T12:00:00Z",
        "count": 2,
        "receipts": [
            {
                "reference": albion.reference,
                "submitted_at": "2026-03-02T12:00:00Z",
                "content_sha256": albion.content_sha256,
                "files": 0,
            },
            {
                "reference": brightwell.reference,
                "submitted_at": "2026-03-02T15:00:00Z",
                "content_sha256": brightwell.content_sha256,
                "files": 0,
            },
        ],
        "panel_size": 2,
        "confirmations": [],
        "opened_at": None,
        "tenders": [],
        "problems": [],
    }


@pytest.mark.parametrize(
    ("who", "box", "opened"),
    [
        ("buyer", 200, 400),
        ("evaluator", 200, 404),
        ("approver", 200, 400),
        ("admin", 200, 404),
        ("albion_bid", 404, 404),
        ("brightwell_bid", 404, 404),
        ("castlegate_bid", 404, 404),
    ],
)
def test_nobody_reads_tender_content_before_the_opening(who, box, opened):
    # Given: a sealed tender with a file, the deadline passed, one officer confirmed
    stage = tender_stage()
    api = People(stage)
    receipt = submit(stage, price=PRICE, files=[secret_file()])
    tender = Tender.objects.get(reference=receipt.reference)
    with time_machine.travel(AFTER, tick=False):
        procurement_services.close_tendering(procurement=stage.procurement)
        services.confirm_opening(actor=stage.buyer2, procurement=stage.procurement)

    # When
    with time_machine.travel(AFTER, tick=False):
        responses = {
            "box": api[who].get(_url(stage, "/tenders")),
            "opened": api[who].get(_url(stage, "/tenders/opened")),
            "file": api[who].get(_url(stage, f"/tenders/{tender.pk}/files/1")),
        }

    # Then
    assert responses["box"].status_code == box
    assert responses["opened"].status_code == opened
    if opened == 400:
        assert responses["opened"].json()["code"] == "tenders_sealed"
    assert responses["file"].status_code == 404
    for response in responses.values():
        text = response.content.decode(errors="replace")
        assert PRICE not in text
        assert "Albion" not in text
        assert "Continuity of supply" not in text
        assert "SECRET-FILE-BYTES" not in text


def test_the_timeline_of_a_tender_is_its_suppliers_until_the_opening():
    stage = tender_stage()
    api = People(stage)
    receipt = submit(stage)
    tender = Tender.objects.get(reference=receipt.reference)
    url = f"/api/v1/audit/tendering.tender/{tender.pk}/events"

    assert api["albion_bid"].get(url).status_code == 200
    assert api["buyer"].get(url).status_code == 404
    assert api["brightwell_bid"].get(url).status_code == 404


# --- The opening --------------------------------------------------------------------------------


def test_the_panel_opens_the_tenders_and_the_authority_reads_them():
    # Given
    stage = tender_stage()
    api = People(stage)
    receipt = submit(stage, price=PRICE, files=[secret_file()])
    tender = Tender.objects.get(reference=receipt.reference)

    # When
    with time_machine.travel(AFTER, tick=False):
        first = api["buyer"].post(_url(stage, "/tenders/opening-confirmations"))
        second = api["approver"].post(_url(stage, "/tenders/opening-confirmations"))
        again = api["buyer2"].post(_url(stage, "/tenders/opening-confirmations"))

    # Then
    assert first.json() == {
        "confirmations": 1,
        "panel_size": 2,
        "opened": False,
        "tenders_opened": 0,
        "problems": 0,
    }
    assert second.json() == {
        "confirmations": 2,
        "panel_size": 2,
        "opened": True,
        "tenders_opened": 1,
        "problems": 0,
    }
    assert (again.status_code, again.json()["code"]) == (400, "tenders_already_opened")
    # an evaluator reads tenders only through the evaluation app, behind the ethical wall
    assert api["evaluator"].get(_url(stage, "/tenders/opened")).status_code == 404
    opened = api["approver"].get(_url(stage, "/tenders/opened"))
    assert opened.status_code == 200
    assert opened.json() == [
        {
            "tender_id": tender.pk,
            "reference": receipt.reference,
            "supplier_id": stage.albion.pk,
            "supplier": "Albion Technology Ltd",
            "price": PRICE,
            "line_items": [],
            "answers": {str(k): v for k, v in answers_for(stage).items()},
            "files": [
                {
                    "position": 1,
                    "name": "plan.pdf",
                    "sha256": rules.sha256_hex(b"SECRET-FILE-BYTES" * 100),
                    "size": 1700,
                }
            ],
            "integrity": "verified",
            "problem": "",
        }
    ]
    download = api["approver"].get(_url(stage, f"/tenders/{tender.pk}/files/1"))
    assert download.status_code == 200
    assert download.content == b"SECRET-FILE-BYTES" * 100
    assert download["Content-Disposition"] == "attachment; filename*=UTF-8''plan.pdf"
    box = api["buyer"].get(_url(stage, "/tenders")).json()
    assert box["status"] == Status.EVALUATION
    assert [(t["supplier"], t["price"]) for t in box["tenders"]] == [
        ("Albion Technology Ltd", PRICE)
    ]
    assert api["admin"].get(_url(stage, "/tenders")).json()["tenders"] == []
    assert api["admin"].get(_url(stage, "/tenders/opened")).status_code == 404
    assert api["albion_bid"].get(_url(stage, "/tenders/opened")).status_code == 404


@pytest.mark.parametrize(
    ("who", "at", "status", "code"),
    [
        ("buyer", BEFORE, 400, "tender_deadline_not_passed"),
        ("evaluator", AFTER, 403, "forbidden_action"),
        ("admin", AFTER, 403, "forbidden_action"),
        ("albion_bid", AFTER, 404, "not_found"),
    ],
)
def test_an_early_or_unauthorised_confirmation_is_refused(who, at, status, code):
    stage = tender_stage()
    api = People(stage)
    submit(stage)
    api.login_all(who)
    events = AuditEvent.objects.count()

    with time_machine.travel(at, tick=False):
        response = api[who].post(_url(stage, "/tenders/opening-confirmations"))

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert AuditEvent.objects.count() == events
    stage.procurement.refresh_from_db()
    assert stage.procurement.status == Status.TENDERING_OPEN


# --- Clarification questions --------------------------------------------------------------------


def test_a_question_is_answered_to_every_supplier_without_saying_who_asked():
    # Given: Albion asks
    stage = tender_stage()
    api = People(stage)
    with time_machine.travel(BEFORE, tick=False):
        asked = api["albion_bid"].post(
            _url(stage, "/tender/questions"),
            {"question": "Albion Technology Ltd asks: may we bid in euros?"},
        )
    assert asked.status_code == 201
    question_id = asked.json()["id"]

    # Then: only the buyer sees who asked
    inbox = api["buyer"].get(_url(stage, "/tender-questions"))
    assert inbox.json() == [
        {
            "id": question_id,
            "question": "Albion Technology Ltd asks: may we bid in euros?",
            "status": "open",
            "asked_at": "2026-03-02T12:00:00Z",
            "answered_at": None,
            "supplier_id": stage.albion.pk,
            "supplier": "Albion Technology Ltd",
            "asked_by": "Alice Albright",
            "clarification_id": None,
        }
    ]
    assert api["evaluator"].get(_url(stage, "/tender-questions")).status_code == 404
    assert api["brightwell_bid"].get(_url(stage, "/tender-questions")).status_code == 404
    assert api["brightwell_bid"].get(_url(stage, "/tender/questions")).json() == []

    # When: the buyer publishes it as asked, it is refused; anonymised, it is published
    with time_machine.travel(BEFORE, tick=False):
        naming = api["buyer"].post(
            _url(stage, f"/tender-questions/{question_id}/answer"),
            {"answer": "No: prices must be in pounds sterling."},
        )
        published = api["buyer"].post(
            _url(stage, f"/tender-questions/{question_id}/answer"),
            {
                "published_question": "May a supplier bid in euros?",
                "answer": "No: prices must be in pounds sterling.",
                "confirm_anonymised": True,
            },
        )

    # Then
    assert (naming.status_code, naming.json()["code"]) == (400, "question_names_supplier")
    assert published.status_code == 200
    seen_by_brightwell = api["brightwell_bid"].get(_url(stage, "/tender/clarifications"))
    assert seen_by_brightwell.json() == [
        {
            "id": published.json()["id"],
            "question": "May a supplier bid in euros?",
            "answer": "No: prices must be in pounds sterling.",
            "published_at": "2026-03-02T12:00:00Z",
        }
    ]
    for forbidden in ["Albion", "Alice", "Albright", str(stage.albion.pk) + ","]:
        assert forbidden not in seen_by_brightwell.content.decode()
    assert api["albion_bid"].get(_url(stage, "/tender/questions")).json()[0]["status"] == (
        "answered"
    )


# --- The opening policy ---------------------------------------------------------------------------


def test_the_opening_policy_is_read_by_the_authority_and_set_by_its_buyers():
    stage = tender_stage()
    api = People(stage)
    url = f"/api/v1/procurements/tender-opening-policies/{stage.authority.pk}"

    assert api["evaluator"].get(url).json() == {"authority_id": stage.authority.pk, "panel_size": 2}
    assert api["buyer"].put(url, {"panel_size": 3}).json() == {
        "authority_id": stage.authority.pk,
        "panel_size": 3,
    }
    assert api["approver"].put(url, {"panel_size": 4}).status_code == 404
    assert api["albion_bid"].get(url).status_code == 404
    refused = api["buyer"].put(url, {"panel_size": 1})
    assert (refused.status_code, refused.json()["code"]) == (400, "invalid_panel_size")
    assert api["buyer"].get(url).json()["panel_size"] == 3
