"""The award decision, the assessment summaries and the contract award notice: when each may
happen (Procurement Act 2023 s.19(4)-(5), s.50)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from procura.core.clock import format_datetime
from procura.core.errors import RuleViolation
from procura.procurements.states import Status

from .. import errors
from ..states import AwardDecisionStatus
from .common import ACT, and_list
from .panel import PANEL_OPEN


def check_may_propose_award(
    *, procurement_status: str, award_proposed: bool, panel_submitted: bool
) -> None:
    """The award is proposed once, in evaluation, after every evaluator on the panel has
    submitted (the most advantageous tender is found by the whole assessment, s.19(1))."""
    if procurement_status != Status.EVALUATION:
        if procurement_status in PANEL_OPEN:
            raise RuleViolation(errors.TENDERS_SEALED, "The tenders have not been opened yet.")
        raise RuleViolation(errors.EVALUATION_CLOSED, "The award has already been decided.")
    if award_proposed:
        raise RuleViolation(
            errors.AWARD_ALREADY_PROPOSED, "An award has already been proposed for approval."
        )
    if not panel_submitted:
        raise RuleViolation(
            errors.EVALUATION_INCOMPLETE,
            "Every evaluator on the panel must submit their scores before the award.",
        )


def check_exclusion_considered(without_consideration: Sequence[str]) -> None:
    """Before tenders are assessed for the award, the authority considers whether each supplier
    is an excluded or excludable supplier (s.28: checking the debarment list, and its associated
    persons and intended sub-contractors), so that an excluded supplier's tender is disregarded
    and an excludable one's may be (s.26); in a competitive flexible procedure that is done
    before the shortlist (s.27), in every other procedure before the award at the latest.
    `without_consideration` names the assessed tenderers with no exclusion decision on record,
    whatever the procedure; the award is refused while there is one."""
    if without_consideration:
        names = and_list(sorted(set(without_consideration)))
        raise RuleViolation(
            errors.EXCLUSION_NOT_CONSIDERED,
            f"Record whether {names} "
            f"{'is' if len(set(without_consideration)) == 1 else 'are'} excluded or excludable "
            "(checking the debarment list and associated persons) before proposing the award.",
            section=f"{ACT} ss.26-28",
            details={"suppliers": sorted(set(without_consideration))},
        )


def check_award_proposal(
    *,
    undecided_abnormally_low: Sequence[tuple[int, str]],
    tie_break_order: Sequence[int],
    tie_break_reason: str,
) -> None:
    """Before the award decision the authority decides about every abnormally low tender
    (`undecided_abnormally_low`: (tender id, supplier) pairs without a decision), having asked the
    supplier to explain (s.19(4)-(5)); an order it sets for tied tenders comes with its reason (a
    house rule: the decision must be explainable, s.50(3), reg 31)."""
    if undecided_abnormally_low:
        names = and_list([supplier for _, supplier in undecided_abnormally_low])
        raise RuleViolation(
            errors.ABNORMALLY_LOW_UNDECIDED,
            f"The price of {names} is abnormally low by the published test. Record the "
            "supplier's explanation and decide whether to accept or disregard the tender before "
            "the award decision.",
            section=f"{ACT} s.19(4)-(5)",
            details={"tender_ids": [tender_id for tender_id, _ in undecided_abnormally_low]},
        )
    if tie_break_order and not tie_break_reason.strip():
        raise RuleViolation(
            errors.TIE_BREAK_REASON_REQUIRED,
            "Give the reason for the order of the tied tenders.",
            field="tie_break_reason",
        )


def check_awaiting_approval(decision_status: str | None) -> None:
    """Only a proposal awaiting approval (`decision_status`, None: no live proposal) is
    approved or returned."""
    if decision_status != AwardDecisionStatus.PROPOSED:
        raise RuleViolation(errors.NO_PROPOSAL, "There is no award proposal awaiting approval.")


def check_other_approver(*, proposed_by: int | None, approver: int | None) -> None:
    """The award is signed off by a different person from the one who proposed it (a house rule:
    two people for every award decision)."""
    if proposed_by == approver:
        raise RuleViolation(
            errors.APPROVER_MUST_DIFFER,
            "The award must be signed off by a different person from the one who proposed it.",
        )


def check_proposal_current(withdrawn: Sequence[str]) -> None:
    """A proposal is approved only while every supplier it ranks is still taking part: a
    supplier that withdrew after it was proposed (`withdrawn`, their names) is no longer a
    candidate (a house rule; the withdrawal: `participation.rules.check_withdrawal`)."""
    if withdrawn:
        raise RuleViolation(
            "proposal_out_of_date",
            f"{and_list(sorted(set(withdrawn)))} withdrew from the procurement after this award "
            "decision was proposed: return it so that the buyer can propose it again without "
            "them.",
        )


def check_return_reason(reason: str) -> None:
    """A proposal is returned with the reason, for the buyer to act on (a house rule)."""
    if not reason.strip():
        raise RuleViolation(
            errors.RETURN_REASON_REQUIRED,
            "Say why the proposal is returned.",
            field="reason",
        )


def check_award_approved(approved: bool) -> None:
    """The summaries and the award notice follow an approved award decision (s.50(1))."""
    if not approved:
        raise RuleViolation(errors.NOT_AWARD_DECIDED, "The award decision has not been approved.")


def check_summaries_sendable(*, procurement_status: str, sent_at: datetime | None) -> None:
    """The assessment summaries are sent once the award is decided, all at the same time and
    once (s.50(3); reg 31(4)), before the contract award notice."""
    if procurement_status != Status.AWARD_DECIDED:
        if procurement_status in (Status.STANDSTILL, Status.CONTRACT_SIGNED):
            raise RuleViolation(
                errors.SUMMARIES_ALREADY_SENT, "The assessment summaries have already been sent."
            )
        raise RuleViolation(errors.NOT_AWARD_DECIDED, "The award decision has not been approved.")
    if sent_at is not None:
        raise RuleViolation(
            errors.SUMMARIES_ALREADY_SENT,
            f"The assessment summaries were sent at {format_datetime(sent_at)}.",
        )


def check_award_notice_publishable(procurement_status: str) -> None:
    """The contract award notice (UK6, s.50) is published once, after the award decision."""
    if procurement_status in (Status.STANDSTILL, Status.CONTRACT_SIGNED):
        raise RuleViolation(
            errors.AWARD_NOTICE_ALREADY_PUBLISHED,
            "The contract award notice has already been published.",
        )
    if procurement_status != Status.AWARD_DECIDED:
        raise RuleViolation(errors.NOT_AWARD_DECIDED, "The award decision has not been approved.")


def check_summaries_sent(sent_at: datetime | None) -> None:
    """The contract award notice is published only after the assessment summaries were sent to
    every supplier that submitted an assessed tender (s.50(3))."""
    if sent_at is None:
        raise RuleViolation(
            errors.SUMMARIES_NOT_SENT,
            "Send the assessment summaries to every supplier that submitted an assessed tender "
            "before publishing the contract award notice.",
            section=f"{ACT} s.50(3)",
        )
