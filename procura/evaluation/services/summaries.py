"""Assessment summaries (Procurement Act 2023 s.50(3); reg 31) and the contract award notice
(UK6; ss.50-51)."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from procura.accounts.models import User
from procura.audit import services as audit
from procura.core import clock
from procura.core.formatting import format_date
from procura.notices import ocds
from procura.notices.models import Notice
from procura.notices.services import publish_notice
from procura.notices.states import NoticeType
from procura.procurements.models import Procurement
from procura.procurements.services import lock_procurement, transition
from procura.procurements.states import Status

from .. import rules, selectors
from ..documents import assessment_summary_pdf
from ..events import EvaluationEvent
from ..models import AssessmentSummary, AwardDecision
from .common import _require_buyer


def _approved(procurement: Procurement) -> AwardDecision:
    decision = selectors.approved_decision(procurement)
    rules.check_award_approved(decision is not None)
    assert decision is not None  # the rule above refused otherwise
    return AwardDecision.objects.select_for_update().get(pk=decision.pk)


def _supplier_details(organisation) -> dict:
    address = ", ".join(
        part
        for part in (organisation.street_address, organisation.locality, organisation.postcode)
        if part
    )
    return {"name": organisation.name, "address": address, "identifier": organisation.party_id}


def _notify_suppliers(summaries: list[AssessmentSummary], procurement: Procurement) -> None:
    for summary in summaries:
        recipients = selectors.bid_manager_emails(summary.supplier)
        if not recipients:
            continue
        url = settings.PROCURA_BASE_URL + reverse(
            "evaluation:supplier-summary", args=[procurement.pk, summary.pk]
        )
        send_mail(
            subject=f"Assessment summary: {procurement.reference} {procurement.title}",
            message=(
                f"{procurement.authority} has sent {summary.supplier} its assessment summary "
                f"for {procurement.title} ({procurement.reference}), sent to every supplier "
                "that submitted an assessed tender at the same time.\n\n"
                f"Sign in to {settings.SERVICE_NAME} to read it: {url}\n"
            ),
            from_email=None,
            recipient_list=recipients,
        )


@transaction.atomic
def send_assessment_summaries(*, actor: User, procurement: Procurement) -> list[AssessmentSummary]:
    """Send an assessment summary to every supplier that submitted an assessed tender, all at
    the same time (s.50(3); reg 31(4)): one `sent_at` for all. With lots, one per tender: it
    names the lot and compares the tender with that lot's winners only."""
    procurement = lock_procurement(procurement)
    _require_buyer(actor, procurement)
    approved = selectors.approved_decision(procurement)
    rules.check_summaries_sendable(
        procurement_status=procurement.status,
        sent_at=approved.assessment_summaries_sent_at if approved is not None else None,
    )
    decision = _approved(procurement)
    evaluation = selectors.stored_evaluation(decision)
    tenders = {t.tender_id: t for t in selectors.tenders_for_evaluation(procurement)}
    suppliers = {tender_id: t.supplier for tender_id, t in tenders.items()}
    criteria = selectors.as_rule_criteria(selectors.criteria_of(procurement))

    def content_for(result) -> dict:
        lot = (
            {"number": result.lot, "title": evaluation.lot_outcome(result.lot).title}
            if result.lot
            else None
        )
        return rules.assessment_summary_content(
            evaluation.for_lot(result.lot) if result.lot else evaluation,
            result.tender_id,
            supplier=_supplier_details(suppliers[result.tender_id]),
            procurement=about,
            criteria=criteria,
            lot=lot,
        )

    about = {"reference": procurement.reference, "title": procurement.title}
    sent_at = clock.now()
    summaries = AssessmentSummary.objects.bulk_create(
        AssessmentSummary(
            decision=decision,
            tender_id=result.tender_id,
            supplier=suppliers[result.tender_id],
            successful=result.successful,
            rank=result.rank,
            total=result.total,
            content=content_for(result),
            lot_id=tenders[result.tender_id].lot_id,
            sent_at=sent_at,
        )
        for result in evaluation.results
    )
    decision.assessment_summaries_sent_at = sent_at
    decision.save(update_fields=["assessment_summaries_sent_at"])
    audit.record(
        actor=actor,
        event_type=EvaluationEvent.SUMMARIES_SENT,
        obj=procurement,
        organisation_id=procurement.authority_id,
        after={
            "count": len(summaries),
            "sent_at": sent_at,
            "suppliers": [s.supplier.name for s in summaries],
        },
    )
    saved = list(AssessmentSummary.objects.filter(decision=decision).select_related("supplier"))
    transaction.on_commit(lambda: _notify_suppliers(saved, procurement))
    return saved


@transaction.atomic
def download_assessment_summary_pdf(*, actor: User, summary: AssessmentSummary) -> bytes:
    """The assessment summary as a PDF, its download put on the record: who, which summary
    (its supplier and when it was sent), the SHA-256 and size of the PDF given, and when (the
    event's time). On the procurement's timeline, which only the authority's officers read.
    The caller has checked who may read it (`permissions.access_assessment_summary`)."""
    pdf = assessment_summary_pdf(summary)
    procurement = summary.decision.procurement
    audit.record(
        actor=actor,
        event_type=EvaluationEvent.SUMMARY_DOWNLOADED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        after={
            "procurement": procurement.reference,
            "summary_id": summary.pk,
            "supplier": summary.supplier.name,
            "sent_at": summary.sent_at,
            "sha256": hashlib.sha256(pdf).hexdigest(),
            "size": len(pdf),
        },
    )
    return pdf


def _award_lots(procurement: Procurement, decision: AwardDecision, winners) -> list[dict] | None:
    """For a procurement divided into lots, what UK6 says of each lot (s.18): its winners, the
    value awarded (a framework lot: the lot's estimated value; a contract lot: the winning
    price) and the tenders it received. None when there are no lots."""
    lots = selectors.lots_of(procurement)
    if not lots:
        return None
    statistics = {s["lot"]: s for s in decision.results.get("lot_statistics", [])}
    entries = []
    for lot in lots:
        lot_winners = [w for w in winners if w.lot_id == lot.pk]
        counted = statistics.get(lot.number, {})
        entry = {
            "number": lot.number,
            "title": lot.title,
            "suppliers": [w.supplier for w in lot_winners],
            "bids_received": counted.get("tenders_received", 0),
            "sme_bids_received": counted.get("sme_tenders_received", 0),
        }
        if procurement.is_framework:
            entry["value_excl_vat"] = lot.estimated_value_excl_vat
            entry["value_incl_vat"] = lot.estimated_value_incl_vat
        else:
            entry["value_excl_vat"] = sum((w.price for w in lot_winners), Decimal(0))
        entries.append(entry)
    return entries


@transaction.atomic
def publish_award_notice(
    *, actor: User, procurement: Procurement, voluntary_standstill: bool = False
):
    """Prepare the contract award notice (UK6; s.50) for Find a Tender. Refused until the
    assessment summaries were sent (s.50(3)). The procurement is then in standstill, whose 8
    working days (s.51) begin only when the notice is confirmed published on Find a Tender
    (`start_standstill`; Procurement Regulations 2024 reg 5(4)).

    A light touch contract has no mandatory standstill (s.51(3)(f)): the notice provides for a
    voluntary one of 8 working days only if the buyer asks (`voluntary_standstill`, s.51(4)-(5)),
    which then binds the authority like the mandatory one. For any other contract the standstill
    is mandatory whatever the buyer asks, and `voluntary_standstill` is ignored (stored False)."""
    procurement = lock_procurement(procurement)
    _require_buyer(actor, procurement)
    rules.check_award_notice_publishable(procurement.status)
    decision = _approved(procurement)
    rules.check_summaries_sent(decision.assessment_summaries_sent_at)
    decision.voluntary_standstill = voluntary_standstill and selectors.is_light_touch(procurement)
    winners = list(decision.preferred_suppliers.select_related("supplier"))
    summaries = selectors.summaries_of(decision)
    if procurement.is_framework:
        awards = [
            {
                "supplier": w.supplier,
                "value_excl_vat": procurement.estimated_value_excl_vat,
                "value_incl_vat": procurement.estimated_value_incl_vat,
            }
            for w in winners
        ]
    else:
        awards = [{"supplier": w.supplier, "value_excl_vat": w.price} for w in winners]
    lots = _award_lots(procurement, decision, winners)

    def build(*, notice_id, published):
        return ocds.award_notice(
            procurement,
            notice_id=notice_id,
            published=published,
            awards=awards,
            tenderers=[s.supplier for s in summaries],
            decided_at=decision.decided_at,
            summaries_sent_at=decision.assessment_summaries_sent_at,
            standstill=selectors.standstill_of(decision, clock.local(published).date()),
            bids_received=decision.results["tenders_received"],
            sme_bids_received=decision.results["sme_tenders_received"],
            lots=lots,
        )

    notice = publish_notice(
        procurement=procurement, notice_type=NoticeType.UK6, build=build, actor=actor
    )
    decision.award_notice = notice
    decision.save(update_fields=["award_notice", "voluntary_standstill"])
    transition(
        procurement,
        Status.STANDSTILL,
        actor=actor,
        event_type=EvaluationEvent.AWARD_NOTICE_PUBLISHED,
        after={"notice_id": notice.notice_id},
    )
    if notice.publication.is_published:  # published at once (the demo and development)
        start_standstill(notice, actor)
    return notice


def start_standstill(notice: Notice, actor: User | None) -> None:
    """The award notice is published on Find a Tender: the mandatory standstill period of 8
    working days begins with that day (s.51(1)-(2); Procurement Regulations 2024 reg 5(4)), not
    with the day Procura prepared the notice. Called by `notices.services` when the UK6 is
    confirmed published there. A light touch contract without a voluntary standstill
    (s.51(3)(f)) has no standstill days: it may be entered into from that day."""
    decision = AwardDecision.objects.select_for_update().filter(award_notice=notice).first()
    # Published at once, before the decision records the notice: publish_award_notice calls again.
    fts_published_at = notice.publication.fts_published_at
    if decision is None or fts_published_at is None:
        return
    published_on = clock.local(fts_published_at).date()
    period = selectors.standstill_of(decision, published_on)
    decision.standstill_first_day = period.first_day if period else None
    decision.standstill_last_day = period.last_day if period else None
    decision.earliest_entry_date = period.earliest_entry if period else published_on
    decision.save(
        update_fields=["standstill_first_day", "standstill_last_day", "earliest_entry_date"]
    )
    audit.record(
        actor=actor,
        event_type=EvaluationEvent.STANDSTILL_STARTED,
        obj=decision.procurement,
        organisation_id=decision.procurement.authority_id,
        after={
            "notice_id": notice.notice_id,
            "fts_notice_id": notice.publication.fts_notice_id,
            "published_on": format_date(published_on),
            "standstill_end": format_date(period.last_day) if period else "no standstill",
            "earliest_entry": format_date(decision.earliest_entry_date),
        },
    )
