"""Modifying a published procurement in tests: the moment, the reason, the service call, the
API body and the page's form, shared by the modification tests of the procurement and its lots."""

from datetime import datetime

from procura.audit.models import AuditEvent
from procura.core import clock
from procura.notices import selectors as notice_selectors
from procura.notices.models import Notice
from procura.notices.states import NoticeType
from procura.procurements import services
from procura.procurements.models import Procurement

LONDON = clock.LONDON
MONDAY_2_FEB_2026 = datetime(2026, 2, 2, 9, 0, tzinfo=LONDON)
FRIDAY_27_FEB_NOON = datetime(2026, 2, 27, 12, 0, tzinfo=LONDON)
REASON = "The force has added body-worn video docking stations to the requirement."
TIME_LIMITS = (
    "The change adds one product line; suppliers need a week more to price it, so the deadline "
    "for requests to participate moves to 6 March for everyone."
)


def published(procurement: Procurement) -> Procurement:
    services.publish_tender_notice(actor=procurement.created_by, procurement=procurement)
    procurement.refresh_from_db()
    return procurement


def closed_for_participation(procurement: Procurement, traveller) -> Procurement:
    """Past the deadline for requests to participate, as the scheduled job leaves it."""
    traveller.move_to(FRIDAY_27_FEB_NOON)
    services.close_participation(procurement=procurement)
    procurement.refresh_from_db()
    return procurement


def modify(procurement: Procurement, actor=None, **arguments):
    arguments.setdefault("changes", {})
    arguments.setdefault("reason", REASON)
    arguments.setdefault("substantial", False)
    arguments.setdefault("time_limits_reconsidered", TIME_LIMITS)
    return services.modify_procurement(
        actor=actor or procurement.created_by, procurement=procurement, **arguments
    )


def new_events(since: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(sequence__gt=since).order_by("sequence"))


def last_sequence() -> int:
    event = AuditEvent.objects.order_by("-sequence").first()
    return event.sequence if event else 0


def tender_notices(procurement: Procurement) -> list[Notice]:
    return list(notice_selectors.notices_of(procurement).filter(notice_type=NoticeType.UK4))


def modification_body(**changes) -> dict:
    body = {
        "changes": {"title": "VAR framework 2026"},
        "reason": REASON,
        "substantial": False,
        "time_limits_reconsidered": TIME_LIMITS,
    }
    return body | changes


def modify_form(procurement, **fields) -> dict:
    data = {
        "title": procurement.title,
        "description": procurement.description,
        "cpv_codes": ", ".join(procurement.cpv_codes),
        "estimated_value_excl_vat": str(procurement.estimated_value_excl_vat),
        "estimated_value_incl_vat": str(procurement.estimated_value_incl_vat),
        "max_framework_suppliers": str(procurement.max_framework_suppliers),
        "framework_term_months": str(procurement.framework_term_months),
        "extension_options_months": ", ".join(map(str, procurement.extension_options_months)),
        "longer_term_reasons": procurement.longer_term_reasons,
        "call_off_process": procurement.call_off_process,
        "max_shortlist": str(procurement.max_shortlist),
        "shortlisting_criteria": procurement.shortlisting_criteria,
        "no_lots_reasons": procurement.no_lots_reasons,
        "reason": REASON,
        "substantial": "no",
        "time_limits_reconsidered": TIME_LIMITS,
    }
    rows = list(procurement.criteria.all())
    data |= {"criteria-TOTAL_FORMS": str(len(rows)), "criteria-INITIAL_FORMS": "0"}
    for i, c in enumerate(rows):
        data |= {
            f"criteria-{i}-kind": c.kind,
            f"criteria-{i}-title": c.title,
            f"criteria-{i}-description": c.description,
            f"criteria-{i}-weight": str(c.weight),
            f"criteria-{i}-max_score": str(c.max_score),
        }
    return data | lots_form_data(procurement) | fields


def lots_form_data(procurement, lots=None, **limits) -> dict:
    """The lots table as a browser sends it: `lots` (dicts of lot fields; the procurement's own
    by default) and the limits per supplier (the procurement's unless given)."""
    if lots is None:
        lots = [
            {
                "number": lot.number,
                "title": lot.title,
                "description": lot.description,
                "estimated_value_excl_vat": lot.estimated_value_excl_vat,
                "estimated_value_incl_vat": lot.estimated_value_incl_vat,
                "cpv_codes": lot.cpv_codes,
                "max_framework_suppliers": lot.max_framework_suppliers,
            }
            for lot in procurement.lots.all()
        ]
    data = {"lots-TOTAL_FORMS": str(len(lots)), "lots-INITIAL_FORMS": "0"}
    for i, lot in enumerate(lots):
        for name, value in lot.items():
            if name == "cpv_codes":
                value = ", ".join(value or [])
            data[f"lots-{i}-{name}"] = "" if value is None else str(value)
    for name in ("max_lots_bid_per_supplier", "max_lots_awarded_per_supplier"):
        value = limits.get(name, getattr(procurement, name))
        data[f"lot-limits-{name}"] = "" if value is None else str(value)
    return data
