"""The Police and Crime Commissioner for Staffordshire's 10-year strategic IT partner
(scenarios.md §3), end to end, THROUGH THE JSON API ONLY.

The demo organisations and people come from `seed_demo` (which may also load its own demo
procurements, the Staffordshire one included: this test ignores them, and never assumes it has the
only procurement); each person gets a bearer token. Everything else is a request to /api/v1/...,
made at the instant the story says (time_machine, fixed instants, Europe/London); the "scheduled
job" (`close_deadlines`) runs where a deployment's timer would. The ORM is only read: the tokens
and the number of audit events around each refusal ("nothing changed").

The story, autumn 2026 (the contract starts on 1 April 2027 and runs 120 months, to 31 March 2037):

1. staffs.buyer2 drafts a competitive flexible procedure for ONE contract (not a framework): 120
   months, four participants named (fire authority and councils), £450m including VAT with a
   range of £150m to £450m, up to 4 shortlisted. Publication without the NDA and ethical walls
   agreements is refused (`agreements_not_issued`); once issued, the tender notice (UK4) is
   recorded as published on Find a Tender and is public, participants included.
2. Five suppliers express interest, accept both agreements and submit their requests to
   participate; the deadline passes (scheduled job).
3. Every supplier gets an exclusion decision (not excluded; the shortlist is refused while one
   has none, `exclusion_not_decided`); four are shortlisted, one is not;
   the four are invited to tender with the 10-day minimum (s.54(4) entry 3).
4. Sealed tenders; two officers open them after the deadline; two evaluators declare no conflict
   and score; the buyer moderates; the lead proposes Keystone, the head of procurement approves.
5. Assessment summaries, then the contract award notice (UK6) prepared: signature is refused
   (`award_notice_not_published`) until Find a Tender's publication is recorded by hand; then
   refused (`standstill_not_ended`) on the standstill's last day.
6. After the standstill an end date three years after the start is refused
   (`end_date_contradicts_term`); the contract is entered into ending 31 March 2037, with its
   participants, value range and term.
7. The procurement's audit timeline is ordered and the hash chain verifies.
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

DRAFTED = london(2026, 9, 7, 10)  # Monday
PUBLISHED = london(2026, 9, 14, 9)  # Monday: the tender notice (UK4)
PARTICIPATION_DEADLINE = london(2026, 10, 16, 12)  # Friday
INTEREST = london(2026, 9, 15, 10)
SUBMITTED = london(2026, 10, 14, 16)
ASSESSED = london(2026, 10, 19, 10)
EXCLUSION_DECIDED = london(2026, 10, 20, 14)
SHORTLISTED = london(2026, 10, 21, 10)
INVITED = london(2026, 10, 26, 10)  # Monday
TENDER_DEADLINE = london(2026, 11, 5, 12)  # Thursday: exactly 10 days after the invitation
TENDERS_SUBMITTED = london(2026, 11, 2, 11)
OPENING = london(2026, 11, 5, 14)
PANEL_ASSIGNED = london(2026, 11, 6, 9)
SCORING = london(2026, 11, 9, 10)
MODERATION = london(2026, 11, 11, 10)
PROPOSED = london(2026, 11, 12, 11)
APPROVED = london(2026, 11, 13, 16)
SUMMARIES_SENT = london(2026, 11, 18, 10)  # Wednesday
AWARD_NOTICE = london(2026, 11, 18, 11)
ON_FIND_A_TENDER = london(2026, 11, 18, 15)
LAST_DAY_OF_STANDSTILL = london(2026, 11, 27, 15)  # Friday
SIGNED = london(2026, 11, 30, 10)  # Monday

# --- The people, suppliers and tenders ----------------------------------------------------------

STAFFS = "Police and Crime Commissioner for Staffordshire"
PARTICIPANTS = [
    "Staffordshire Commissioner Fire and Rescue Authority",
    "Staffordshire County Council",
    "Staffordshire Moorlands District Council",
    "Stoke-on-Trent City Council",
]
SUPPLIERS = [
    "Castlegate Digital Ltd",
    "Dunmore Systems plc",
    "Greystone Infrastructure Ltd",
    "Keystone Public Sector IT Ltd",
    "Lanthorn Partners LLP",
]
NOT_SHORTLISTED = "Castlegate Digital Ltd"
SHORTLIST = [name for name in SUPPLIERS if name != NOT_SHORTLISTED]
COP_SCORES = {  # the scored condition-of-participation question, out of 10
    "Castlegate Digital Ltd": 5,
    "Dunmore Systems plc": 7,
    "Greystone Infrastructure Ltd": 7,
    "Keystone Public Sector IT Ltd": 8,
    "Lanthorn Partners LLP": 8,
}
# Total price over 10 years for the full scope with every participant (£ excluding VAT).
PRICES = {
    "Dunmore Systems plc": "296700000.00",
    "Greystone Infrastructure Ltd": "331200000.00",
    "Keystone Public Sector IT Ltd": "312480000.00",
    "Lanthorn Partners LLP": "342900000.00",
}
CONSENSUS = {  # moderated scores out of 5 on the four quality criteria, in order
    "Dunmore Systems plc": (3, 3, 4, 3),
    "Greystone Infrastructure Ltd": (4, 4, 3, 3),
    "Keystone Public Sector IT Ltd": (4, 5, 4, 4),
    "Lanthorn Partners LLP": (4, 4, 5, 4),
}
# Worked by hand: quality = score / 5 x weight (20, 25, 10, 10); price = lowest price
# (£296.7m) / price x 35; each to 2 places.
EXPECTED_RESULTS = [  # (supplier, quality total, price total, total, rank)
    ("Keystone Public Sector IT Ltd", "57.00", "33.23", "90.23", 1),
    ("Lanthorn Partners LLP", "54.00", "30.28", "84.28", 2),
    ("Greystone Infrastructure Ltd", "48.00", "31.35", "79.35", 3),
    ("Dunmore Systems plc", "41.00", "35.00", "76.00", 4),
]
WINNER = "Keystone Public Sector IT Ltd"

# --- What the buyer sends -----------------------------------------------------------------------

DRAFT = {
    "title": "Strategic IT partner",
    "description": (
        "A strategic IT partner to improve the capacity and capability of Staffordshire Police's "
        "existing IT services and to deliver a new target IT environment, for up to 10 years. "
        "The participants named in this notice may join the contract during its term."
    ),
    "cpv_codes": ["72000000", "72500000"],
    "procedure": "competitive_flexible",
    "estimated_value_excl_vat": "375000000.00",
    "estimated_value_incl_vat": "450000000.00",
    "is_framework": False,
    "contract_term_months": 120,
    "value_range_min_incl_vat": "150000000.00",
    "value_range_max_incl_vat": "450000000.00",
    "max_shortlist": 4,
    "shortlisting_criteria": (
        "The four highest scores on question 2 among suppliers that pass every pass/fail "
        "question and the financial assessment and are not excluded."
    ),
    "participation_deadline": PARTICIPATION_DEADLINE.isoformat(),
    "tendering_facts": {"electronic_submission": True, "preselected_suppliers_only": True},
    "no_lots_reasons": (
        "Considered and not divided (s.18): one partner must design, transition and run one "
        "integrated IT environment."
    ),
}
QUESTIONNAIRE = {
    "questions": [
        {"kind": "pass_fail", "text": "Confirm that you hold Cyber Essentials Plus."},
        {
            "kind": "scored",
            "text": "Describe a comparable IT partnership you have run for a public body.",
            "max_score": 10,
        },
    ]
}
QUALITY_TITLES = [
    "Service transition and continuity",
    "Target IT environment: design and delivery",
    "Information security and policing systems",
    "Social value in Staffordshire",
]
CRITERIA = {
    "criteria": [
        {"kind": "quality", "title": QUALITY_TITLES[0], "weight": "20"},
        {"kind": "quality", "title": QUALITY_TITLES[1], "weight": "25"},
        {"kind": "quality", "title": QUALITY_TITLES[2], "weight": "10"},
        {"kind": "quality", "title": QUALITY_TITLES[3], "weight": "10"},
        {"kind": "price", "title": "Total price over 10 years", "weight": "35"},
    ]
}
CONFLICTS_ASSESSMENT = {
    "summary": "No conflicts identified among the procurement, digital and finance staff; each "
    "evaluator declares before seeing a tender."
}
NDA = {
    "kind": "nda",
    "title": "Non-disclosure agreement: strategic IT partner",
    "text": "The supplier keeps confidential everything the commissioner shares.",
}
ETHICAL_WALLS = {
    "kind": "ethical_walls",
    "title": "Ethical walls agreement: strategic IT partner",
    "text": "No one who has worked for the commissioner's IT function in the last two years "
    "joins the supplier's bid team.",
}


def _nothing_changed(buyer, pid, before, events):
    assert ok(buyer.get(f"/procurements/{pid}")) == before
    assert audit_events() == events


def test_the_staffordshire_strategic_it_partner_from_draft_to_contract_through_the_api(
    settings, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    anonymous = Client()

    with at(DRAFTED):
        call_command("seed_demo", stdout=io.StringIO())
        lead = Api("staffs.buyer2", prefix="/api/v1")  # the procurement lead
        head = Api("staffs.buyer", prefix="/api/v1")  # head of procurement: buyer and approver
        evaluators = [Api(u, prefix="/api/v1") for u in ("staffs.evaluator", "staffs.evaluator2")]
        suppliers = {name: Api(bid_manager(name), prefix="/api/v1") for name in SUPPLIERS}
        me = ok(lead.get("/me"))
        [staffs_id] = [m["organisation_id"] for m in me["memberships"] if m["role"] == "buyer"]
        supplier_ids = {
            name: ok(api.get("/me"))["memberships"][0]["organisation_id"]
            for name, api in suppliers.items()
        }
        # The participants, found in the directory by name as a new user would.
        participant_ids = []
        for name in PARTICIPANTS:
            (found,) = ok(lead.get("/organisations", q=name, kind="participant"))["results"]
            assert found["name"] == name
            participant_ids.append(found["id"])

    # --- 1. The draft, publication refused without the agreements, the tender notice ----------
    with at(DRAFTED):
        created = ok(
            lead.post(
                "/procurements/",
                {"authority_id": staffs_id, "participant_ids": participant_ids, **DRAFT},
            ),
            201,
        )
        pid, reference = created["id"], created["reference"]
        assert created["status"] == "draft"
        assert created["authority"] == {"id": staffs_id, "name": STAFFS}
        assert created["is_framework"] is False
        assert created["contract_term_months"] == 120
        assert created["extension_options_months"] == []
        assert [p["name"] for p in created["participants"]] == PARTICIPANTS
        assert (created["value_range_min_incl_vat"], created["value_range_max_incl_vat"]) == (
            "150000000.00",
            "450000000.00",
        )
        assert created["estimated_value_incl_vat"] == "450000000.00"
        questions = ok(lead.put(f"/procurements/{pid}/questionnaire", QUESTIONNAIRE))
        q_cyber, q_experience = (q["id"] for q in questions)
        with_criteria = ok(lead.put(f"/procurements/{pid}/criteria", CRITERIA))
        assert [(c["kind"], c["weight"]) for c in with_criteria["criteria"]] == [
            ("quality", "20.00"),
            ("quality", "25.00"),
            ("quality", "10.00"),
            ("quality", "10.00"),
            ("price", "35.00"),
        ]
        assessment = ok(lead.put(f"/procurements/{pid}/conflicts-assessment", CONFLICTS_ASSESSMENT))
        assert assessment["prepared_by"] == "James Whitfield"

    with at(PUBLISHED):
        before, events = ok(lead.get(f"/procurements/{pid}")), audit_events()
        # The only problem left: its own code (a list of problems is `cannot_publish`).
        body = assert_api_refused(
            400, "agreements_not_issued", lead.post, f"/procurements/{pid}/publish"
        )
        assert body["field"] == "documents_behind_agreements"
        assert [p["code"] for p in body["details"]["problems"]] == ["agreements_not_issued"]
        _nothing_changed(lead, pid, before, events)
        assert ok(lead.get(f"/procurements/{pid}/notices")) == []

        nda = ok(lead.post(f"/procurements/{pid}/agreements", NDA), 201)
        walls = ok(lead.post(f"/procurements/{pid}/agreements", ETHICAL_WALLS), 201)
        notice = ok(lead.post(f"/procurements/{pid}/publish"), 201)
        assert notice["notice_type"] == "UK4"
        assert SHA256.match(notice["sha256"])
        assert ok(lead.get(f"/procurements/{pid}"))["status"] == "participation_open"
        assert anonymous.get(f"/api/v1/procurements/public/{reference}").status_code == 404
        on_find_a_tender(lead, notice["notice_id"], "061402-2026", PUBLISHED)
        public = ok(anonymous.get(f"/api/v1/procurements/public/{reference}"))
        assert public["status"] == "participation_open"
        assert public["contract_term_months"] == 120
        assert public["participants"] == PARTICIPANTS
        assert (public["value_range_min_incl_vat"], public["value_range_max_incl_vat"]) == (
            "150000000.00",
            "450000000.00",
        )
        assert [n["notice_type"] for n in public["notices"]] == ["UK4"]

    # --- 2. Interest, the agreements, requests to participate ---------------------------------
    with at(INTEREST):
        for name in SUPPLIERS:
            supplier = suppliers[name]
            interest = ok(supplier.post(f"/procurements/{pid}/interest"), 201)
            assert (interest["status"], interest["supplier"]) == ("interested", name)
            body = assert_api_refused(
                403, "agreements_not_accepted", supplier.get, f"/procurements/{pid}/questionnaire"
            )
            assert body["details"] == {"agreements": ["nda", "ethical_walls"]}
            ok(supplier.post(f"/procurements/{pid}/agreements/{nda['id']}/acceptance"), 201)
            both = ok(
                supplier.post(f"/procurements/{pid}/agreements/{walls['id']}/acceptance"), 201
            )
            assert (both["participant_status"], both["admitted"]) == ("admitted", True)
            assert [q["id"] for q in ok(supplier.get(f"/procurements/{pid}/questionnaire"))] == [
                q_cyber,
                q_experience,
            ]

    with at(SUBMITTED):
        for number, name in enumerate(SUPPLIERS, start=1):
            supplier = suppliers[name]
            ok(
                supplier.put(
                    f"/procurements/{pid}/response",
                    {
                        "answers": [
                            {"question_id": q_cyber, "text": "Yes, certificate CE+ 2026."},
                            {
                                "question_id": q_experience,
                                "text": f"{name}: a 7-year managed IT partnership for a county.",
                            },
                        ],
                        "annual_turnover": f"{number * 60_000_000}.00",
                        "financial_information": "Audited accounts for the last two years.",
                    },
                )
            )
            receipt = ok(supplier.post(f"/procurements/{pid}/response/submission"), 201)
            assert receipt["reference"].startswith(f"RTP-{reference}-")

    with at(PARTICIPATION_DEADLINE):
        run_the_scheduled_job()
        assert ok(lead.get(f"/procurements/{pid}"))["status"] == "participation_closed"

    # --- 3. Assessment, exclusion, shortlist, invitation to tender -----------------------------
    with at(ASSESSED):
        participants = ok(lead.get(f"/procurements/{pid}/participants"))
        assert {p["status"] for p in participants} == {"submitted"}
        taking_part = {p["supplier"]: p["id"] for p in participants}
        assert sorted(taking_part) == SUPPLIERS
        for name in SUPPLIERS:
            ok(
                lead.put(
                    f"/procurements/{pid}/participants/{taking_part[name]}/assessment",
                    {
                        "marks": [
                            {"question_id": q_cyber, "result": "pass"},
                            {
                                "question_id": q_experience,
                                "score": COP_SCORES[name],
                                "comment": "Scored against the published guidance.",
                            },
                        ],
                        "financial_result": "pass",
                        "financial_comment": "Turnover and accounts are adequate.",
                    },
                )
            )

    shortlisting = {
        "shortlisted": [
            {"participant_id": taking_part[n], "reason": "Among the four highest scores."}
            for n in SHORTLIST
        ],
        "not_shortlisted": [
            {
                "participant_id": taking_part[NOT_SHORTLISTED],
                "reason": "Your score for question 2 was below the fourth-highest score.",
            }
        ],
    }
    with at(EXCLUSION_DECIDED):
        for name in SUPPLIERS:
            if name == SUPPLIERS[-1]:
                # One supplier is still without an exclusion decision: the shortlist waits for it
                # (s.27: exclusion is considered before the shortlist), and nothing changes.
                before, events = ok(lead.get(f"/procurements/{pid}/participants")), audit_events()
                body = assert_api_refused(
                    400,
                    "exclusion_not_decided",
                    lead.post,
                    f"/procurements/{pid}/shortlist",
                    shortlisting,
                )
                assert SUPPLIERS[-1] in body["message"], body
                assert ok(lead.get(f"/procurements/{pid}/participants")) == before
                assert audit_events() == events
            decision = ok(
                lead.post(
                    f"/procurements/{pid}/participants/{taking_part[name]}/exclusion-decisions",
                    {
                        "outcome": "not_excluded",
                        "reasons": "No mandatory or discretionary exclusion ground applies "
                        "(debarment list and declarations checked).",
                    },
                ),
                201,
            )
            assert (decision["outcome"], decision["decided_on"]) == ("not_excluded", "2026-10-20")

    with at(SHORTLISTED):
        shortlist = ok(lead.post(f"/procurements/{pid}/shortlist", shortlisting))
        statuses = {p["supplier"]: p["status"] for p in shortlist}
        assert sorted(n for n, s in statuses.items() if s == "invited") == SHORTLIST
        assert statuses[NOT_SHORTLISTED] == "not_shortlisted"

    with at(INVITED):
        invitation = ok(
            lead.post(
                f"/procurements/{pid}/invitation-to-tender",
                {"tender_deadline": TENDER_DEADLINE.isoformat()},
            )
        )
        assert invitation["status"] == "tendering_open"
        assert sorted(invitation["invited"]) == SHORTLIST

    # --- 4. Sealed tenders, the opening, evaluation, the award decision ------------------------
    with at(TENDERS_SUBMITTED):
        for name in SHORTLIST:
            supplier = suppliers[name]
            mine = ok(supplier.get(f"/procurements/{pid}/tender"))
            criteria = [c["id"] for c in mine["quality_criteria"]]
            assert len(criteria) == 4
            receipt = ok(
                supplier.multipart(
                    f"/procurements/{pid}/tender",
                    {
                        "tender": json.dumps(
                            {
                                "price": PRICES[name],
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
            assert (receipt["status"], receipt["version"]) == ("submitted", 1)
        assert_api_refused(
            403,
            "no_longer_taking_part",
            suppliers[NOT_SHORTLISTED].get,
            f"/procurements/{pid}/tender",
        )
        events = audit_events()
        assert_api_refused(
            400,
            "tender_deadline_not_passed",
            lead.post,
            f"/procurements/{pid}/tenders/opening-confirmations",
        )
        assert audit_events() == events

    with at(TENDER_DEADLINE):
        run_the_scheduled_job()
        assert ok(lead.get(f"/procurements/{pid}"))["status"] == "tenders_closed"

    with at(OPENING):
        first = ok(lead.post(f"/procurements/{pid}/tenders/opening-confirmations"))
        assert (first["confirmations"], first["opened"]) == (1, False)
        second = ok(head.post(f"/procurements/{pid}/tenders/opening-confirmations"))
        assert (second["confirmations"], second["opened"], second["tenders_opened"]) == (
            2,
            True,
            4,
        )
        assert ok(lead.get(f"/procurements/{pid}"))["status"] == "evaluation"
        opened = ok(lead.get(f"/procurements/{pid}/tenders/opened"))
        assert sorted((t["supplier"], t["price"]) for t in opened) == sorted(PRICES.items())
        assert {t["integrity"] for t in opened} == {"verified"}

    with at(PANEL_ASSIGNED):
        for evaluator in evaluators:
            evaluator_id = ok(evaluator.get("/me"))["id"]
            ok(lead.post(f"/procurements/{pid}/evaluators", {"evaluator_id": evaluator_id}), 201)
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

    with at(SCORING):
        for evaluator in evaluators:
            to_score = ok(evaluator.get(f"/procurements/{pid}/evaluation/tenders"))
            assert sorted(t["supplier"] for t in to_score) == SHORTLIST
            for tender in to_score:
                scores = list(CONSENSUS[tender["supplier"]])
                ok(
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
            submitted = ok(evaluator.post(f"/procurements/{pid}/evaluation/submission"))
            assert submitted["status"] == "submitted"
        panel_scores = ok(lead.get(f"/procurements/{pid}/evaluation/panel-scores"))
        assert len(panel_scores) == 2 * 4 * 4
        criterion_ids = {s["criterion"]: s["criterion_id"] for s in panel_scores}
        quality_criteria = [criterion_ids[title] for title in QUALITY_TITLES]
        tender_ids = {t["supplier"]: t["tender_id"] for t in opened}

    with at(MODERATION):
        for name in SHORTLIST:
            ok(
                lead.put(
                    f"/procurements/{pid}/moderation/tenders/{tender_ids[name]}",
                    {
                        "scores": [
                            {"criterion_id": c, "score": s, "rationale": "Agreed at moderation."}
                            for c, s in zip(quality_criteria, CONSENSUS[name], strict=True)
                        ]
                    },
                )
            )
        results = ok(lead.get(f"/procurements/{pid}/results"))
        assert (results["complete"], results["problem"], results["number_to_award"]) == (
            True,
            None,
            1,
        )
        assert [
            (r["supplier"], r["quality_total"], r["price_total"], r["total"], r["rank"])
            for r in results["results"]
        ] == EXPECTED_RESULTS
        assert [r["supplier"] for r in results["results"] if r["successful"]] == [WINNER]

    with at(PROPOSED):
        proposal = ok(lead.post(f"/procurements/{pid}/award-decisions"), 201)
        assert (proposal["status"], proposal["proposed_by"]) == ("proposed", "James Whitfield")
        assert [(p["supplier"], p["rank"]) for p in proposal["preferred_suppliers"]] == [
            (WINNER, 1)
        ]

    with at(APPROVED):
        approval = ok(head.post(f"/procurements/{pid}/award-decisions/approval"))
        assert (approval["status"], approval["decided_by"]) == ("approved", "Anna Clarke")
        assert ok(lead.get(f"/procurements/{pid}"))["status"] == "award_decided"

    # --- 5. Summaries, the award notice, Find a Tender, the standstill ---------------------------
    with at(SUMMARIES_SENT):
        with django_capture_on_commit_callbacks(execute=True):
            summaries = ok(lead.post(f"/procurements/{pid}/assessment-summaries"), 201)
        assert sorted(s["supplier"] for s in summaries) == SHORTLIST
        assert [s["supplier"] for s in summaries if s["successful"]] == [WINNER]

    signing = {"procurement_id": pid, "start_date": "2027-04-01", "end_date": "2037-03-31"}
    with at(AWARD_NOTICE):
        award_notice = ok(lead.post(f"/procurements/{pid}/award-notice"), 201)
        assert award_notice["notice_type"] == "UK6"
        assert ok(lead.get(f"/procurements/{pid}"))["status"] == "standstill"
        (decision,) = ok(lead.get(f"/procurements/{pid}/award-decisions"))
        assert (decision["award_notice_id"], decision["standstill_last_day"]) == (
            award_notice["notice_id"],
            None,  # prepared, not yet on Find a Tender: no standstill yet
        )
        # Not yet on Find a Tender: signature refused, nothing changes.
        before, events = ok(lead.get(f"/procurements/{pid}")), audit_events()
        assert_api_refused(
            400,
            "award_notice_not_published",
            lead.post,
            "/contracts",
            {**signing, "date_signed": "2026-11-18"},
        )
        _nothing_changed(lead, pid, before, events)
        assert agreements_of(lead, pid) == {"frameworks": [], "contracts": []}
        public = ok(anonymous.get(f"/api/v1/procurements/public/{reference}"))
        assert [n["notice_type"] for n in public["notices"]] == ["UK4"]

    with at(ON_FIND_A_TENDER):
        on_find_a_tender(lead, award_notice["notice_id"], "066120-2026", AWARD_NOTICE)
        (decision,) = ok(lead.get(f"/procurements/{pid}/award-decisions"))
        period = timescales.standstill(date(2026, 11, 18))
        assert (period.last_day, period.earliest_entry) == (date(2026, 11, 27), date(2026, 11, 28))
        assert decision["standstill_last_day"] == "2026-11-27"
        assert decision["earliest_entry_date"] == "2026-11-28"
        public = ok(anonymous.get(f"/api/v1/procurements/public/{reference}"))
        assert [n["notice_type"] for n in public["notices"]] == ["UK4", "UK6"]

    with at(LAST_DAY_OF_STANDSTILL):
        before, events = ok(lead.get(f"/procurements/{pid}")), audit_events()
        body = assert_api_refused(
            400,
            "standstill_not_ended",
            lead.post,
            "/contracts",
            {**signing, "date_signed": "2026-11-27"},
        )
        assert body["details"] == {
            "standstill_last_day": "2026-11-27",
            "earliest_entry": "2026-11-28",
        }
        _nothing_changed(lead, pid, before, events)
        assert agreements_of(lead, pid) == {"frameworks": [], "contracts": []}

    # --- 6. The contract ------------------------------------------------------------------------
    with at(SIGNED):
        before, events = ok(lead.get(f"/procurements/{pid}")), audit_events()
        body = assert_api_refused(
            400,
            "end_date_contradicts_term",
            lead.post,
            "/contracts",
            {**signing, "end_date": "2030-03-31", "date_signed": "2026-11-30"},
        )
        assert body["details"] == {
            "expected_end_date": "2037-03-31",
            "latest_end_date": "2037-03-31",
            "term_months": 120,
        }
        _nothing_changed(lead, pid, before, events)
        assert agreements_of(lead, pid) == {"frameworks": [], "contracts": []}

        contract = ok(lead.post("/contracts", {**signing, "date_signed": "2026-11-30"}), 201)
        assert contract["kind"] == "contract"
        assert contract["reference"] == f"{reference}-C"
        # 30 days beginning with the day the contract is entered into (s.53(1)).
        assert contract["contract_details_notice_due"] == "2026-12-29"
        assert contract["status"] == "active"
        assert contract["authority"] == STAFFS
        assert contract["supplier"] == WINNER
        assert contract["awarded_price_excl_vat"] == PRICES[WINNER]
        assert contract["estimated_value_incl_vat"] == "450000000.00"
        assert (contract["value_range_min_incl_vat"], contract["value_range_max_incl_vat"]) == (
            "150000000.00",
            "450000000.00",
        )
        assert (contract["start_date"], contract["end_date"], contract["term_months"]) == (
            "2027-04-01",
            "2037-03-31",
            120,
        )
        assert contract["participants"] == PARTICIPANTS
        assert agreements_of(lead, pid) == {"frameworks": [], "contracts": [contract]}
        assert ok(lead.get(f"/procurements/{pid}"))["status"] == "contract_signed"
        assert agreements_of(suppliers[WINNER], pid)["contracts"] == [contract]
        assert agreements_of(suppliers["Lanthorn Partners LLP"], pid) == {
            "frameworks": [],
            "contracts": [],
        }
        assert supplier_ids[WINNER] != supplier_ids["Lanthorn Partners LLP"]
        # A participant's officer (Stoke-on-Trent City Council) sees the contract it may use.
        stoke = Api("stoke.requisitioner", prefix="/api/v1")
        assert agreements_of(stoke, pid) == {"frameworks": [], "contracts": [contract]}

    # --- 7. The audit trail ---------------------------------------------------------------------
    with at(SIGNED):
        timeline = ok(lead.get(f"/audit/procurements.procurement/{pid}/events"))
        types = [e["event_type"] for e in timeline]
        assert (types[0], types[-1]) == ("procurement.created", "contracts.entered_into")
        sequences = [e["sequence"] for e in timeline]
        assert sequences == sorted(sequences) and len(set(sequences)) == len(sequences)
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
        out = io.StringIO()
        call_command("verify_audit", stdout=out)
        assert out.getvalue().startswith("Audit trail intact:")
