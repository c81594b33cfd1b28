"""The tendering rules, pure: one test per rule, parametrised over the edges."""

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from procura.core.errors import RuleViolation
from procura.tendering import rules
from procura.tendering.rules import FileFacts, LineItem

DEADLINE = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)
SUMMER_DEADLINE = datetime(2026, 7, 1, 11, 0, tzinfo=UTC)  # midday BST


# --- The tender window ------------------------------------------------------------------------


def test_a_tender_one_microsecond_before_the_deadline_is_in_time():
    rules.check_tender_window(
        now=DEADLINE - timedelta(microseconds=1), deadline=DEADLINE, tendering_open=True
    )


@pytest.mark.parametrize("late_by", [timedelta(0), timedelta(microseconds=1), timedelta(days=3)])
def test_a_tender_at_or_after_the_deadline_is_refused_with_the_deadline_in_uk_time(late_by):
    with pytest.raises(RuleViolation) as refusal:
        rules.check_tender_window(now=DEADLINE + late_by, deadline=DEADLINE, tendering_open=True)

    assert refusal.value.code == "tender_deadline_passed"
    assert refusal.value.message == (
        "The tender deadline was midday on Tuesday 3 March 2026; tenders can no longer be "
        "submitted, replaced or withdrawn."
    )


def test_the_deadline_is_stated_in_british_summer_time():
    with pytest.raises(RuleViolation) as refusal:
        rules.check_tender_window(
            now=SUMMER_DEADLINE, deadline=SUMMER_DEADLINE, tendering_open=True
        )

    assert "midday on Wednesday 1 July 2026" in refusal.value.message


def test_the_deadline_passed_wins_over_the_status_once_tendering_has_closed():
    with pytest.raises(RuleViolation) as refusal:
        rules.check_tender_window(now=DEADLINE, deadline=DEADLINE, tendering_open=False)

    assert refusal.value.code == "tender_deadline_passed"


@pytest.mark.parametrize("deadline", [DEADLINE, None])
def test_no_tender_before_tendering_opens(deadline):
    with pytest.raises(RuleViolation) as refusal:
        rules.check_tender_window(
            now=DEADLINE - timedelta(days=10), deadline=deadline, tendering_open=False
        )

    assert refusal.value.code == "tendering_not_open"


# --- Price ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("1250000.00", Decimal("1250000.00")),
        ("1,250,000", Decimal("1250000.00")),
        ("£99.5", Decimal("99.50")),
        (Decimal("0.01"), Decimal("0.01")),
        (42, Decimal("42.00")),
        ("9999999999999.99", Decimal("9999999999999.99")),
    ],
)
def test_a_price_in_pounds_and_pence(given, expected):
    assert rules.check_price(given) == expected


@pytest.mark.parametrize(
    "given", [None, "", "  ", "free", "0", "-1", "10.001", "NaN", "Infinity", "10000000000000"]
)
def test_a_price_that_is_not_a_positive_amount_in_pounds_and_pence_is_refused(given):
    with pytest.raises(RuleViolation) as refusal:
        rules.check_price(given)

    assert refusal.value.code == "invalid_price"
    assert refusal.value.field == "price"


def test_line_items_are_checked_and_may_be_zero():
    assert rules.check_line_items(
        [{"description": " Laptops ", "amount": "1000"}, {"description": "Set-up", "amount": 0}]
    ) == (LineItem("Laptops", Decimal("1000.00")), LineItem("Set-up", Decimal("0.00")))


@pytest.mark.parametrize(
    "item",
    [
        {"description": "", "amount": "1"},
        {"description": "Laptops", "amount": "-1"},
        {"description": "Laptops", "amount": "1.234"},
        {"description": "Laptops"},
    ],
)
def test_a_bad_line_item_is_refused(item):
    with pytest.raises(RuleViolation) as refusal:
        rules.check_line_items([item])

    assert refusal.value.code == "invalid_line_item"


# --- Answers ----------------------------------------------------------------------------------

CRITERIA = {7: "Continuity of supply", 9: "Social value"}


def test_every_quality_criterion_is_answered_and_keys_may_be_strings():
    assert rules.check_answers(CRITERIA, {"9": " Apprenticeships ", 7: "Two depots"}) == {
        7: "Two depots",
        9: "Apprenticeships",
    }


@pytest.mark.parametrize("answers", [{7: "Two depots"}, {7: "Two depots", 9: "   "}])
def test_a_missing_answer_is_refused_naming_the_criterion(answers):
    with pytest.raises(RuleViolation) as refusal:
        rules.check_answers(CRITERIA, answers)

    assert refusal.value.code == "answer_missing"
    assert refusal.value.field == "answers.9"
    assert refusal.value.message == "Enter your answer to ‘Social value’."


@pytest.mark.parametrize("key", [8, "price", None])
def test_an_answer_to_something_that_is_not_a_quality_criterion_is_refused(key):
    with pytest.raises(RuleViolation) as refusal:
        rules.check_answers(CRITERIA, {7: "a", 9: "b", key: "c"})

    assert refusal.value.code == "unknown_criterion"


def test_an_overlong_answer_is_refused():
    with pytest.raises(RuleViolation) as refusal:
        rules.check_answers(CRITERIA, {7: "a", 9: "x" * (rules.MAX_ANSWER_CHARS + 1)})

    assert refusal.value.code == "answer_too_long"


# --- Files ------------------------------------------------------------------------------------


def test_files_within_the_limits_are_accepted():
    rules.check_files([("a.pdf", 1), ("b.pdf", rules.MAX_FILE_BYTES)] * 10)


@pytest.mark.parametrize(
    ("files", "code"),
    [
        ([("a.pdf", 1)] * (rules.MAX_FILES + 1), "too_many_files"),
        ([("a.pdf", 0)], "empty_file"),
        ([("a.pdf", rules.MAX_FILE_BYTES + 1)], "file_too_large"),
    ],
)
def test_files_outside_the_limits_are_refused(files, code):
    with pytest.raises(RuleViolation) as refusal:
        rules.check_files(files)

    assert refusal.value.code == code


@pytest.mark.parametrize(
    ("name", "clean"),
    [
        ("C:\\Users\\bid\\price.xlsx", "price.xlsx"),
        ("../../etc/passwd", "passwd"),
        ("", "document"),
    ],
)
def test_file_names_lose_their_paths(name, clean):
    assert rules.clean_file_name(name) == clean


# --- Canonical content ------------------------------------------------------------------------


def _content(**overrides) -> bytes:
    fields = {
        "procurement_reference": "PRC-2026-0001",
        "tender_reference": "PRC-2026-0001-T0A1B2C3D",
        "supplier_id": 12,
        "version": 1,
        "price": Decimal("1250000.5"),
        "line_items": [LineItem("Laptops", Decimal("1000"))],
        "answers": {9: "Apprenticeships", 7: "Two depots"},
        "files": [FileFacts("plan.pdf", "ab" * 32, 1024)],
        "salt": "00ff",
    }
    fields.update(overrides)
    return rules.canonical_content(**fields)


def test_the_canonical_content_is_sorted_compact_json_with_amounts_in_pence():
    assert _content() == (
        b'{"answers":{"7":"Two depots","9":"Apprenticeships"},"files":[{"name":"plan.pdf",'
        b'"sha256":"' + b"ab" * 32 + b'","size":1024}],"format":"procura-tender/1",'
        b'"line_items":[{"amount":"1000.00","description":"Laptops"}],'
        b'"price":"1250000.50","procurement":"PRC-2026-0001","salt":"00ff","supplier":12,'
        b'"tender":"PRC-2026-0001-T0A1B2C3D","version":1}'
    )


def test_the_canonical_content_reads_back():
    parsed = rules.parse_content(_content())

    assert parsed == rules.ParsedContent(
        price=Decimal("1250000.50"),
        line_items=(LineItem("Laptops", Decimal("1000.00")),),
        answers={7: "Two depots", 9: "Apprenticeships"},
        files=(FileFacts("plan.pdf", "ab" * 32, 1024),),
    )


def test_a_different_salt_gives_a_different_hash_for_the_same_tender():
    assert rules.sha256_hex(_content(salt="01")) != rules.sha256_hex(_content(salt="02"))


def test_unicode_answers_are_kept_as_utf8():
    assert json.loads(_content(answers={7: "Café £5 – ok", 9: "x"}))["answers"]["7"] == (
        "Café £5 – ok"
    )


# --- Opening ----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [2, 3, 10, "4"])
def test_an_opening_panel_of_two_to_ten(size):
    assert rules.check_panel_size(size) == int(size)


@pytest.mark.parametrize("size", [0, 1, 11, None, "two"])
def test_an_opening_panel_outside_two_to_ten_is_refused(size):
    with pytest.raises(RuleViolation) as refusal:
        rules.check_panel_size(size)

    assert refusal.value.code == "invalid_panel_size"


def _confirm(**overrides):
    facts = {
        "now": DEADLINE,
        "deadline": DEADLINE,
        "status": "tenders_closed",
        "opened": False,
        "already_confirmed": False,
    }
    facts.update(overrides)
    rules.check_opening_confirmation(**facts)


def test_an_officer_may_confirm_once_tendering_has_closed():
    _confirm()


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        (
            {"now": DEADLINE - timedelta(seconds=1), "status": "tendering_open"},
            "tender_deadline_not_passed",
        ),
        ({"status": "terminated"}, "tenders_not_closed"),
        ({"status": "participation_closed", "deadline": None}, "tenders_not_closed"),
        ({"already_confirmed": True}, "already_confirmed"),
        ({"opened": True, "status": "evaluation"}, "tenders_already_opened"),
        ({"opened": True, "already_confirmed": True}, "tenders_already_opened"),
    ],
)
def test_a_confirmation_out_of_turn_is_refused(overrides, code):
    with pytest.raises(RuleViolation) as refusal:
        _confirm(**overrides)

    assert refusal.value.code == code


@pytest.mark.parametrize(
    ("confirmed", "panel", "reached"), [(1, 2, False), (2, 2, True), (2, 3, False), (4, 3, True)]
)
def test_the_quorum(confirmed, panel, reached):
    assert rules.quorum_reached(confirmed_officers=confirmed, panel_size=panel) is reached


# --- Anonymous clarifications -----------------------------------------------------------------


LANTHORN = rules.SupplierNames(
    name="Lanthorn Partners LLP",
    trading_names=("Lighthouse Forensic",),
    addresses=("bids@lanthorn.example", "https://www.lanthornpartners.co.uk/"),
    people=("Alice Albright",),
)
DUNMORE = rules.SupplierNames(name="Dunmore Systems plc", addresses=("tenders@gmail.com",))


@pytest.mark.parametrize(
    ("text", "code", "matched"),
    [
        # The legal name, in any case, and the person who asked
        ("Can Lanthorn Partners LLP quote in euros?", "question_names_supplier",
         "Lanthorn Partners LLP"),
        ("alice albright asks: euros?", "question_names_supplier", "Alice Albright"),
        # A trading name
        ("Lighthouse Forensic would like to know about euros.", "question_names_trading_name",
         "Lighthouse Forensic"),
        # An e-mail or web domain
        ("Reply to bids@lanthorn.example please.", "question_names_email_domain",
         "lanthorn.example"),
        ("As lanthornpartners.co.uk says, euros?", "question_names_email_domain",
         "lanthornpartners.co.uk"),
        # The short form (without LLP), a distinctive word, the short form of another supplier
        ("Lanthorn Partners asks whether euros are accepted.", "question_names_short_name",
         "Lanthorn Partners"),
        ("As Lanthorn asked, may prices be in euros?", "question_names_short_name", "Lanthorn"),
        ("Dunmore Systems would bid in euros.", "question_names_short_name", "Dunmore Systems"),
        ("May Dunmore quote in euros?", "question_names_short_name", "Dunmore"),
    ],
)  # fmt: skip
def test_a_clarification_naming_a_supplier_taking_part_is_refused_saying_what_matched(
    text, code, matched
):
    with pytest.raises(RuleViolation) as refusal:
        rules.check_anonymous(text, suppliers=[LANTHORN, DUNMORE], field="answer")

    assert (refusal.value.code, refusal.value.field) == (code, "answer")
    assert refusal.value.section == "Procurement Act 2023 s.12(2)"
    assert f"‘{matched}’" in refusal.value.message


@pytest.mark.parametrize(
    "text",
    [
        "May prices be quoted in euros?",
        # Common words of the names, a public mail domain, a word inside another word
        "Our partners' systems must support secure digital forensic services.",
        "Send questions to tenders@gmail.com.",
        "The Lanthornes of old used candles.",
        "Partnership working with the force is expected.",
    ],
)
def test_a_clarification_naming_no_supplier_is_accepted(text):
    rules.check_anonymous(text, suppliers=[LANTHORN, DUNMORE])


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        ("Lanthorn Partners LLP", ["Lanthorn Partners", "Lanthorn"]),
        ("Albion Technology Solutions Ltd", ["Albion Technology Solutions", "Albion"]),
        ("Dunmore Systems plc", ["Dunmore Systems", "Dunmore"]),
        ("Keystone Public Sector IT Group UK Limited", ["Keystone Public Sector IT", "Keystone"]),
        ("Lighthouse Forensic", ["Lighthouse"]),
    ],
)
def test_the_short_forms_of_a_name_drop_legal_suffixes_and_common_words(name, forms):
    assert rules.short_forms(name) == forms


@pytest.mark.parametrize(("confirmed", "refused"), [(True, False), (False, True)])
def test_the_buyer_confirms_the_wording(confirmed, refused):
    if refused:
        with pytest.raises(RuleViolation) as refusal:
            rules.check_anonymisation_confirmed(confirmed)
        assert (refusal.value.code, refusal.value.field) == (
            "anonymisation_not_confirmed",
            "confirm_anonymised",
        )
    else:
        rules.check_anonymisation_confirmed(confirmed)


# --- Withdrawing, and answering a question once -----------------------------------------------


@pytest.mark.parametrize(
    ("lot_number", "message"),
    [
        (None, "You have no tender to withdraw."),
        ("2", "You have no tender for lot 2 to withdraw."),
    ],
)
def test_without_a_live_tender_there_is_nothing_to_withdraw(lot_number, message):
    with pytest.raises(RuleViolation) as refusal:
        rules.check_tender_to_withdraw(has_live_tender=False, lot_number=lot_number)

    assert (refusal.value.code, refusal.value.message) == ("no_tender_to_withdraw", message)


@pytest.mark.parametrize("lot_number", [None, "1"])
def test_a_live_tender_may_be_withdrawn(lot_number):
    assert rules.check_tender_to_withdraw(has_live_tender=True, lot_number=lot_number) is None


def test_an_open_question_may_be_answered():
    assert rules.check_question_open("open") is None


def test_a_question_is_answered_once():
    with pytest.raises(RuleViolation) as refusal:
        rules.check_question_open("answered")

    assert refusal.value.code == "question_already_answered"
