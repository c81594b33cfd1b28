"""The Metropolitan Police Service VAR framework (scenarios.md §1), end to end, THROUGH THE JSON
API ONLY.

The demo organisations and people come from `seed_demo` (which may also load its own demo
procurements: this test ignores them, and never assumes it has the only procurement); each
person gets a bearer token from `create_api_token`. Everything else is a request to /api/v1/...,
made at the instant the story says (time_machine, fixed instants, Europe/London), so every
deadline is the one the server sees. The "scheduled job" (`close_deadlines`) is run where a real
deployment's timer would run it. The ORM is only read: the people's tokens, and the number of
audit events around each refusal ("nothing changed").

The story, 2026 (a notice in late April; the framework starts on 1 November 2026, about six
months later, and ends at the latest on 31 October 2030):

1. mps.buyer drafts a competitive flexible procedure for a 2-supplier framework (24 months and
   two 12-month options, £252m including VAT, the MPS alone may call off, up to 7 shortlisted).
   Publishing without a conflicts assessment, award criteria or a 25-day participation period is
   refused with every problem; once fixed, the tender notice (UK4) is public.
2. The NDA and ethical walls agreement gate the documents and the questionnaire; 10 suppliers
   express interest, accept both and submit their requests to participate before the deadline;
   a change at the deadline is refused.
3. Participation closes (scheduled job); 1 supplier is excluded after representations (s.58(2)),
   7 of the other 9 are shortlisted (8 is refused), 2 are not; the 7 are invited to tender with
   the 10-day minimum of s.54(4) entry 3 (9 days is refused).
4. The 7 tender (multipart, sealed); one replaces its tender; nobody reads a tender before the
   opening; a tender at the deadline is refused.
5. Tenders close (scheduled job); two officers confirm the opening; the tenders open.
6. Two evaluators declare no conflict and score; the buyer decides an abnormally low tender
   (s.19(4)), moderates, and proposes the top 2; the approver, not the proposer, approves.
7. Assessment summaries are sent to all 7 at once (each sees only its own); then the contract
   award notice (UK6) starts the standstill, counted with every UK bank holiday (s.51, s.123(1)):
   Scotland's summer bank holiday, Monday 3 August 2026, stops the clock in London too.
8. Signing on the last day of the standstill is refused; the day after, the framework agreement
   is recorded with exactly the 2 winners.
9. The procurement's audit timeline is ordered and the hash chain verifies.
"""

import io
import json
import re
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

DRAFTED = london(2026, 4, 20, 10)  # Monday
PUBLISHED = london(2026, 4, 27, 9)  # Monday: the tender notice (UK4)
TOO_SHORT_PARTICIPATION_DEADLINE = london(2026, 5, 17, 12)  # 20 days: s.54(3) needs 25
PARTICIPATION_DEADLINE = london(2026, 5, 29, 12)  # Friday, "at the end of the month"
GATE_OPENED = london(2026, 4, 27, 11)
INTEREST = london(2026, 4, 28, 10)
DRAFTS_SAVED = london(2026, 5, 12, 15)
SUBMITTED = london(2026, 5, 27, 16)
ASSESSED = london(2026, 6, 1, 10)
REPRESENTATIONS_INVITED = date(2026, 6, 2)
EXCLUSION_DECIDED = london(2026, 6, 8, 14)
SHORTLISTED = london(2026, 6, 10, 10)
INVITED = london(2026, 6, 15, 10)  # Monday
NINE_DAYS_LATER = london(2026, 6, 24, 12)  # refused: s.54(4) entry 3 needs 10
TENDER_DEADLINE = london(2026, 6, 25, 12)  # Thursday: exactly 10 days after the invitation
TENDERS_SUBMITTED = london(2026, 6, 22, 11)
TENDER_REPLACED = london(2026, 6, 24, 17)
OPENING = london(2026, 6, 25, 14)
PANEL_ASSIGNED = london(2026, 6, 29, 9)
SCORING = london(2026, 7, 6, 10)
EXPLANATION_RECEIVED = london(2026, 7, 10, 15)
MODERATION = london(2026, 7, 14, 10)
PROPOSED = london(2026, 7, 21, 11)
APPROVED = london(2026, 7, 23, 16)
SUMMARIES_SENT = london(2026, 7, 29, 10)  # Wednesday
AWARD_NOTICE = london(2026, 7, 29, 11)
LAST_DAY_OF_STANDSTILL = london(2026, 8, 10, 15)  # Monday
SIGNED = london(2026, 8, 11, 10)  # Tuesday

# --- The suppliers ------------------------------------------------------------------------------

# The 10 that take part (the demo's fictional suppliers; their bid managers are "<first word>.bid").
SUPPLIERS = [
    "Albion Technology Solutions Ltd",
    "Brightwell IT Supply Ltd",
    "Castlegate Digital Ltd",
    "Dunmore Systems plc",
    "Eastbrook Computing Ltd",
    "Fernhill Networks Ltd",
    "Greystone Infrastructure Ltd",
    "Harbourline Services Ltd",
    "Ironbridge Data Ltd",
    "Juniper Vale Technology Ltd",
]
EXCLUDED = "Juniper Vale Technology Ltd"
NOT_SHORTLISTED = ["Harbourline Services Ltd", "Ironbridge Data Ltd"]
SHORTLIST = [name for name in SUPPLIERS if name != EXCLUDED and name not in NOT_SHORTLISTED]
# Marks out of 10 for the scored condition-of-participation question (the shortlisting criterion).
COP_SCORES = {
    "Albion Technology Solutions Ltd": 9,
    "Brightwell IT Supply Ltd": 9,
    "Castlegate Digital Ltd": 7,
    "Dunmore Systems plc": 8,
    "Eastbrook Computing Ltd": 6,
    "Fernhill Networks Ltd": 7,
    "Greystone Infrastructure Ltd": 8,
    "Harbourline Services Ltd": 5,
    "Ironbridge Data Ltd": 4,
    "Juniper Vale Technology Ltd": 6,
}

# The evaluated price: a representative basket of hardware, software and support (£ excl. VAT).
PRICES = {
    "Albion Technology Solutions Ltd": "4450000.00",
    "Brightwell IT Supply Ltd": "4520000.00",
    "Castlegate Digital Ltd": "4380000.00",  # its second version; the first said 4,600,000
    "Dunmore Systems plc": "4610000.00",
    "Eastbrook Computing Ltd": "3300000.00",  # 27.07% below the others' average: flagged
    "Fernhill Networks Ltd": "4700000.00",
    "Greystone Infrastructure Ltd": "4490000.00",
}
CASTLEGATE_FIRST_PRICE = "4600000.00"
ABNORMALLY_LOW = "Eastbrook Computing Ltd"
# Moderated (consensus) scores out of 5 on the three quality criteria, in order.
CONSENSUS = {
    "Albion Technology Solutions Ltd": (4, 4, 3),
    "Brightwell IT Supply Ltd": (5, 4, 4),
    "Castlegate Digital Ltd": (3, 3, 3),
    "Dunmore Systems plc": (4, 5, 4),
    "Eastbrook Computing Ltd": (2, 3, 3),
    "Fernhill Networks Ltd": (3, 4, 3),
    "Greystone Infrastructure Ltd": (4, 3, 4),
}
# The results, worked by hand from the published method: quality = score / 5 x weight (25, 20,
# 15); price = lowest price (£3.3m) / price x 40, each to 2 places.
EXPECTED_RESULTS = [  # (supplier, quality total, price total, total, rank)
    ("Brightwell IT Supply Ltd", "53.00", "29.20", "82.20", 1),
    ("Dunmore Systems plc", "52.00", "28.63", "80.63", 2),
    ("Albion Technology Solutions Ltd", "45.00", "29.66", "74.66", 3),
    ("Greystone Infrastructure Ltd", "44.00", "29.40", "73.40", 4),
    ("Eastbrook Computing Ltd", "31.00", "40.00", "71.00", 5),
    ("Fernhill Networks Ltd", "40.00", "28.09", "68.09", 6),
    ("Castlegate Digital Ltd", "36.00", "30.14", "66.14", 7),
]
WINNERS = ["Brightwell IT Supply Ltd", "Dunmore Systems plc"]


# --- What the buyer sends -----------------------------------------------------------------------

DRAFT = {
    "title": "Value-added reseller (VAR) framework",
    "description": (
        "The full range of technology hardware and software the Metropolitan Police Service "
        "commonly uses, with associated support services and, where required, minor works to "
        "keep the force operationally ready. Volumes are confirmed through call-offs."
    ),
    "cpv_codes": ["30200000", "48000000", "72000000"],
    "procedure": "competitive_flexible",
    "estimated_value_excl_vat": "210000000.00",
    "estimated_value_incl_vat": "252000000.00",
    "is_framework": True,
    "max_framework_suppliers": 2,
    "framework_term_months": 24,
    "extension_options_months": [12, 12],
    "call_off_authority_ids": [],  # the buyer always may call off; nobody else may
    "call_off_process": (
        "Call-offs by the MPS and its specialist policing units only: direct award to the "
        "supplier ranked first, or a further competition between the two suppliers."
    ),
    "max_shortlist": 7,
    "shortlisting_criteria": (
        "Suppliers that pass every pass/fail question and the financial assessment are ranked "
        "by their score for question 2 (continuity and scaling of supply); the seven highest "
        "are invited to tender."
    ),
    "participation_deadline": TOO_SHORT_PARTICIPATION_DEADLINE.isoformat(),
    "tendering_facts": {"electronic_submission": True, "preselected_suppliers_only": True},
    "no_lots_reasons": (
        "Considered (s.18): every call-off mixes devices, software and support, and the force "
        "needs one reseller accountable for each order; lots would split that accountability."
    ),
}
QUESTIONNAIRE = {
    "questions": [
        {
            "kind": "pass_fail",
            "text": "Confirm that you are an authorised reseller for every manufacturer listed "
            "in Annex A of the specification.",
        },
        {
            "kind": "scored",
            "text": "Describe how you will keep continuity of supply and scale supply in line "
            "with the force's demand.",
            "max_score": 10,
        },
        {"kind": "pass_fail", "text": "Confirm that you hold Cyber Essentials Plus certification."},
    ]
}
QUALITY_TITLES = [
    "Supply chain resilience and continuity of supply",
    "Scaling supply with demand",
    "Support services and minor works",
]
CRITERIA = {  # quality 60% in three criteria, price 40%
    "criteria": [
        {"kind": "quality", "title": QUALITY_TITLES[0], "weight": "25"},
        {"kind": "quality", "title": QUALITY_TITLES[1], "weight": "20"},
        {"kind": "quality", "title": QUALITY_TITLES[2], "weight": "15"},
        {"kind": "price", "title": "Price of the representative basket", "weight": "40"},
    ]
}
CONFLICTS_ASSESSMENT = {
    "summary": "No conflicts identified among the commercial, technology and finance staff on "
    "the procurement; each evaluator declares before seeing a tender. The ethical walls "
    "agreement binds the suppliers' bid teams."
}
NDA = {
    "kind": "nda",
    "title": "Non-disclosure agreement: VAR framework",
    "text": "The supplier keeps confidential everything the MPS shares.",
}
ETHICAL_WALLS = {
    "kind": "ethical_walls",
    "title": "Ethical walls agreement: VAR framework",
    "text": "No one who has worked for the MPS technology function in the last two years joins "
    "the supplier's bid team.",
}
EXCLUSION = {
    "outcome": "excludable_excluded",
    "ground_type": "discretionary",
    "ground": "Schedule 7 paragraph 10: breach of contract and poor performance (a police ICT "
    "contract terminated in 2025).",
    "representations_invited_on": REPRESENTATIONS_INVITED.isoformat(),
    "representations": "The supplier says new management has put the problems right, but gave "
    "no evidence of improved delivery.",
    "evidence": "Termination letter of 14 March 2025; supplier's letter of 5 June 2026.",
    "reasons": "The circumstances are likely to recur: no evidence of self-cleaning was provided "
    "(s.58).",
}


# --- The test -----------------------------------------------------------------------------------


def test_the_met_var_framework_from_draft_to_signed_framework_through_the_api(
    settings, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    anonymous = Client()

    with at(DRAFTED):
        call_command("seed_demo", stdout=io.StringIO())
        buyer = Api("mps.buyer", prefix="/api/v1")
        buyer2 = Api("mps.buyer2", prefix="/api/v1")
        approver = Api("mps.approver", prefix="/api/v1")
        evaluator1 = Api("mps.evaluator1", prefix="/api/v1")
        evaluator2 = Api("mps.evaluator2", prefix="/api/v1")
        suppliers = {name: Api(bid_manager(name), prefix="/api/v1") for name in SUPPLIERS}
        me = ok(buyer.get("/me"))
        mps_id = next(m["organisation_id"] for m in me["memberships"] if m["role"] == "buyer")
        assert [m["organisation"] for m in me["memberships"]] == ["Metropolitan Police Service"]
        supplier_ids = {
            name: ok(api.get("/me"))["memberships"][0]["organisation_id"]
            for name, api in suppliers.items()
        }

    # --- 1. The draft, a refused publication, then the tender notice (UK4) ----------------------
    with at(DRAFTED):
        created = ok(buyer.post("/procurements/", {"authority_id": mps_id, **DRAFT}), 201)
        pid = created["id"]
        reference = created["reference"]
        assert re.fullmatch(r"PRC-2026-\d{4}", reference)
        assert created["status"] == "draft"
        assert created["authority"] == {"id": mps_id, "name": "Metropolitan Police Service"}
        assert created["cpv_codes"] == ["30200000", "48000000", "72000000"]
        assert created["procedure"] == "competitive_flexible"
        assert created["is_framework"] is True
        assert created["max_framework_suppliers"] == 2
        assert created["framework_term_months"] == 24
        assert created["extension_options_months"] == [12, 12]
        assert created["call_off_authorities"] == []
        assert created["max_shortlist"] == 7
        assert created["tendering_facts"]["electronic_submission"] is True
        assert created["tendering_facts"]["preselected_suppliers_only"] is True
        assert created["tendering_facts"]["all_documents_at_notice"] is False
        assert created["conflicts_assessment"] is None
        assert created["criteria"] == []

        # The conditions-of-participation questionnaire is fixed before publication (s.31).
        questions = ok(buyer.put(f"/procurements/{pid}/questionnaire", QUESTIONNAIRE))
        assert [(q["position"], q["kind"], q["max_score"]) for q in questions] == [
            (1, "pass_fail", None),
            (2, "scored", 10),
            (3, "pass_fail", None),
        ]
        q_reseller, q_supply, q_cyber = (q["id"] for q in questions)

    with at(PUBLISHED):
        # When the buyer publishes without a conflicts assessment, award criteria or a 25-day
        # participation period, then every problem is given and nothing changes.
        before, events = ok(buyer.get(f"/procurements/{pid}")), audit_events()
        body = assert_api_refused(400, "cannot_publish", buyer.post, f"/procurements/{pid}/publish")
        assert [p["code"] for p in body["details"]["problems"]] == [
            "conflicts_assessment_missing",
            "agreements_not_issued",
            "participation_period_too_short",
            "award_criteria_missing",
        ]
        too_short = body["details"]["problems"][2]
        assert too_short["section"] == "Procurement Act 2023 s.54(3), (5)"
        assert "Friday 22 May 2026" in too_short["message"]
        assert ok(buyer.get(f"/procurements/{pid}")) == before
        assert ok(buyer.get(f"/procurements/{pid}/notices")) == []
        assert anonymous.get(f"/api/v1/procurements/public/{reference}").status_code == 404
        assert audit_events() == events

        # Fixed: the deadline at the end of the month, the criteria, the conflicts assessment.
        patched = ok(
            buyer.patch(
                f"/procurements/{pid}",
                {"participation_deadline": PARTICIPATION_DEADLINE.isoformat()},
            )
        )
        assert patched["participation_deadline"] == "2026-05-29T11:00:00Z"
        with_criteria = ok(buyer.put(f"/procurements/{pid}/criteria", CRITERIA))
        assert [(c["kind"], c["weight"], c["max_score"]) for c in with_criteria["criteria"]] == [
            ("quality", "25.00", 5),
            ("quality", "20.00", 5),
            ("quality", "15.00", 5),
            ("price", "40.00", 5),
        ]
        assessment = ok(
            buyer.put(f"/procurements/{pid}/conflicts-assessment", CONFLICTS_ASSESSMENT)
        )
        assert assessment["prepared_by"] == "Priya Shah"
        # The documents are kept behind the agreements (the default): both are issued first.
        nda = ok(buyer.post(f"/procurements/{pid}/agreements", NDA), 201)
        walls = ok(buyer.post(f"/procurements/{pid}/agreements", ETHICAL_WALLS), 201)

        notice = ok(buyer.post(f"/procurements/{pid}/publish"), 201)
        assert notice["notice_type"] == "UK4"
        assert SHA256.match(notice["sha256"])
        published = ok(buyer.get(f"/procurements/{pid}"))
        assert published["status"] == "participation_open"
        assert published["published_at"] == "2026-04-27T08:00:00Z"
        assert [n["notice_type"] for n in ok(buyer.get(f"/procurements/{pid}/notices"))] == ["UK4"]
        # Not public until Find a Tender publishes it (PR 2024 reg 5(11)); the buyer records it.
        assert anonymous.get(f"/api/v1/procurements/public/{reference}").status_code == 404
        on_find_a_tender(buyer, notice["notice_id"], "031001-2026", PUBLISHED)
        public = ok(anonymous.get(f"/api/v1/procurements/public/{reference}"))
        assert public["status"] == "participation_open"
        assert public["title"] == "Value-added reseller (VAR) framework"
        assert public["authority"] == "Metropolitan Police Service"
        assert public["estimated_value_incl_vat"] == "252000000.00"
        assert public["estimated_value_excl_vat"] == "210000000.00"
        assert public["max_framework_suppliers"] == 2
        assert public["framework_term_months"] == 24
        assert public["extension_options_months"] == [12, 12]
        assert public["call_off_authorities"] == []
        assert public["max_shortlist"] == 7
        assert public["participation_deadline"] == "2026-05-29T11:00:00Z"
        assert [(n["notice_type"], n["notice_id"]) for n in public["notices"]] == [
            ("UK4", notice["notice_id"])
        ]

    # --- 2. The agreements gate, documents, the questionnaire, requests to participate --------
    with at(GATE_OPENED):
        assert (nda["version"], walls["version"]) == (1, 1)
        specification = b"Specification and pricing schedule for the MPS VAR framework.\n"
        document = ok(
            buyer.multipart(
                f"/procurements/{pid}/documents",
                {
                    "title": "Specification and pricing schedule",
                    "file": a_file("var-specification.txt", specification),
                },
            ),
            201,
        )
        assert document["version"] == 1
        assert document["size"] == len(specification)

    with at(INTEREST):
        for name in SUPPLIERS:
            supplier = suppliers[name]
            interest = ok(supplier.post(f"/procurements/{pid}/interest"), 201)
            assert interest["status"] == "interested"
            assert interest["supplier"] == name
            assert interest["gate_current"] is False
            assert sorted((a["kind"], a["accepted"]) for a in interest["agreements"]) == [
                ("ethical_walls", False),
                ("nda", False),
            ]
            # Before the agreements are accepted, the documents and questionnaire are refused
            # with the reason (the supplier takes part, so it is told why).
            for path in (
                f"/procurements/{pid}/documents",
                f"/procurements/{pid}/questionnaire",
                document["download_url"].removeprefix("/api/v1"),
            ):
                body = assert_api_refused(403, "agreements_not_accepted", supplier.get, path)
                assert body["details"] == {"agreements": ["nda", "ethical_walls"]}

            half = ok(supplier.post(f"/procurements/{pid}/agreements/{nda['id']}/acceptance"), 201)
            assert (half["participant_status"], half["admitted"]) == ("interested", False)
            body = assert_api_refused(
                403, "agreements_not_accepted", supplier.get, f"/procurements/{pid}/documents"
            )
            assert body["details"] == {"agreements": ["ethical_walls"]}

            both = ok(
                supplier.post(f"/procurements/{pid}/agreements/{walls['id']}/acceptance"), 201
            )
            assert (both["participant_status"], both["admitted"]) == ("admitted", True)
            assert [d["id"] for d in ok(supplier.get(f"/procurements/{pid}/documents"))] == [
                document["id"]
            ]
            assert [q["id"] for q in ok(supplier.get(f"/procurements/{pid}/questionnaire"))] == [
                q_reseller,
                q_supply,
                q_cyber,
            ]
        download = suppliers[SUPPLIERS[0]].get(document["download_url"].removeprefix("/api/v1"))
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == specification
        participants = ok(buyer.get(f"/procurements/{pid}/participants"))
        assert len(participants) == 10
        assert {p["status"] for p in participants} == {"admitted"}

    with at(DRAFTS_SAVED):
        for name in SUPPLIERS:
            draft = ok(
                suppliers[name].put(
                    f"/procurements/{pid}/response",
                    {
                        "answers": [
                            {
                                "question_id": q_reseller,
                                "text": "Yes: authorised reseller for every Annex A maker.",
                            }
                        ]
                    },
                )
            )
            assert draft["submitted"] is False
            assert draft["receipt"] is None
        # An incomplete request to participate cannot be submitted.
        events = audit_events()
        incomplete = assert_api_refused(
            400,
            "answers_missing",
            suppliers[SUPPLIERS[0]].post,
            f"/procurements/{pid}/response/submission",
        )
        assert [p["field"] for p in incomplete["details"]["problems"]] == [
            f"question-{q_supply}",
            f"question-{q_cyber}",
            "annual_turnover",
            "financial_evidence",
        ]
        assert audit_events() == events

    receipts = {}
    with at(SUBMITTED):
        for number, name in enumerate(SUPPLIERS, start=1):
            supplier = suppliers[name]
            ok(
                supplier.put(
                    f"/procurements/{pid}/response",
                    {
                        "answers": [
                            {
                                "question_id": q_supply,
                                "text": f"{name}: regional buffer stock and two distribution "
                                "centres; capacity plans reviewed monthly with the force.",
                            },
                            {"question_id": q_cyber, "text": "Yes, certificate CE+ 2026."},
                        ],
                        "annual_turnover": f"{number * 25_000_000}.00",
                        "financial_information": "Audited accounts for the last two years; no "
                        "going-concern qualification.",
                    },
                )
            )
            receipt = ok(supplier.post(f"/procurements/{pid}/response/submission"), 201)
            assert receipt["reference"].startswith(f"RTP-{reference}-")
            assert SHA256.match(receipt["sha256"])
            assert receipt["submitted_at"] == "2026-05-27T15:00:00Z"
            receipts[name] = receipt
        assert len({r["sha256"] for r in receipts.values()}) == 10

    with at(PARTICIPATION_DEADLINE):
        # At the deadline itself (before the scheduled job has run) a change is refused.
        late = suppliers[SUPPLIERS[0]]
        stored, events = ok(late.get(f"/procurements/{pid}/response")), audit_events()
        body = assert_api_refused(
            400,
            "participation_deadline_passed",
            late.put,
            f"/procurements/{pid}/response",
            {"answers": [{"question_id": q_supply, "text": "A late improvement."}]},
        )
        assert "midday on Friday 29 May 2026" in body["message"]
        assert ok(late.get(f"/procurements/{pid}/response")) == stored
        assert audit_events() == events

        # The scheduled job closes participation.
        run_the_scheduled_job()
        closed = ok(buyer.get(f"/procurements/{pid}"))
        assert closed["status"] == "participation_closed"
        assert closed["participation_closed_at"] == "2026-05-29T11:00:00Z"
        assert_api_refused(
            400,
            "participation_deadline_passed",
            late.post,
            f"/procurements/{pid}/response/submission",
        )

    # --- 3. Assessment, exclusion, shortlist, invitation to tender -----------------------------
    with at(ASSESSED):
        participants = ok(buyer.get(f"/procurements/{pid}/participants"))
        assert len(participants) == 10
        assert {p["status"] for p in participants} == {"submitted"}
        participant_ids = {p["supplier"]: p["id"] for p in participants}
        assert {p["receipt_reference"] for p in participants} == {
            r["reference"] for r in receipts.values()
        }
        for name in SUPPLIERS:
            marked = ok(
                buyer.put(
                    f"/procurements/{pid}/participants/{participant_ids[name]}/assessment",
                    {
                        "marks": [
                            {"question_id": q_reseller, "result": "pass"},
                            {
                                "question_id": q_supply,
                                "score": COP_SCORES[name],
                                "comment": "Scored against the published guidance.",
                            },
                            {"question_id": q_cyber, "result": "pass"},
                        ],
                        "financial_result": "pass",
                        "financial_comment": "Turnover and accounts are adequate.",
                    },
                )
            )
            assert [(a["result"], a["score"]) for a in marked["answers"]] == [
                ("pass", None),
                ("", COP_SCORES[name]),
                ("pass", None),
            ]
        assessed = {p["supplier"]: p for p in ok(buyer.get(f"/procurements/{pid}/participants"))}
        assert {name: (p["score"], p["passes"], p["fails"]) for name, p in assessed.items()} == {
            name: (COP_SCORES[name], 2, 0) for name in SUPPLIERS
        }

    with at(EXCLUSION_DECIDED):
        exclusion = ok(
            buyer.post(
                f"/procurements/{pid}/participants/{participant_ids[EXCLUDED]}/exclusion-decisions",
                EXCLUSION,
            ),
            201,
        )
        assert exclusion["outcome"] == "excludable_excluded"
        assert exclusion["decided_on"] == "2026-06-08"
        assert exclusion["representations_invited_on"] == "2026-06-02"
        assert exclusion["minister_notification_due"] == "2026-07-07"
        for name in SUPPLIERS:
            if name == EXCLUDED:
                continue
            decision = ok(
                buyer.post(
                    f"/procurements/{pid}/participants/{participant_ids[name]}/exclusion-decisions",
                    {
                        "outcome": "not_excluded",
                        "reasons": "No mandatory or discretionary exclusion ground applies "
                        "(debarment list and declarations checked).",
                    },
                ),
                201,
            )
            assert decision["minister_notification_due"] is None
        outcome = ok(suppliers[EXCLUDED].get(f"/procurements/{pid}/outcome"))
        assert outcome["status"] == "excluded"
        assert "self-cleaning" in outcome["reasons"]

    with at(SHORTLISTED):
        reason_in = "Among the seven highest scores for continuity and scaling of supply."
        reason_out = "Your score for question 2 was below the seventh-highest score."
        # Eight is more than the tender notice allows: refused, nothing changes.
        before, events = ok(buyer.get(f"/procurements/{pid}/participants")), audit_events()
        eight = [*SHORTLIST, NOT_SHORTLISTED[0]]
        body = assert_api_refused(
            400,
            "shortlist_too_long",
            buyer.post,
            f"/procurements/{pid}/shortlist",
            {
                "shortlisted": [
                    {"participant_id": participant_ids[n], "reason": reason_in} for n in eight
                ],
                "not_shortlisted": [
                    {
                        "participant_id": participant_ids[NOT_SHORTLISTED[1]],
                        "reason": reason_out,
                    }
                ],
            },
        )
        assert body["details"] == {"maximum": 7, "chosen": 8}
        assert ok(buyer.get(f"/procurements/{pid}/participants")) == before
        assert audit_events() == events

        shortlist = ok(
            buyer.post(
                f"/procurements/{pid}/shortlist",
                {
                    "shortlisted": [
                        {"participant_id": participant_ids[n], "reason": reason_in}
                        for n in SHORTLIST
                    ],
                    "not_shortlisted": [
                        {"participant_id": participant_ids[n], "reason": reason_out}
                        for n in NOT_SHORTLISTED
                    ],
                },
            )
        )
        statuses = {p["supplier"]: p["status"] for p in shortlist}
        assert sorted(n for n, s in statuses.items() if s == "invited") == SHORTLIST
        assert sorted(n for n, s in statuses.items() if s == "not_shortlisted") == NOT_SHORTLISTED
        assert [n for n, s in statuses.items() if s == "excluded"] == [EXCLUDED]
        assert len(SHORTLIST) == 7
        for name in NOT_SHORTLISTED:
            outcome = ok(suppliers[name].get(f"/procurements/{pid}/outcome"))
            assert (outcome["status"], outcome["reasons"]) == ("not_shortlisted", reason_out)

    with at(INVITED):
        # Nine days is less than the 10 of s.54(4) entry 3: refused, nothing changes.
        before, events = ok(buyer.get(f"/procurements/{pid}")), audit_events()
        body = assert_api_refused(
            400,
            "tendering_period_too_short",
            buyer.post,
            f"/procurements/{pid}/invitation-to-tender",
            {"tender_deadline": NINE_DAYS_LATER.isoformat()},
        )
        assert "Thursday 25 June 2026" in body["message"]
        assert "table entry 3" in body["message"]
        assert ok(buyer.get(f"/procurements/{pid}")) == before
        assert audit_events() == events

        invitation = ok(
            buyer.post(
                f"/procurements/{pid}/invitation-to-tender",
                {"tender_deadline": TENDER_DEADLINE.isoformat()},
            )
        )
        assert invitation["status"] == "tendering_open"
        # (Echoed in the offset it was sent in; GET /procurements/{id} gives it in UTC.)
        assert invitation["tender_deadline"] == "2026-06-25T12:00:00+01:00"
        assert ok(buyer.get(f"/procurements/{pid}"))["tender_deadline"] == "2026-06-25T11:00:00Z"
        assert sorted(invitation["invited"]) == SHORTLIST

    # --- 4. Sealed tenders ----------------------------------------------------------------------
    first_receipts = {}
    with at(TENDERS_SUBMITTED):
        for name in SHORTLIST:
            supplier = suppliers[name]
            mine = ok(supplier.get(f"/procurements/{pid}/tender"))
            assert mine["open_for_tenders"] is True
            assert mine["live"] is None
            assert mine["tender_deadline_text"] == "midday on Thursday 25 June 2026"
            criteria = [c["id"] for c in mine["quality_criteria"]]
            assert len(criteria) == 3
            price = CASTLEGATE_FIRST_PRICE if name == "Castlegate Digital Ltd" else PRICES[name]
            receipt = ok(
                supplier.multipart(
                    f"/procurements/{pid}/tender",
                    {
                        "tender": json.dumps(
                            {
                                "price": price,
                                "line_items": [
                                    {"description": "End-user devices basket", "amount": price}
                                ],
                                "answers": {
                                    str(c): f"{name}'s answer to criterion {i}."
                                    for i, c in enumerate(criteria, start=1)
                                },
                            }
                        ),
                        "files": [a_file("method-statement.txt", f"{name} method".encode())],
                    },
                ),
                201,
            )
            assert receipt["status"] == "submitted"
            assert receipt["version"] == 1
            assert receipt["replaces"] == ""
            assert SHA256.match(receipt["content_sha256"])
            assert [(f["position"], f["name"]) for f in receipt["files"]] == [
                (1, "method-statement.txt")
            ]
            first_receipts[name] = receipt
        tender_criteria = criteria

        # Suppliers not invited to tender are told they no longer take part.
        for name in [*NOT_SHORTLISTED, EXCLUDED]:
            assert_api_refused(
                403, "no_longer_taking_part", suppliers[name].get, f"/procurements/{pid}/tender"
            )
            assert_api_refused(
                403,
                "no_longer_taking_part",
                suppliers[name].multipart,
                f"/procurements/{pid}/tender",
                {"tender": json.dumps({"price": "1.00", "answers": {}})},
            )

    with at(TENDER_REPLACED):
        castlegate = suppliers["Castlegate Digital Ltd"]
        replaced = ok(
            castlegate.multipart(
                f"/procurements/{pid}/tender",
                {
                    "tender": json.dumps(
                        {
                            "price": PRICES["Castlegate Digital Ltd"],
                            "answers": {
                                str(c): f"Castlegate's revised answer to criterion {i}."
                                for i, c in enumerate(tender_criteria, start=1)
                            },
                        }
                    ),
                    "files": [a_file("method-statement-v2.txt", b"Castlegate revised method")],
                },
            ),
            201,
        )
        assert replaced["version"] == 2
        assert replaced["replaces"] == first_receipts["Castlegate Digital Ltd"]["reference"]
        mine = ok(castlegate.get(f"/procurements/{pid}/tender"))
        assert mine["live"]["reference"] == replaced["reference"]
        assert sorted((r["version"], r["status"]) for r in mine["receipts"]) == [
            (1, "superseded"),
            (2, "submitted"),
        ]

        # Before the deadline nobody reads a tender's content.
        box = ok(buyer.get(f"/procurements/{pid}/tenders"))
        assert (box["status"], box["count"], box["tenders"], box["opened_at"]) == (
            "tendering_open",
            7,
            [],
            None,
        )
        assert_api_refused(400, "tenders_sealed", buyer.get, f"/procurements/{pid}/tenders/opened")
        assert_api_refused(
            400, "tenders_sealed", approver.get, f"/procurements/{pid}/tenders/opened"
        )
        assert_api_refused(404, "not_found", evaluator1.get, f"/procurements/{pid}/tenders/opened")
        assert_api_refused(
            404, "not_found", evaluator1.get, f"/procurements/{pid}/evaluation/tenders"
        )
        albion = suppliers["Albion Technology Solutions Ltd"]
        assert_api_refused(404, "not_found", albion.get, f"/procurements/{pid}/tenders/opened")
        assert_api_refused(404, "not_found", albion.get, f"/procurements/{pid}/tenders")
        albion_view = ok(albion.get(f"/procurements/{pid}/tender"))
        assert [r["reference"] for r in albion_view["receipts"]] == [
            first_receipts["Albion Technology Solutions Ltd"]["reference"]
        ]
        # ... and the panel cannot open them early.
        events = audit_events()
        assert_api_refused(
            400,
            "tender_deadline_not_passed",
            buyer.post,
            f"/procurements/{pid}/tenders/opening-confirmations",
        )
        assert ok(buyer.get(f"/procurements/{pid}/tenders"))["confirmations"] == []
        assert audit_events() == events

    with at(TENDER_DEADLINE):
        # A tender at the deadline itself is refused, and nothing of it is stored.
        albion = suppliers["Albion Technology Solutions Ltd"]
        events = audit_events()
        body = assert_api_refused(
            400,
            "tender_deadline_passed",
            albion.multipart,
            f"/procurements/{pid}/tender",
            {
                "tender": json.dumps(
                    {
                        "price": "4400000.00",
                        "answers": {str(c): "Late." for c in tender_criteria},
                    }
                ),
                "files": [a_file("late.txt", b"late")],
            },
        )
        assert "midday on Thursday 25 June 2026" in body["message"]
        assert ok(buyer.get(f"/procurements/{pid}/tenders"))["count"] == 7
        assert len(ok(albion.get(f"/procurements/{pid}/tender"))["receipts"]) == 1
        assert audit_events() == events

        run_the_scheduled_job()
        assert ok(buyer.get(f"/procurements/{pid}"))["status"] == "tenders_closed"

    # --- 5. The opening panel -------------------------------------------------------------------
    with at(OPENING):
        first = ok(buyer.post(f"/procurements/{pid}/tenders/opening-confirmations"))
        assert first == {
            "confirmations": 1,
            "panel_size": 2,
            "opened": False,
            "tenders_opened": 0,
            "problems": 0,
        }
        events = audit_events()
        assert_api_refused(
            400,
            "already_confirmed",
            buyer.post,
            f"/procurements/{pid}/tenders/opening-confirmations",
        )
        assert_api_refused(
            403,
            "forbidden_action",
            evaluator1.post,
            f"/procurements/{pid}/tenders/opening-confirmations",
        )
        assert audit_events() == events
        assert ok(buyer.get(f"/procurements/{pid}"))["status"] == "tenders_closed"

        second = ok(buyer2.post(f"/procurements/{pid}/tenders/opening-confirmations"))
        assert second == {
            "confirmations": 2,
            "panel_size": 2,
            "opened": True,
            "tenders_opened": 7,
            "problems": 0,
        }
        assert ok(buyer.get(f"/procurements/{pid}"))["status"] == "evaluation"
        opened = ok(buyer.get(f"/procurements/{pid}/tenders/opened"))
        assert [(t["supplier"], t["price"]) for t in opened] == [
            (name, PRICES[name]) for name in SHORTLIST
        ]
        assert {t["integrity"] for t in opened} == {"verified"}
        castlegate_opened = next(t for t in opened if t["supplier"] == "Castlegate Digital Ltd")
        assert castlegate_opened["reference"] == replaced["reference"]
        assert [f["name"] for f in castlegate_opened["files"]] == ["method-statement-v2.txt"]
        tender_ids = {t["supplier"]: t["tender_id"] for t in opened}
        # Another supplier still reaches nothing of a competitor's tender.
        brightwell_tender = tender_ids["Brightwell IT Supply Ltd"]
        assert_api_refused(
            404, "not_found", albion.get, f"/procurements/{pid}/tenders/{brightwell_tender}/files/1"
        )
        assert_api_refused(
            404, "not_found", albion.get, f"/audit/tendering.tender/{brightwell_tender}/events"
        )

    # --- 6. Evaluation ----------------------------------------------------------------------------
    with at(PANEL_ASSIGNED):
        for evaluator in (evaluator1, evaluator2):
            evaluator_id = ok(evaluator.get("/me"))["id"]
            assignment = ok(
                buyer.post(f"/procurements/{pid}/evaluators", {"evaluator_id": evaluator_id}),
                201,
            )
            assert assignment["status"] == "awaiting_declaration"
            # No tender is shown before the declaration (s.81).
            assert_api_refused(
                400,
                "conflicts_not_declared",
                evaluator.get,
                f"/procurements/{pid}/evaluation/tenders",
            )
            declared = ok(
                evaluator.post(
                    f"/procurements/{pid}/evaluation/declarations", {"has_conflict": False}
                ),
                201,
            )
            assert (declared["has_conflict"], declared["status"]) == (False, "cleared")
        assert [a["status"] for a in ok(buyer.get(f"/procurements/{pid}/evaluators"))] == [
            "cleared",
            "cleared",
        ]

    with at(SCORING):
        for number, evaluator in enumerate((evaluator1, evaluator2), start=1):
            to_score = ok(evaluator.get(f"/procurements/{pid}/evaluation/tenders"))
            assert [t["supplier"] for t in to_score] == SHORTLIST
            assert all("price" not in t for t in to_score)  # quality is scored blind to price
            for tender in to_score:
                scores = list(CONSENSUS[tender["supplier"]])
                if number == 2 and tender["supplier"] == "Albion Technology Solutions Ltd":
                    scores[2] = 4  # the second evaluator marks one answer higher
                saved = ok(
                    evaluator.put(
                        f"/procurements/{pid}/evaluation/tenders/{tender['tender_id']}/scores",
                        {
                            "scores": [
                                {
                                    "criterion_id": answer["criterion_id"],
                                    "score": score,
                                    "justification": f"Evidence in the answer supports {score}.",
                                }
                                for answer, score in zip(tender["answers"], scores, strict=True)
                            ]
                        },
                    )
                )
                assert [s["score"] for s in saved] == scores
            assert_api_refused(404, "not_found", evaluator.get, f"/procurements/{pid}/results")
            if number == 1:
                # Moderation waits for the whole panel.
                assert_api_refused(
                    400,
                    "evaluation_incomplete",
                    buyer.put,
                    f"/procurements/{pid}/moderation/tenders/{tender_ids[SHORTLIST[0]]}",
                    {
                        "scores": [
                            {
                                "criterion_id": a["criterion_id"],
                                "score": 3,
                                "rationale": "Early.",
                            }
                            for a in tender["answers"]
                        ]
                    },
                )
            submitted = ok(evaluator.post(f"/procurements/{pid}/evaluation/submission"))
            assert submitted["status"] == "submitted"
        panel_scores = ok(buyer.get(f"/procurements/{pid}/evaluation/panel-scores"))
        assert len(panel_scores) == 2 * 7 * 3
        # The buyer's own source of the criterion ids (GET /procurements/{id} gives none).
        criterion_ids = {s["criterion"]: s["criterion_id"] for s in panel_scores}
        quality_criteria = [criterion_ids[title] for title in QUALITY_TITLES]

    with at(EXPLANATION_RECEIVED):
        flagged = ok(buyer.get(f"/procurements/{pid}/abnormally-low-tenders"))
        assert flagged == [
            {
                "tender_id": tender_ids[ABNORMALLY_LOW],
                "supplier": ABNORMALLY_LOW,
                "price": "3300000.00",
                "average_of_others": "4525000.00",
                "percent_below": "27.07",
                "threshold_percent": "20.00",
                "decision": None,
                "explanation": "",
                "reason": "",
            }
        ]
        # No award while the flag is undecided (s.19(4)-(5)).
        events = audit_events()
        assert_api_refused(
            400, "abnormally_low_undecided", buyer.post, f"/procurements/{pid}/award-decisions"
        )
        assert audit_events() == events
        decided = ok(
            buyer.put(
                f"/procurements/{pid}/abnormally-low-tenders/{tender_ids[ABNORMALLY_LOW]}",
                {
                    "explanation": "Eastbrook showed manufacturer deal registrations and a "
                    "public-sector rebate programme that cover the discount.",
                    "decision": "accepted",
                },
            )
        )
        assert (decided["decision"], decided["percent_below"]) == ("accepted", "27.07")

    with at(MODERATION):
        for name in SHORTLIST:
            moderated = ok(
                buyer.put(
                    f"/procurements/{pid}/moderation/tenders/{tender_ids[name]}",
                    {
                        "scores": [
                            {
                                "criterion_id": c,
                                "score": score,
                                "rationale": "Agreed at the moderation meeting.",
                            }
                            for c, score in zip(quality_criteria, CONSENSUS[name], strict=True)
                        ]
                    },
                )
            )
            assert [m["score"] for m in moderated] == list(CONSENSUS[name])
        results = ok(buyer.get(f"/procurements/{pid}/results"))
        assert (results["complete"], results["problem"], results["number_to_award"]) == (
            True,
            None,
            2,
        )
        assert [
            (r["supplier"], r["quality_total"], r["price_total"], r["total"], r["rank"])
            for r in results["results"]
        ] == EXPECTED_RESULTS
        assert [r["supplier"] for r in results["results"] if r["successful"]] == WINNERS

    with at(PROPOSED):
        proposal = ok(buyer.post(f"/procurements/{pid}/award-decisions"), 201)
        assert proposal["status"] == "proposed"
        assert proposal["proposed_by"] == "Priya Shah"
        assert [
            (p["supplier"], p["rank"], p["total"], p["price"])
            for p in proposal["preferred_suppliers"]
        ] == [
            ("Brightwell IT Supply Ltd", 1, "82.20", "4520000.00"),
            ("Dunmore Systems plc", 2, "80.63", "4610000.00"),
        ]

    with at(APPROVED):
        # The proposer cannot sign off their own proposal. mps.buyer is of the authority but
        # holds no approver role: refused with forbidden_action (403), saying who can approve;
        # `approver_must_differ` is for someone who is buyer AND approver.
        events = audit_events()
        forbidden = assert_api_refused(
            403, "forbidden_action", buyer.post, f"/procurements/{pid}/award-decisions/approval"
        )
        assert forbidden["message"] == (
            "Only an approver of Metropolitan Police Service can approve the award decision."
        )
        assert audit_events() == events
        assert ok(buyer.get(f"/procurements/{pid}"))["status"] == "evaluation"
        approval = ok(approver.post(f"/procurements/{pid}/award-decisions/approval"))
        assert (approval["status"], approval["decided_by"]) == ("approved", "David Okafor")
        assert ok(buyer.get(f"/procurements/{pid}"))["status"] == "award_decided"

    # --- 7. Assessment summaries and the contract award notice (UK6) ----------------------------
    with at(SUMMARIES_SENT - (SUMMARIES_SENT - APPROVED) / 2):
        # The award notice before the summaries: refused (s.50(3)), nothing changes.
        events = audit_events()
        assert_api_refused(
            400, "assessment_summaries_not_sent", buyer.post, f"/procurements/{pid}/award-notice"
        )
        assert [n["notice_type"] for n in ok(buyer.get(f"/procurements/{pid}/notices"))] == ["UK4"]
        assert ok(buyer.get(f"/procurements/{pid}"))["status"] == "award_decided"
        assert audit_events() == events

    with at(SUMMARIES_SENT):
        mails_before = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            summaries = ok(buyer.post(f"/procurements/{pid}/assessment-summaries"), 201)
        assert sorted(m.to for m in mailoutbox[mails_before:]) == sorted(
            [f"{bid_manager(name)}@procura.example"] for name in SHORTLIST
        )
        assert sorted(s["supplier"] for s in summaries) == SHORTLIST
        assert {s["sent_at"] for s in summaries} == {"2026-07-29T09:00:00Z"}  # all at once
        assert sorted(s["supplier"] for s in summaries if s["successful"]) == WINNERS
        summary_ids = {s["supplier"]: s["id"] for s in summaries}
        for name in SHORTLIST:
            supplier = suppliers[name]
            own = ok(supplier.get(f"/procurements/{pid}/assessment-summaries"))
            assert [(s["id"], s["supplier"]) for s in own] == [(summary_ids[name], name)]
            assert own[0]["successful"] is (name in WINNERS)
            pdf = supplier.get(f"/procurements/{pid}/assessment-summaries/{summary_ids[name]}/pdf")
            assert pdf.status_code == 200
            assert pdf["Content-Type"] == "application/pdf"
            assert pdf.content.startswith(b"%PDF")
            other = next(n for n in SHORTLIST if n != name)
            assert_api_refused(
                404,
                "not_found",
                supplier.get,
                f"/procurements/{pid}/assessment-summaries/{summary_ids[other]}",
            )
            assert_api_refused(
                404,
                "not_found",
                supplier.get,
                f"/procurements/{pid}/assessment-summaries/{summary_ids[other]}/pdf",
            )
        for name in [*NOT_SHORTLISTED, EXCLUDED]:
            assert_api_refused(
                404, "not_found", suppliers[name].get, f"/procurements/{pid}/assessment-summaries"
            )

    with at(AWARD_NOTICE):
        award_notice = ok(buyer.post(f"/procurements/{pid}/award-notice"), 201)
        assert award_notice["notice_type"] == "UK6"
        release = award_notice["release"]
        assert [[s["name"] for s in a["suppliers"]] for a in release["awards"]] == [
            [name] for name in WINNERS
        ]
        assert [s["value"] for s in release["bids"]["statistics"]] == [7, 7, 3]  # 3 SMEs
        assert ok(buyer.get(f"/procurements/{pid}"))["status"] == "standstill"
        (decision,) = ok(buyer.get(f"/procurements/{pid}/award-decisions"))
        assert (decision["award_notice_id"], decision["standstill_last_day"]) == (
            award_notice["notice_id"],
            None,  # prepared, not yet on Find a Tender: no standstill yet
        )
        public = ok(anonymous.get(f"/api/v1/procurements/public/{reference}"))
        assert [n["notice_type"] for n in public["notices"]] == ["UK4"]
        before, events = ok(buyer.get(f"/procurements/{pid}")), audit_events()
        assert_api_refused(
            400,
            "award_notice_not_published",
            buyer.post,
            "/contracts",
            {
                "procurement_id": pid,
                "date_signed": "2026-07-29",
                "start_date": "2026-11-01",
                "end_date": "2028-10-31",
            },
        )
        assert (ok(buyer.get(f"/procurements/{pid}")), audit_events()) == (before, events)
        on_find_a_tender(buyer, award_notice["notice_id"], "052213-2026", AWARD_NOTICE)
        (decision,) = ok(buyer.get(f"/procurements/{pid}/award-decisions"))
        # 8 working days beginning with Wednesday 29 July 2026, skipping Monday 3 August, a bank
        # holiday in Scotland only: a working day is lost anywhere in the UK (s.123(1)).
        period = timescales.standstill(date(2026, 7, 29))
        assert date(2026, 8, 3) in timescales.uk_bank_holidays(2026)
        assert (period.last_day, period.earliest_entry) == (date(2026, 8, 10), date(2026, 8, 11))
        assert decision["standstill_last_day"] == period.last_day.isoformat()
        assert decision["earliest_entry_date"] == period.earliest_entry.isoformat()
        public = ok(anonymous.get(f"/api/v1/procurements/public/{reference}"))
        assert public["status"] == "standstill"
        assert [n["notice_type"] for n in public["notices"]] == ["UK4", "UK6"]

    # --- 8. The framework agreement ---------------------------------------------------------------
    signing = {
        "procurement_id": pid,
        "start_date": "2026-11-01",
        "end_date": "2028-10-31",
    }
    with at(LAST_DAY_OF_STANDSTILL):
        before, events = ok(buyer.get(f"/procurements/{pid}")), audit_events()
        body = assert_api_refused(
            400,
            "standstill_not_ended",
            buyer.post,
            "/contracts",
            {**signing, "date_signed": "2026-08-10"},
        )
        assert body["message"] == (
            "The standstill period ends at the end of Monday 10 August 2026: the contract can be "
            "entered into on or after Tuesday 11 August 2026, not on Monday 10 August 2026."
        )
        assert body["details"] == {
            "standstill_last_day": "2026-08-10",
            "earliest_entry": "2026-08-11",
        }
        assert ok(buyer.get(f"/procurements/{pid}")) == before
        assert agreements_of(buyer, pid) == {"frameworks": [], "contracts": []}
        assert audit_events() == events

    with at(SIGNED):
        framework = ok(buyer.post("/contracts", {**signing, "date_signed": "2026-08-11"}), 201)
        assert framework["kind"] == "framework"
        assert framework["reference"] == f"{reference}-FA"
        assert framework["status"] == "active"
        assert [(s["supplier"], s["rank"]) for s in framework["suppliers"]] == [
            ("Brightwell IT Supply Ltd", 1),
            ("Dunmore Systems plc", 2),
        ]
        assert {s["supplier_id"] for s in framework["suppliers"]} == {
            supplier_ids[name] for name in WINNERS
        }
        assert framework["ceiling_incl_vat"] == "252000000.00"
        assert framework["initial_term_months"] == 24
        assert framework["extension_options_months"] == [12, 12]
        assert (framework["start_date"], framework["initial_end_date"]) == (
            "2026-11-01",
            "2028-10-31",
        )
        assert framework["latest_end_date"] == "2030-10-31"
        assert framework["call_off_authorities"] == ["Metropolitan Police Service"]
        assert framework["contract_details_notice_due"] == "2026-09-09"
        assert agreements_of(buyer, pid) == {"frameworks": [framework], "contracts": []}
        assert ok(buyer.get(f"/procurements/{pid}"))["status"] == "contract_signed"
        # The two suppliers see their framework; a losing supplier does not.
        for name in WINNERS:
            assert agreements_of(suppliers[name], pid)["frameworks"] == [framework]
        assert agreements_of(albion, pid) == {"frameworks": [], "contracts": []}

    # --- 9. The audit trail ---------------------------------------------------------------------
    with at(SIGNED):
        timeline = ok(buyer.get(f"/audit/procurements.procurement/{pid}/events"))
        assert len(timeline) > 0
        sequences = [e["sequence"] for e in timeline]
        assert sequences == sorted(sequences) and len(set(sequences)) == len(sequences)
        moments = [e["occurred_at"] for e in timeline]
        assert moments == sorted(moments)
        assert timeline[0]["event_type"] == "procurement.created"
        assert timeline[-1]["event_type"] == "contracts.entered_into"
        types = [e["event_type"] for e in timeline]
        for expected in (
            "procurement.published",
            "procurement.participation_closed",
            "participation.shortlist_decided",
            "procurement.tenders_closed",
            "tendering.tenders_opened",
            "evaluation.award_approved",
            "evaluation.summaries_sent",
            "evaluation.award_notice_published",
        ):
            assert expected in types, expected
        assert types.index("procurement.published") < types.index("tendering.tenders_opened")
        out = io.StringIO()
        call_command("verify_audit", stdout=out)
        assert out.getvalue().startswith("Audit trail intact:")
