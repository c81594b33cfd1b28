"""Entering into the contract at the end of a procurement: the only writer of this app's rows."""

from datetime import date
from typing import Any

from django.db import transaction

from procura.accounts.models import User
from procura.accounts.selectors import has_role
from procura.accounts.states import Role
from procura.audit import services as audit
from procura.core import clock
from procura.core.errors import DomainError
from procura.core.formatting import format_date
from procura.evaluation import selectors as evaluation
from procura.procurements.models import Lot, Procurement
from procura.procurements.services import lock_procurement, transition
from procura.procurements.states import Status
from procura.timescales.rules import contract_details_notice_due

from . import rules
from .events import ContractEvent
from .models import (
    CallOffAuthority,
    Contract,
    ContractParticipant,
    FrameworkAgreement,
    FrameworkSupplier,
)


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@transaction.atomic
def enter_into_contract(
    *,
    actor: User,
    procurement: Procurement,
    date_signed: date,
    start_date: date,
    end_date: date,
) -> FrameworkAgreement | Contract | list[FrameworkAgreement | Contract]:
    """Record that the contract was entered into, once the standstill period has ended (s.51).

    Creates the framework agreement (suppliers = the preferred suppliers; ceiling = the estimated
    value including VAT; the initial term and extension options; the authorities that may call
    off = the buyer and those named in the tender) or the contract (the supplier; the participant
    organisations; the value range), with the day the contract details notice is due (s.53(1)).
    For a procurement divided into lots (s.18) there is one framework or contract per lot, with
    that lot's winners and value, and the list of them is returned. The procurement's status
    becomes contract signed.
    """
    procurement = lock_procurement(procurement)
    if not has_role(actor, Role.BUYER, procurement.authority):
        raise DomainError("forbidden_action", "Only a buyer of the authority can do this.")
    decision = evaluation.approved_decision(procurement)
    rules.check_standstill_started(
        already_entered_into=procurement.status == Status.CONTRACT_SIGNED,
        in_standstill=procurement.status == Status.STANDSTILL,
        award_notice_published=decision is not None
        and decision.award_notice is not None
        and decision.award_notice.publication.is_published,
    )
    assert decision is not None and decision.award_notice is not None  # refused just above
    fts_published_at = decision.award_notice.publication.fts_published_at
    assert fts_published_at is not None  # published on Find a Tender, checked just above
    published_on = clock.local(fts_published_at).date()
    # None for a light touch contract without a voluntary standstill (s.51(3)(f), (4)-(5)).
    period = evaluation.standstill_of(decision, published_on)
    rules.check_may_enter_into_contract(
        period, date_signed=date_signed, today=clock.today(), published_on=published_on
    )
    rules.check_term(start_date, end_date)
    rules.check_end_date_agrees_with_term(
        start_date,
        end_date,
        term_months=procurement.framework_term_months
        if procurement.is_framework
        else procurement.contract_term_months,
        extension_months=procurement.extension_options_months,
    )
    winners = evaluation.preferred_suppliers(procurement)
    # 120 days for a light touch contract (s.53(1)(a)), 30 for others (s.53(1)(b)).
    uk7_due = contract_details_notice_due(
        date_signed, light_touch=evaluation.is_light_touch(procurement)
    )
    now = clock.now()
    if procurement.is_framework:
        latest = rules.latest_end(end_date, procurement.extension_options_months)
        rules.check_framework_term(
            start_date, latest, longer_term_reasons_given=bool(procurement.longer_term_reasons)
        )
    terms: dict[str, Any] = {
        "actor": actor,
        "date_signed": date_signed,
        "start_date": start_date,
        "end_date": end_date,
        "uk7_due": uk7_due,
        "now": now,
    }
    make = _framework if procurement.is_framework else _contract
    lots = list(procurement.lots.order_by("position", "pk"))
    if lots:
        # One framework or contract per lot, with that lot's winners (s.18); a lot nobody won
        # has none.
        made = [
            make(procurement, lot=lot, winners=lot_winners, **terms)
            for lot in lots
            if (lot_winners := [w for w in winners if w.lot_id == lot.pk])
        ]
    else:
        made = [make(procurement, lot=None, winners=winners, **terms)]
    transition(
        procurement,
        Status.CONTRACT_SIGNED,
        actor=actor,
        event_type=ContractEvent.ENTERED_INTO,
        after={
            **(
                {"agreements": [agreement.reference for agreement, _e, _a in made]}
                if lots
                else {"agreement": made[0][0].reference}
            ),
            "date_signed": format_date(date_signed),
            "standstill_last_day": format_date(period.last_day) if period else "no standstill",
        },
    )
    for agreement, created_event, created_after in made:
        audit.record(
            actor=actor,
            event_type=created_event,
            obj=agreement,
            organisation_id=procurement.authority_id,
            after=created_after,
        )
    if lots:
        return [agreement for agreement, _e, _a in made]
    return made[0][0]


def _framework(
    procurement: Procurement,
    *,
    lot: Lot | None,
    winners,
    actor: User,
    date_signed: date,
    start_date: date,
    end_date: date,
    uk7_due: date,
    now,
):
    """The framework agreement (suppliers = the winners; ceiling = the estimated value including
    VAT, the lot's for a lot; the term and its options; the authorities that may call off), with
    its audit record's content."""
    latest = rules.latest_end(end_date, procurement.extension_options_months)
    agreement = FrameworkAgreement.objects.create(
        procurement=procurement,
        lot=lot,
        authority=procurement.authority,
        reference=f"{procurement.reference}-L{lot.number}-FA"
        if lot
        else f"{procurement.reference}-FA",
        title=f"{procurement.title}: lot {lot.number}, {lot.title}" if lot else procurement.title,
        ceiling_incl_vat=lot.estimated_value_incl_vat
        if lot
        else procurement.estimated_value_incl_vat,
        date_signed=date_signed,
        start_date=start_date,
        initial_end_date=end_date,
        initial_term_months=procurement.framework_term_months,
        extension_options_months=list(procurement.extension_options_months or []),
        latest_end_date=latest,
        call_off_process=procurement.call_off_process,
        contract_details_notice_due=uk7_due,
        entered_by=actor,
        entered_at=now,
    )
    FrameworkSupplier.objects.bulk_create(
        FrameworkSupplier(
            framework=agreement, supplier=w.supplier, rank=w.rank, tender_id=w.tender_id
        )
        for w in winners
    )
    authorities = [procurement.authority, *procurement.call_off_authorities.all()]
    CallOffAuthority.objects.bulk_create(
        CallOffAuthority(framework=agreement, authority=a)
        for a in {a.pk: a for a in authorities}.values()
    )
    created_after = {
        **({"lot": lot.number} if lot else {}),
        "suppliers": _names([w.supplier.name for w in winners]),
        "ceiling_incl_vat": agreement.ceiling_incl_vat,
        "start_date": start_date,
        "initial_end_date": end_date,
        "latest_end_date": latest,
        "call_off_authorities": sorted(a.name for a in authorities),
        "uk7_due": format_date(uk7_due),
    }
    return agreement, ContractEvent.FRAMEWORK_CREATED, created_after


def _contract(
    procurement: Procurement,
    *,
    lot: Lot | None,
    winners,
    actor: User,
    date_signed: date,
    start_date: date,
    end_date: date,
    uk7_due: date,
    now,
):
    """The contract (the winner; the participant organisations; the value range, for a
    procurement not divided into lots), with its audit record's content."""
    winner = winners[0]
    agreement = Contract.objects.create(
        procurement=procurement,
        lot=lot,
        authority=procurement.authority,
        supplier=winner.supplier,
        reference=f"{procurement.reference}-L{lot.number}-C"
        if lot
        else f"{procurement.reference}-C",
        title=f"{procurement.title}: lot {lot.number}, {lot.title}" if lot else procurement.title,
        awarded_price_excl_vat=winner.price,
        estimated_value_incl_vat=(
            lot.estimated_value_incl_vat if lot else procurement.estimated_value_incl_vat
        ),
        # The participants' value range is the whole procurement's, not a lot's.
        value_range_min_incl_vat=None if lot else procurement.value_range_min_incl_vat,
        value_range_max_incl_vat=None if lot else procurement.value_range_max_incl_vat,
        date_signed=date_signed,
        start_date=start_date,
        end_date=end_date,
        term_months=procurement.contract_term_months,
        contract_details_notice_due=uk7_due,
        entered_by=actor,
        entered_at=now,
    )
    ContractParticipant.objects.bulk_create(
        ContractParticipant(contract=agreement, organisation=o)
        for o in procurement.participants.all()
    )
    created_after = {
        **({"lot": lot.number} if lot else {}),
        "supplier": winner.supplier.name,
        "awarded_price_excl_vat": winner.price,
        "value_range": [agreement.value_range_min_incl_vat, agreement.value_range_max_incl_vat],
        "start_date": start_date,
        "end_date": end_date,
        "participants": sorted(o.name for o in procurement.participants.all()),
        "uk7_due": format_date(uk7_due),
    }
    return agreement, ContractEvent.CONTRACT_CREATED, created_after
