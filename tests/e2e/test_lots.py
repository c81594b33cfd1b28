"""A framework in two lots (Procurement Act 2023 s.18), end to end through the real services:
sealed tenders, the opening, the evaluation and the award, lot by lot.

The story, spring 2026: the Metropolitan Police Service buys IT by open procedure as a framework
in two lots, Lot 1 Hardware (2 suppliers) and Lot 2 Software (1 supplier); a supplier may tender
for both lots (the notice says at most 2). Four suppliers take part: Albion and Castlegate
tender for both lots, Brightwell for hardware only, Dunmore for software only. Castlegate
replaces its hardware tender. Each lot is priced, ranked and awarded on its own: Albion and
Castlegate win hardware, Dunmore wins software. The tender notice (UK4) and the contract award
notice (UK6) are valid Find a Tender releases with one lot (and one award) per lot, and two
framework agreements are entered into after the standstill, each with its own lot's suppliers.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from procura.accounts.states import Role
from procura.accounts.tests.factories import OrganisationFactory, member
from procura.audit.selectors import find_chain_break
from procura.contracts import services as contracts
from procura.core import clock
from procura.evaluation import selectors as evaluation_selectors
from procura.evaluation import services as evaluation
from procura.evaluation.models import AssessmentSummary
from procura.evaluation.services import ScoreInput
from procura.notices.tests.schema import schema_errors
from procura.participation import selectors as participation_selectors
from procura.participation import services as participation
from procura.participation.states import AgreementKind
from procura.procurements import services as procurements
from procura.procurements.models import Procurement
from procura.procurements.states import Procedure, Status
from procura.tendering import services as tendering
from procura.tendering.models import Tender
from procura.testing.notices import on_find_a_tender
from procura.testing.refusals import assert_refused
from procura.timescales.rules import standstill

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
D = Decimal


def london(month, day, hour=9, minute=0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LONDON)


def at(moment: datetime):
    return time_machine.travel(moment, tick=False)


DRAFTED = london(3, 2, 9)  # Monday 2 March 2026
PUBLISHED = london(3, 2, 10)
TENDERS = london(3, 20, 11)
REPLACED = london(4, 9, 16)
DEADLINE = london(4, 13, 12)  # Monday 13 April 2026, midday
OPENING = london(4, 13, 14)
SCORING = london(4, 15, 10)
PROPOSED = london(4, 20, 10)
APPROVED = london(4, 21, 10)
SUMMARIES = london(4, 22, 10)
AWARD_NOTICE = london(4, 22, 11)

CRITERIA = [
    {"kind": "quality", "title": "Technical capability", "weight": D("40")},
    {"kind": "quality", "title": "Social value", "weight": D("20")},
    {"kind": "price", "title": "Price", "weight": D("40")},
]
LOTS = [
    {
        "title": "Hardware",
        "description": "End-user devices, peripherals, data-centre and network equipment.",
        "estimated_value_excl_vat": D("140000000.00"),
        "estimated_value_incl_vat": D("168000000.00"),
        "cpv_codes": ["30200000"],
    },
    {
        "title": "Software",
        "description": "Software licences, subscriptions and their support.",
        "estimated_value_excl_vat": D("70000000.00"),
        "estimated_value_incl_vat": D("84000000.00"),
        "cpv_codes": ["48000000"],
        "max_framework_suppliers": 1,
    },
]
SUPPLIERS = ["Albion", "Brightwell", "Castlegate", "Dunmore"]
# (supplier, lot, price £ excluding VAT, moderated scores for the two quality criteria)
TENDERED = [
    ("Albion", "1", "1000000.00", (5, 4)),
    ("Brightwell", "1", "900000.00", (3, 3)),
    ("Castlegate", "1", "1100000.00", (4, 4)),
    ("Albion", "2", "500000.00", (3, 3)),
    ("Castlegate", "2", "520000.00", (4, 3)),
    ("Dunmore", "2", "450000.00", (4, 4)),
]


def row(procurement) -> dict:
    return Procurement.objects.filter(pk=procurement.pk).values().get()


def valid(release: dict) -> None:
    assert schema_errors(release) == []


def test_a_framework_in_two_lots_from_tender_notice_to_two_frameworks(media_root):
    mps = OrganisationFactory(name="Metropolitan Police Service", region="UKI32")
    buyer = member(mps, Role.BUYER, first_name="Priya", last_name="Shah")
    approver = member(mps, Role.APPROVER, first_name="Ade", last_name="Approver")
    evaluator = member(mps, Role.EVALUATOR, first_name="Eva", last_name="Luator")
    suppliers, bid_managers = {}, {}
    for name in SUPPLIERS:
        suppliers[name] = OrganisationFactory(name=f"{name} Ltd", supplier=True)
        bid_managers[name] = member(suppliers[name], Role.SUPPLIER_BID_MANAGER, first_name=name)

    # 1. The buyer divides the framework into two lots and publishes the tender notice (UK4).
    with at(DRAFTED):
        procurement = procurements.create_procurement(
            actor=buyer,
            authority=mps,
            title="Value-added reseller framework",
            description="Technology hardware and software for the force, through call-offs.",
            cpv_codes=["30200000", "48000000"],
            procedure=Procedure.OPEN,
            estimated_value_excl_vat=D("210000000.00"),
            estimated_value_incl_vat=D("252000000.00"),
            is_framework=True,
            max_framework_suppliers=2,
            framework_term_months=24,
            extension_options_months=[12],
            call_off_process="Direct award to the first-ranked supplier of the lot.",
            tender_deadline=DEADLINE,
            tendering_facts={"electronic_submission": True, "all_documents_at_notice": True},
        )
        procurements.set_award_criteria(actor=buyer, procurement=procurement, criteria=CRITERIA)
        procurements.record_conflicts_assessment(
            actor=buyer, procurement=procurement, summary="No conflicts identified."
        )
        for kind, title in (
            (AgreementKind.NDA, "Non-disclosure agreement"),
            (AgreementKind.ETHICAL_WALLS, "Ethical walls agreement"),
        ):
            participation.issue_agreement(
                actor=buyer, procurement=procurement, kind=kind, title=title, text=f"{title}."
            )
        # Neither divided nor reasons given: the tender notice cannot be published (s.18).
        refusal = assert_refused(
            "no_lots_reasons_missing",
            lambda: procurements.publish_tender_notice(actor=buyer, procurement=procurement),
            unchanged=lambda: row(procurement),
        )
        assert refusal.section == "Procurement Act 2023 s.18(2)"
        procurements.set_lots(
            actor=buyer, procurement=procurement, lots=LOTS, max_lots_bid_per_supplier=2
        )
    hardware, software = procurement.lots.all()
    assert (hardware.number, software.number) == ("1", "2")
    assert (hardware.number_to_award, software.number_to_award) == (2, 1)

    with at(PUBLISHED):
        uk4 = procurements.publish_tender_notice(actor=buyer, procurement=procurement)
    valid(uk4.release)
    tender = uk4.release["tender"]
    assert [(lot["id"], lot["title"]) for lot in tender["lots"]] == [
        ("1", "Hardware"),
        ("2", "Software"),
    ]
    assert [lot["techniques"]["frameworkAgreement"] for lot in tender["lots"]] == [
        {"maximumParticipants": 2},
        {"maximumParticipants": 1},
    ]
    assert tender["lotDetails"] == {"maximumLotsBidPerSupplier": 2}
    assert [
        (item["relatedLot"], item["additionalClassifications"][0]["id"]) for item in tender["items"]
    ] == [
        ("1", "30200000"),
        ("2", "48000000"),
    ]

    # 2. Four suppliers pass the agreements gate and tender, lot by lot, sealed.
    with at(TENDERS):
        for name in SUPPLIERS:
            participant = participation.express_interest(
                actor=bid_managers[name], procurement=procurement, supplier=suppliers[name]
            )
            for agreement in participation_selectors.current_agreements(procurement).values():
                participation.accept_agreement(
                    actor=bid_managers[name], participant=participant, agreement=agreement
                )
        quality = list(procurement.criteria.filter(kind="quality"))
        lots = {"1": hardware, "2": software}

        def submit(name, lot, price):
            return tendering.submit_tender(
                actor=bid_managers[name],
                procurement=procurement,
                supplier=suppliers[name],
                price=price,
                answers={c.pk: f"{name}'s answer on {c.title}, lot {lot}." for c in quality},
                files=[tendering.UploadedDocument(f"{name} lot {lot}.pdf", b"%PDF-1.7 plan")],
                lot=lots[lot],
            )

        first_castlegate_hardware = submit("Castlegate", "1", "1150000.00")
        for name, lot, price, _scores in TENDERED:
            if (name, lot) != ("Castlegate", "1"):
                receipt = submit(name, lot, price)
                assert (receipt.lot, receipt.version) == (lot, 1)
        # A tender for no lot is refused: the procurement is divided into lots.
        assert_refused(
            "lot_required",
            lambda: tendering.submit_tender(
                actor=bid_managers["Dunmore"],
                procurement=procurement,
                supplier=suppliers["Dunmore"],
                price="1.00",
                answers={c.pk: "x" for c in quality},
            ),
            unchanged=lambda: list(Tender.objects.values_list("reference", "status")),
        )
    with at(REPLACED):
        replaced = submit("Castlegate", "1", "1100000.00")
    assert (replaced.lot, replaced.version, replaced.replaces) == (
        "1",
        2,
        first_castlegate_hardware.reference,
    )

    # 3. The deadline passes; two officers open the tenders, each still with its lot.
    with at(DEADLINE):
        procurements.close_due_deadlines()
    with at(OPENING):
        tendering.confirm_opening(actor=buyer, procurement=procurement)
        outcome = tendering.confirm_opening(actor=approver, procurement=procurement)
    assert (outcome.opened, outcome.tenders_opened, outcome.problems) == (True, 6, 0)
    opened = evaluation_selectors.tenders_for_evaluation(procurement)
    by_key = {(t.supplier.name.split()[0], t.lot_number): t for t in opened}
    assert sorted(by_key) == sorted((name, lot) for name, lot, _p, _s in TENDERED)
    assert by_key[("Castlegate", "1")].price == D("1100000.00")

    # 4. The evaluation: scored, moderated, and no price abnormally low within its lot.
    with at(SCORING):
        evaluation.assign_evaluator(actor=buyer, procurement=procurement, evaluator=evaluator)
        evaluation.declare_conflicts(actor=evaluator, procurement=procurement, has_conflict=False)
        for name, lot, _price, scores in TENDERED:
            tender_id = by_key[(name, lot)].tender_id
            given = [
                ScoreInput(c.pk, s, f"{s}: as the tender shows.")
                for c, s in zip(quality, scores, strict=True)
            ]
            evaluation.record_scores(
                actor=evaluator, procurement=procurement, tender_id=tender_id, scores=given
            )
        evaluation.submit_scores(actor=evaluator, procurement=procurement)
        for name, lot, _price, scores in TENDERED:
            evaluation.record_consensus_scores(
                actor=buyer,
                procurement=procurement,
                tender_id=by_key[(name, lot)].tender_id,
                scores=[
                    ScoreInput(c.pk, s, f"Agreed {s}.")
                    for c, s in zip(quality, scores, strict=True)
                ],
            )
    assert evaluation_selectors.flagged_tenders(procurement) == []

    with at(PROPOSED):
        # The buyer considers whether each tenderer is excluded or excludable (ss.26-28).
        for participant in procurement.participants_taking_part.order_by("supplier__name"):
            participation.record_exclusion_decision(
                actor=buyer,
                participant=participant,
                outcome="not_excluded",
                reasons="No ground applies; not on the debarment list; no associated persons.",
            )
        decision = evaluation.propose_award(actor=buyer, procurement=procurement)
    results = evaluation_selectors.stored_evaluation(decision)
    assert [
        (r.lot, r.supplier.split()[0], r.rank, str(r.total), r.successful) for r in results.results
    ] == [
        ("1", "Albion", 1, "92.00", True),
        ("1", "Castlegate", 2, "80.73", True),
        ("1", "Brightwell", 3, "76.00", False),
        ("2", "Dunmore", 1, "88.00", True),
        ("2", "Castlegate", 2, "78.62", False),
        ("2", "Albion", 3, "72.00", False),
    ]
    with at(APPROVED):
        evaluation.approve_award(actor=approver, procurement=procurement)

    # 5. The assessment summaries, one per tender, each about its own lot; then the UK6.
    with at(SUMMARIES):
        summaries = evaluation.send_assessment_summaries(actor=buyer, procurement=procurement)
    assert len(summaries) == 6
    albion_software = AssessmentSummary.objects.get(tender_id=by_key[("Albion", "2")].tender_id)
    assert albion_software.lot == software
    assert albion_software.content["outcome"].startswith(
        "Your tender ranked 3rd of 3 assessed tenders in lot 2 (Software) and was not successful"
    )
    assert [w["supplier"] for w in albion_software.content["winning_tenders"]] == ["Dunmore Ltd"]

    with at(AWARD_NOTICE):
        uk6 = evaluation.publish_award_notice(actor=buyer, procurement=procurement)
        on_find_a_tender(uk6, buyer)  # recorded by hand: the standstill starts today
    valid(uk6.release)
    awards = uk6.release["awards"]
    assert [(a["relatedLots"], [s["name"] for s in a["suppliers"]]) for a in awards] == [
        (["1"], ["Albion Ltd", "Castlegate Ltd"]),
        (["2"], ["Dunmore Ltd"]),
    ]
    assert [
        (s["relatedLot"], s["measure"], s["value"]) for s in uk6.release["bids"]["statistics"]
    ] == [
        ("1", "bids", 3),
        ("1", "finalStageBids", 3),
        ("1", "smeFinalStageBids", 3),
        ("2", "bids", 3),
        ("2", "finalStageBids", 3),
        ("2", "smeFinalStageBids", 3),
    ]

    # 6. After the standstill, one framework agreement per lot.
    period = standstill(AWARD_NOTICE.date())
    signed = datetime.combine(period.earliest_entry + timedelta(days=3), time(10), tzinfo=LONDON)
    with at(signed):
        made = contracts.enter_into_contract(
            actor=buyer,
            procurement=procurement,
            date_signed=clock.today(),
            start_date=clock.today() + timedelta(days=30),
            end_date=clock.today() + timedelta(days=30 + 730),
        )
    procurement.refresh_from_db()
    assert procurement.status == Status.CONTRACT_SIGNED
    assert [
        (
            f.lot.number,
            str(f.ceiling_incl_vat),
            [s.supplier.name for s in f.framework_suppliers.select_related("supplier")],
        )
        for f in made
    ] == [
        ("1", "168000000.00", ["Albion Ltd", "Castlegate Ltd"]),
        ("2", "84000000.00", ["Dunmore Ltd"]),
    ]
    assert find_chain_break() is None
