"""What each stage of a procurement allows (rules/stages.py): every status, pure."""

import pytest

from procura.procurements import rules
from procura.procurements.states import Status

ALL = list(Status)
RUNNING = [
    Status.PARTICIPATION_OPEN,
    Status.PARTICIPATION_CLOSED,
    Status.TENDERING_OPEN,
    Status.TENDERS_CLOSED,
    Status.EVALUATION,
    Status.AWARD_DECIDED,
    Status.STANDSTILL,
]


@pytest.mark.parametrize("change", ["procurement", "criteria", "lots"])
def test_a_draft_may_change(change):
    assert rules.check_draft(Status.DRAFT, change=change) is None


@pytest.mark.parametrize("change", ["procurement", "criteria", "lots"])
@pytest.mark.parametrize("status", [s for s in ALL if s != Status.DRAFT])
def test_once_published_only_a_modification_changes_it(status, change):
    violation = rules.check_draft(status, change=change)

    assert violation.code == "not_draft"
    assert violation.section == "Procurement Act 2023 s.31"
    assert violation.message == rules.DRAFT_ONLY[change]


@pytest.mark.parametrize("status", ALL)
def test_the_tender_notice_is_published_once(status):
    violation = rules.check_not_yet_published(status)

    if status == Status.DRAFT:
        assert violation is None
    else:
        assert (violation.code, violation.section) == ("already_published", None)


@pytest.mark.parametrize("status", ALL)
def test_clarifications_only_while_the_procurement_runs(status):
    violation = rules.check_clarification_allowed(status)

    if status in RUNNING:
        assert violation is None
    else:
        assert violation.code == "not_open"


@pytest.mark.parametrize("status", ALL)
def test_the_conflicts_assessment_is_revisable_until_termination(status):
    violation = rules.check_conflicts_assessment_revisable(status)

    if status == Status.TERMINATED:
        assert violation.code == "invalid_transition"
    else:
        assert violation is None


@pytest.mark.parametrize("status", ALL)
def test_only_a_published_procurement_needs_a_termination_notice(status):
    violation = rules.check_may_terminate(status)

    if status == Status.DRAFT:
        assert (violation.code, violation.section) == (
            "not_published",
            "Procurement Act 2023 s.55(1)",
        )
    else:
        assert violation is None


@pytest.mark.parametrize(
    ("fields_changed", "deadlines_extended", "refused"),
    [(0, 0, True), (1, 0, False), (0, 1, False), (2, 2, False)],
)
def test_a_modification_modifies_something(fields_changed, deadlines_extended, refused):
    violation = rules.check_something_to_modify(
        fields_changed=fields_changed, deadlines_extended=deadlines_extended
    )

    if refused:
        assert (violation.code, violation.section) == (
            "nothing_to_modify",
            "Procurement Act 2023 s.31(1)",
        )
    else:
        assert violation is None
