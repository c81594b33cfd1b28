"""The evaluation and award API: each endpoint, its refusals and who may see what."""

from datetime import UTC, datetime

import pytest
import time_machine

from procura.accounts.states import Role
from procura.accounts.tests.factories import member
from procura.audit.models import AuditEvent
from procura.evaluation.models import AssessmentSummary
from procura.testing.client import Api

from . import factories as f
from .factories import record_of

pytestmark = pytest.mark.django_db


def _scores_body(e, scores, text="justification"):
    return {
        "scores": [
            {"criterion_id": c.pk, "score": s, text: f"{c.title}: scored {s} on the evidence."}
            for c, s in zip(f.quality_criteria(e.procurement), scores, strict=True)
        ]
    }


def test_the_openapi_description_lists_the_evaluation_and_contract_paths(client):
    paths = set(client.get("/api/v1/openapi.json").json()["paths"])

    assert {
        "/api/v1/procurements/{procurement_id}/evaluators",
        "/api/v1/procurements/{procurement_id}/evaluation/declarations",
        "/api/v1/procurements/{procurement_id}/evaluation/tenders",
        "/api/v1/procurements/{procurement_id}/evaluation/tenders/{tender_id}/scores",
        "/api/v1/procurements/{procurement_id}/evaluation/submission",
        "/api/v1/procurements/{procurement_id}/evaluation/panel-scores",
        "/api/v1/procurements/{procurement_id}/abnormally-low-tenders/{tender_id}",
        "/api/v1/procurements/{procurement_id}/moderation/tenders/{tender_id}",
        "/api/v1/procurements/{procurement_id}/results",
        "/api/v1/procurements/{procurement_id}/award-decisions",
        "/api/v1/procurements/{procurement_id}/award-decisions/approval",
        "/api/v1/procurements/{procurement_id}/assessment-summaries",
        "/api/v1/procurements/{procurement_id}/assessment-summaries/{summary_id}/pdf",
        "/api/v1/procurements/{procurement_id}/award-notice",
        "/api/v1/contracts",
    } <= paths


def test_an_evaluation_runs_from_panel_to_award_notice_through_the_api(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    pid = e.procurement.pk
    buyer, approver, evaluator = (
        Api(e.buyer, prefix="/api/v1"),
        Api(e.approver, prefix="/api/v1"),
        Api(e.evaluators[0], prefix="/api/v1"),
    )

    # The panel, and the declaration before any tender is seen
    response = buyer.post(f"/procurements/{pid}/evaluators", {"evaluator_id": e.evaluators[0].pk})
    assert response.status_code == 201
    assert response.json()["status"] == "awaiting_declaration"
    refused = evaluator.get(f"/procurements/{pid}/evaluation/tenders")
    assert (refused.status_code, refused.json()["code"]) == (400, "conflicts_not_declared")
    response = evaluator.post(
        f"/procurements/{pid}/evaluation/declarations", {"has_conflict": False}
    )
    assert (response.status_code, response.json()["status"]) == (201, "cleared")

    # The tenders, without prices; scoring; submission
    tenders = evaluator.get(f"/procurements/{pid}/evaluation/tenders").json()
    assert [t["supplier"] for t in tenders] == [row[0] for row in f.MET_TENDERS]
    assert "price" not in tenders[0]
    assert tenders[0]["answers"][0]["answer"] == (
        "Albion Technology Solutions Ltd's answer on technical capability and range."
    )
    for tender, row in zip(e.tenders, f.MET_TENDERS, strict=True):
        response = evaluator.put(
            f"/procurements/{pid}/evaluation/tenders/{tender.tender_id}/scores",
            _scores_body(e, row[2]),
        )
        assert response.status_code == 200
    assert evaluator.get(f"/procurements/{pid}/evaluation/panel-scores").status_code == 404
    assert evaluator.post(f"/procurements/{pid}/evaluation/submission").json()["status"] == (
        "submitted"
    )
    assert len(evaluator.get(f"/procurements/{pid}/evaluation/panel-scores").json()) == 21

    # Moderation, results, proposal and sign-off
    for tender, row in zip(e.tenders, f.MET_TENDERS, strict=True):
        response = buyer.put(
            f"/procurements/{pid}/moderation/tenders/{tender.tender_id}",
            _scores_body(e, row[2], text="rationale"),
        )
        assert response.status_code == 200
    results = buyer.get(f"/procurements/{pid}/results").json()
    assert results["complete"] is True
    assert [(r["supplier"], r["total"], r["successful"]) for r in results["results"][:3]] == [
        ("Fernhill Networks Ltd", "89.11", True),
        ("Castlegate Digital Ltd", "87.33", True),
        ("Eastbrook Computing Ltd", "86.46", False),
    ]
    response = buyer.post(f"/procurements/{pid}/award-decisions")
    assert response.status_code == 201
    assert [p["supplier"] for p in response.json()["preferred_suppliers"]] == [
        "Fernhill Networks Ltd",
        "Castlegate Digital Ltd",
    ]
    response = approver.post(f"/procurements/{pid}/award-decisions/approval")
    assert (response.status_code, response.json()["status"]) == (200, "approved")

    # Summaries, then the award notice
    refused = buyer.post(f"/procurements/{pid}/award-notice")
    assert (refused.status_code, refused.json()["code"]) == (400, "assessment_summaries_not_sent")
    response = buyer.post(f"/procurements/{pid}/assessment-summaries")
    assert response.status_code == 201
    assert len({s["sent_at"] for s in response.json()}) == 1
    with time_machine.travel(datetime(2026, 12, 21, 9, 0, tzinfo=UTC), tick=False):
        response = buyer.post(f"/procurements/{pid}/award-notice")
        assert response.status_code == 201
        notice_id = response.json()["notice_id"]
        decision = buyer.get(f"/procurements/{pid}/award-decisions").json()[0]
        assert decision["standstill_last_day"] is None  # not yet on Find a Tender
    with time_machine.travel(datetime(2026, 12, 21, 10, 0, tzinfo=UTC), tick=False):
        published = buyer.post(
            f"/notices/{notice_id}/publication",
            {"fts_notice_id": "045678-2026", "published_on": "2026-12-21T09:45:00+00:00"},
        )
    assert (published.status_code, published.json()["status"]) == (200, "published")
    assert response.json()["release"]["awards"][0]["standstillPeriod"]["endDate"] == (
        "2027-01-05T23:59:59+00:00"
    )
    decision = buyer.get(f"/procurements/{pid}/award-decisions").json()[0]
    assert (decision["standstill_last_day"], decision["earliest_entry_date"]) == (
        "2027-01-05",
        "2027-01-06",
    )


def test_an_evaluator_walled_off_by_a_conflict_finds_no_tenders(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e, declare=False)
    evaluator = Api(e.evaluators[0], prefix="/api/v1")
    suppliers = evaluator.get(f"/procurements/{e.procurement.pk}/evaluation/suppliers").json()
    albion = next(s for s in suppliers if s["name"].startswith("Albion"))

    response = evaluator.post(
        f"/procurements/{e.procurement.pk}/evaluation/declarations",
        {
            "has_conflict": True,
            "supplier_ids": [albion["id"]],
            "description": "I hold shares in Albion.",
        },
    )
    assert response.status_code == 201
    assert response.json()["suppliers"] == ["Albion Technology Solutions Ltd"]

    for path in ("evaluation/tenders", "evaluation/scores", "evaluation/panel-scores", "results"):
        response = evaluator.get(f"/procurements/{e.procurement.pk}/{path}")
        assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_a_refusal_is_a_json_error_with_its_code_and_nothing_changes(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.ready_to_propose(e)
    buyer_and_approver = member(e.procurement.authority, Role.BUYER, Role.APPROVER)
    api = Api(buyer_and_approver, prefix="/api/v1")
    api.post(f"/procurements/{e.procurement.pk}/award-decisions")
    before = record_of(e.procurement)

    response = api.post(f"/procurements/{e.procurement.pk}/award-decisions/approval")

    assert response.status_code == 400
    assert response.json() == {
        "code": "approver_must_differ",
        "message": "The award must be signed off by a different person from the one who "
        "proposed it.",
    }
    assert record_of(e.procurement) == before


def test_a_score_that_is_not_a_whole_number_is_invalid_input(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e)
    criterion = f.quality_criteria(e.procurement)[0]
    api = Api(e.evaluators[0], prefix="/api/v1")
    events = AuditEvent.objects.count()

    response = api.put(
        f"/procurements/{e.procurement.pk}/evaluation/tenders/{e.tenders[0].tender_id}/scores",
        {"scores": [{"criterion_id": criterion.pk, "score": 2.5, "justification": "Half."}]},
    )

    assert (response.status_code, response.json()["code"]) == (422, "invalid_input")
    assert AuditEvent.objects.count() == events


def test_an_abnormally_low_tender_is_listed_and_decided_through_the_api(tender_box):
    rows = [
        row if row[0] != "Greystone Infrastructure Ltd" else (row[0], "900000", row[2])
        for row in f.MET_TENDERS
    ]
    e = f.evaluation(tender_box, rows=rows)
    buyer = Api(e.buyer, prefix="/api/v1")
    greystone = e.tender("Greystone")

    [flag] = buyer.get(f"/procurements/{e.procurement.pk}/abnormally-low-tenders").json()
    assert (flag["supplier"], flag["decision"]) == ("Greystone Infrastructure Ltd", None)
    assert "lot" not in flag  # not divided into lots: the answer is as it always was
    refused = buyer.put(
        f"/procurements/{e.procurement.pk}/abnormally-low-tenders/{greystone.tender_id}",
        {"explanation": "", "decision": "accepted"},
    )
    assert refused.json()["code"] == "explanation_required"
    response = buyer.put(
        f"/procurements/{e.procurement.pk}/abnormally-low-tenders/{greystone.tender_id}",
        {"explanation": "End-of-line stock, evidenced.", "decision": "accepted"},
    )

    assert (response.status_code, response.json()["decision"]) == (200, "accepted")


def test_a_supplier_sees_only_its_own_assessment_summary(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.summaries_sent(e)
    albion = e.tender("Albion").supplier
    brightwell = e.tender("Brightwell").supplier
    albion_api = Api(member(albion, Role.SUPPLIER_BID_MANAGER), prefix="/api/v1")
    albions = AssessmentSummary.objects.get(supplier=albion)
    brightwells = AssessmentSummary.objects.get(supplier=brightwell)
    pid = e.procurement.pk

    listed = albion_api.get(f"/procurements/{pid}/assessment-summaries").json()
    assert [s["supplier"] for s in listed] == ["Albion Technology Solutions Ltd"]
    assert [w["supplier"] for w in listed[0]["content"]["winning_tenders"]] == [
        "Fernhill Networks Ltd",
        "Castlegate Digital Ltd",
    ]
    assert (
        albion_api.get(f"/procurements/{pid}/assessment-summaries/{albions.pk}").status_code == 200
    )
    other = albion_api.get(f"/procurements/{pid}/assessment-summaries/{brightwells.pk}")
    assert (other.status_code, other.json()["code"]) == (404, "not_found")
    assert (
        albion_api.get(f"/procurements/{pid}/assessment-summaries/{brightwells.pk}/pdf").status_code
        == 404
    )
    pdf = albion_api.get(f"/procurements/{pid}/assessment-summaries/{albions.pk}/pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert b"Albion Technology Solutions Ltd" in pdf.content
    assert (
        len(Api(e.buyer, prefix="/api/v1").get(f"/procurements/{pid}/assessment-summaries").json())
        == 7
    )


def test_someone_outside_the_authority_finds_nothing(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    outsider = Api(
        member(f.supplier("Albion Technology Solutions Ltd"), Role.SUPPLIER_BID_MANAGER),
        prefix="/api/v1",
    )

    for path in ("evaluators", "results", "award-decisions", "abnormally-low-tenders"):
        response = outsider.get(f"/procurements/{e.procurement.pk}/{path}")
        assert response.status_code == 404
    response = outsider.post(f"/procurements/{e.procurement.pk}/award-decisions")
    assert response.status_code == 404
