"""Procurements open for tenders, invited suppliers, and sealed tenders for tests.

Procurements, criteria and participants are made straight in the database (not audited): the
tests are about what the tendering services record. Tenders are made with the real
`submit_tender` service, so they are really sealed.
"""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import factory
import time_machine
from factory.django import DjangoModelFactory

from procura.accounts.states import Role
from procura.accounts.tests.factories import OrganisationFactory, member
from procura.audit.models import AuditEvent
from procura.core import clock
from procura.participation.models import Agreement, AgreementAcceptance, Participant
from procura.participation.states import AgreementKind, ParticipantStatus
from procura.procurements import services as procurement_services
from procura.procurements.models import AwardCriterion, Clarification, Procurement
from procura.procurements.states import CriterionKind, Procedure, Status
from procura.tendering import services
from procura.tendering.models import (
    OpeningConfirmation,
    SealingKey,
    Tender,
    TenderFile,
    TenderOpening,
    TenderOpeningPolicy,
    TenderQuestion,
    UnsealedTender,
)

# Midday on Tuesday 3 March 2026 in London (GMT, so also 12:00 UTC).
DEADLINE = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)
BEFORE = DEADLINE - timedelta(days=1)
AFTER = DEADLINE + timedelta(hours=1)


class ProcurementFactory(DjangoModelFactory):
    """The MPS value-added reseller framework, at the tender stage of a competitive flexible
    procedure (£252m including VAT; the excluding-VAT figure is derived at 20%)."""

    class Meta:
        model = Procurement

    authority = factory.SubFactory(OrganisationFactory)
    reference = factory.Sequence(lambda n: f"PRC-2026-{n + 1:04d}")
    ocid = factory.LazyAttribute(lambda p: f"ocds-test-{p.reference.lower()}")
    title = "Value-added reseller framework"
    description = "Technology hardware, software and support services for the force."
    procedure = Procedure.COMPETITIVE_FLEXIBLE
    estimated_value_excl_vat = Decimal("210000000.00")
    estimated_value_incl_vat = Decimal("252000000.00")
    is_framework = True
    max_framework_suppliers = 2
    framework_term_months = 24
    max_shortlist = 7
    tender_deadline = DEADLINE
    status = Status.TENDERING_OPEN
    created_by = factory.LazyAttribute(lambda p: member(p.authority, Role.BUYER))
    created_at = factory.LazyFunction(clock.now)


class AwardCriterionFactory(DjangoModelFactory):
    class Meta:
        model = AwardCriterion

    procurement = factory.SubFactory(ProcurementFactory)
    kind = CriterionKind.QUALITY
    title = factory.Sequence(lambda n: f"Quality criterion {n}")
    weight = Decimal("30.00")
    position = factory.Sequence(lambda n: n)


def invite(procurement: Procurement, supplier, *, by, status=ParticipantStatus.INVITED):
    """The supplier passed the agreements gate (accepting the current NDA and ethical walls
    agreement) and is at `status`: invited to tender unless said otherwise."""
    participant = Participant.objects.create(
        procurement=procurement,
        supplier=supplier,
        status=status,
        interest_expressed_at=clock.now(),
        interest_expressed_by=by,
        admitted_at=clock.now(),
    )
    for kind in (AgreementKind.NDA, AgreementKind.ETHICAL_WALLS):
        agreement = Agreement.objects.filter(procurement=procurement, kind=kind).first()
        if agreement is None:
            agreement = Agreement.objects.create(
                procurement=procurement,
                kind=kind,
                version=1,
                title=kind.label,
                text=f"The {kind.label.lower()} for {procurement.reference}.",
                sha256="0" * 64,
                created_at=clock.now(),
                created_by=procurement.created_by,
            )
        AgreementAcceptance.objects.create(
            participant=participant, agreement=agreement, accepted_by=by, accepted_at=clock.now()
        )
    return participant


def supplier_with_bid_manager(name: str, first_name: str, last_name: str):
    organisation = OrganisationFactory(supplier=True, name=name)
    person = member(
        organisation, Role.SUPPLIER_BID_MANAGER, first_name=first_name, last_name=last_name
    )
    return organisation, person


def tender_stage(*, suffix: str = "", **procurement_fields) -> SimpleNamespace:
    """A procurement open for tenders until DEADLINE with two quality criteria and a price
    criterion; the authority's people; two invited suppliers (Albion, Brightwell) and one that
    passed the gate but was not shortlisted (Castlegate). `suffix` tells the organisations of a
    second stage in the same test apart."""
    authority = OrganisationFactory(name=f"Metropolitan Police Service{suffix}")
    buyer = member(authority, Role.BUYER, first_name="Bea", last_name="Buyer")
    procurement = ProcurementFactory(authority=authority, created_by=buyer, **procurement_fields)
    quality = [
        AwardCriterionFactory(procurement=procurement, title="Continuity of supply", position=1),
        AwardCriterionFactory(procurement=procurement, title="Social value", position=2),
    ]
    AwardCriterionFactory(
        procurement=procurement,
        kind=CriterionKind.PRICE,
        title="Price",
        weight=Decimal("40.00"),
        position=3,
    )
    albion, albion_bid = supplier_with_bid_manager(
        f"Albion Technology Ltd{suffix}", "Alice", "Albright"
    )
    brightwell, brightwell_bid = supplier_with_bid_manager(
        f"Brightwell Systems Ltd{suffix}", "Ben", "Bright"
    )
    castlegate, castlegate_bid = supplier_with_bid_manager(
        f"Castlegate Computing Ltd{suffix}", "Cara", "Castle"
    )
    invite(procurement, albion, by=albion_bid)
    invite(procurement, brightwell, by=brightwell_bid)
    invite(procurement, castlegate, by=castlegate_bid, status=ParticipantStatus.NOT_SHORTLISTED)
    platform = OrganisationFactory(platform_operator=True, name=f"Procura operations{suffix}")
    return SimpleNamespace(
        procurement=procurement,
        authority=authority,
        quality=quality,
        buyer=buyer,
        buyer2=member(authority, Role.BUYER, first_name="Bob", last_name="Buyer"),
        approver=member(authority, Role.APPROVER, first_name="Ada", last_name="Approver"),
        evaluator=member(authority, Role.EVALUATOR, first_name="Eve", last_name="Evaluator"),
        admin=member(platform, Role.PLATFORM_ADMIN, first_name="Pat", last_name="Admin"),
        albion=albion,
        albion_bid=albion_bid,
        brightwell=brightwell,
        brightwell_bid=brightwell_bid,
        castlegate=castlegate,
        castlegate_bid=castlegate_bid,
    )


def answers_for(stage, text: str = "We hold stock at two UK depots.") -> dict[int, str]:
    return {c.pk: f"{text} ({c.title})" for c in stage.quality}


def submit(stage, supplier=None, bid=None, *, price="1250000.00", at=BEFORE, **fields):
    """Submit a tender for `supplier` (Albion by default) at `at` through the real service."""
    supplier = supplier or stage.albion
    bid = bid or (stage.albion_bid if supplier == stage.albion else stage.brightwell_bid)
    fields.setdefault("answers", answers_for(stage))
    with time_machine.travel(at, tick=False):
        return services.submit_tender(
            actor=bid, procurement=stage.procurement, supplier=supplier, price=price, **fields
        )


def record_of(stage) -> dict:
    """Everything the tendering services can change, to show that a refusal changed nothing."""
    stage.procurement.refresh_from_db()
    return {
        "status": stage.procurement.status,
        "tenders": list(Tender.objects.values_list("reference", "status")),
        "files": TenderFile.objects.count(),
        "keys": SealingKey.objects.count(),
        "confirmations": OpeningConfirmation.objects.count(),
        "openings": TenderOpening.objects.count(),
        "unsealed": UnsealedTender.objects.count(),
        "questions": list(TenderQuestion.objects.values_list("pk", "status")),
        "clarifications": Clarification.objects.count(),
        "policies": list(TenderOpeningPolicy.objects.values_list("authority_id", "panel_size")),
        "audit": AuditEvent.objects.count(),
    }


def close(stage):
    """Close tendering after the deadline, as the scheduled job does."""
    with time_machine.travel(AFTER, tick=False):
        procurement_services.close_tendering(procurement=stage.procurement)
    stage.procurement.refresh_from_db()


def confirm(stage, officer, *, at=AFTER):
    """`officer` confirms the opening (after the deadline, by default)."""
    with time_machine.travel(at, tick=False):
        return services.confirm_opening(actor=officer, procurement=stage.procurement)


def open_tenders(stage):
    """Close tendering; the buyer and the approver confirm: the tenders are opened."""
    close(stage)
    confirm(stage, stage.buyer)
    outcome = confirm(stage, stage.approver)
    stage.procurement.refresh_from_db()
    return outcome
