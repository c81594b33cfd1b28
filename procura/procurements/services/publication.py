"""Publishing the tender notice (UK4, Procurement Act 2023 s.21) once the publication rules are
met, and the facts those rules see."""

from datetime import datetime
from decimal import Decimal

from django.db import transaction

from procura.accounts.models import User
from procura.accounts.selectors import house_rules_of
from procura.core import clock
from procura.notices import ocds
from procura.notices.models import Notice
from procura.notices.services import publish_notice
from procura.notices.states import NoticeType
from procura.participation.states import REQUIRED_AGREEMENTS
from procura.timescales.rules import TenderingFacts, deadline_day

from .. import rules
from ..events import ProcurementEvent
from ..models import ConflictsAssessment, Procurement
from ..states import Status
from .lifecycle import _require_buyer_org, lock_procurement, refuse_if_problems, transition
from .lots import lot_facts


def publication_check(procurement: Procurement, publication_date) -> rules.PublicationCheck:
    def london_date(moment: datetime | None):
        # The last day on which requests or tenders can be submitted: a deadline at 00:00
        # leaves the day before as the last one (s.54(5), `timescales.rules.deadline_day`).
        if not moment:
            return None
        local = clock.local(moment)
        return deadline_day(local.date(), local.time())

    facts = dict(procurement.tendering_facts or {})
    facts.setdefault("urgency", procurement.urgency)
    return rules.PublicationCheck(
        publication_date=publication_date,
        competitive_flexible=procurement.is_competitive_flexible,
        has_conflicts_assessment=ConflictsAssessment.objects.filter(
            procurement=procurement
        ).exists(),
        participation_deadline=london_date(procurement.participation_deadline),
        tender_deadline=london_date(procurement.tender_deadline),
        urgency=procurement.urgency,
        tendering_facts=TenderingFacts(**facts),
        is_framework=procurement.is_framework,
        max_framework_suppliers=procurement.max_framework_suppliers,
        framework_term_months=procurement.framework_term_months,
        extension_options_months=tuple(procurement.extension_options_months or ()),
        longer_term_reasons=procurement.longer_term_reasons,
        framework_category=procurement.framework_category,
        contract_term_months=procurement.contract_term_months,
        max_shortlist=procurement.max_shortlist,
        shortlisting_criteria=procurement.shortlisting_criteria,
        value_excl_vat=procurement.estimated_value_excl_vat,
        value_incl_vat=procurement.estimated_value_incl_vat,
        value_range=(procurement.value_range_min_incl_vat, procurement.value_range_max_incl_vat),
        criteria_weights=tuple(
            (kind, Decimal(weight))
            for kind, weight in procurement.criteria.values_list("kind", "weight")
        ),
        lots=lot_facts(procurement.lots.order_by("position", "pk")),
        no_lots_reasons=procurement.no_lots_reasons,
        max_lots_bid_per_supplier=procurement.max_lots_bid_per_supplier,
        max_lots_awarded_per_supplier=procurement.max_lots_awarded_per_supplier,
        documents_behind_agreements=procurement.documents_behind_agreements,
        agreements_not_issued=_agreements_not_issued(procurement),
        **house_rules_of(procurement.authority_id),
    )


def _agreements_not_issued(procurement: Procurement) -> tuple[str, ...]:
    """The names of the required agreements (NDA, ethical walls) the buyer has not issued."""
    issued = set(procurement.agreements.values_list("kind", flat=True))
    return tuple(kind.label for kind in REQUIRED_AGREEMENTS if kind not in issued)


@transaction.atomic
def publish_tender_notice(*, actor: User, procurement: Procurement) -> Notice:
    """Publish the tender notice (UK4, s.21): refused, with every reason, unless the
    procurement meets ss.20, 23, 47, 54 and 83 for the facts given."""
    procurement = lock_procurement(procurement)
    _require_buyer_org(actor, procurement.authority)
    if violation := rules.check_not_yet_published(procurement.status):
        raise violation
    refuse_if_problems(rules.publication_problems(publication_check(procurement, clock.today())))
    # An open procedure opens for tenders at publication; a competitive flexible one first
    # takes requests to participate.
    stamps: tuple[str, ...]
    if procurement.is_competitive_flexible:
        target, stamps = Status.PARTICIPATION_OPEN, ("published_at",)
    else:
        target, stamps = Status.TENDERING_OPEN, ("published_at", "tendering_opened_at")
    # The notice first (it reads none of what the move changes), so that the procurement's
    # record can name it; both records are in this transaction.
    notice = publish_notice(
        procurement=procurement,
        notice_type=NoticeType.UK4,
        build=lambda **kw: ocds.tender_notice(procurement, **kw),
        actor=actor,
    )
    transition(
        procurement,
        target,
        actor=actor,
        event_type=ProcurementEvent.PUBLISHED,
        stamp=stamps,
        after={"notice_id": notice.notice_id},
    )
    return notice
