"""A supplier withdrawing from the procurement, and its live tenders while they may still be
withdrawn."""

from django.db import transaction

from procura.accounts.models import Organisation, User
from procura.core import clock
from procura.core.errors import DomainError, NotFound
from procura.procurements.models import Procurement
from procura.procurements.states import Status
from procura.tendering import errors as tendering_errors
from procura.tendering import selectors as tendering_selectors
from procura.tendering import services as tendering_services
from procura.tendering.permissions import may_submit_tender
from procura.tendering.states import TenderStatus

from .. import rules
from ..events import ParticipationEvent
from ..models import Participant
from ..states import ParticipantStatus
from .common import _lock_procurement, _require_bid_manager, transition_participant


def _tendering_still_open(procurement: Procurement) -> bool:
    deadline = procurement.tender_deadline
    return (
        procurement.status == Status.TENDERING_OPEN
        and deadline is not None
        and clock.now() < deadline
    )


def _withdraw_live_tenders(
    actor: User, procurement: Procurement, supplier: Organisation
) -> list[str]:
    """Withdraw the supplier's live tenders (one per lot, when the procurement is divided into
    lots) while tenders may still be withdrawn; the references withdrawn, or [] when there were
    none or they stay, sealed, because the tender deadline has passed."""
    live = [
        receipt
        for receipt in tendering_selectors.receipts_of(procurement, supplier)
        if receipt.status == TenderStatus.SUBMITTED
    ]
    if not live or not _tendering_still_open(procurement):
        return []
    # A new version of an agreement may have closed the gate: the tendering service cannot be
    # reached, and a withdrawal must not leave a live tender behind it to be opened.
    rules.check_gate_for_tender_withdrawal(may_submit_tender(procurement, supplier))
    withdrawn: list[str] = []
    for receipt in live:
        lot_number = getattr(receipt, "lot", "")
        by_lot = {"lot": tendering_selectors.lot_of(procurement, lot_number)} if lot_number else {}
        try:
            tendering_services.withdraw_tender(
                actor=actor, procurement=procurement, supplier=supplier, **by_lot
            )
        except DomainError as error:
            # The deadline passed between the check above and the tendering service's own:
            # the tenders stay sealed, exactly as for a withdrawal after the deadline.
            if error.code in (
                tendering_errors.TENDER_DEADLINE_PASSED,
                tendering_errors.TENDERING_NOT_OPEN,
            ):
                return withdrawn
            raise
        withdrawn.append(receipt.reference)
    return withdrawn


@transaction.atomic
def withdraw_participation(
    *, actor: User, procurement: Procurement, supplier: Organisation, reason: str = ""
) -> Participant:
    """The supplier's bid manager withdraws the organisation from the procurement, at any stage
    before the award is decided, while it is still taking part (interested, admitted,
    submitted or invited: `rules.check_withdrawal`). Final: it can take no further step, its
    documents and stages are closed to it, and it is left out of the shortlist, the invitation
    to tender and the suppliers allowed to tender. The buyer sees it, with the reason given,
    on the list of suppliers.

    Its tender, if it has one (one per lot, if the procurement is divided into lots):
    - while tenders may still be withdrawn (open, before the tender deadline), the live tender
      is withdrawn too, through the tendering service (kept sealed and never opened);
    - after the tender deadline, tenders are final (s.54(2): the same instant for everyone, and
      the tender box is the record of what arrived by then): the withdrawal is recorded, but the
      sealed tender stays as it is and is opened with the others, but it is no longer a
      candidate: evaluation leaves it out (not scored, ranked, awarded or sent a summary), and
      an award proposed before the withdrawal cannot be approved
      (`evaluation.selectors.tenders_for_evaluation`, `evaluation.services.approve_award`).
    The participation event says nothing about the tender, so that nobody on the buyer's side
    learns before the opening whether the supplier had tendered (ADR 0003); the tender's own
    event records its withdrawal for the supplier.

    The returned participant carries `tenders_withdrawn`: the references of the tenders
    withdrawn with it (one per lot at most), or [].
    """
    procurement = _lock_procurement(procurement)
    _require_bid_manager(actor, supplier)
    participant = (
        Participant.objects.select_for_update()
        .filter(procurement=procurement, supplier=supplier)
        .first()
    )
    if participant is None:
        raise NotFound()
    participant.procurement, participant.supplier = procurement, supplier
    rules.check_withdrawal(
        procurement_status=procurement.status,
        participant_status=participant.status,
        supplier=supplier.name,
    )
    reason = (reason or "").strip()
    rules.check_withdrawal_reason(reason)
    tenders_withdrawn = _withdraw_live_tenders(actor, procurement, supplier)
    withdrawn_at = clock.now()
    transition_participant(
        participant,
        ParticipantStatus.WITHDRAWN,
        actor=actor,
        event_type=ParticipationEvent.WITHDRAWN,
        stamp="withdrawn_at",
        at=withdrawn_at,
        changes={"withdrawn_by": actor, "withdrawal_reason": reason},
        after={"withdrawn_at": withdrawn_at},
        reason=reason,
    )
    participant.tenders_withdrawn = tenders_withdrawn  # type: ignore[attr-defined]
    return participant
