"""The evaluation rules: pure, no database. Each docstring of rules.py has its test here."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from procura.core.errors import RuleViolation
from procura.evaluation import rules, snapshot
from procura.evaluation.rules import Consensus, Criterion, Tender
from procura.procurements.states import PriceFormula, TieBreak

D = Decimal
Q, P = "quality", "price"

# The Met's value-added reseller framework: 7 shortlisted tenders, 2 framework suppliers.
MET_CRITERIA = [
    Criterion(id=1, kind=Q, title="Technical capability and range", weight=D("30"), max_score=5),
    Criterion(id=2, kind=Q, title="Continuity and scalability of supply", weight=D("20")),
    Criterion(id=3, kind=Q, title="Social value", weight=D("10"), max_score=5),
    Criterion(id=4, kind=P, title="Price", weight=D("40"), max_score=5),
]
MET_TENDERS = [
    # (tender id, supplier, price £ excl. VAT, consensus on criteria 1, 2, 3)
    (101, "Albion Technology Solutions Ltd", "1890000", (4, 4, 3)),
    (102, "Brightwell IT Supply Ltd", "1750000", (3, 4, 3)),
    (103, "Castlegate Digital Ltd", "2100000", (5, 4, 4)),
    (104, "Dunmore Systems plc", "1980000", (4, 3, 3)),
    (105, "Eastbrook Computing Ltd", "1820000", (4, 4, 4)),
    (106, "Fernhill Networks Ltd", "2250000", (5, 5, 4)),
    (107, "Greystone Infrastructure Ltd", "1935000", (3, 3, 2)),
]


def _met(**overrides):
    tenders = [Tender(tender_id=t, supplier=s, price=D(p)) for t, s, p, _ in MET_TENDERS]
    consensus = {
        (t, c): Consensus(score=scores[c - 1], rationale=f"Rationale {t}/{c}")
        for t, _, _, scores in MET_TENDERS
        for c in (1, 2, 3)
    }
    arguments = {
        "tenders": tenders,
        "criteria": MET_CRITERIA,
        "consensus": consensus,
        "price_formula": PriceFormula.LOWEST_PRICE_RATIO,
        "tie_break": TieBreak.HIGHEST_QUALITY,
        "number_to_award": 2,
    }
    arguments.update(overrides)
    return rules.evaluate(**arguments)


# --- Rounding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        ("3.125", "3.13"),  # half up, not banker's rounding (which would give 3.12)
        ("3.135", "3.14"),
        ("3.1249999", "3.12"),
        ("37.037037", "37.04"),
        ("0.005", "0.01"),
        ("100", "100.00"),
    ],
)
def test_scores_are_rounded_to_two_places_half_up(value, rounded):
    assert rules.round_score(D(value)) == D(rounded)


# --- Abnormally low tenders (s.19(4)) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("prices", "threshold", "flagged"),
    [
        # The others average 100: 80 is exactly 20% below, so it is flagged.
        ({1: "80", 2: "100", 3: "100"}, "20", {1}),
        # 80.01 is 19.99% below: not flagged.
        ({1: "80.01", 2: "100", 3: "100"}, "20", set()),
        # The others average 333.33...: 266.67 is 19.999% below, 266.66 is 20.002% below.
        ({1: "266.67", 2: "300", 3: "400", 4: "300"}, "20", set()),
        ({1: "266.66", 2: "300", 3: "400", 4: "300"}, "20", {1}),
        # A lone tender has nothing to compare with.
        ({1: "1"}, "20", set()),
        # Two tenders: each is compared with the other.
        ({1: "50", 2: "100"}, "20", {1}),
        # A stricter declared threshold.
        ({1: "80", 2: "100", 3: "100"}, "25", set()),
        # Several flagged at once.
        ({1: "10", 2: "10", 3: "100", 4: "100"}, "20", {1, 2}),
        # A threshold of 0 flags any tender at or below the average of the others.
        ({1: "100", 2: "100", 3: "100"}, "0", {1, 2, 3}),
    ],
)
def test_a_tender_far_enough_below_the_average_of_the_others_is_flagged(prices, threshold, flagged):
    findings = rules.abnormally_low_tenders({k: D(v) for k, v in prices.items()}, D(threshold))

    assert set(findings) == flagged


def test_a_finding_says_how_far_below_the_average_the_price_is():
    findings = rules.abnormally_low_tenders(
        {1: D("1100000"), 2: D("1900000"), 3: D("2000000")}, D("20")
    )

    assert findings == {
        1: rules.AbnormallyLowFinding(
            tender_id=1,
            price=D("1100000"),
            average_of_others=D("1950000.00"),
            percent_below=D("43.59"),
            threshold_percent=D("20"),
        )
    }


@pytest.mark.parametrize(
    ("explanation", "decision", "code"),
    [
        ("", "accepted", "explanation_required"),
        ("   ", "rejected", "explanation_required"),
        ("Bulk discount from the manufacturer.", "maybe", "invalid_input"),
    ],
)
def test_an_abnormally_low_decision_needs_the_explanation_and_a_decision(
    explanation, decision, code
):
    with pytest.raises(RuleViolation) as refused:
        rules.check_abnormally_low_review(explanation=explanation, decision=decision)

    assert refused.value.code == code


# --- Scores ----------------------------------------------------------------------------------


@pytest.mark.parametrize("score", [0, 1, 5])
def test_a_whole_number_score_within_the_scale_is_accepted(score):
    assert rules.check_score(score, 5) == score


@pytest.mark.parametrize("score", [-1, 6, 2.5, "3", None, True])
def test_a_score_outside_the_scale_or_not_a_whole_number_is_refused(score):
    with pytest.raises(RuleViolation) as refused:
        rules.check_score(score, 5)

    assert refused.value.code == "score_out_of_range"


@pytest.mark.parametrize("text", ["", "  ", None])
def test_a_score_without_a_justification_is_refused(text):
    with pytest.raises(RuleViolation) as refused:
        rules.check_justification(text)

    assert refused.value.code == "justification_required"


def test_a_moderated_score_without_a_rationale_is_refused():
    with pytest.raises(RuleViolation) as refused:
        rules.check_rationale(" ")

    assert refused.value.code == "rationale_required"


@pytest.mark.parametrize(
    ("lowest", "price", "marks", "points"),
    [
        ("1750000", "1750000", "40", "40.00"),  # the lowest price gets every mark
        ("1750000", "1890000", "40", "37.04"),
        ("1750000", "2100000", "40", "33.33"),
        ("1", "3.2", "10", "3.13"),  # exactly 3.125: half up
        ("100", "300", "30", "10.00"),
    ],
)
def test_price_is_scored_as_lowest_price_over_tender_price_times_the_marks(
    lowest, price, marks, points
):
    score = rules.price_score(
        PriceFormula.LOWEST_PRICE_RATIO, lowest=D(lowest), price=D(price), available_marks=D(marks)
    )

    assert score == D(points)


def test_a_price_of_zero_cannot_be_scored():
    with pytest.raises(RuleViolation) as refused:
        rules.lowest_price_ratio(lowest=D("0"), price=D("0"), available_marks=D("40"))

    assert refused.value.code == "price_not_positive"


@pytest.mark.parametrize(
    ("score", "max_score", "weight", "points"),
    [
        (5, 5, "30", "30.00"),
        (0, 5, "30", "0.00"),
        (3, 5, "20", "12.00"),
        (1, 8, "25", "3.13"),  # exactly 3.125: half up
        (2, 3, "10", "6.67"),
    ],
)
def test_quality_is_scored_as_consensus_over_maximum_times_the_weight(
    score, max_score, weight, points
):
    assert rules.quality_score(score, max_score, D(weight)) == D(points)


# --- The Met example: 7 tenders, 2 winners ------------------------------------------------------


def test_the_met_framework_ranks_seven_tenders_and_the_top_two_win():
    evaluation = _met()

    assert [(r.supplier, r.total, r.rank, r.successful) for r in evaluation.results] == [
        ("Fernhill Networks Ltd", D("89.11"), 1, True),
        ("Castlegate Digital Ltd", D("87.33"), 2, True),
        ("Eastbrook Computing Ltd", D("86.46"), 3, False),
        ("Albion Technology Solutions Ltd", D("83.04"), 4, False),
        ("Brightwell IT Supply Ltd", D("80.00"), 5, False),
        ("Dunmore Systems plc", D("77.35"), 6, False),
        ("Greystone Infrastructure Ltd", D("70.18"), 7, False),
    ]
    assert [w.tender_id for w in evaluation.winners] == [106, 103]
    assert evaluation.lowest_price == D("1750000")


def test_each_met_total_is_the_sum_of_its_rounded_weighted_scores():
    fernhill = _met().result_for(106)

    assert [(c.title, c.score, c.weighted) for c in fernhill.criteria] == [
        ("Technical capability and range", 5, D("30.00")),
        ("Continuity and scalability of supply", 5, D("20.00")),
        ("Social value", 4, D("8.00")),
        ("Price", None, D("31.11")),
    ]
    assert fernhill.quality_total == D("58.00")
    assert fernhill.price_total == D("31.11")
    assert fernhill.total == D("89.11")
    assert fernhill.criteria[0].explanation == "Rationale 106/1"
    assert fernhill.criteria[3].explanation == (
        "Scored by the published formula: the lowest price (£1,750,000) ÷ this tender's price "
        "(£2,250,000) × 40 marks available = 31.11."
    )


def test_a_single_contract_has_one_winner():
    evaluation = _met(number_to_award=1)

    assert [w.supplier for w in evaluation.winners] == ["Fernhill Networks Ltd"]


def test_when_fewer_tenders_than_places_every_tender_wins():
    evaluation = _met(tenders=[Tender(tender_id=106, supplier="Fernhill", price=D("2250000"))])

    assert [(r.tender_id, r.rank, r.successful) for r in evaluation.results] == [(106, 1, True)]


def test_every_quality_criterion_of_every_tender_needs_a_moderated_score():
    consensus = {
        (t, c): Consensus(score=3, rationale="r") for t, _, _, _ in MET_TENDERS for c in (1, 2, 3)
    }
    del consensus[(104, 2)]

    with pytest.raises(RuleViolation) as refused:
        _met(consensus=consensus)

    assert refused.value.code == "moderation_incomplete"
    assert refused.value.details == {"missing": [{"tender_id": 104, "criterion_id": 2}]}


def test_there_must_be_a_tender_to_assess():
    with pytest.raises(RuleViolation) as refused:
        _met(tenders=[])

    assert refused.value.code == "no_assessed_tenders"


# --- Ties --------------------------------------------------------------------------------------

TIE_CRITERIA = [
    Criterion(id=1, kind=Q, title="Quality", weight=D("60"), max_score=5),
    Criterion(id=2, kind=P, title="Price", weight=D("40"), max_score=5),
]


def _tie(tenders, quality_scores, *, tie_break=TieBreak.HIGHEST_QUALITY, winners=1, order=()):
    return rules.evaluate(
        tenders=[Tender(tender_id=i, supplier=name, price=D(price)) for i, name, price in tenders],
        criteria=TIE_CRITERIA,
        consensus={(i, 1): Consensus(score=s, rationale="r") for i, s in quality_scores.items()},
        price_formula=PriceFormula.LOWEST_PRICE_RATIO,
        tie_break=tie_break,
        number_to_award=winners,
        tie_break_order=order,
    )


# A scores 60 (quality 5/5) + 20 (price 200 against 100) = 80; B scores 36 + 40 = 76;
# C with quality 4 at price 125: 48 + 32 = 80 (a tie with A on the total).
A, B, C = (1, "Aston Ltd", "200"), (2, "Bexley Ltd", "100"), (3, "Carrow Ltd", "125")


def test_equal_totals_are_separated_by_the_higher_quality_score():
    evaluation = _tie([A, C, B], {1: 5, 3: 4, 2: 3}, tie_break=TieBreak.HIGHEST_QUALITY)

    assert [(r.supplier, r.total, r.rank) for r in evaluation.results] == [
        ("Aston Ltd", D("80.00"), 1),
        ("Carrow Ltd", D("80.00"), 2),
        ("Bexley Ltd", D("76.00"), 3),
    ]
    assert evaluation.winners[0].supplier == "Aston Ltd"


def test_equal_totals_are_separated_by_the_lower_price_when_that_is_the_declared_rule():
    evaluation = _tie([A, C, B], {1: 5, 3: 4, 2: 3}, tie_break=TieBreak.LOWEST_PRICE)

    assert [(r.supplier, r.rank) for r in evaluation.results[:2]] == [
        ("Carrow Ltd", 1),
        ("Aston Ltd", 2),
    ]


@pytest.mark.parametrize("tie_break", [TieBreak.HIGHEST_QUALITY, TieBreak.LOWEST_PRICE])
def test_a_tie_the_declared_rule_cannot_break_for_the_last_winning_place_is_refused(tie_break):
    twin = (4, "Dunlin Ltd", "200")

    with pytest.raises(RuleViolation) as refused:
        _tie([A, twin, B], {1: 5, 4: 5, 2: 3}, tie_break=tie_break)

    assert refused.value.code == "tie_unresolved"
    assert refused.value.details == {"tender_ids": [1, 4]}


def test_the_authoritys_recorded_order_breaks_a_tie_it_could_not_otherwise_break():
    twin = (4, "Dunlin Ltd", "200")

    evaluation = _tie([A, twin, B], {1: 5, 4: 5, 2: 3}, order=[4, 1])

    assert [(r.supplier, r.rank, r.tied, r.successful) for r in evaluation.results] == [
        ("Dunlin Ltd", 1, False, True),
        ("Aston Ltd", 2, False, False),
        ("Bexley Ltd", 3, False, False),
    ]
    assert evaluation.tie_break_order == (4, 1)


def test_a_tie_below_the_winning_places_is_allowed_and_the_tenders_share_a_rank():
    twin = (4, "Dunlin Ltd", "200")
    best = (5, "Elmore Ltd", "100")  # 60 + 40 = 100

    evaluation = _tie([A, twin, best, B], {1: 5, 4: 5, 5: 5, 2: 3}, winners=1)

    assert [(r.supplier, r.rank, r.tied) for r in evaluation.results] == [
        ("Elmore Ltd", 1, False),
        ("Aston Ltd", 2, True),
        ("Dunlin Ltd", 2, True),
        ("Bexley Ltd", 4, False),
    ]


def test_a_tie_that_both_tenders_win_needs_no_decision():
    twin = (4, "Dunlin Ltd", "200")

    evaluation = _tie([A, twin, B], {1: 5, 4: 5, 2: 3}, winners=2)

    assert {r.supplier for r in evaluation.winners} == {"Aston Ltd", "Dunlin Ltd"}
    assert [r.rank for r in evaluation.winners] == [1, 1]


@pytest.mark.parametrize("order", [[1, 1], [1, 99]])
def test_a_tie_break_order_must_name_each_tender_once(order):
    with pytest.raises(RuleViolation) as refused:
        _tie([A, B], {1: 5, 2: 3}, order=order)

    assert refused.value.code == "invalid_tie_order"


# --- Assessment summaries (reg 31) ---------------------------------------------------------------


def _summary(tender_id):
    return rules.assessment_summary_content(
        _met(),
        tender_id,
        supplier={"name": "X", "address": "1 Road", "identifier": "GB-COH-1"},
        procurement={"reference": "PRC-2026-0001", "title": "VAR framework"},
        criteria=MET_CRITERIA,
    )


def test_a_losing_suppliers_summary_has_its_scores_and_the_winners_scores_not_their_prices():
    summary = _summary(101)  # Albion: 4th

    assert summary["tender"]["total"] == "83.04"
    assert summary["tender"]["rank"] == 4
    assert summary["tender"]["of"] == 7
    assert summary["tender"]["successful"] is False
    assert summary["outcome"] == (
        "Your tender ranked 4th of 7 assessed tenders and was not successful: the authority "
        "intends to award to the 2 highest-ranked tenders. Your total score was 83.04; the "
        "lowest successful total was 87.33."
    )
    assert [line["explanation"] for line in summary["tender"]["criteria"]][:3] == [
        "Rationale 101/1",
        "Rationale 101/2",
        "Rationale 101/3",
    ]
    assert "(£1,890,000)" in summary["tender"]["criteria"][3]["explanation"]
    assert [w["supplier"] for w in summary["winning_tenders"]] == [
        "Fernhill Networks Ltd",
        "Castlegate Digital Ltd",
    ]
    fernhill_price = summary["winning_tenders"][0]["criteria"][3]
    assert fernhill_price["explanation"] == "Scored by the published price formula: 31.11 of 40."
    assert "2,250,000" not in str(summary["winning_tenders"])
    assert summary["methodology"]["criteria"][0] == {
        "title": "Technical capability and range",
        "kind": "quality",
        "weight": "30",
        "scores_available": "0 to 5, weighted to 30 marks",
    }


def test_a_successful_suppliers_summary_has_only_its_own_scores():
    summary = _summary(103)  # Castlegate: 2nd

    assert summary["tender"]["successful"] is True
    assert summary["winning_tenders"] == []
    assert summary["outcome"].startswith("Your tender ranked 2nd of 7 assessed tenders and is")


def test_the_stored_evaluation_reads_back_exactly():
    evaluation = _met()

    assert snapshot.evaluation_from_json(snapshot.evaluation_to_json(evaluation)) == evaluation


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (101, "101st"),
        (111, "111th"),
    ],
)
def test_ordinals(n, text):
    assert rules.ordinal(n) == text


# ---------------------------------------------------------------------------------------------
# When each step may be taken: the checks the services gather facts for
# ---------------------------------------------------------------------------------------------


def _refused(call) -> RuleViolation:
    with pytest.raises(RuleViolation) as refused:
        call()
    return refused.value


def _passes_or_refuses(call, code):
    if code is None:
        call()
        return None
    refused = _refused(call)
    assert refused.code == code
    return refused


@pytest.mark.parametrize(
    ("status", "proposed", "code"),
    [
        ("evaluation", False, None),
        ("tenders_closed", False, "tenders_sealed"),
        ("tendering_open", False, "tenders_sealed"),
        ("award_decided", False, "evaluation_closed"),
        ("terminated", False, "evaluation_closed"),
        ("evaluation", True, "evaluation_closed"),
    ],
)
def test_scores_change_only_in_evaluation_before_an_award_is_proposed(status, proposed, code):
    _passes_or_refuses(
        lambda: rules.check_evaluating(procurement_status=status, award_proposed=proposed), code
    )


@pytest.mark.parametrize(
    ("status", "proposed", "code"),
    [
        ("draft", False, None),
        ("evaluation", False, None),
        ("evaluation", True, "evaluation_closed"),
        ("award_decided", False, "evaluation_closed"),
    ],
)
def test_the_panel_changes_until_an_award_is_proposed(status, proposed, code):
    _passes_or_refuses(
        lambda: rules.check_panel_open(procurement_status=status, award_proposed=proposed), code
    )


@pytest.mark.parametrize(
    ("is_evaluator", "assignment_status", "code"),
    [
        (True, None, None),
        (True, "removed", None),  # taken off before: may be put back
        (False, None, "not_an_evaluator"),
        (True, "awaiting_declaration", "already_assigned"),
        (True, "cleared", "already_assigned"),
    ],
)
def test_an_evaluator_of_the_authority_sits_on_the_panel_once(
    is_evaluator, assignment_status, code
):
    refused = _passes_or_refuses(
        lambda: rules.check_assignable(
            is_evaluator=is_evaluator,
            evaluator="Dana Evaluator",
            authority="Metropolitan Police Service",
            assignment_status=assignment_status,
        ),
        code,
    )
    if refused is not None:
        assert refused.field == "evaluator"


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({}, None, None),
        ({"has_conflict": False, "supplier_kinds": [], "description": ""}, None, None),
        ({"procurement_status": "standstill"}, None, None),  # s.83(5): kept under review
        ({"procurement_status": "contract_signed"}, "evaluation_closed", None),
        ({"assignment_status": "conflicted"}, "conflicts_already_declared", None),
        ({"supplier_kinds": []}, "suppliers_required", "suppliers"),
        ({"supplier_kinds": ["supplier", "authority"]}, "invalid_input", "suppliers"),
        ({"description": "  "}, "description_required", "description"),
        (
            {"has_conflict": False, "assignment_status": "cleared"},
            "conflicts_already_declared",
            None,
        ),
    ],
)
def test_a_declaration_names_the_suppliers_and_describes_the_conflict(changes, code, field):
    given = {
        "procurement_status": "evaluation",
        "assignment_status": "awaiting_declaration",
        "has_conflict": True,
        "supplier_kinds": ["supplier"],
        "description": "My brother is a director of Albion.",
        **changes,
    }
    refused = _passes_or_refuses(lambda: rules.check_declaration(**given), code)
    if refused is not None:
        assert refused.field == field


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("cleared", None),
        ("awaiting_declaration", "conflicts_not_declared"),
        ("submitted", "scores_submitted"),
    ],
)
def test_an_evaluator_scores_after_declaring_and_until_submitting(status, code):
    _passes_or_refuses(lambda: rules.check_may_score(status), code)


QUALITY = {c.id: c for c in MET_CRITERIA if c.kind == Q}


@pytest.mark.parametrize(
    ("scores", "code", "field"),
    [
        ([rules.ScoreInput(1, 5, "Strong range")], None, None),
        ([rules.ScoreInput(1, 0, "No evidence")], None, None),
        ([], "invalid_input", None),
        ([rules.ScoreInput(4, 3, "Price")], "not_a_quality_criterion", "score-4"),
        ([rules.ScoreInput(1, 6, "Too high")], "score_out_of_range", "score-1"),
        ([rules.ScoreInput(1, -1, "Too low")], "score_out_of_range", "score-1"),
        ([rules.ScoreInput(2, 3, " ")], "justification_required", "justification-2"),
    ],
)
def test_a_set_of_scores_is_checked_whole(scores, code, field):
    refused = _passes_or_refuses(
        lambda: rules.check_scores(
            scores, QUALITY, text_check=rules.check_justification, text_name="justification"
        ),
        code,
    )
    if refused is not None:
        assert refused.field == field


def test_every_problem_in_a_set_of_scores_is_listed_and_the_first_leads():
    scores = [rules.ScoreInput(1, 9, ""), rules.ScoreInput(3, 2, "Fine")]

    refused = _refused(
        lambda: rules.check_scores(
            scores, QUALITY, text_check=rules.check_rationale, text_name="rationale"
        )
    )

    assert refused.code == "score_out_of_range"
    assert [(p["code"], p["field"]) for p in refused.details["problems"]] == [
        ("score_out_of_range", "score-1"),
        ("rationale_required", "rationale-1"),
    ]
    assert refused.message.startswith("Technical capability and range: Give a whole number")


def test_scores_are_submitted_only_when_complete():
    rules.check_scores_complete([])
    refused = _refused(lambda: rules.check_scores_complete([(101, 1), (102, 1)]))
    assert (refused.code, refused.details) == (
        "scores_incomplete",
        {"missing": [{"tender_id": 101, "criterion_id": 1}, {"tender_id": 102, "criterion_id": 1}]},
    )
    assert "2 scores are missing" in refused.message


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({}, None, None),
        ({"decision": "rejected", "reason": "Cannot pay the living wage"}, None, None),
        ({"flagged": False}, "not_abnormally_low", None),
        ({"explanation": ""}, "explanation_required", "explanation"),
        ({"decision": "maybe"}, "invalid_input", "decision"),
        ({"decision": "rejected", "reason": " "}, "reason_required", "reason"),
    ],
)
def test_an_abnormally_low_tender_is_decided_after_the_explanation(changes, code, field):
    given = {
        "flagged": True,
        "supplier": "Brightwell IT Supply Ltd",
        "explanation": "Stock bought before the price rise.",
        "decision": "accepted",
        "reason": "",
        **changes,
    }
    refused = _passes_or_refuses(lambda: rules.check_abnormally_low_decision(**given), code)
    if refused is not None:
        assert refused.field == field


def test_moderation_waits_for_the_whole_panel_and_skips_disregarded_tenders():
    rules.check_moderation_open(True)
    rules.check_not_disregarded(disregarded=False, supplier="Albion")
    assert _refused(lambda: rules.check_moderation_open(False)).code == "evaluation_incomplete"
    refused = _refused(lambda: rules.check_not_disregarded(disregarded=True, supplier="Albion"))
    assert (refused.code, refused.section) == (
        "tender_disregarded",
        "Procurement Act 2023 s.19(3)(c)",
    )


@pytest.mark.parametrize(
    ("status", "proposed", "panel_submitted", "code"),
    [
        ("evaluation", False, True, None),
        ("tenders_closed", False, True, "tenders_sealed"),
        ("award_decided", False, True, "evaluation_closed"),
        ("evaluation", True, True, "award_already_proposed"),
        ("evaluation", False, False, "evaluation_incomplete"),
    ],
)
def test_the_award_is_proposed_once_after_the_whole_panel_has_submitted(
    status, proposed, panel_submitted, code
):
    _passes_or_refuses(
        lambda: rules.check_may_propose_award(
            procurement_status=status, award_proposed=proposed, panel_submitted=panel_submitted
        ),
        code,
    )


@pytest.mark.parametrize(
    ("undecided", "order", "reason", "code"),
    [
        ((), (), "", None),
        ((), (101, 102), "Better social value", None),
        (((102, "Brightwell"), (105, "Eastbrook")), (), "", "abnormally_low_undecided"),
        ((), (101, 102), " ", "tie_break_reason_required"),
    ],
)
def test_an_award_proposal_decides_abnormally_low_tenders_and_explains_a_tie_order(
    undecided, order, reason, code
):
    refused = _passes_or_refuses(
        lambda: rules.check_award_proposal(
            undecided_abnormally_low=undecided, tie_break_order=order, tie_break_reason=reason
        ),
        code,
    )
    if code == "abnormally_low_undecided":
        assert refused.details == {"tender_ids": [102, 105]}
        assert refused.message.startswith("The price of Brightwell and Eastbrook is abnormally")


@pytest.mark.parametrize(
    ("status", "code"),
    [("proposed", None), (None, "no_award_proposal"), ("returned", "no_award_proposal")],
)
def test_only_a_proposal_awaiting_approval_is_signed_off_or_returned(status, code):
    _passes_or_refuses(lambda: rules.check_awaiting_approval(status), code)


def test_the_award_is_signed_off_by_someone_other_than_its_proposer():
    rules.check_other_approver(proposed_by=1, approver=2)
    assert _refused(lambda: rules.check_other_approver(proposed_by=1, approver=1)).code == (
        "approver_must_differ"
    )


def test_a_proposal_ranking_a_withdrawn_supplier_is_out_of_date():
    rules.check_proposal_current([])
    refused = _refused(lambda: rules.check_proposal_current(["Cobalt", "Albion", "Cobalt"]))
    assert refused.code == "proposal_out_of_date"
    assert refused.message.startswith("Albion and Cobalt withdrew from the procurement")


def test_a_returned_proposal_says_why():
    rules.check_return_reason("Recheck criterion 2")
    refused = _refused(lambda: rules.check_return_reason("  "))
    assert (refused.code, refused.field) == ("return_reason_required", "reason")


SENT = datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.mark.parametrize(
    ("status", "sent_at", "code"),
    [
        ("award_decided", None, None),
        ("award_decided", SENT, "assessment_summaries_already_sent"),
        ("standstill", None, "assessment_summaries_already_sent"),
        ("contract_signed", None, "assessment_summaries_already_sent"),
        ("evaluation", None, "award_not_decided"),
    ],
)
def test_the_summaries_are_sent_once_after_the_award_is_decided(status, sent_at, code):
    _passes_or_refuses(
        lambda: rules.check_summaries_sendable(procurement_status=status, sent_at=sent_at), code
    )


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("award_decided", None),
        ("standstill", "award_notice_already_published"),
        ("contract_signed", "award_notice_already_published"),
        ("evaluation", "award_not_decided"),
    ],
)
def test_the_award_notice_is_published_once_after_the_award_decision(status, code):
    _passes_or_refuses(lambda: rules.check_award_notice_publishable(status), code)


def test_the_award_notice_waits_for_the_summaries():
    rules.check_summaries_sent(SENT)
    rules.check_award_approved(True)
    refused = _refused(lambda: rules.check_summaries_sent(None))
    assert (refused.code, refused.section) == (
        "assessment_summaries_not_sent",
        "Procurement Act 2023 s.50(3)",
    )
    assert _refused(lambda: rules.check_award_approved(False)).code == "award_not_decided"


# --- Exclusion considered before the award (ss.26-28) -----------------------------------------


@pytest.mark.parametrize(
    "without, message_names",
    [
        (["Albion Ltd"], "Albion Ltd is"),
        (["Cobalt Ltd", "Albion Ltd"], "Albion Ltd and Cobalt Ltd are"),
        (["Albion Ltd", "Albion Ltd"], "Albion Ltd is"),
    ],
)
def test_an_award_is_refused_while_a_tenderer_has_no_exclusion_consideration(
    without, message_names
):
    with pytest.raises(RuleViolation) as refused:
        rules.check_exclusion_considered(without)

    assert refused.value.code == "exclusion_not_considered"
    assert refused.value.section == "Procurement Act 2023 ss.26-28"
    assert refused.value.details == {"suppliers": sorted(set(without))}
    assert f"Record whether {message_names} excluded or excludable" in refused.value.message


def test_an_award_may_be_proposed_once_every_tenderer_is_considered():
    assert rules.check_exclusion_considered([]) is None
