"""The set-up: people through the accounts services, the procurement straight in the database."""

from __future__ import annotations

import hashlib
import os
import time
from datetime import timedelta
from decimal import Decimal

from .common import MB, Bidder, Run, World


def set_up_accounts(args, stamp: str):
    """An operator, an authority with a buyer and an approver (the opening panel), and the
    suppliers with a bid manager and an API token each, through the accounts services."""
    from procura.accounts import services as accounts
    from procura.accounts.states import (
        AuthorityType,
        IdentifierScheme,
        OrganisationKind,
        Role,
        SupplierScale,
    )

    def organisation(name, identifier, kind, **fields):
        return accounts.create_organisation(
            actor=admin,
            name=name,
            kind=kind,
            identifier_scheme=fields.pop("scheme", IdentifierScheme.PPON),
            identifier=identifier,
            **fields,
        )

    def person(username, first, last, organisation, role):
        user = accounts.create_user(
            actor=admin,
            username=username,
            email=f"{username}@bench.invalid",
            first_name=first,
            last_name=last,
        )
        accounts.grant_role(actor=admin, user=user, organisation=organisation, role=role)
        return user

    admin = None  # the operator's administrator is made by "the system"
    operator = organisation(
        f"Bench operations {stamp}", f"BNCH-{stamp}-OPS", OrganisationKind.PLATFORM_OPERATOR
    )
    admin = person(f"bench.admin.{stamp}", "Bench", "Admin", operator, Role.PLATFORM_ADMIN)
    authority = organisation(
        f"Bench Constabulary {stamp}",
        f"BNCH-{stamp}-AUTH",
        OrganisationKind.CONTRACTING_AUTHORITY,
        authority_type=AuthorityType.SUB_CENTRAL,
    )
    buyer = person(f"bench.buyer.{stamp}", "Bea", "Buyer", authority, Role.BUYER)
    approver = person(f"bench.approver.{stamp}", "Ada", "Approver", authority, Role.APPROVER)
    suppliers = []
    for number in range(1, args.suppliers + 1):
        supplier = organisation(
            f"Bench Supplier {number:03d} Ltd {stamp}",
            f"BS{stamp}{number:04d}",
            OrganisationKind.SUPPLIER,
            scheme=IdentifierScheme.COMPANIES_HOUSE,
            scale=SupplierScale.SME,
        )
        bid = person(
            f"bench.bid{number:03d}.{stamp}",
            "Bid",
            f"Manager {number}",
            supplier,
            Role.SUPPLIER_BID_MANAGER,
        )
        _, token = accounts.create_api_token(actor=admin, user=bid, name="deadline-surge bench")
        suppliers.append((number, supplier, bid, token))
    return authority, buyer, approver, suppliers


def set_up_procurement(args, stamp, authority, buyer, suppliers) -> tuple:
    """The procurement at TENDERING_OPEN with one quality criterion and price, and every supplier
    invited after passing the agreements gate, straight in the database as
    procura/tendering/tests/factories.invite does. The deadline is computed here: `settle`
    seconds to finish setting up, then the `window` in which the surge runs."""
    from procura.core import clock
    from procura.participation.models import Agreement, AgreementAcceptance, Participant
    from procura.participation.states import AgreementKind, ParticipantStatus
    from procura.procurements.models import AwardCriterion, Procurement
    from procura.procurements.states import CriterionKind, Procedure, Status

    now = clock.now()
    deadline = (now + timedelta(seconds=args.settle + args.window)).replace(microsecond=0)
    procurement = Procurement.objects.create(
        authority=authority,
        reference=f"BENCH-{stamp}",
        ocid=f"ocds-bench-{stamp}",
        title="Deadline surge: body-worn video cameras",
        description="A procurement made by bench/deadline_surge.py.",
        procedure=Procedure.OPEN,
        estimated_value_excl_vat=Decimal("2000000.00"),
        estimated_value_incl_vat=Decimal("2400000.00"),
        contract_term_months=36,
        tender_deadline=deadline,
        status=Status.TENDERING_OPEN,
        published_at=now,
        tendering_opened_at=now,
        created_by=buyer,
        created_at=now,
    )
    quality = AwardCriterion.objects.create(
        procurement=procurement,
        kind=CriterionKind.QUALITY,
        title="Delivery plan",
        weight=Decimal("60.00"),
        position=1,
    )
    AwardCriterion.objects.create(
        procurement=procurement,
        kind=CriterionKind.PRICE,
        title="Price",
        weight=Decimal("40.00"),
        position=2,
    )
    agreements = [
        Agreement.objects.create(
            procurement=procurement,
            kind=kind,
            version=1,
            title=kind.label,
            text=f"The {kind.label.lower()} for {procurement.reference}.",
            sha256=hashlib.sha256(kind.label.encode()).hexdigest(),
            created_at=now,
            created_by=buyer,
        )
        for kind in (AgreementKind.NDA, AgreementKind.ETHICAL_WALLS)
    ]
    participants = Participant.objects.bulk_create(
        Participant(
            procurement=procurement,
            supplier=supplier,
            status=ParticipantStatus.INVITED,
            interest_expressed_at=now,
            interest_expressed_by=bid,
            admitted_at=now,
        )
        for _, supplier, bid, _ in suppliers
    )
    AgreementAcceptance.objects.bulk_create(
        AgreementAcceptance(
            participant=participant, agreement=agreement, accepted_by=bid, accepted_at=now
        )
        for participant, (_, _, bid, _) in zip(participants, suppliers, strict=True)
        for agreement in agreements
    )
    return procurement, quality, deadline


def set_up_people(run: Run, stamp: str) -> tuple[World, object, object, list]:
    """The accounts, and the tender each supplier will send."""
    started = time.monotonic()
    authority, buyer, approver, suppliers = set_up_accounts(run.args, stamp)
    world = World(buyer_id=buyer.pk, approver_id=approver.pk)
    file_bytes = int(run.args.file_mb * MB)
    for number, supplier, _, token in suppliers:
        content = os.urandom(file_bytes)
        world.bidders.append(
            Bidder(
                number=number,
                supplier_id=supplier.pk,
                token=token,
                # A different price for every supplier, in pounds and pence.
                price=f"{1_000_000 + 1_373 * number}.{(7 * number) % 100:02d}",
                answer=f"Supplier {number}: delivery from two UK depots within 48 hours.",
                file_name=f"delivery-plan-{number:03d}.bin",
                content=content,
                sha256=hashlib.sha256(content).hexdigest(),
            )
        )
    world.setup_seconds = time.monotonic() - started
    return world, authority, buyer, suppliers


def open_procurement(run: Run, stamp: str, world: World, authority, buyer, suppliers) -> None:
    started = time.monotonic()
    procurement, quality, deadline = set_up_procurement(
        run.args, stamp, authority, buyer, suppliers
    )
    world.procurement_id = procurement.pk
    world.procurement_reference = procurement.reference
    world.criterion_id = quality.pk
    world.deadline = deadline
    world.setup_seconds += time.monotonic() - started
