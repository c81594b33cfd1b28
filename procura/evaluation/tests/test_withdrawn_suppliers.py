"""A supplier that withdrew from the procurement is no longer a candidate: its sealed tender
stays on the record, but it is not scored, ranked or awarded, and an award proposed before it
withdrew cannot be approved."""

import pytest

from procura.accounts.states import Role
from procura.accounts.tests.factories import member
from procura.core import clock
from procura.core.errors import NotFound
from procura.evaluation import selectors, services
from procura.participation.models import Participant
from procura.participation.states import ParticipantStatus
from procura.testing.refusals import assert_refused

from . import factories as f
from .factories import record_of

pytestmark = pytest.mark.django_db


def _withdrawn(e, name: str) -> Participant:
    """The supplier withdrew from the procurement (made straight in the database; the
    participation service is tested in participation/tests/test_withdrawal.py)."""
    supplier = e.tender(name).supplier
    bid = member(supplier, Role.SUPPLIER_BID_MANAGER)
    participant, _ = Participant.objects.update_or_create(
        procurement=e.procurement,
        supplier=supplier,
        defaults={
            "status": ParticipantStatus.WITHDRAWN,
            "interest_expressed_at": clock.now(),
            "interest_expressed_by": bid,
            "withdrawn_at": clock.now(),
            "withdrawn_by": bid,
            "withdrawal_reason": "We can no longer support the volumes.",
        },
    )
    return participant


def test_the_tender_of_a_supplier_that_withdrew_is_not_evaluated(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    fernhill = e.tender("Fernhill")
    _withdrawn(e, "Fernhill")

    names = [t.supplier.name for t in selectors.tenders_for_evaluation(e.procurement)]

    assert names == [
        "Albion Technology Solutions Ltd",
        "Brightwell IT Supply Ltd",
        "Castlegate Digital Ltd",
        "Dunmore Systems plc",
        "Eastbrook Computing Ltd",
        "Greystone Infrastructure Ltd",
    ]
    with pytest.raises(NotFound):
        selectors.tender_for_evaluation(e.procurement, fernhill.tender_id)


def test_an_award_proposed_before_a_winner_withdrew_cannot_be_approved(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.ready_to_propose(e)
    services.propose_award(actor=e.buyer, procurement=e.procurement)
    _withdrawn(e, "Castlegate")
    before = record_of(e.procurement)

    refusal = assert_refused(
        "proposal_out_of_date",
        lambda: services.approve_award(actor=e.approver, procurement=e.procurement),
        unchanged=lambda: record_of(e.procurement),
    )

    assert refusal.message == (
        "Castlegate Digital Ltd withdrew from the procurement after this award decision was "
        "proposed: return it so that the buyer can propose it again without them."
    )
    assert record_of(e.procurement) == before
