"""The participation rules: pure, no database."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from procura.core.errors import RuleViolation
from procura.participation import rules
from procura.participation.states import ExclusionGround, ExclusionOutcome, QuestionKind
from procura.timescales.rules import TenderingFacts

LONDON = ZoneInfo("Europe/London")
DEADLINE = datetime(2027, 3, 31, 12, 0, tzinfo=LONDON)


# --- The agreements gate ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "accepted", "passes"),
    [
        ({"nda": 1, "ethical_walls": 2}, {1, 2}, True),
        ({"nda": 1, "ethical_walls": 2}, {1}, False),
        ({"nda": 3, "ethical_walls": 2}, {1, 2}, False),  # a new NDA version re-closes the gate
        ({"nda": 1}, {1}, False),  # the ethical walls agreement was never issued: fails closed
        ({}, set(), False),
    ],
)
def test_the_gate_needs_the_current_version_of_every_required_agreement(current, accepted, passes):
    assert rules.gate_is_current(current, accepted) is passes


# --- The participation deadline ---------------------------------------------------------------


def test_saving_one_second_before_the_deadline_is_allowed():
    rules.check_participation_open(
        now=DEADLINE - timedelta(seconds=1), deadline=DEADLINE, is_open=True
    )


@pytest.mark.parametrize("after", [timedelta(0), timedelta(seconds=1), timedelta(days=3)])
def test_saving_at_or_after_the_deadline_is_refused_with_the_deadline_in_uk_time(after):
    with pytest.raises(RuleViolation) as refused:
        rules.check_participation_open(now=DEADLINE + after, deadline=DEADLINE, is_open=True)

    assert refused.value.code == "participation_deadline_passed"
    assert refused.value.message == (
        "The deadline for requests to participate was midday on Wednesday 31 March 2027 "
        "(UK time). Requests to participate can no longer be saved or submitted."
    )
    assert refused.value.section == "Procurement Act 2023 s.54(2), (3)"


def test_saving_is_refused_once_participation_is_closed_even_before_the_deadline():
    with pytest.raises(RuleViolation) as refused:
        rules.check_participation_open(
            now=DEADLINE - timedelta(days=1), deadline=DEADLINE, is_open=False
        )

    assert refused.value.code == "participation_deadline_passed"


# --- Questions and answers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "text", "max_score", "code"),
    [
        (QuestionKind.SCORED, "Describe your approach.", None, "max_score_required"),
        (QuestionKind.SCORED, "Describe your approach.", 0, "max_score_required"),
        (QuestionKind.PASS_FAIL, "Do you hold ISO 9001?", 5, "max_score_not_allowed"),
        (QuestionKind.FILE, "  ", None, "invalid_input"),
        ("essay", "Anything", None, "invalid_input"),
    ],
)
def test_a_question_that_cannot_be_answered_or_marked_is_refused(kind, text, max_score, code):
    with pytest.raises(RuleViolation) as refused:
        rules.check_question(kind=kind, text=text, max_score=max_score)

    assert refused.value.code == code


QUESTIONS = [
    rules.QuestionFacts(id=11, position=1, kind=QuestionKind.PASS_FAIL, text="Cyber Essentials?"),
    rules.QuestionFacts(
        id=12, position=2, kind=QuestionKind.SCORED, text="Continuity?", max_score=10
    ),
    rules.QuestionFacts(id=13, position=3, kind=QuestionKind.FILE, text="ISO certificate"),
    rules.QuestionFacts(
        id=14, position=4, kind=QuestionKind.PASS_FAIL, text="Anything else?", required=False
    ),
]
COMPLETE = {
    11: rules.AnswerFacts(text="Yes, since 2019."),
    12: rules.AnswerFacts(text="Two warehouses."),
    13: rules.AnswerFacts(file_sha256="a" * 64),
}
FINANCIAL = rules.FinancialFacts(annual_turnover=Decimal("1000000"), evidence_sha256="b" * 64)


def test_a_complete_response_has_no_missing_answers():
    assert rules.missing_answers(QUESTIONS, COMPLETE, FINANCIAL) == []


def test_every_missing_required_answer_is_reported_against_its_question_in_order():
    # Given no answers at all, and no financial information
    problems = rules.missing_answers(
        QUESTIONS, {12: rules.AnswerFacts(text="  ")}, rules.FinancialFacts()
    )

    # Then each required question, and the financial information, has its own problem
    assert [(p.code, p.field, p.message) for p in problems] == [
        ("answer_missing", "question-11", "Answer question 1: Cyber Essentials?"),
        ("answer_missing", "question-12", "Answer question 2: Continuity?"),
        ("answer_missing", "question-13", "Upload a file for question 3: ISO certificate"),
        ("answer_missing", "annual_turnover", "Enter your annual turnover."),
        (
            "answer_missing",
            "financial_evidence",
            "Upload your accounts or other financial evidence, or describe your financial "
            "standing.",
        ),
    ]


def test_a_description_of_financial_standing_is_enough_evidence_without_accounts():
    financial = rules.FinancialFacts(annual_turnover=Decimal("0"), information="A new charity.")

    assert rules.missing_answers(QUESTIONS, COMPLETE, financial) == []


def test_the_canonical_response_is_stable_and_covers_file_hashes():
    kwargs = {
        "procurement_reference": "PRC-2027-0001",
        "supplier_id": "GB-COH-01234567",
        "questions": QUESTIONS,
        "financial": FINANCIAL,
    }
    first = rules.canonical_response(answers=COMPLETE, **kwargs)
    again = rules.canonical_response(answers=dict(reversed(list(COMPLETE.items()))), **kwargs)
    other_file = rules.canonical_response(
        answers={**COMPLETE, 13: rules.AnswerFacts(file_sha256="c" * 64)}, **kwargs
    )

    assert first == again
    assert first != other_file
    assert '"file_sha256":"' + "a" * 64 + '"' in first
    assert '"annual_turnover":"1000000.00"' in first


def test_the_receipt_reference_names_the_procurement_and_the_hash():
    assert rules.receipt_reference("PRC-2027-0001", "1a2b3c4d5e6f") == "RTP-PRC-2027-0001-1A2B3C4D"


@pytest.mark.parametrize(
    ("kind", "result", "score", "code"),
    [
        (QuestionKind.SCORED, "", 11, "score_out_of_range"),
        (QuestionKind.SCORED, "pass", None, "invalid_mark"),
        (QuestionKind.PASS_FAIL, "", 3, "invalid_mark"),
        (QuestionKind.FILE, "maybe", None, "invalid_mark"),
    ],
)
def test_a_mark_that_does_not_fit_the_question_is_refused(kind, result, score, code):
    with pytest.raises(RuleViolation) as refused:
        rules.check_mark(
            kind=kind,
            max_score=10 if kind == QuestionKind.SCORED else None,
            result=result,
            score=score,
            position=2,
            field="question-12",
        )

    assert (refused.value.code, refused.value.field) == (code, "question-12")


@pytest.mark.parametrize(
    ("kind", "result", "score"),
    [
        (QuestionKind.SCORED, "", 0),
        (QuestionKind.SCORED, "", 10),
        (QuestionKind.SCORED, "", None),
        (QuestionKind.PASS_FAIL, "fail", None),
        (QuestionKind.FILE, "pass", None),
    ],
)
def test_a_mark_that_fits_the_question_is_allowed(kind, result, score):
    rules.check_mark(
        kind=kind,
        max_score=10 if kind == QuestionKind.SCORED else None,
        result=result,
        score=score,
        position=1,
    )


@pytest.mark.parametrize(
    ("size", "code"), [(0, "file_empty"), (50 * 1024 * 1024 + 1, "file_too_large")]
)
def test_an_empty_or_oversized_file_is_refused(size, code):
    with pytest.raises(RuleViolation) as refused:
        rules.check_file(name="accounts.pdf", size=size, field="financial_evidence")

    assert (refused.value.code, refused.value.field) == (code, "financial_evidence")


# --- Exclusion --------------------------------------------------------------------------------

TODAY = date(2027, 4, 6)
EXCLUDE = {
    "outcome": ExclusionOutcome.EXCLUDED,
    "ground_type": ExclusionGround.MANDATORY,
    "ground": "Sch 6 para 1: corruption offence, continuing",
    "representations": "The supplier says the director has left.",
    "representations_invited_on": None,
    "reasons": "A director was convicted of bribery in 2026.",
    "decided_on": TODAY,
    "today": TODAY,
}


def test_an_exclusion_with_representations_recorded_is_allowed():
    rules.check_exclusion_decision(**EXCLUDE)


def test_an_exclusion_with_only_the_date_the_supplier_was_invited_is_allowed():
    rules.check_exclusion_decision(
        **{**EXCLUDE, "representations": "", "representations_invited_on": date(2027, 3, 30)}
    )


@pytest.mark.parametrize(
    ("changes", "code", "section"),
    [
        (
            {"representations": "", "representations_invited_on": None},
            "representations_required",
            "Procurement Act 2023 s.58(2)",
        ),
        (
            {
                "outcome": ExclusionOutcome.EXCLUDABLE_EXCLUDED,
                "representations": "",
                "ground_type": ExclusionGround.DISCRETIONARY,
            },
            "representations_required",
            "Procurement Act 2023 s.58(2)",
        ),
        (
            {"ground_type": ExclusionGround.DISCRETIONARY},
            "ground_does_not_match",
            "Procurement Act 2023 s.57(1)-(2)",
        ),
        ({"ground": " "}, "ground_required", "Procurement Act 2023 s.57"),
        (
            {
                "representations": "",
                "representations_invited_on": date(2027, 4, 7),
                "today": date(2027, 4, 8),
            },
            "representations_after_decision",
            "Procurement Act 2023 s.58(2)",
        ),
        ({"reasons": ""}, "reasons_required", None),
        ({"decided_on": date(2027, 4, 7)}, "decided_in_future", None),
    ],
)
def test_an_exclusion_the_act_does_not_allow_is_refused(changes, code, section):
    with pytest.raises(RuleViolation) as refused:
        rules.check_exclusion_decision(**{**EXCLUDE, **changes})

    assert (refused.value.code, refused.value.section) == (code, section)


def test_not_excluding_needs_no_ground_nor_representations():
    rules.check_exclusion_decision(
        **{
            **EXCLUDE,
            "outcome": ExclusionOutcome.NOT_EXCLUDED,
            "ground_type": "",
            "ground": "",
            "representations": "",
            "reasons": "",
        }
    )


def test_the_minister_must_be_told_within_30_days_beginning_with_the_decision():
    assert rules.minister_notification_due(ExclusionOutcome.EXCLUDED, TODAY) == date(2027, 5, 5)
    assert rules.minister_notification_due(ExclusionOutcome.EXCLUDABLE_EXCLUDED, TODAY) == date(
        2027, 5, 5
    )
    assert rules.minister_notification_due(ExclusionOutcome.NOT_EXCLUDED, TODAY) is None


# --- Shortlist and invitation -----------------------------------------------------------------


def test_a_shortlist_up_to_the_maximum_is_allowed():
    rules.check_shortlist_length(7, 7)
    rules.check_shortlist_length(1, 7)


def test_a_shortlist_longer_than_the_tender_notice_allows_is_refused():
    with pytest.raises(RuleViolation) as refused:
        rules.check_shortlist_length(8, 7)

    assert refused.value.code == "shortlist_too_long"
    assert refused.value.section == (
        "Procurement Act 2023 s.20(4)(a); Procurement Regulations 2024 reg 19(2)(d)"
    )
    assert refused.value.details == {"maximum": 7, "chosen": 8}


def test_an_empty_shortlist_is_refused():
    with pytest.raises(RuleViolation) as refused:
        rules.check_shortlist_length(0, 7)

    assert refused.value.code == "shortlist_empty"


def test_the_invitation_facts_add_preselected_suppliers_and_read_stored_dates():
    facts = rules.invitation_tendering_facts(
        {
            "electronic_submission": True,
            "preselected_suppliers_only": False,
            "planned_procurement_notice_published": "2026-06-01",
            "tender_notice_published": "2026-09-01",
            "not_a_fact": True,
        },
        urgency=False,
    )

    assert facts == TenderingFacts(
        electronic_submission=True,
        preselected_suppliers_only=True,
        planned_procurement_notice_published=date(2026, 6, 1),
        tender_notice_published=date(2026, 9, 1),
    )


INVITED_ON = date(2027, 3, 1)
NOW = datetime(2027, 3, 1, 10, 0, tzinfo=LONDON)
POLICE = rules.invitation_tendering_facts({"electronic_submission": True}, urgency=False)


def test_a_police_force_may_give_shortlisted_suppliers_10_days():
    earliest = rules.check_invitation_deadline(
        invited=INVITED_ON,
        deadline=datetime(2027, 3, 11, 12, 0, tzinfo=LONDON),
        now=NOW,
        facts=POLICE,
    )

    assert earliest == date(2027, 3, 11)


def test_9_days_is_too_short_for_a_police_force():
    with pytest.raises(RuleViolation) as refused:
        rules.check_invitation_deadline(
            invited=INVITED_ON,
            deadline=datetime(2027, 3, 10, 23, 59, tzinfo=LONDON),
            now=NOW,
            facts=POLICE,
        )

    assert (refused.value.code, refused.value.field) == (
        "tendering_period_too_short",
        "tender_deadline",
    )
    assert "table entry 3" in refused.value.message


def test_a_negotiated_period_agreed_with_every_shortlisted_supplier_has_no_minimum():
    facts = rules.invitation_tendering_facts({"negotiated_period_agreed": True}, urgency=False)

    assert (
        rules.check_invitation_deadline(
            invited=INVITED_ON,
            deadline=datetime(2027, 3, 2, 12, 0, tzinfo=LONDON),
            now=NOW,
            facts=facts,
        )
        is None
    )


def test_a_central_government_authority_gets_no_entry_3():
    facts = rules.invitation_tendering_facts(
        {
            "central_government_authority": True,
            "electronic_submission": True,
            "all_documents_at_notice": True,
        },
        urgency=False,
    )

    with pytest.raises(RuleViolation) as refused:
        rules.check_invitation_deadline(
            invited=INVITED_ON,
            deadline=datetime(2027, 3, 11, 12, 0, tzinfo=LONDON),
            now=NOW,
            facts=facts,
        )

    assert refused.value.code == "tendering_period_too_short"
    assert "table entry 7" in refused.value.message


def test_a_deadline_in_the_past_is_refused():
    with pytest.raises(RuleViolation) as refused:
        rules.check_invitation_deadline(invited=INVITED_ON, deadline=NOW, now=NOW, facts=POLICE)

    assert refused.value.code == "deadline_in_past"


# --- Withdrawal (a house rule) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("procurement_status", "participant_status", "code"),
    [
        ("participation_open", "interested", None),
        ("participation_closed", "submitted", None),
        ("tendering_open", "invited", None),
        ("tenders_closed", "invited", None),
        ("evaluation", "invited", None),
        ("evaluation", "withdrawn", "already_withdrawn"),
        ("award_decided", "invited", "withdrawal_too_late"),
        ("standstill", "invited", "withdrawal_too_late"),
        ("terminated", "admitted", "withdrawal_too_late"),
        ("tendering_open", "excluded", "not_withdrawable"),
        ("tendering_open", "not_shortlisted", "not_withdrawable"),
    ],
)
def test_who_may_withdraw_and_when(procurement_status, participant_status, code):
    def check():
        rules.check_withdrawal(
            procurement_status=procurement_status,
            participant_status=participant_status,
            supplier="Albion Technology Ltd",
        )

    if code is None:
        assert check() is None
    else:
        with pytest.raises(RuleViolation) as refusal:
            check()
        assert refusal.value.code == code
