"""Evaluation in lots (s.18): every comparison within a lot (the lowest price, abnormally low
prices, ranks and ties, the winners: the top N of each lot), the limit on the lots one supplier
may be awarded (s.23(4)), assessment summaries that name the lot and compare with its winners,
and a contract award notice (UK6) with one award and its bid statistics per lot."""

from decimal import Decimal

import jsonschema
import pytest
from django.test import Client
from django.urls import reverse

from procura.core.errors import RuleViolation
from procura.evaluation import rules, selectors, services, snapshot
from procura.evaluation.documents import assessment_summary_pdf
from procura.evaluation.models import AssessmentSummary, PreferredSupplier
from procura.evaluation.rules import Consensus, Criterion, LotTenders, Tender
from procura.notices import ocds
from procura.procurements.tests.factories import with_lots
from procura.testing.client import Api

from . import factories as f
from .factories import FakeOpenedTender, in_lots, record_of

pytestmark = pytest.mark.django_db

D = Decimal
ACT = "Procurement Act 2023"


def outcome(evaluation) -> list[tuple]:
    return [
        (r.lot, r.supplier.split()[0], r.rank, str(r.total), r.successful, r.passed_over)
        for r in evaluation.results
    ]


# --- The rules ----------------------------------------------------------------------------------

CRITERIA = [
    Criterion(id=1, kind="quality", title="Quality", weight=D("60")),
    Criterion(id=2, kind="price", title="Price", weight=D("40")),
]


def lot(number, *tenders, award=1) -> LotTenders:
    return LotTenders(
        number=number,
        title=f"Lot {number}",
        number_to_award=award,
        tenders=tuple(Tender(tender_id=i, supplier=s, price=D(p)) for i, s, p in tenders),
    )


def evaluate_lots(lots, scores, **kwargs):
    return rules.evaluate_lots(
        lots=lots,
        criteria=CRITERIA,
        consensus={(i, 1): Consensus(score=s, rationale="Agreed.") for i, s in scores.items()},
        price_formula="lowest_price_ratio",
        tie_break="highest_quality",
        **kwargs,
    )


def test_each_lot_is_priced_against_its_own_lowest_price():
    evaluation = evaluate_lots(
        [lot("1", (1, "A", "100"), (2, "B", "200")), lot("2", (3, "A", "10"), (4, "C", "20"))],
        {1: 5, 2: 5, 3: 5, 4: 5},
    )

    assert [(r.lot, r.supplier, str(r.price_total), r.rank) for r in evaluation.results] == [
        ("1", "A", "40.00", 1),
        ("1", "B", "20.00", 2),
        ("2", "A", "40.00", 1),
        ("2", "C", "20.00", 2),
    ]
    assert [(x.number, x.lowest_price, x.tenders) for x in evaluation.lots] == [
        ("1", D("100"), 2),
        ("2", D("10"), 2),
    ]
    assert evaluation.for_lot("2").lowest_price == D("10")
    assert [r.supplier for r in evaluation.winners] == ["A", "A"]


def test_the_lots_awarded_limit_passes_over_a_supplier_in_later_lots():
    evaluation = evaluate_lots(
        [lot("1", (1, "A", "100"), (2, "B", "200")), lot("2", (3, "A", "10"), (4, "C", "20"))],
        {1: 5, 2: 5, 3: 5, 4: 5},
        max_lots_awarded=1,
    )

    assert [
        (r.lot, r.supplier, r.rank, r.successful, r.passed_over) for r in evaluation.results
    ] == [
        ("1", "A", 1, True, False),
        ("1", "B", 2, False, False),
        ("2", "A", 1, False, True),
        ("2", "C", 2, True, False),
    ]
    assert evaluation.max_lots_awarded == 1


def test_a_tie_is_judged_within_its_lot_and_names_it():
    with pytest.raises(RuleViolation) as refusal:
        evaluate_lots(
            [
                lot("1", (1, "A", "100"), (2, "B", "200")),
                lot("2", (3, "A", "10"), (4, "C", "10")),
            ],
            {1: 5, 2: 5, 3: 4, 4: 4},
        )
    assert refusal.value.code == "tie_unresolved"
    assert refusal.value.message.startswith("Lot 2: The tenders of A, C are tied")
    assert refusal.value.details == {"tender_ids": [3, 4], "lot": "2"}


def test_a_recorded_tie_break_order_applies_to_its_lot():
    evaluation = evaluate_lots(
        [lot("1", (1, "A", "100")), lot("2", (3, "A", "10"), (4, "C", "10"))],
        {1: 5, 3: 4, 4: 4},
        tie_break_order=[4, 3],
    )
    assert [(r.lot, r.supplier, r.successful) for r in evaluation.results] == [
        ("1", "A", True),
        ("2", "C", True),
        ("2", "A", False),
    ]


def test_a_lot_without_tenders_awards_nothing_and_no_tenders_at_all_is_refused():
    evaluation = evaluate_lots([lot("1", (1, "A", "100")), lot("2")], {1: 5})
    assert [(x.number, x.lowest_price, x.tenders) for x in evaluation.lots] == [
        ("1", D("100"), 1),
        ("2", None, 0),
    ]
    with pytest.raises(RuleViolation) as refusal:
        evaluate_lots([lot("1"), lot("2")], {})
    assert refusal.value.code == "no_assessed_tenders"


def test_the_evaluation_in_lots_survives_storage():
    evaluation = evaluate_lots(
        [lot("1", (1, "A", "100"), (2, "B", "200")), lot("2", (3, "A", "10"), (4, "C", "20"))],
        {1: 5, 2: 5, 3: 5, 4: 5},
        max_lots_awarded=1,
    )
    assert snapshot.evaluation_from_json(snapshot.evaluation_to_json(evaluation)) == evaluation


# --- The services -------------------------------------------------------------------------------


def test_abnormally_low_prices_are_judged_within_each_lot(tender_box):
    e = in_lots(tender_box)

    # Dunmore's £450,000 is 44% below the average of every other tender, but only 12% below
    # the other tenders for software.
    assert selectors.flagged_tenders(e.procurement) == []


def test_the_award_has_the_top_tenders_of_each_lot(tender_box):
    e = in_lots(tender_box)

    decision = services.propose_award(actor=e.buyer, procurement=e.procurement)

    assert outcome(selectors.stored_evaluation(decision)) == [
        ("1", "Albion", 1, "96.00", True, False),
        ("1", "Castlegate", 2, "80.73", True, False),
        ("1", "Brightwell", 3, "76.00", False, False),
        ("2", "Castlegate", 1, "88.62", True, False),
        ("2", "Albion", 2, "84.00", False, False),
        ("2", "Dunmore", 3, "76.00", False, False),
    ]
    assert [
        (p.lot.number, p.supplier.name.split()[0], p.rank)
        for p in PreferredSupplier.objects.filter(decision=decision)
    ] == [("1", "Albion", 1), ("1", "Castlegate", 2), ("2", "Castlegate", 1)]
    assert decision.results["lot_statistics"] == [
        {"lot": "1", "tenders_received": 3, "sme_tenders_received": 3},
        {"lot": "2", "tenders_received": 3, "sme_tenders_received": 3},
    ]
    [event] = f.AuditEvent.objects.filter(event_type="evaluation.award_proposed")
    assert event.after["winners"] == (
        "lot 1: Albion Technology Solutions Ltd and Castlegate Digital Ltd; "
        "lot 2: Castlegate Digital Ltd"
    )


def test_the_lots_awarded_limit_gives_the_next_ranked_tender_the_place(tender_box):
    e = in_lots(tender_box, max_lots_awarded_per_supplier=1)

    decision = services.propose_award(actor=e.buyer, procurement=e.procurement)

    assert outcome(selectors.stored_evaluation(decision))[3:] == [
        ("2", "Castlegate", 1, "88.62", False, True),
        ("2", "Albion", 2, "84.00", False, True),
        ("2", "Dunmore", 3, "76.00", True, False),
    ]
    services.approve_award(actor=e.approver, procurement=e.procurement)
    services.send_assessment_summaries(actor=e.buyer, procurement=e.procurement)
    castlegate = AssessmentSummary.objects.get(tender_id=2006)
    assert castlegate.content["outcome"] == (
        "Your tender ranked 1st of 3 assessed tenders in lot 2 (Software) but was not "
        "successful: a supplier may be awarded at most 1 lot of this procurement, your "
        "organisation is to be awarded that many earlier lots, and the next-ranked tender takes "
        "your place, as the tender notice said (Procurement Act 2023 s.23(4))."
    )


def test_each_summary_names_its_lot_and_compares_with_that_lots_winners(tender_box):
    e = in_lots(tender_box)
    services.propose_award(actor=e.buyer, procurement=e.procurement)
    services.approve_award(actor=e.approver, procurement=e.procurement)

    summaries = services.send_assessment_summaries(actor=e.buyer, procurement=e.procurement)

    assert sorted((s.lot.number, s.supplier.name.split()[0], s.successful) for s in summaries) == [
        ("1", "Albion", True),
        ("1", "Brightwell", False),
        ("1", "Castlegate", True),
        ("2", "Albion", False),
        ("2", "Castlegate", True),
        ("2", "Dunmore", False),
    ]
    brightwell = AssessmentSummary.objects.get(tender_id=2002).content
    assert brightwell["lot"] == {"number": "1", "title": "Hardware"}
    assert brightwell["outcome"] == (
        "Your tender ranked 3rd of 3 assessed tenders in lot 1 (Hardware) and was not "
        "successful: the authority intends to award to the 2 highest-ranked tenders. Your total "
        "score was 76.00; the lowest successful total was 80.73."
    )
    assert [w["supplier"] for w in brightwell["winning_tenders"]] == [
        "Albion Technology Solutions Ltd",
        "Castlegate Digital Ltd",
    ]
    albion_software = AssessmentSummary.objects.get(tender_id=2004).content
    assert albion_software["tender"]["of"] == 3
    assert [w["total"] for w in albion_software["winning_tenders"]] == ["88.62"]
    # The price line explains the lot's own lowest price.
    [price] = [c for c in albion_software["tender"]["criteria"] if c["kind"] == "price"]
    assert "the lowest price (£450,000)" in price["explanation"]


def test_the_contract_award_notice_has_one_award_and_statistics_per_lot(tender_box):
    e = in_lots(tender_box)
    services.propose_award(actor=e.buyer, procurement=e.procurement)
    services.approve_award(actor=e.approver, procurement=e.procurement)
    services.send_assessment_summaries(actor=e.buyer, procurement=e.procurement)

    notice = services.publish_award_notice(actor=e.buyer, procurement=e.procurement)
    release = notice.release

    jsonschema.Draft4Validator(
        ocds.release_schema(), format_checker=jsonschema.FormatChecker()
    ).validate(release)
    assert [(x["id"], x["status"]) for x in release["tender"]["lots"]] == [
        ("1", "complete"),
        ("2", "complete"),
    ]
    hardware, software = release["awards"]
    assert (hardware["relatedLots"], software["relatedLots"]) == (["1"], ["2"])
    assert [s["name"] for s in hardware["suppliers"]] == [
        "Albion Technology Solutions Ltd",
        "Castlegate Digital Ltd",
    ]
    assert [s["name"] for s in software["suppliers"]] == ["Castlegate Digital Ltd"]
    assert hardware["value"] == {
        "currency": "GBP",
        "amount": 140000000.0,
        "amountGross": 168000000.0,
    }
    assert [(s["measure"], s["value"], s["relatedLot"]) for s in release["bids"]["statistics"]] == [
        ("bids", 3, "1"),
        ("finalStageBids", 3, "1"),
        ("smeFinalStageBids", 3, "1"),
        ("bids", 3, "2"),
        ("finalStageBids", 3, "2"),
        ("smeFinalStageBids", 3, "2"),
    ]
    roles = {p["name"]: p["roles"] for p in release["parties"][1:]}
    assert roles == {
        "Albion Technology Solutions Ltd": ["supplier", "tenderer"],
        "Brightwell IT Supply Ltd": ["tenderer"],
        "Castlegate Digital Ltd": ["supplier", "tenderer"],
        "Dunmore Systems plc": ["tenderer"],
    }


def test_a_tie_within_a_lot_stops_the_proposal_and_changes_nothing(tender_box):
    e = in_lots(tender_box)
    # Castlegate's software tender re-moderated and re-priced to tie exactly with Albion's.
    services.record_consensus_scores(
        actor=e.buyer,
        procurement=e.procurement,
        tender_id=2006,
        scores=[f.ScoreInput(c.pk, 4, "Re-moderated.") for c in f.quality_criteria(e.procurement)],
    )
    castlegate = e.tenders[5]
    repriced = FakeOpenedTender(
        tender_id=2006,
        supplier=castlegate.supplier,
        price=D("500000"),
        answers=castlegate.answers,
        lot=castlegate.lot,
    )
    tender_box.open(e.procurement, [*e.tenders[:5], repriced])
    before = record_of(e.procurement)

    with pytest.raises(RuleViolation) as refusal:
        services.propose_award(actor=e.buyer, procurement=e.procurement)

    assert refusal.value.code == "tie_unresolved"
    assert refusal.value.message.startswith("Lot 2: The tenders of Albion")
    assert record_of(e.procurement) == before


def test_the_summary_pdf_names_the_lot(tender_box):
    e = in_lots(tender_box)
    services.propose_award(actor=e.buyer, procurement=e.procurement)
    services.approve_award(actor=e.approver, procurement=e.procurement)
    services.send_assessment_summaries(actor=e.buyer, procurement=e.procurement)

    pdf = assessment_summary_pdf(AssessmentSummary.objects.get(tender_id=2002))

    assert pdf.startswith(b"%PDF-")
    assert b"(Lot 1: Hardware)" in pdf


# --- The API ------------------------------------------------------------------------------------


def _evaluator_tenders(evaluation) -> list[dict]:
    """GET .../evaluation/tenders as the (declared) evaluator, with a bearer token."""
    person = evaluation.evaluators[0]
    response = Api(person, prefix="/api/v1").get(
        f"/procurements/{evaluation.procurement.pk}/evaluation/tenders"
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_the_evaluator_api_names_the_lot_of_each_tender(tender_box):
    e = in_lots(tender_box)

    tenders = _evaluator_tenders(e)

    # Albion's hardware and software tenders are told apart by their lot, not by guesswork.
    assert [(t["tender_id"], t["supplier"].split()[0], t["lot"]) for t in tenders] == [
        (2001, "Albion", "1"),
        (2004, "Albion", "2"),
        (2002, "Brightwell", "1"),
        (2003, "Castlegate", "1"),
        (2006, "Castlegate", "2"),
        (2005, "Dunmore", "2"),
    ]
    assert all("price" not in t for t in tenders)


def test_without_lots_the_evaluator_api_has_no_lot_field(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e)

    tenders = _evaluator_tenders(e)

    assert len(tenders) == 7
    assert all("lot" not in t for t in tenders)


def test_the_evaluator_and_moderation_pages_name_each_tenders_lot(tender_box):
    e = in_lots(tender_box)
    evaluator, buyer = Client(), Client()
    evaluator.force_login(e.evaluators[0])
    buyer.force_login(e.buyer)
    albion_software = next(t for t in e.tenders if t.tender_id == 2004)

    scoring = evaluator.get(reverse("evaluation:scoring", args=[e.procurement.pk])).content
    score = evaluator.get(
        reverse("evaluation:score", args=[e.procurement.pk, albion_software.tender_id])
    ).content.decode()
    overview = buyer.get(reverse("evaluation:overview", args=[e.procurement.pk])).content

    assert scoring.count(b"Albion Technology Solutions Ltd, lot 1: Hardware") == 1
    assert scoring.count(b"Albion Technology Solutions Ltd, lot 2: Software") == 1
    assert '<h1 class="govuk-heading-l">Albion Technology Solutions Ltd, lot 2: Software</h1>' in (
        score
    )
    assert b"Dunmore Systems plc, lot 2: Software" in overview


def test_the_abnormally_low_api_names_the_lot_whose_prices_it_was_judged_against(tender_box):
    # Given Fernhill's software price is far below the other software tenders
    procurement = f.procurement()
    hardware, software = with_lots(procurement)
    rows = [
        ("Albion Technology Solutions Ltd", hardware, "1000000"),
        ("Brightwell IT Supply Ltd", hardware, "1050000"),
        ("Castlegate Digital Ltd", hardware, "980000"),
        ("Dunmore Systems plc", software, "500000"),
        ("Eastbrook Computing Ltd", software, "520000"),
        ("Fernhill Networks Ltd", software, "150000"),
    ]
    tender_box.open(
        procurement,
        [
            FakeOpenedTender(tender_id=3000 + n, supplier=f.supplier(name), price=D(price), lot=lot)
            for n, (name, lot, price) in enumerate(rows, start=1)
        ],
    )
    buyer = Api(procurement.created_by, prefix="/api/v1")

    # When the buyer lists the flagged tenders and records the decision
    flagged = buyer.get(f"/procurements/{procurement.pk}/abnormally-low-tenders").json()
    decided = buyer.put(
        f"/procurements/{procurement.pk}/abnormally-low-tenders/3006",
        {
            "explanation": "A licence transfer from a dissolved customer, evidenced.",
            "decision": "accepted",
        },
    )

    # Then
    assert [(x["supplier"], x["lot"], x["average_of_others"]) for x in flagged] == [
        ("Fernhill Networks Ltd", "2", "510000.00")
    ]
    assert (decided.status_code, decided.json()["lot"], decided.json()["decision"]) == (
        200,
        "2",
        "accepted",
    )


def test_scores_through_the_api_name_each_tenders_lot(tender_box):
    e = in_lots(tender_box)
    evaluator = Api(e.evaluators[0], prefix="/api/v1")

    mine = evaluator.get(f"/procurements/{e.procurement.pk}/evaluation/scores").json()
    panel = evaluator.get(f"/procurements/{e.procurement.pk}/evaluation/panel-scores").json()

    expected = {
        (2001, "Albion Technology Solutions Ltd", "1"),
        (2002, "Brightwell IT Supply Ltd", "1"),
        (2003, "Castlegate Digital Ltd", "1"),
        (2004, "Albion Technology Solutions Ltd", "2"),
        (2005, "Dunmore Systems plc", "2"),
        (2006, "Castlegate Digital Ltd", "2"),
    }
    assert {(s["tender_id"], s["supplier"], s["lot"]) for s in mine} == expected
    assert {(s["tender_id"], s["supplier"], s["lot"]) for s in panel} == expected
    assert len(mine) == len(panel) == 6 * len(f.quality_criteria(e.procurement))
