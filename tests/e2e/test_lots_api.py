"""A framework in two lots (Procurement Act 2023 s.18), end to end, THROUGH THE JSON API ONLY:
the story of tests/e2e/test_lots.py, told with bearer tokens and /api/v1/... requests.

The demo organisations and people come from `seed_demo` (which may also load demo procurements
of its own: this test ignores them); each person gets a bearer token. Every step is a request
made at the instant the story says (time_machine, Europe/London); the "scheduled job"
(`close_deadlines`) runs where a deployment's timer would. The ORM is only read: the tokens and
the number of audit events around each refusal ("nothing changed").

The story, spring 2026:

1. mps.buyer drafts an open procedure for a framework (£252m including VAT, 24 months and one
   12-month option). Lots worth more than the procurement are refused (s.18, Sch 3 para 1) and
   nothing changes; then two lots: Lot 1 Hardware (2 suppliers) and Lot 2 Software (1
   supplier), at most 2 lots per supplier (s.20(7)). The tender notice (UK4) names both.
2. Four suppliers pass the agreements gate. Albion and Castlegate tender for both lots,
   Brightwell for hardware only, Dunmore for software only, each naming its lot in the JSON; a
   tender naming no lot (`lot_required`) or an unknown lot (`unknown_lot`) is refused.
   Brightwell also tenders for software and withdraws that tender (`?lot=2`); Castlegate
   replaces its hardware tender.
3. The deadline passes (scheduled job); two officers open the six live tenders, each with its lot.
4. The evaluator scores each tender knowing its lot; the buyer moderates; each lot is priced,
   ranked and awarded on its own: Albion and Castlegate win hardware, Dunmore software.
5. Six assessment summaries (one per tender, each naming its lot); the contract award notice
   (UK6) has one award and one set of statistics per lot and starts the standstill.
6. Signing on the standstill's last day is refused; the next working day two framework
   agreements are made, one per lot, each with its own lot's suppliers and value.

A second, shorter story: with the limit at 1 lot per supplier, a tender for a second lot is
refused (`too_many_lots`) until the first lot's tender is withdrawn.
"""

import io
import json
from datetime import date

import pytest
from api_story import (
    SHA256,
    a_file,
    agreements_of,
    at,
    audit_events,
    bid_manager,
    london,
    ok,
    on_find_a_tender,
    run_the_scheduled_job,
)
from django.core.management import call_command
from django.test import Client

from procura.testing.client import Api
from procura.testing.refusals import assert_api_refused
from procura.timescales import rules as timescales

pytestmark = pytest.mark.django_db

# --- The story's instants -----------------------------------------------------------------------

DRAFTED = london(2026, 3, 2, 9)  # Monday 2 March 2026
PUBLISHED = london(2026, 3, 2, 10)
GATE_PASSED = london(2026, 3, 3, 10)
TENDERS = london(2026, 3, 20, 11)
WITHDRAWN = london(2026, 3, 27, 15)
REPLACED = london(2026, 4, 9, 16)
DEADLINE = london(2026, 4, 13, 12)  # Monday 13 April 2026, midday
OPENING = london(2026, 4, 13, 14)
SCORING = london(2026, 4, 15, 10)
PROPOSED = london(2026, 4, 20, 10)
APPROVED = london(2026, 4, 21, 10)
SUMMARIES = london(2026, 4, 22, 10)  # Wednesday
AWARD_NOTICE = london(2026, 4, 22, 11)
LAST_DAY_OF_STANDSTILL = london(2026, 5, 1, 15)  # Friday
SIGNED = london(2026, 5, 5, 10)  # Tuesday (Monday 4 May is the early May bank holiday)

# --- The suppliers and their tenders ------------------------------------------------------------

ALBION = "Albion Technology Solutions Ltd"
BRIGHTWELL = "Brightwell IT Supply Ltd"
CASTLEGATE = "Castlegate Digital Ltd"
DUNMORE = "Dunmore Systems plc"
SUPPLIERS = [ALBION, BRIGHTWELL, CASTLEGATE, DUNMORE]

# (supplier, lot, price £ excluding VAT, moderated scores for the two quality criteria)
TENDERED = [
    (ALBION, "1", "1000000.00", (5, 4)),
    (BRIGHTWELL, "1", "900000.00", (3, 3)),
    (CASTLEGATE, "1", "1100000.00", (4, 4)),  # its second version; the first said 1,150,000
    (ALBION, "2", "500000.00", (3, 3)),
    (CASTLEGATE, "2", "520000.00", (4, 3)),
    (DUNMORE, "2", "450000.00", (4, 4)),
]
CASTLEGATE_FIRST_HARDWARE_PRICE = "1150000.00"
BRIGHTWELL_WITHDRAWN_SOFTWARE_PRICE = "480000.00"
PRICE = {(name, lot): price for name, lot, price, _scores in TENDERED}
SCORES = {(name, lot): scores for name, lot, _price, scores in TENDERED}
# Worked by hand from the published method, lot by lot: quality = score / 5 x weight (40, 20);
# price = the lot's lowest price / price x 40; each to 2 places.
EXPECTED_RESULTS = [  # (lot, supplier, rank, total, successful)
    ("1", ALBION, 1, "92.00", True),  # 40 + 16 + 900,000 / 1,000,000 x 40 = 36
    ("1", CASTLEGATE, 2, "80.73", True),  # 32 + 16 + 32.73
    ("1", BRIGHTWELL, 3, "76.00", False),  # 24 + 12 + 40
    ("2", DUNMORE, 1, "88.00", True),  # 32 + 16 + 40
    ("2", CASTLEGATE, 2, "78.62", False),  # 32 + 12 + 34.62
    ("2", ALBION, 3, "72.00", False),  # 24 + 12 + 36
]

# --- What the buyer sends -----------------------------------------------------------------------

DRAFT = {
    "title": "Value-added reseller framework in two lots",
    "description": "Technology hardware and software for the force, through call-offs.",
    "cpv_codes": ["30200000", "48000000"],
    "procedure": "open",
    "estimated_value_excl_vat": "210000000.00",
    "estimated_value_incl_vat": "252000000.00",
    "is_framework": True,
    "max_framework_suppliers": 2,
    "framework_term_months": 24,
    "extension_options_months": [12],
    "call_off_process": "Direct award to the first-ranked supplier of the lot.",
    "tender_deadline": DEADLINE.isoformat(),
    "tendering_facts": {"electronic_submission": True, "all_documents_at_notice": True},
}
HARDWARE = {
    "title": "Hardware",
    "description": "End-user devices, peripherals, data-centre and network equipment.",
    "estimated_value_excl_vat": "140000000.00",
    "estimated_value_incl_vat": "168000000.00",
    "cpv_codes": ["30200000"],
}
SOFTWARE = {
    "title": "Software",
    "description": "Software licences, subscriptions and their support.",
    "estimated_value_excl_vat": "70000000.00",
    "estimated_value_incl_vat": "84000000.00",
    "cpv_codes": ["48000000"],
    "max_framework_suppliers": 1,
}
QUALITY_TITLES = ["Technical capability", "Social value"]
CRITERIA = {
    "criteria": [
        {"kind": "quality", "title": QUALITY_TITLES[0], "weight": "40"},
        {"kind": "quality", "title": QUALITY_TITLES[1], "weight": "20"},
        {"kind": "price", "title": "Price", "weight": "40"},
    ]
}
AGREEMENTS = [
    {"kind": "nda", "title": "Non-disclosure agreement", "text": "Keep it confidential."},
    {"kind": "ethical_walls", "title": "Ethical walls agreement", "text": "No former staff."},
]


# --- Steps both stories take --------------------------------------------------------------------


def the_people() -> tuple[dict, int, dict]:
    """The demo's people, each with a token: ({username or supplier name: Api}, the Met's
    organisation id, {supplier name: organisation id})."""
    call_command("seed_demo", stdout=io.StringIO())
    people = {
        username: Api(username, prefix="/api/v1")
        for username in ("mps.buyer", "mps.buyer2", "mps.approver", "mps.evaluator1")
    }
    people.update({name: Api(bid_manager(name), prefix="/api/v1") for name in SUPPLIERS})
    me = ok(people["mps.buyer"].get("/me"))
    mps_id = next(m["organisation_id"] for m in me["memberships"] if m["role"] == "buyer")
    supplier_ids = {
        name: ok(people[name].get("/me"))["memberships"][0]["organisation_id"] for name in SUPPLIERS
    }
    return people, mps_id, supplier_ids


def a_draft_with_criteria(buyer: Api, mps_id: int) -> dict:
    """The draft framework with its award criteria and conflicts assessment: only the lots are
    missing before the tender notice."""
    created = ok(buyer.post("/procurements/", {"authority_id": mps_id, **DRAFT}), 201)
    assert (created["status"], created["procedure"], created["lots"]) == ("draft", "open", [])
    ok(buyer.put(f"/procurements/{created['id']}/criteria", CRITERIA))
    ok(
        buyer.put(
            f"/procurements/{created['id']}/conflicts-assessment",
            {"summary": "No conflicts identified."},
        )
    )
    return created


def issue_the_agreements(buyer: Api, pid: int) -> None:
    """The documents are kept behind the agreements (the default): both are issued before the
    tender notice may be published."""
    for agreement in AGREEMENTS:
        ok(buyer.post(f"/procurements/{pid}/agreements", agreement), 201)


def pass_the_agreements_gate(buyer: Api, suppliers: list[Api], pid: int) -> None:
    issued = ok(buyer.get(f"/procurements/{pid}/agreements"))
    for supplier in suppliers:
        ok(supplier.post(f"/procurements/{pid}/interest"), 201)
        for agreement in issued:
            accepted = ok(
                supplier.post(f"/procurements/{pid}/agreements/{agreement['id']}/acceptance"),
                201,
            )
        assert accepted["admitted"] is True


def tender(supplier: Api, pid: int, body: dict):
    """POST the multipart tender: the JSON part (with any `"lot"`) and one file."""
    return supplier.multipart(
        f"/procurements/{pid}/tender",
        {
            "tender": json.dumps(body),
            "files": [a_file("plan.pdf", b"%PDF-1.7 plan")],
        },
    )


def tender_for(supplier: Api, pid: int, name: str, lot: str, price: str, criteria: list[int]):
    return tender(
        supplier,
        pid,
        {
            "lot": lot,
            "price": price,
            "answers": {str(c): f"{name}'s answer to criterion {c}, lot {lot}." for c in criteria},
        },
    )


# --- The story ------------------------------------------------------------------------------------


def test_a_framework_in_two_lots_from_draft_to_two_frameworks_through_the_api(
    settings, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    anonymous = Client()
    with at(DRAFTED):
        people, mps_id, supplier_ids = the_people()
    buyer, buyer2 = people["mps.buyer"], people["mps.buyer2"]
    approver, evaluator = people["mps.approver"], people["mps.evaluator1"]
    suppliers = {name: people[name] for name in SUPPLIERS}
    albion, brightwell = suppliers[ALBION], suppliers[BRIGHTWELL]
    castlegate, dunmore = suppliers[CASTLEGATE], suppliers[DUNMORE]

    # --- 1. The lots, a refusal first, and the tender notice (UK4) -------------------------------
    with at(DRAFTED):
        created = a_draft_with_criteria(buyer, mps_id)
        pid, reference = created["id"], created["reference"]

        # Lots worth more than the procurement (£150m + £70m > £210m): refused, nothing changes.
        before, events = ok(buyer.get(f"/procurements/{pid}")), audit_events()
        too_dear = {**HARDWARE, "estimated_value_excl_vat": "150000000.00"}
        body = assert_api_refused(
            400,
            "lot_values_above_estimate",
            buyer.put,
            f"/procurements/{pid}/lots",
            {"lots": [too_dear, SOFTWARE], "max_lots_bid_per_supplier": 2},
        )
        assert body["field"] == "lots"
        assert body["section"] == "Procurement Act 2023 Sch 3 para 1"
        after = ok(buyer.get(f"/procurements/{pid}"))
        assert after == before
        assert (after["lots"], after["max_lots_bid_per_supplier"]) == ([], None)
        assert audit_events() == events

        divided = ok(
            buyer.put(
                f"/procurements/{pid}/lots",
                {"lots": [HARDWARE, SOFTWARE], "max_lots_bid_per_supplier": 2},
            )
        )
        assert [
            (
                lot["number"],
                lot["title"],
                lot["estimated_value_incl_vat"],
                lot["max_framework_suppliers"],
                lot["number_to_award"],
            )
            for lot in divided["lots"]
        ] == [
            ("1", "Hardware", "168000000.00", None, 2),
            ("2", "Software", "84000000.00", 1, 1),
        ]
        assert divided["max_lots_bid_per_supplier"] == 2
        assert audit_events() == events + 1

    with at(PUBLISHED):
        issue_the_agreements(buyer, pid)
        notice = ok(buyer.post(f"/procurements/{pid}/publish"), 201)
        assert notice["notice_type"] == "UK4"
        assert SHA256.match(notice["sha256"])
        uk4 = notice["release"]["tender"]
        assert [(lot["id"], lot["title"]) for lot in uk4["lots"]] == [
            ("1", "Hardware"),
            ("2", "Software"),
        ]
        assert [lot["techniques"]["frameworkAgreement"] for lot in uk4["lots"]] == [
            {"maximumParticipants": 2},
            {"maximumParticipants": 1},
        ]
        assert uk4["lotDetails"] == {"maximumLotsBidPerSupplier": 2}
        assert ok(buyer.get(f"/procurements/{pid}"))["status"] == "tendering_open"
        assert anonymous.get(f"/api/v1/procurements/public/{reference}").status_code == 404
        on_find_a_tender(buyer, notice["notice_id"], "021001-2026", PUBLISHED)
        public = ok(anonymous.get(f"/api/v1/procurements/public/{reference}"))
        assert [(lot["number"], lot["title"]) for lot in public["lots"]] == [
            ("1", "Hardware"),
            ("2", "Software"),
        ]

    # --- 2. The agreements gate and the tenders, lot by lot -------------------------------------
    with at(GATE_PASSED):
        pass_the_agreements_gate(buyer, list(suppliers.values()), pid)

    receipts = {}
    with at(TENDERS):
        mine = ok(albion.get(f"/procurements/{pid}/tender"))
        assert mine["open_for_tenders"] is True
        assert [(lot["number"], lot["title"], lot["live"]) for lot in mine["lots"]] == [
            ("1", "Hardware", None),
            ("2", "Software", None),
        ]
        assert mine["max_lots_bid_per_supplier"] == 2
        criteria = [c["id"] for c in mine["quality_criteria"]]
        assert [c["title"] for c in mine["quality_criteria"]] == QUALITY_TITLES

        first_castlegate = ok(
            tender_for(castlegate, pid, CASTLEGATE, "1", CASTLEGATE_FIRST_HARDWARE_PRICE, criteria),
            201,
        )
        for name, lot, price, _scores in TENDERED:
            if (name, lot) == (CASTLEGATE, "1"):
                continue
            receipt = ok(tender_for(suppliers[name], pid, name, lot, price, criteria), 201)
            assert (receipt["lot"], receipt["lot_title"], receipt["version"]) == (
                lot,
                {"1": "Hardware", "2": "Software"}[lot],
                1,
            )
            assert receipt["status"] == "submitted"
            receipts[(name, lot)] = receipt
        brightwell_software = ok(
            tender_for(
                brightwell, pid, BRIGHTWELL, "2", BRIGHTWELL_WITHDRAWN_SOFTWARE_PRICE, criteria
            ),
            201,
        )
        assert brightwell_software["lot"] == "2"

        # A tender naming no lot, or a lot the procurement does not have: refused, nothing kept.
        box, events = ok(buyer.get(f"/procurements/{pid}/tenders")), audit_events()
        dunmore_view = ok(dunmore.get(f"/procurements/{pid}/tender"))
        no_lot = {"price": "1.00", "answers": {str(c): "x" for c in criteria}}
        body = assert_api_refused(400, "lot_required", tender, dunmore, pid, no_lot)
        assert (body["field"], body["section"]) == ("lot", "Procurement Act 2023 s.18")
        body = assert_api_refused(400, "unknown_lot", tender, dunmore, pid, {**no_lot, "lot": "3"})
        assert body["field"] == "lot"
        assert ok(buyer.get(f"/procurements/{pid}/tenders")) == box
        assert ok(dunmore.get(f"/procurements/{pid}/tender")) == dunmore_view
        assert audit_events() == events
        assert box["count"] == 7  # live tenders: Castlegate's first hardware one among them

    with at(WITHDRAWN):
        # Withdrawal names its lot; without one, or for a lot with no tender, it is refused.
        events = audit_events()
        assert_api_refused(
            400, "lot_required", brightwell.post, f"/procurements/{pid}/tender/withdraw"
        )
        assert_api_refused(
            400, "no_tender_to_withdraw", dunmore.post, f"/procurements/{pid}/tender/withdraw?lot=1"
        )
        assert audit_events() == events
        withdrawn = ok(brightwell.post(f"/procurements/{pid}/tender/withdraw?lot=2"))
        assert (withdrawn["reference"], withdrawn["lot"], withdrawn["status"]) == (
            brightwell_software["reference"],
            "2",
            "withdrawn",
        )
        mine = ok(brightwell.get(f"/procurements/{pid}/tender"))
        assert [
            (lot["number"], lot["live"] and lot["live"]["reference"]) for lot in mine["lots"]
        ] == [
            ("1", receipts[(BRIGHTWELL, "1")]["reference"]),
            ("2", None),
        ]
        assert ok(buyer.get(f"/procurements/{pid}/tenders"))["count"] == 6

    with at(REPLACED):
        replaced = ok(
            tender_for(castlegate, pid, CASTLEGATE, "1", PRICE[(CASTLEGATE, "1")], criteria), 201
        )
        assert (replaced["lot"], replaced["version"], replaced["replaces"]) == (
            "1",
            2,
            first_castlegate["reference"],
        )
        receipts[(CASTLEGATE, "1")] = replaced
        mine = ok(castlegate.get(f"/procurements/{pid}/tender"))
        assert [(lot["number"], lot["live"]["reference"]) for lot in mine["lots"]] == [
            ("1", replaced["reference"]),
            ("2", receipts[(CASTLEGATE, "2")]["reference"]),
        ]
        assert sorted((r["lot"], r["version"], r["status"]) for r in mine["receipts"]) == [
            ("1", 1, "superseded"),
            ("1", 2, "submitted"),
            ("2", 1, "submitted"),
        ]
        box = ok(buyer.get(f"/procurements/{pid}/tenders"))
        assert (box["count"], box["tenders"]) == (6, [])  # sealed until the opening

    # --- 3. The deadline and the opening by two officers -----------------------------------------
    with at(DEADLINE):
        run_the_scheduled_job()
        assert ok(buyer.get(f"/procurements/{pid}"))["status"] == "tenders_closed"

    with at(OPENING):
        first = ok(buyer.post(f"/procurements/{pid}/tenders/opening-confirmations"))
        assert first == {
            "confirmations": 1,
            "panel_size": 2,
            "opened": False,
            "tenders_opened": 0,
            "problems": 0,
        }
        second = ok(buyer2.post(f"/procurements/{pid}/tenders/opening-confirmations"))
        assert second == {
            "confirmations": 2,
            "panel_size": 2,
            "opened": True,
            "tenders_opened": 6,
            "problems": 0,
        }
        assert ok(buyer.get(f"/procurements/{pid}"))["status"] == "evaluation"
        opened = ok(buyer.get(f"/procurements/{pid}/tenders/opened"))
        assert sorted((t["lot"], t["supplier"], t["price"]) for t in opened) == sorted(
            (lot, name, price) for name, lot, price, _scores in TENDERED
        )
        assert {t["integrity"] for t in opened} == {"verified"}
        tender_ids = {(t["supplier"], t["lot"]): t["tender_id"] for t in opened}
        assert (
            next(t for t in opened if t["tender_id"] == tender_ids[(CASTLEGATE, "1")])["reference"]
            == replaced["reference"]
        )

    # --- 4. The evaluation, lot by lot ------------------------------------------------------------
    with at(SCORING):
        evaluator_id = ok(evaluator.get("/me"))["id"]
        ok(buyer.post(f"/procurements/{pid}/evaluators", {"evaluator_id": evaluator_id}), 201)
        ok(
            evaluator.post(f"/procurements/{pid}/evaluation/declarations", {"has_conflict": False}),
            201,
        )
        to_score = ok(evaluator.get(f"/procurements/{pid}/evaluation/tenders"))
        # Each tender says its lot: Albion's hardware and software tenders are told apart.
        assert sorted((t["lot"], t["supplier"]) for t in to_score) == sorted(
            (lot, name) for name, lot, _price, _scores in TENDERED
        )
        assert all("price" not in t for t in to_score)
        for t in to_score:
            key = (t["supplier"], t["lot"])
            assert t["tender_id"] == tender_ids[key]
            assert t["answers"][0]["answer"] == (
                f"{t['supplier']}'s answer to criterion {criteria[0]}, lot {t['lot']}."
            )
            saved = ok(
                evaluator.put(
                    f"/procurements/{pid}/evaluation/tenders/{t['tender_id']}/scores",
                    {
                        "scores": [
                            {
                                "criterion_id": answer["criterion_id"],
                                "score": score,
                                "justification": f"{score}: as the tender shows.",
                            }
                            for answer, score in zip(t["answers"], SCORES[key], strict=True)
                        ]
                    },
                )
            )
            assert [s["score"] for s in saved] == list(SCORES[key])
        assert ok(evaluator.post(f"/procurements/{pid}/evaluation/submission"))["status"] == (
            "submitted"
        )
        for key, scores in SCORES.items():
            moderated = ok(
                buyer.put(
                    f"/procurements/{pid}/moderation/tenders/{tender_ids[key]}",
                    {
                        "scores": [
                            {"criterion_id": c, "score": s, "rationale": f"Agreed {s}."}
                            for c, s in zip(criteria, scores, strict=True)
                        ]
                    },
                )
            )
            assert [m["score"] for m in moderated] == list(scores)
        # No price is abnormally low within its own lot.
        assert ok(buyer.get(f"/procurements/{pid}/abnormally-low-tenders")) == []
        results = ok(buyer.get(f"/procurements/{pid}/results"))
        assert (results["complete"], results["problem"]) == (True, None)
        assert [
            (r["lot"], r["supplier"], r["rank"], r["total"], r["successful"])
            for r in results["results"]
        ] == EXPECTED_RESULTS

    with at(PROPOSED):
        # The buyer considers whether each tenderer is excluded or excludable (ss.26-28).
        for participant in ok(buyer.get(f"/procurements/{pid}/participants")):
            ok(
                buyer.post(
                    f"/procurements/{pid}/participants/{participant['id']}/exclusion-decisions",
                    {
                        "outcome": "not_excluded",
                        "reasons": "No ground applies (debarment list and associated persons "
                        "checked).",
                    },
                ),
                201,
            )
        proposal = ok(buyer.post(f"/procurements/{pid}/award-decisions"), 201)
        assert proposal["status"] == "proposed"
        assert [
            (p["lot"], p["supplier"], p["rank"], p["total"], p["price"])
            for p in proposal["preferred_suppliers"]
        ] == [
            ("1", ALBION, 1, "92.00", "1000000.00"),
            ("1", CASTLEGATE, 2, "80.73", "1100000.00"),
            ("2", DUNMORE, 1, "88.00", "450000.00"),
        ]

    with at(APPROVED):
        approval = ok(approver.post(f"/procurements/{pid}/award-decisions/approval"))
        assert (approval["status"], approval["decided_by"]) == ("approved", "David Okafor")
        assert ok(buyer.get(f"/procurements/{pid}"))["status"] == "award_decided"

    # --- 5. Assessment summaries, one per tender, and the contract award notice (UK6) -----------
    with at(SUMMARIES):
        mails_before = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            summaries = ok(buyer.post(f"/procurements/{pid}/assessment-summaries"), 201)
        assert sorted(
            (s["lot"], s["supplier"], s["rank"], s["successful"]) for s in summaries
        ) == sorted(
            (lot, name, rank, successful)
            for lot, name, rank, _total, successful in EXPECTED_RESULTS
        )
        assert sorted(m.to[0] for m in mailoutbox[mails_before:]) == sorted(
            f"{bid_manager(name)}@procura.example" for name, _lot, _p, _s in TENDERED
        )
        # Albion sees its two summaries, one per lot, and nobody else's.
        own = ok(albion.get(f"/procurements/{pid}/assessment-summaries"))
        assert sorted((s["lot"], s["rank"], s["successful"]) for s in own) == [
            ("1", 1, True),
            ("2", 3, False),
        ]
        software = next(s for s in own if s["lot"] == "2")
        assert software["content"]["outcome"].startswith(
            "Your tender ranked 3rd of 3 assessed tenders in lot 2 (Software) and was not "
            "successful"
        )
        assert [w["supplier"] for w in software["content"]["winning_tenders"]] == [DUNMORE]
        dunmore_summary = next(s for s in summaries if s["supplier"] == DUNMORE)
        assert_api_refused(
            404,
            "not_found",
            albion.get,
            f"/procurements/{pid}/assessment-summaries/{dunmore_summary['id']}",
        )

    with at(AWARD_NOTICE):
        award_notice = ok(buyer.post(f"/procurements/{pid}/award-notice"), 201)
        assert award_notice["notice_type"] == "UK6"
        release = award_notice["release"]
        assert [
            (a["relatedLots"], [s["name"] for s in a["suppliers"]]) for a in release["awards"]
        ] == [
            (["1"], [ALBION, CASTLEGATE]),
            (["2"], [DUNMORE]),
        ]
        assert [
            (s["relatedLot"], s["measure"], s["value"]) for s in release["bids"]["statistics"]
        ] == [  # Brightwell's withdrawn software tender is not a bid; Castlegate is the SME
            ("1", "bids", 3),
            ("1", "finalStageBids", 3),
            ("1", "smeFinalStageBids", 1),
            ("2", "bids", 3),
            ("2", "finalStageBids", 3),
            ("2", "smeFinalStageBids", 1),
        ]
        assert ok(buyer.get(f"/procurements/{pid}"))["status"] == "standstill"
        (decision,) = ok(buyer.get(f"/procurements/{pid}/award-decisions"))
        assert (decision["award_notice_id"], decision["standstill_last_day"]) == (
            award_notice["notice_id"],
            None,  # prepared, not yet on Find a Tender: no standstill yet
        )
        before, events = ok(buyer.get(f"/procurements/{pid}")), audit_events()
        assert_api_refused(
            400,
            "award_notice_not_published",
            buyer.post,
            "/contracts",
            {
                "procurement_id": pid,
                "date_signed": "2026-04-22",
                "start_date": "2026-06-01",
                "end_date": "2028-05-31",
            },
        )
        assert (ok(buyer.get(f"/procurements/{pid}")), audit_events()) == (before, events)
        on_find_a_tender(buyer, award_notice["notice_id"], "042201-2026", AWARD_NOTICE)
        (decision,) = ok(buyer.get(f"/procurements/{pid}/award-decisions"))
        period = timescales.standstill(date(2026, 4, 22))
        assert (period.last_day, period.earliest_entry) == (date(2026, 5, 1), date(2026, 5, 2))
        assert (decision["standstill_last_day"], decision["earliest_entry_date"]) == (
            "2026-05-01",
            "2026-05-02",
        )

    # --- 6. Two framework agreements, one per lot ----------------------------------------------
    signing = {"procurement_id": pid, "start_date": "2026-06-01", "end_date": "2028-05-31"}
    with at(LAST_DAY_OF_STANDSTILL):
        before, events = ok(buyer.get(f"/procurements/{pid}")), audit_events()
        body = assert_api_refused(
            400,
            "standstill_not_ended",
            buyer.post,
            "/contracts",
            {**signing, "date_signed": "2026-05-01"},
        )
        assert body["details"] == {
            "standstill_last_day": "2026-05-01",
            "earliest_entry": "2026-05-02",
        }
        assert ok(buyer.get(f"/procurements/{pid}")) == before
        assert agreements_of(buyer, pid) == {"frameworks": [], "contracts": []}
        assert audit_events() == events

    with at(SIGNED):
        made = ok(buyer.post("/contracts", {**signing, "date_signed": "2026-05-05"}), 201)
        assert made["contracts"] == []
        frameworks = agreements_of(buyer, pid)
        assert frameworks == {"frameworks": made["frameworks"], "contracts": []}
        assert [
            (
                f["lot"],
                f["reference"],
                f["title"],
                f["ceiling_incl_vat"],
                [(s["supplier"], s["rank"]) for s in f["suppliers"]],
                f["status"],
            )
            for f in frameworks["frameworks"]
        ] == [
            (
                "1",
                f"{reference}-L1-FA",
                "Value-added reseller framework in two lots: lot 1, Hardware",
                "168000000.00",
                [(ALBION, 1), (CASTLEGATE, 2)],
                "active",
            ),
            (
                "2",
                f"{reference}-L2-FA",
                "Value-added reseller framework in two lots: lot 2, Software",
                "84000000.00",
                [(DUNMORE, 1)],
                "active",
            ),
        ]
        hardware, software = frameworks["frameworks"]
        assert {s["supplier_id"] for s in hardware["suppliers"]} == {
            supplier_ids[ALBION],
            supplier_ids[CASTLEGATE],
        }
        assert [s["supplier_id"] for s in software["suppliers"]] == [supplier_ids[DUNMORE]]
        for framework in (hardware, software):
            assert (framework["start_date"], framework["initial_end_date"]) == (
                "2026-06-01",
                "2028-05-31",
            )
            assert framework["latest_end_date"] == "2029-05-31"
        assert ok(buyer.get(f"/procurements/{pid}"))["status"] == "contract_signed"
        # Each supplier sees the frameworks of the lots it won, and only those.
        assert agreements_of(albion, pid)["frameworks"] == [hardware]
        assert agreements_of(castlegate, pid)["frameworks"] == [hardware]
        assert agreements_of(dunmore, pid)["frameworks"] == [software]
        assert agreements_of(brightwell, pid) == {"frameworks": [], "contracts": []}

        out = io.StringIO()
        call_command("verify_audit", stdout=out)
        assert out.getvalue().startswith("Audit trail intact:")


# --- The limit on lots per supplier -----------------------------------------------------------


def test_a_supplier_tenders_for_no_more_lots_than_the_notice_allows_through_the_api(
    settings, tmp_path
):
    """With at most 1 lot per supplier (s.20(7)), Albion's tender for a second lot is refused
    with `too_many_lots` and nothing changes; once it withdraws its first lot's tender, the
    second lot's is accepted, and replacing it is not a new lot."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with at(DRAFTED):
        people, mps_id, _supplier_ids = the_people()
        buyer, albion = people["mps.buyer"], people[ALBION]
        pid = a_draft_with_criteria(buyer, mps_id)["id"]
        ok(
            buyer.put(
                f"/procurements/{pid}/lots",
                {"lots": [HARDWARE, SOFTWARE], "max_lots_bid_per_supplier": 1},
            )
        )
    with at(PUBLISHED):
        issue_the_agreements(buyer, pid)
        notice = ok(buyer.post(f"/procurements/{pid}/publish"), 201)
        assert notice["release"]["tender"]["lotDetails"] == {"maximumLotsBidPerSupplier": 1}
        on_find_a_tender(buyer, notice["notice_id"], "021002-2026", PUBLISHED)
    with at(GATE_PASSED):
        pass_the_agreements_gate(buyer, [albion], pid)

    with at(TENDERS):
        criteria = [
            c["id"] for c in ok(albion.get(f"/procurements/{pid}/tender"))["quality_criteria"]
        ]
        hardware = ok(tender_for(albion, pid, ALBION, "1", "1000000.00", criteria), 201)

        mine, events = ok(albion.get(f"/procurements/{pid}/tender")), audit_events()
        body = assert_api_refused(
            400, "too_many_lots", tender_for, albion, pid, ALBION, "2", "500000.00", criteria
        )
        assert (body["field"], body["section"]) == ("lot", "Procurement Act 2023 s.20(7)")
        assert body["message"] == (
            "A supplier may tender for at most 1 lot of this procurement, and you have tenders "
            "in 1. Withdraw one of them to tender for lot 2."
        )
        assert ok(albion.get(f"/procurements/{pid}/tender")) == mine
        assert ok(buyer.get(f"/procurements/{pid}/tenders"))["count"] == 1
        assert audit_events() == events

    with at(WITHDRAWN):
        withdrawn = ok(albion.post(f"/procurements/{pid}/tender/withdraw?lot=1"))
        assert (withdrawn["reference"], withdrawn["status"]) == (hardware["reference"], "withdrawn")
        software = ok(tender_for(albion, pid, ALBION, "2", "500000.00", criteria), 201)
        assert (software["lot"], software["version"]) == ("2", 1)
        again = ok(tender_for(albion, pid, ALBION, "2", "490000.00", criteria), 201)
        assert (again["lot"], again["version"], again["replaces"]) == (
            "2",
            2,
            software["reference"],
        )
        mine = ok(albion.get(f"/procurements/{pid}/tender"))
        assert [
            (lot["number"], lot["live"] and lot["live"]["reference"]) for lot in mine["lots"]
        ] == [
            ("1", None),
            ("2", again["reference"]),
        ]
        assert ok(buyer.get(f"/procurements/{pid}/tenders"))["count"] == 1
