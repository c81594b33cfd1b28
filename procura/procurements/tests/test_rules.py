"""The publication rules, pure: each check with its exact code, section and field."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from procura.procurements import rules
from procura.procurements.rules import PublicationCheck, publication_problems
from procura.timescales.rules import TenderingFacts

ACT = "Procurement Act 2023"
D = Decimal
MONDAY_2_FEB_2026 = date(2026, 2, 2)


def met(**changes) -> PublicationCheck:
    """The Met's VAR framework, ready to publish on Monday 2 February 2026."""
    check = PublicationCheck(
        publication_date=MONDAY_2_FEB_2026,
        competitive_flexible=True,
        has_conflicts_assessment=True,
        participation_deadline=date(2026, 2, 27),
        tender_deadline=date(2026, 4, 20),
        tendering_facts=TenderingFacts(
            electronic_submission=True,
            all_documents_at_notice=True,
            preselected_suppliers_only=True,
        ),
        is_framework=True,
        max_framework_suppliers=2,
        framework_term_months=24,
        extension_options_months=(12, 12),
        max_shortlist=7,
        shortlisting_criteria="The seven highest-scoring suppliers.",
        value_excl_vat=D("210000000"),
        value_incl_vat=D("252000000"),
        criteria_weights=(("quality", D("60")), ("quality", D("10")), ("price", D("30"))),
        no_lots_reasons="One reseller accountable for every order.",
    )
    return replace(check, **changes)


def open_contract(**changes) -> PublicationCheck:
    """A single contract by open procedure, published on Monday 2 February 2026."""
    values = {
        "competitive_flexible": False,
        "participation_deadline": None,
        "tender_deadline": date(2026, 3, 9),
        "tendering_facts": TenderingFacts(),
        "is_framework": False,
        "max_framework_suppliers": None,
        "framework_term_months": None,
        "extension_options_months": (),
        "contract_term_months": 36,
        "max_shortlist": None,
        "shortlisting_criteria": "",
    }
    return met(**(values | changes))


def codes(check: PublicationCheck) -> list[str]:
    return [problem.code for problem in publication_problems(check)]


def only_problem(check: PublicationCheck):
    problems = publication_problems(check)
    assert len(problems) == 1, [p.code for p in problems]
    return problems[0]


# --- Ready to publish ---------------------------------------------------------------------------


def test_the_met_framework_may_be_published():
    assert publication_problems(met()) == []


def test_the_open_procedure_contract_may_be_published():
    assert publication_problems(open_contract()) == []


def test_a_blank_procurement_lists_every_problem_in_order():
    check = PublicationCheck(
        publication_date=MONDAY_2_FEB_2026,
        competitive_flexible=True,
        has_conflicts_assessment=False,
        participation_deadline=None,
        tender_deadline=None,
        is_framework=True,
    )

    assert codes(check) == [
        "conflicts_assessment_missing",
        "estimated_value_missing",
        "participation_deadline_missing",
        "framework_suppliers_missing",
        "shortlist_not_defined",
        "award_criteria_missing",
        "no_lots_reasons_missing",
    ]


# --- s.83: the conflicts assessment --------------------------------------------------------------


def test_s83_the_conflicts_assessment_must_be_prepared_first():
    problem = only_problem(met(has_conflicts_assessment=False))

    assert problem.code == "conflicts_assessment_missing"
    assert problem.section == f"{ACT} s.83(1)"
    assert problem.field is None


# --- s.54(3): the participation period ----------------------------------------------------------


@pytest.mark.parametrize(
    ("deadline", "urgency", "allowed"),
    [
        (date(2026, 2, 27), False, True),  # Friday 27 February: 25 days from Tuesday 3 February
        (date(2026, 2, 26), False, False),  # one day short
        (date(2026, 3, 31), False, True),
        (date(2026, 2, 12), True, True),  # urgency: 10 days
        (date(2026, 2, 11), True, False),
        (date(2026, 2, 12), False, False),  # 10 days is not enough without urgency
    ],
)
def test_s54_3_the_participation_period_is_25_days_or_10_if_urgent(deadline, urgency, allowed):
    check = met(participation_deadline=deadline, urgency=urgency)

    if allowed:
        assert publication_problems(check) == []
    else:
        problem = only_problem(check)
        assert problem.code == "participation_period_too_short"
        assert problem.section == f"{ACT} s.54(3), (5)"
        assert problem.field == "participation_deadline"


def test_s54_3_the_boundary_message_names_the_earliest_deadline():
    problem = only_problem(met(participation_deadline=date(2026, 2, 26)))

    assert "Friday 27 February 2026" in problem.message


def test_s54_3_a_competitive_flexible_procedure_needs_a_participation_deadline():
    problem = only_problem(met(participation_deadline=None))

    assert problem.code == "participation_deadline_missing"
    assert problem.section == f"{ACT} s.54(3)"
    assert problem.field == "participation_deadline"


def test_an_open_procedure_has_no_participation_period():
    assert publication_problems(open_contract(participation_deadline=date(2026, 2, 3))) == []


# --- s.54(4): the tendering period of an open procedure ----------------------------------------


@pytest.mark.parametrize(
    ("facts", "entry", "earliest"),
    [
        ({}, 10, date(2026, 3, 9)),  # 35 days: no electronic submission, documents later
        ({"all_documents_at_notice": True}, 9, date(2026, 3, 4)),  # 30 days
        ({"electronic_submission": True}, 8, date(2026, 3, 4)),  # 30 days
        ({"electronic_submission": True, "all_documents_at_notice": True}, 7, date(2026, 2, 27)),
        ({"dynamic_market_award": True}, 6, date(2026, 2, 12)),  # 10 days
        ({"urgency": True}, 5, date(2026, 2, 12)),  # 10 days
        ({"qualifying_planned_procurement_notice": True}, 4, date(2026, 2, 12)),
        ({"light_touch": True}, 1, None),
    ],
)
def test_s54_4_the_tender_deadline_allows_the_shortest_applicable_entry(facts, entry, earliest):
    facts = TenderingFacts(**facts)
    if earliest is None:
        assert (
            publication_problems(
                open_contract(tendering_facts=facts, tender_deadline=MONDAY_2_FEB_2026)
            )
            == []
        )
        return

    assert (
        publication_problems(open_contract(tendering_facts=facts, tender_deadline=earliest)) == []
    )
    problem = only_problem(
        open_contract(
            tendering_facts=facts, tender_deadline=date.fromordinal(earliest.toordinal() - 1)
        )
    )
    assert problem.code == "tendering_period_too_short"
    assert problem.section == f"{ACT} s.54(4), (5)"
    assert problem.field == "tender_deadline"
    assert f"table entry {entry}" in problem.message


@pytest.mark.parametrize(
    "facts",
    [
        {"preselected_suppliers_only": True},
        {"negotiated_period_agreed": True},
        {"preselected_suppliers_only": True, "negotiated_period_agreed": True},
        {"preselected_suppliers_only": True, "central_government_authority": True},
    ],
)
@pytest.mark.parametrize("deadline", [date(2026, 2, 12), date(2026, 3, 9), MONDAY_2_FEB_2026])
def test_s20_2_a_an_open_procedure_cannot_claim_pre_selected_suppliers(facts, deadline):
    # Given an open procedure (anyone may tender, s.20(2)(a)) claiming pre-selection, whatever
    # its deadline: even 35 days later it is refused, so the claim is never stored as published
    problem = only_problem(
        open_contract(tendering_facts=TenderingFacts(**facts), tender_deadline=deadline)
    )

    assert problem.code == "open_procedure_preselection"
    assert problem.section == f"{ACT} s.20(2)(a); {ACT} s.54(4)–(5)"
    assert problem.field == "tendering_facts"


def test_s54_4_an_open_procedure_without_pre_selection_has_at_least_25_days():
    facts = TenderingFacts(electronic_submission=True, all_documents_at_notice=True)

    assert (
        publication_problems(
            open_contract(tendering_facts=facts, tender_deadline=date(2026, 2, 27))
        )
        == []
    )
    problem = only_problem(open_contract(tendering_facts=facts, tender_deadline=date(2026, 2, 26)))
    assert problem.code == "tendering_period_too_short"
    assert "table entry 7" in problem.message


def test_s54_4_an_open_procedure_needs_a_tender_deadline():
    problem = only_problem(open_contract(tender_deadline=None))

    assert problem.code == "tender_deadline_missing"
    assert problem.section == f"{ACT} s.54(4)"
    assert problem.field == "tender_deadline"


def test_s54_4_a_competitive_flexible_procedure_sets_its_tendering_period_at_the_invitation():
    assert publication_problems(met(tender_deadline=None)) == []


# --- s.47: the framework term ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("initial", "extensions", "reasons", "allowed"),
    [
        (24, (12, 12), "", True),  # 48 months: the Met's framework, exactly 4 years
        (48, (), "", True),
        (24, (12, 12, 1), "", False),  # 49 months
        (49, (), "", False),
        (36, (12, 12), "", False),
        (24, (12, 12, 1), "The hardware refresh cycle is five years.", True),  # s.47(2)
        (24, (12, 12, 1), "   ", False),  # blank reasons are no reasons
    ],
)
def test_s47_a_framework_lasts_at_most_4_years_unless_reasons_are_given(
    initial, extensions, reasons, allowed
):
    check = met(
        framework_term_months=initial,
        extension_options_months=extensions,
        longer_term_reasons=reasons,
    )

    if allowed:
        assert publication_problems(check) == []
    else:
        problem = only_problem(check)
        assert problem.code == "framework_term_too_long"
        assert problem.section == f"{ACT} s.47(1)-(3)"
        assert problem.field == "framework_term_months"


def test_framework_total_months_adds_every_extension():
    assert rules.framework_total_months(24, (12, 12)) == 48
    assert rules.framework_total_months(None, ()) == 0


@pytest.mark.parametrize(
    ("changes", "code", "section", "field"),
    [
        (
            {"max_framework_suppliers": None},
            "framework_suppliers_missing",
            None,  # a house rule
            "max_framework_suppliers",
        ),
        (
            {"framework_term_months": None},
            "framework_term_missing",
            f"{ACT} s.45(5)",
            "framework_term_months",
        ),
    ],
)
def test_reg20_a_framework_states_its_suppliers_and_term(changes, code, section, field):
    problem = only_problem(met(**changes))

    assert (problem.code, problem.section, problem.field) == (code, section, field)


# --- A single contract ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"contract_term_months": None}, "contract_term_missing", "contract_term_months"),
        (
            {"value_range": (D("450000000"), D("150000000"))},
            "value_range_inverted",
            "value_range_min_incl_vat",
        ),
        (
            {"value_range": (D("150000000"), D("450000000"))},  # above the £252m estimate
            "value_range_above_estimate",
            "estimated_value_incl_vat",
        ),
    ],
)
def test_a_single_contract_states_its_term_and_a_real_value_range(changes, code, field):
    problem = only_problem(open_contract(**changes))

    assert (problem.code, problem.field) == (code, field)


def test_the_staffordshire_range_within_the_estimate_is_allowed():
    check = open_contract(
        value_incl_vat=D("450000000"),
        value_excl_vat=D("375000000"),
        value_range=(D("150000000"), D("450000000")),
        contract_term_months=120,
    )

    assert publication_problems(check) == []


# --- s.20(4)(a): the shortlist --------------------------------------------------------------------


@pytest.mark.parametrize("switch", [True, False])
@pytest.mark.parametrize("criteria", ["", "  \n "])
def test_s20_a_limited_shortlist_states_its_criteria_whatever_the_house_rules(criteria, switch):
    check = met(shortlisting_criteria=criteria, require_shortlist_limit=switch)

    problem = only_problem(check)

    assert problem.code == "shortlist_not_defined"
    assert problem.section == f"{ACT} s.20(4)(a); Procurement Regulations 2024 reg 19(2)(d)"
    assert problem.field == "shortlisting_criteria"


@pytest.mark.parametrize(
    ("changes", "switch", "refused"),
    [
        ({"max_shortlist": None}, True, True),
        ({"max_shortlist": None, "shortlisting_criteria": ""}, True, True),
        # Numbers not limited: no maximum and no criteria are lawful (reg 19(2)(d))
        ({"max_shortlist": None}, False, False),
        ({"max_shortlist": None, "shortlisting_criteria": ""}, False, False),
    ],
)
def test_a_maximum_shortlist_is_a_house_rule_an_authority_may_switch_off(changes, switch, refused):
    check = met(**changes, require_shortlist_limit=switch)

    if refused:
        problem = only_problem(check)
        assert (problem.code, problem.section, problem.field) == (
            "shortlist_not_defined",
            None,
            "max_shortlist",
        )
        assert "house rule" in problem.message
    else:
        assert publication_problems(check) == []


@pytest.mark.parametrize(("switch", "refused"), [(True, True), (False, False)])
def test_a_framework_maximum_is_a_house_rule_an_authority_may_switch_off(switch, refused):
    check = met(max_framework_suppliers=None, require_framework_maximum=switch)

    if refused:
        problem = only_problem(check)
        assert (problem.code, problem.section) == ("framework_suppliers_missing", None)
        assert "house rule" in problem.message
    else:
        assert publication_problems(check) == []


@pytest.mark.parametrize(
    ("weights", "switches", "code"),
    [
        ((("quality", D("6")), ("price", D("4"))), {}, "award_criteria_weights"),
        ((("quality", D("6")), ("price", D("4"))), {"require_weights_total_100": False}, None),
        ((("price", D("50")), ("price", D("50"))), {}, "award_criteria_price"),
        ((("price", D("50")), ("price", D("50"))), {"require_single_price_criterion": False},
         None),
        # Switching one off leaves the other on
        ((("price", D("5")), ("price", D("5"))), {"require_weights_total_100": False},
         "award_criteria_price"),
        # At least one criterion is the law (s.23(2)), whatever the switches
        ((), {"require_weights_total_100": False, "require_single_price_criterion": False},
         "award_criteria_missing"),
    ],
)  # fmt: skip
def test_weights_of_100_and_one_price_criterion_are_house_rules(weights, switches, code):
    check = met(criteria_weights=weights, **switches)

    if code is None:
        assert publication_problems(check) == []
    else:
        problem = only_problem(check)
        assert problem.code == code
        if code != "award_criteria_missing":
            assert problem.section is None
            assert "house rule" in problem.message


@pytest.mark.parametrize(("shortlist", "allowed"), [(1, False), (2, True), (7, True)])
def test_s20_the_shortlist_is_not_smaller_than_the_framework(shortlist, allowed):
    check = met(max_shortlist=shortlist)

    if allowed:
        assert publication_problems(check) == []
    else:
        problem = only_problem(check)
        assert problem.code == "shortlist_smaller_than_award"
        assert problem.section == f"{ACT} s.20(4)(a)"
        assert problem.field == "max_shortlist"


# --- s.23: award criteria -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "weights",
    [
        (("quality", D("60")), ("price", D("30"))),  # 90
        (("quality", D("70")), ("price", D("40"))),  # 110
        (("quality", D("69.99")), ("price", D("30"))),  # 99.99
        (("quality", D("70.01")), ("price", D("30"))),  # 100.01
    ],
)
def test_s23_the_weights_must_add_up_to_100(weights):
    problem = only_problem(met(criteria_weights=weights))

    assert problem.code == "award_criteria_weights"
    assert problem.section is None  # a house rule
    assert problem.field == "criteria"


def test_s23_thirds_that_add_up_to_100_are_allowed():
    weights = (("quality", D("33.33")), ("quality", D("33.33")), ("price", D("33.34")))

    assert publication_problems(met(criteria_weights=weights)) == []


@pytest.mark.parametrize(
    ("weights", "code"),
    [
        ((), "award_criteria_missing"),
        ((("price", D("50")), ("price", D("50"))), "award_criteria_price"),
    ],
)
def test_s23_criteria_are_set_with_one_price_criterion_at_most(weights, code):
    problem = only_problem(met(criteria_weights=weights))

    assert problem.code == code
    assert problem.field == "criteria"


# --- Value (Sch 3 para 1; s.123(2)) ---------------------------------------------------------------


def test_the_value_including_vat_cannot_be_less_than_the_value_excluding_vat():
    problem = only_problem(met(value_incl_vat=D("209999999.99")))

    assert problem.code == "value_incl_vat_below_excl"
    assert problem.section == f"{ACT} s.123(2)"
    assert problem.field == "estimated_value_incl_vat"


def test_a_value_with_no_vat_on_it_is_allowed():
    assert publication_problems(met(value_incl_vat=D("210000000"))) == []


def test_the_value_including_vat_must_be_given():
    problem = only_problem(met(value_incl_vat=D("0"), value_excl_vat=D("0")))

    assert problem.code == "estimated_value_missing"
    assert problem.section == "Procurement Act 2023 Sch 3 para 1"
