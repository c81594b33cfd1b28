"""A supplier withdrawing from a procurement (house rules: the Act neither obliges a supplier to
stay nor stops it leaving)."""

from procura.core.errors import RuleViolation

from .. import errors
from ..states import WITHDRAWABLE_FROM, ParticipantStatus
from .stage import MAX_WITHDRAWAL_REASON_CHARS


def check_gate_for_tender_withdrawal(gate_is_current: bool) -> None:
    """A supplier withdrawing while its tender may still be withdrawn must withdraw that tender
    too, and the tender is reached only behind the gate (`gate_is_current`): a house rule, so that
    no live tender is left behind a withdrawal to be opened."""
    if not gate_is_current:
        raise RuleViolation(
            errors.AGREEMENT_SUPERSEDED,
            "Accept the current version of every agreement first: your tender must be "
            "withdrawn with your organisation, and it can only be withdrawn behind the gate.",
        )


#: Procurement statuses in which a supplier may still withdraw: published, award not yet decided.
WITHDRAWAL_OPEN = frozenset(
    {
        "participation_open",
        "participation_closed",
        "tendering_open",
        "tenders_closed",
        "evaluation",
    }
)


def check_withdrawal(*, procurement_status: str, participant_status: str, supplier: str) -> None:
    """A supplier may withdraw from a procurement at any stage before the award is decided,
    while it is still taking part (interested, admitted, submitted or invited).

    A house rule: the Act does not oblige a supplier to stay, and nothing in it stops one from
    leaving; once the award decision is approved the authority has chosen (s.50), so leaving is
    then a matter for the standstill and the contract, not for this service. An excluded or
    not-shortlisted supplier has already left the competition (s.57, s.20(4)); a withdrawal is
    final.
    """
    if participant_status == ParticipantStatus.WITHDRAWN:
        raise RuleViolation(
            errors.ALREADY_WITHDRAWN, f"{supplier} has already withdrawn from this procurement."
        )
    if procurement_status not in WITHDRAWAL_OPEN:
        raise RuleViolation(
            errors.WITHDRAWAL_TOO_LATE,
            "The award decision has been made or the procurement is over: withdrawing is no "
            "longer possible here. Contact the buyer.",
        )
    if participant_status not in WITHDRAWABLE_FROM:
        raise RuleViolation(
            errors.NOT_WITHDRAWABLE,
            f"{supplier} is {ParticipantStatus(participant_status).label.lower()}: it is no "
            "longer taking part, so there is nothing to withdraw from.",
        )


def check_withdrawal_reason(reason: str) -> None:
    """The reason a supplier gives for withdrawing is optional and at most 2,000 characters (a
    house rule: the buyer reads it on the list of suppliers)."""
    if len(reason.strip()) > MAX_WITHDRAWAL_REASON_CHARS:
        raise RuleViolation(
            errors.INVALID_INPUT,
            "The reason must be 2,000 characters or fewer.",
            field="reason",
        )
