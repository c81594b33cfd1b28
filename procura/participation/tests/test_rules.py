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


# --- Checks the services gather facts for (each refusal's code, and where it passes) ----------


def _refused(call) -> RuleViolation:
    with pytest.raises(RuleViolation) as refused:
        call()
    return refused.value


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("draft", None),
        ("evaluation", None),
        ("standstill", None),
        ("terminated", "procurement_closed"),
        ("contract_signed", "procurement_closed"),
    ],
)
def test_nothing_of_the_stage_changes_once_the_procurement_is_over(status, code):
    if code is None:
        rules.check_not_finished(status)
    else:
        assert _refused(lambda: rules.check_not_finished(status)).code == code


def test_only_a_competitive_flexible_procedure_has_a_participation_stage():
    rules.check_competitive_flexible(True)
    refused = _refused(lambda: rules.check_competitive_flexible(False))
    assert (refused.code, refused.section) == (
        "not_competitive_flexible",
        "Procurement Act 2023 s.20",
    )


CURRENT_NDA = rules.AgreementVersion(version=2, title="NDA", sha256=rules.sha256_of_text("Words"))


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({}, None, None),
        ({"text": "Other words"}, None, None),  # a new text is a new version
        ({"title": "NDA v3"}, None, None),  # so is a new title
        ({"procurement_status": "terminated"}, "procurement_closed", None),
        ({"kind": "contract"}, "invalid_input", "kind"),
        ({"title": "  "}, "invalid_input", "title"),
        ({"text": ""}, "invalid_input", "text"),
        ({"text": "Words", "title": " NDA "}, "agreement_unchanged", "text"),
    ],
)
def test_a_new_agreement_version_has_a_kind_a_title_and_new_words(changes, code, field):
    given = {
        "procurement_status": "participation_open",
        "kind": "nda",
        "title": "NDA",
        "text": "New words",
        "current": CURRENT_NDA,
        **changes,
    }
    if code is None:
        rules.check_new_agreement(**given)
        return
    refused = _refused(lambda: rules.check_new_agreement(**given))
    assert (refused.code, refused.field) == (code, field)


def test_the_first_version_of_an_agreement_is_never_unchanged():
    rules.check_new_agreement(
        procurement_status="draft", kind="nda", title="NDA", text="Words", current=None
    )


@pytest.mark.parametrize(
    ("competitive_flexible", "status", "already", "code"),
    [
        (True, "participation_open", False, None),
        (False, "tendering_open", False, None),
        (True, "tendering_open", False, "not_open_for_interest"),
        (False, "participation_open", False, "not_open_for_interest"),
        (True, "participation_closed", False, "not_open_for_interest"),
        (True, "participation_open", True, "already_interested"),
    ],
)
def test_interest_is_expressed_once_while_the_procurement_is_open_for_it(
    competitive_flexible, status, already, code
):
    def call():
        rules.check_may_express_interest(
            competitive_flexible=competitive_flexible,
            status=status,
            already_interested=already,
            supplier="Albion Ltd",
        )

    if code is None:
        call()
    else:
        assert _refused(call).code == code


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({}, None),
        ({"procurement_status": "contract_signed"}, "procurement_closed"),
        ({"participant_status": "withdrawn"}, "withdrawn"),
        ({"is_current": False, "version": 1}, "agreement_superseded"),
        ({"already_accepted": True}, "already_accepted"),
    ],
)
def test_a_supplier_accepts_the_current_version_once(changes, code):
    given = {
        "procurement_status": "participation_open",
        "participant_status": "interested",
        "kind": "ethical_walls",
        "version": 2,
        "current_version": 2,
        "is_current": True,
        "already_accepted": False,
        **changes,
    }
    if code is None:
        rules.check_acceptance(**given)
        return
    refused = _refused(lambda: rules.check_acceptance(**given))
    assert refused.code == code
    if code == "agreement_superseded":
        assert refused.message == (
            "Version 1 of the ethical walls agreement has been replaced by version 2: read and "
            "accept the current version."
        )


def test_a_tender_is_withdrawn_with_the_supplier_only_behind_the_gate():
    rules.check_gate_for_tender_withdrawal(True)
    assert _refused(lambda: rules.check_gate_for_tender_withdrawal(False)).code == (
        "agreement_superseded"
    )


@pytest.mark.parametrize(
    ("status", "title", "has_file", "code", "field"),
    [
        ("tendering_open", "Specification", True, None, None),
        ("terminated", "Specification", True, "procurement_closed", None),
        ("tendering_open", " ", True, "invalid_input", "title"),
        ("tendering_open", "Specification", False, "invalid_input", "file"),
    ],
)
def test_a_document_has_a_title_and_a_file_while_the_procurement_runs(
    status, title, has_file, code, field
):
    def call():
        rules.check_document(procurement_status=status, title=title, has_file=has_file)

    if code is None:
        call()
    else:
        refused = _refused(call)
        assert (refused.code, refused.field) == (code, field)


@pytest.mark.parametrize(
    ("competitive_flexible", "status", "code"),
    [
        (True, "draft", None),
        (False, "draft", "not_competitive_flexible"),
        (True, "participation_open", "questionnaire_locked"),
    ],
)
def test_the_questionnaire_changes_only_in_a_competitive_flexible_draft(
    competitive_flexible, status, code
):
    def call():
        rules.check_questionnaire_editable(
            competitive_flexible=competitive_flexible, procurement_status=status
        )

    if code is None:
        call()
    else:
        assert _refused(call).code == code


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({}, None),
        ({"competitive_flexible": False}, "not_competitive_flexible"),
        ({"now": DEADLINE}, "participation_deadline_passed"),
        ({"procurement_status": "participation_closed"}, "participation_deadline_passed"),
        ({"participant_status": "submitted"}, "already_submitted"),
        ({"participant_status": "interested"}, "invalid_transition"),
    ],
)
def test_a_request_to_participate_is_sent_by_an_admitted_supplier_before_the_deadline(
    changes, code
):
    given = {
        "competitive_flexible": True,
        "procurement_status": "participation_open",
        "deadline": DEADLINE,
        "now": DEADLINE - timedelta(seconds=1),
        "participant_status": "admitted",
        **changes,
    }
    if code is None:
        rules.check_may_respond(**given)
    else:
        assert _refused(lambda: rules.check_may_respond(**given)).code == code


QUESTIONNAIRE = {
    1: rules.QuestionFacts(id=1, position=1, kind=QuestionKind.PASS_FAIL, text="Insured?"),
    2: rules.QuestionFacts(id=2, position=2, kind=QuestionKind.FILE, text="Certificate"),
    3: rules.QuestionFacts(
        id=3, position=3, kind=QuestionKind.SCORED, text="Experience", max_score=5
    ),
}


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({}, None, None),
        ({"annual_turnover": Decimal("0")}, None, None),
        ({"answered": [9]}, "invalid_input", None),
        ({"uploads": {9: rules.UploadFacts("a.pdf", 10)}}, "invalid_input", None),
        ({"answered": [2]}, "invalid_input", "question-2"),
        ({"uploads": {1: rules.UploadFacts("a.pdf", 10)}}, "invalid_input", "question-1"),
        ({"uploads": {2: rules.UploadFacts("a.pdf", 0)}}, "file_empty", "question-2"),
        (
            {"financial_evidence": rules.UploadFacts("accounts.pdf", rules.MAX_FILE_BYTES + 1)},
            "file_too_large",
            "financial_evidence",
        ),
        ({"annual_turnover": Decimal("-0.01")}, "invalid_input", "annual_turnover"),
    ],
)
def test_a_draft_request_answers_the_questionnaire_in_the_right_form(changes, code, field):
    given = {
        "questions": QUESTIONNAIRE,
        "answered": [1, 3],
        "uploads": {2: rules.UploadFacts("certificate.pdf", 1024)},
        "financial_evidence": None,
        "annual_turnover": Decimal("1250000.00"),
        **changes,
    }
    if code is None:
        rules.check_response_changes(**given)
        return
    refused = _refused(lambda: rules.check_response_changes(**given))
    assert (refused.code, refused.field) == (code, field)


def test_an_incomplete_request_is_refused_with_one_problem_per_gap():
    questions = list(QUESTIONNAIRE.values())
    answers = {1: rules.AnswerFacts(text="Yes")}

    refused = _refused(lambda: rules.check_complete(questions, answers, rules.FinancialFacts()))

    assert refused.code == "answers_missing"
    assert [p["field"] for p in refused.details["problems"]] == [
        "question-2",
        "question-3",
        "annual_turnover",
        "financial_evidence",
    ]
    assert refused.field == "question-2"


def test_a_complete_request_passes():
    answers = {
        1: rules.AnswerFacts(text="Yes"),
        2: rules.AnswerFacts(file_sha256="ab" * 32),
        3: rules.AnswerFacts(text="Ten years"),
    }
    financial = rules.FinancialFacts(annual_turnover=Decimal("0"), information="Accounts filed")

    rules.check_complete(list(QUESTIONNAIRE.values()), answers, financial)


# --- Assessment, exclusion, shortlist, invitation: the facts the services gather -------------


@pytest.mark.parametrize(
    ("procurement_status", "participant_status", "code"),
    [
        ("participation_closed", "submitted", None),
        ("participation_open", "submitted", "not_assessable_now"),
        ("tendering_open", "submitted", "not_assessable_now"),
        ("participation_closed", "admitted", "not_submitted"),
        ("participation_closed", "excluded", "not_submitted"),
    ],
)
def test_a_submitted_request_is_assessed_after_the_deadline_and_before_the_shortlist(
    procurement_status, participant_status, code
):
    def call():
        rules.check_assessable(
            procurement_status=procurement_status,
            participant_status=participant_status,
            supplier="Albion Ltd",
        )

    if code is None:
        call()
    else:
        assert _refused(call).code == code


@pytest.mark.parametrize(
    ("marks", "financial_result", "code", "field"),
    [
        (
            [{"question_id": 1, "result": "pass"}, {"question_id": 3, "score": 5}],
            "pass",
            None,
            None,
        ),
        ([{"question_id": 3, "score": 0}], None, None, None),
        ([], "", None, None),
        ([{"question_id": 9, "result": "pass"}], None, "invalid_input", None),
        ([{"question_id": 3, "score": 6}], None, "score_out_of_range", "question-3"),
        ([{"question_id": 1, "score": 1}], None, "invalid_mark", "question-1"),
        ([], "maybe", "invalid_input", "financial_result"),
    ],
)
def test_marks_are_for_this_questionnaire_and_allowed_by_each_question(
    marks, financial_result, code, field
):
    def call():
        rules.check_assessment(
            questions=QUESTIONNAIRE, marks=marks, financial_result=financial_result
        )

    if code is None:
        call()
    else:
        refused = _refused(call)
        assert (refused.code, refused.field) == (code, field)


@pytest.mark.parametrize(
    ("procurement_status", "competitive_flexible", "participant_status", "code"),
    [
        ("participation_closed", True, "submitted", None),
        ("tendering_open", True, "invited", None),
        ("tendering_open", False, "admitted", None),
        ("draft", True, "submitted", "not_decidable"),
        ("terminated", True, "submitted", "not_decidable"),
        ("participation_closed", True, "excluded", "already_excluded"),
        ("participation_closed", True, "admitted", "not_decidable"),
        ("tendering_open", False, "interested", "not_decidable"),
        ("participation_closed", True, "withdrawn", "not_decidable"),
    ],
)
def test_exclusion_is_decided_about_a_supplier_still_competing_while_the_procurement_runs(
    procurement_status, competitive_flexible, participant_status, code
):
    def call():
        rules.check_exclusion_decidable(
            procurement_status=procurement_status,
            competitive_flexible=competitive_flexible,
            participant_status=participant_status,
            supplier="Albion Ltd",
        )

    if code is None:
        call()
    else:
        assert _refused(call).code == code


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("participation_closed", None),
        (
            "participation_open",
            "Wait until the deadline for requests to participate (midday on Wednesday 31 March "
            "2027) has passed to decide the shortlist.",
        ),
        (
            "tendering_open",
            "The procurement is open for tenders: too late to decide the shortlist.",
        ),
    ],
)
def test_the_shortlist_waits_for_the_participation_deadline(status, message):
    def call():
        rules.check_participation_closed(
            procurement_status=status, deadline=DEADLINE, doing="decide the shortlist"
        )

    if message is None:
        call()
    else:
        refused = _refused(call)
        assert (refused.code, refused.message) == ("participation_not_closed", message)


def _candidates(*rows):
    return [
        rules.Candidate(id=i, name=name, status=status, exclusion_decided=decided)
        for i, name, status, decided in rows
    ]


SUBMITTED = _candidates(
    (1, "Albion Ltd", "submitted", True),
    (2, "Brightwell Ltd", "submitted", True),
    (3, "Cobalt Ltd", "excluded", True),
)


@pytest.mark.parametrize(
    ("candidates", "shortlisted", "not_shortlisted", "maximum", "code"),
    [
        (SUBMITTED, {1: "Best"}, {2: "Weaker"}, 1, None),
        (SUBMITTED, {1: "Best", 2: "Good"}, {}, None, None),
        (
            _candidates((1, "Albion Ltd", "invited", True)),
            {1: "Best"},
            {},
            None,
            "already_shortlisted",
        ),
        (SUBMITTED, {1: "Best", 2: "Good"}, {2: "Weaker"}, None, "invalid_input"),
        (SUBMITTED, {1: "Best", 3: "Good"}, {2: "Weaker"}, None, "not_eligible"),
        (SUBMITTED, {1: "Best", 9: "Good"}, {2: "Weaker"}, None, "not_eligible"),
        (
            _candidates(
                (1, "Albion Ltd", "submitted", True), (2, "Brightwell Ltd", "submitted", False)
            ),
            {1: "Best"},
            {2: "Weaker"},
            None,
            "exclusion_not_decided",
        ),
        (SUBMITTED, {1: "Best"}, {}, None, "shortlist_incomplete"),
        (SUBMITTED, {}, {1: "No", 2: "No"}, None, "shortlist_empty"),
        (SUBMITTED, {1: "Best", 2: "Good"}, {}, 1, "shortlist_too_long"),
        (SUBMITTED, {1: "Best"}, {2: " "}, None, "reason_required"),
    ],
)
def test_the_shortlist_decides_once_about_every_eligible_supplier_with_reasons(
    candidates, shortlisted, not_shortlisted, maximum, code
):
    def call():
        rules.check_shortlist(
            candidates=candidates,
            shortlisted=shortlisted,
            not_shortlisted=not_shortlisted,
            maximum=maximum,
        )

    if code is None:
        call()
    else:
        assert _refused(call).code == code


def test_an_undecided_exclusion_names_the_suppliers_and_cites_s27():
    candidates = _candidates(
        (1, "Albion Ltd", "submitted", False), (2, "Brightwell Ltd", "submitted", False)
    )

    refused = _refused(
        lambda: rules.check_shortlist(
            candidates=candidates, shortlisted={1: "A"}, not_shortlisted={2: "B"}, maximum=None
        )
    )

    assert (refused.section, refused.details) == (
        "Procurement Act 2023 s.27",
        {"suppliers": ["Albion Ltd", "Brightwell Ltd"]},
    )


@pytest.mark.parametrize(
    ("invited", "deadline", "code"),
    [
        (2, DEADLINE, None),
        (0, DEADLINE, "shortlist_not_decided"),
        (2, None, "invalid_input"),
        (2, datetime(2027, 4, 22, 12, 0), "invalid_input"),  # no time zone
    ],
)
def test_tenders_are_invited_from_a_decided_shortlist_by_a_deadline_with_its_zone(
    invited, deadline, code
):
    def call():
        rules.check_invitation(invited=invited, tender_deadline=deadline)

    if code is None:
        call()
    else:
        assert _refused(call).code == code


@pytest.mark.parametrize(("length", "refused"), [(0, False), (2000, False), (2001, True)])
def test_a_withdrawal_reason_is_at_most_2000_characters(length, refused):
    if not refused:
        rules.check_withdrawal_reason("x" * length)
        return
    violation = _refused(lambda: rules.check_withdrawal_reason("x" * length))
    assert (violation.code, violation.field) == ("invalid_input", "reason")
