"""Abnormally low tenders (Procurement Act 2023 s.19(4)-(5))."""

from __future__ import annotations

from django.db import transaction

from procura.accounts.models import User
from procura.audit import services as audit
from procura.core import clock
from procura.procurements.models import Procurement
from procura.procurements.services import lock_procurement

from .. import rules, selectors
from ..events import EvaluationEvent
from ..models import AbnormallyLowReview
from .common import _refuse_if_walled_off, _refuse_unless_evaluating, _require_buyer


@transaction.atomic
def record_abnormally_low_decision(
    *,
    actor: User,
    procurement: Procurement,
    tender_id: int,
    explanation: str,
    decision: str,
    reason: str = "",
) -> AbnormallyLowReview:
    """Record the supplier's explanation of an abnormally low price and the authority's decision:
    accept the tender, or reject it and disregard it (s.19(4)-(5))."""
    procurement = lock_procurement(procurement)
    _require_buyer(actor, procurement)
    _refuse_if_walled_off(actor, procurement)
    _refuse_unless_evaluating(procurement)
    tender = selectors.tender_for_evaluation(procurement, tender_id)
    flagged = {f.tender.tender_id: f for f in selectors.flagged_tenders(procurement)}
    rules.check_abnormally_low_decision(
        flagged=tender.tender_id in flagged,
        supplier=str(tender.supplier),
        explanation=explanation,
        decision=decision,
        reason=reason,
    )
    finding = flagged[tender.tender_id].finding
    existing = AbnormallyLowReview.objects.filter(
        procurement=procurement, tender_id=tender.tender_id
    ).first()
    before = (
        {"decision": existing.decision, "explanation": existing.explanation} if existing else {}
    )
    review, _ = AbnormallyLowReview.objects.update_or_create(
        procurement=procurement,
        tender_id=tender.tender_id,
        defaults={
            "supplier": tender.supplier,
            "price": tender.price,
            "average_of_others": finding.average_of_others,
            "percent_below": finding.percent_below,
            "threshold_percent": finding.threshold_percent,
            "explanation": explanation.strip(),
            "decision": decision,
            "reason": reason.strip(),
            "decided_by": actor,
            "decided_at": clock.now(),
        },
    )
    audit.record(
        actor=actor,
        event_type=EvaluationEvent.ABNORMALLY_LOW_DECIDED,
        obj=review,
        organisation_id=procurement.authority_id,
        before=before,
        after={
            "supplier": tender.supplier.name,
            "decision": review.get_decision_display().lower(),
            "price": tender.price,
            "average_of_others": finding.average_of_others,
            "percent_below": finding.percent_below,
            "explanation": review.explanation,
            "reason": review.reason,
        },
    )
    return review
