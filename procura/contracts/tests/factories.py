"""Procurements in standstill, ready to be entered into, for the contracts' tests.

The evaluation is run with its real services (see procura.evaluation.tests.factories); the
award notice is published on Monday 21 December 2026, so that the standstill crosses Christmas
and New Year: its last day is Tuesday 5 January 2027 and the contract may be entered into from
Wednesday 6 January 2027.
"""

from datetime import UTC, datetime

import time_machine

from procura.audit.models import AuditEvent
from procura.contracts.models import (
    CallOffAuthority,
    Contract,
    ContractParticipant,
    FrameworkAgreement,
    FrameworkSupplier,
)
from procura.evaluation.tests import factories as evaluation
from procura.testing.notices import on_find_a_tender

UK6_PUBLISHED = datetime(2026, 12, 21, 10, 0, tzinfo=UTC)  # Monday 21 December 2026, 10am
LAST_DAY_OF_STANDSTILL = datetime(2027, 1, 5, 12, 0, tzinfo=UTC)  # Tuesday 5 January 2027
FIRST_DAY_AFTER = datetime(2027, 1, 6, 9, 0, tzinfo=UTC)  # Wednesday 6 January 2027


def in_standstill(
    tender_box, *, make=None, voluntary_standstill: bool = False, published: bool = True, **fields
) -> evaluation.Evaluation:
    """A procurement whose UK6 was published on Monday 21 December 2026 (only prepared that day,
    when not `published`); `voluntary_standstill` is the buyer's choice in the notice."""
    with time_machine.travel(datetime(2026, 12, 18, 15, 0, tzinfo=UTC), tick=False):
        e = evaluation.evaluation(tender_box, evaluators=1, make=make, **fields)
        evaluation.summaries_sent(e)
    with time_machine.travel(UK6_PUBLISHED, tick=False):
        notice = evaluation.services.publish_award_notice(
            actor=e.buyer, procurement=e.procurement, voluntary_standstill=voluntary_standstill
        )
        if published:
            on_find_a_tender(notice, e.buyer)
    return e


def record_of(procurement) -> dict:
    procurement.refresh_from_db()
    return {
        "status": procurement.status,
        "audit_events": AuditEvent.objects.count(),
        "frameworks": FrameworkAgreement.objects.count(),
        "framework_suppliers": FrameworkSupplier.objects.count(),
        "call_off_authorities": CallOffAuthority.objects.count(),
        "contracts": Contract.objects.count(),
        "participants": ContractParticipant.objects.count(),
    }
