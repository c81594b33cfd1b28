"""The procurements API: a buyer sets up a procurement and publishes it; anyone reads what is
public. Thin: parse -> access -> one service or selector -> answer.

Buyer-side staff of the authority may read a procurement; its buyers may change it; to anyone
else it does not exist (404). The public endpoints need no sign-in and never show a draft.
"""

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from procura.core.errors import DomainError
from procura.core.openapi import refusals
from procura.notices import selectors as notice_selectors

from . import permissions, rules, selectors, services
from .schemas import (
    CLEARABLE,
    ClarificationIn,
    ConflictsAssessmentIn,
    ConflictsAssessmentOut,
    CriteriaIn,
    ExtendDeadlinesIn,
    LotsIn,
    ModificationIn,
    ModificationOut,
    ProcurementClarificationOut,
    ProcurementIn,
    ProcurementListItemOut,
    ProcurementNoticeOut,
    ProcurementOut,
    ProcurementPatch,
    PublicProcurementOut,
    PublicProcurementPageOut,
    TerminateIn,
)
from .states import PUBLISHED

router = Router(tags=["procurements"])


# --- Answers ------------------------------------------------------------------------------------


def _org(organisation) -> dict:
    return {"id": organisation.pk, "name": organisation.name}


def procurement_out(procurement) -> dict:
    """The buyer-side view of a procurement: everything, as stored."""
    p = selectors.procurement_detail(procurement)
    assessment = getattr(p, "conflicts_assessment", None)
    return {
        **{field: getattr(p, field) for field in services.EDITABLE_FIELDS},
        "id": p.pk,
        "reference": p.reference,
        "ocid": p.ocid,
        "legal_regime": p.legal_regime,
        "authority": _org(p.authority),
        "procedure_label": p.get_procedure_display(),
        "call_off_authorities": [_org(o) for o in p.call_off_authorities.all()],
        "participants": [_org(o) for o in p.participants.all()],
        "status": p.status,
        "status_label": p.get_status_display(),
        "created_by": str(p.created_by),
        "created_at": p.created_at,
        "published_at": p.published_at,
        "participation_closed_at": p.participation_closed_at,
        "tendering_opened_at": p.tendering_opened_at,
        "tenders_closed_at": p.tenders_closed_at,
        "terminated_at": p.terminated_at,
        "termination_reason": p.termination_reason,
        "criteria": list(p.criteria.all()),
        "lots": list(p.lots.all()),
        "max_lots_bid_per_supplier": p.max_lots_bid_per_supplier,
        "max_lots_awarded_per_supplier": p.max_lots_awarded_per_supplier,
        "conflicts_assessment": assessment and _assessment_out(assessment),
        "clarifications": list(p.clarifications.all()),
    }


def _assessment_out(assessment) -> dict:
    return {
        "summary": assessment.summary,
        "prepared_by": str(assessment.prepared_by),
        "prepared_at": assessment.prepared_at,
        "last_revised_at": assessment.last_revised_at,
    }


def _fields_from(data, procurement=None) -> dict:
    """Schema field names -> service keyword arguments (organisations looked up by id)."""
    data = dict(data)
    if "tendering_facts" in data and data["tendering_facts"] is not None:
        data["tendering_facts"] = dict(data["tendering_facts"])
    if "participant_ids" in data:
        data["participants"] = selectors.organisations_by_ids(
            data.pop("participant_ids"), kinds=selectors.PARTICIPANT_KINDS, field="participant_ids"
        )
    if "call_off_authority_ids" in data:
        data["call_off_authorities"] = selectors.organisations_by_ids(
            data.pop("call_off_authority_ids"),
            kinds=selectors.CALL_OFF_KINDS,
            field="call_off_authority_ids",
        )
    return data


# --- Public: no sign-in, never a draft ------------------------------------------------------------


class PublicFilters(Schema):
    q: str = ""
    status: str = ""
    cursor: str | None = None
    limit: int = 20


def public_summary(procurement) -> dict:
    return {
        "reference": procurement.reference,
        "ocid": procurement.ocid,
        "title": procurement.title,
        "authority": procurement.authority.name,
        "procedure": procurement.procedure,
        "procedure_label": procurement.get_procedure_display(),
        "status": procurement.status,
        "status_label": procurement.get_status_display(),
        "is_framework": procurement.is_framework,
        "estimated_value_excl_vat": procurement.estimated_value_excl_vat,
        "estimated_value_incl_vat": procurement.estimated_value_incl_vat,
        "participation_deadline": procurement.participation_deadline,
        "tender_deadline": procurement.tender_deadline,
        "published_at": procurement.published_at,
        "url": reverse("opportunities:detail", args=[procurement.reference]),
    }


@router.get(
    "/public/",
    auth=None,
    response=PublicProcurementPageOut,
    summary="Published procurements (public; newest first, by cursor)",
)
def public_list(request: HttpRequest, filters: Query[PublicFilters]):
    """Every procurement whose tender notice is published, newest first. Search with `q`
    (reference, title, description, authority) and `status`; follow `next_cursor` for the next
    page (`limit` at most 100)."""
    if filters.status and filters.status not in PUBLISHED:
        raise DomainError("invalid_input", "Unknown status.", field="status")
    if not 1 <= filters.limit <= 100:
        raise DomainError("invalid_input", "limit must be from 1 to 100.", field="limit")
    items, next_cursor, total = selectors.public_page(
        text=filters.q, status=filters.status, cursor=filters.cursor, limit=filters.limit
    )
    return {
        "results": [public_summary(p) for p in items],
        "next_cursor": next_cursor,
        "count": total,
    }


@router.get(
    "/public/{reference}",
    auth=None,
    response=PublicProcurementOut,
    summary="A published procurement: its tender notice and clarifications (public)",
)
def public_detail(request: HttpRequest, reference: str):
    p = selectors.procurement_detail(permissions.access_published_procurement(reference))
    return {
        **public_summary(p),
        **{
            field: getattr(p, field)
            for field in (
                "description",
                "cpv_codes",
                "max_framework_suppliers",
                "framework_term_months",
                "extension_options_months",
                "longer_term_reasons",
                "call_off_process",
                "contract_term_months",
                "value_range_min_incl_vat",
                "value_range_max_incl_vat",
                "max_shortlist",
                "shortlisting_criteria",
                "terminated_at",
                "no_lots_reasons",
                "max_lots_bid_per_supplier",
                "max_lots_awarded_per_supplier",
            )
        },
        "lots": list(p.lots.all()),
        "call_off_authorities": [o.name for o in p.call_off_authorities.all()],
        "participants": [o.name for o in p.participants.all()],
        "criteria": list(p.criteria.all()),
        "clarifications": list(p.clarifications.all()),
        "notices": [
            {
                "notice_type": n.notice_type,
                "notice_type_label": n.get_notice_type_display(),
                "notice_id": n.notice_id,
                "published_at": n.published_at,
                "sha256": n.sha256,
                "url": reverse("opportunities:notice-json", args=[p.reference, n.notice_id]),
            }
            for n in notice_selectors.public_notices_of(p)
        ],
    }


# --- Buyer side -----------------------------------------------------------------------------------


@router.post(
    "/",
    response={201: ProcurementOut},
    summary="Create a draft procurement",
    openapi_extra=refusals(
        "forbidden_action", "not_found", "value_incl_vat_below_excl", "value_range_inverted"
    ),
)
def create(request: HttpRequest, payload: ProcurementIn):
    """A draft for `authority_id`, where you must be a buyer. Nothing is public until the
    tender notice is published."""
    authority = permissions.access_buying_authority(request.user, payload.authority_id)
    fields = _fields_from(payload.dict(exclude={"authority_id"}))
    procurement = services.create_procurement(actor=request.user, authority=authority, **fields)
    return Status(201, procurement_out(procurement))


@router.get(
    "/",
    response=list[ProcurementListItemOut],
    summary="Procurements of the authorities where you work on the buyer side",
)
@paginate(LimitOffsetPagination)
def list_procurements(request: HttpRequest, status: str = ""):
    queryset = selectors.buyer_procurements(request.user).order_by("-created_at", "-pk")
    if status:
        queryset = queryset.filter(status=status)
    return queryset


@router.get("/{procurement_id}", response=ProcurementOut, summary="One procurement")
def detail(request: HttpRequest, procurement_id: int):
    return procurement_out(permissions.access_procurement(request.user, procurement_id, "view"))


@router.patch(
    "/{procurement_id}",
    response=ProcurementOut,
    summary="Change a draft",
    openapi_extra=refusals(
        "forbidden_action", "not_draft", "value_incl_vat_below_excl", "value_range_inverted"
    ),
)
def update(request: HttpRequest, procurement_id: int, payload: ProcurementPatch):
    procurement = permissions.access_procurement(request.user, procurement_id, "manage")
    changes = payload.dict(exclude_unset=True)
    cannot_clear = sorted(k for k, v in changes.items() if v is None and k not in CLEARABLE)
    if cannot_clear:
        raise DomainError(
            "invalid_input",
            f"These cannot be empty: {', '.join(cannot_clear)}.",
            field=cannot_clear[0],
        )
    if not changes:
        raise DomainError("invalid_input", "Send at least one field to change.")
    procurement = services.update_procurement(
        actor=request.user, procurement=procurement, **_fields_from(changes)
    )
    return procurement_out(procurement)


@router.put(
    "/{procurement_id}/criteria",
    response=ProcurementOut,
    summary="Set the award criteria",
    openapi_extra=refusals("forbidden_action", "not_draft"),
)
def set_criteria(request: HttpRequest, procurement_id: int, payload: CriteriaIn):
    procurement = permissions.access_procurement(request.user, procurement_id, "manage")
    procurement = services.set_award_criteria(
        actor=request.user,
        procurement=procurement,
        criteria=[criterion.dict() for criterion in payload.criteria],
    )
    return procurement_out(procurement)


@router.put(
    "/{procurement_id}/lots",
    response=ProcurementOut,
    summary="Set the lots and the limits on lots per supplier (s.18)",
    openapi_extra=refusals(
        "forbidden_action",
        "lot_incomplete",
        "lot_limit_out_of_range",
        "lot_limit_without_lots",
        "lot_number_repeated",
        "lot_suppliers_not_framework",
        "lot_values_above_estimate",
        "not_draft",
        "too_few_lots",
        "value_incl_vat_below_excl",
        "value_range_inverted",
    ),
)
def set_lots(request: HttpRequest, procurement_id: int, payload: LotsIn):
    """Replaces the draft's lots. Refused with 400 (`too_few_lots`, `lot_values_above_estimate`,
    `lot_number_repeated`, `lot_limit_out_of_range`, ..., or `invalid_lots` with
    `details.problems[]` when there are several) unless the lots hold together."""
    procurement = permissions.access_procurement(request.user, procurement_id, "manage")
    procurement = services.set_lots(
        actor=request.user,
        procurement=procurement,
        lots=[lot.dict() for lot in payload.lots],
        max_lots_bid_per_supplier=payload.max_lots_bid_per_supplier,
        max_lots_awarded_per_supplier=payload.max_lots_awarded_per_supplier,
    )
    return procurement_out(procurement)


@router.put(
    "/{procurement_id}/conflicts-assessment",
    response=ConflictsAssessmentOut,
    summary="Prepare or revise the conflicts assessment (s.83)",
    openapi_extra=refusals("forbidden_action", "invalid_transition"),
)
def conflicts_assessment(request: HttpRequest, procurement_id: int, payload: ConflictsAssessmentIn):
    procurement = permissions.access_procurement(request.user, procurement_id, "manage")
    assessment = services.record_conflicts_assessment(
        actor=request.user, procurement=procurement, summary=payload.summary
    )
    return _assessment_out(assessment)


@router.post(
    "/{procurement_id}/publish",
    response={201: ProcurementNoticeOut},
    summary="Publish the tender notice (UK4)",
    openapi_extra=refusals(
        "already_published",
        "cannot_publish",
        "forbidden_action",
        "invalid_transition",
        *rules.PUBLICATION_CODES,
    ),
)
def publish(request: HttpRequest, procurement_id: int):
    """Refused with 400 unless the procurement meets the Act: `cannot_publish` with
    `details.problems[]` (each `{code, message, section, field}`), or the single problem's own
    code when there is only one."""
    procurement = permissions.access_procurement(request.user, procurement_id, "manage")
    return Status(201, services.publish_tender_notice(actor=request.user, procurement=procurement))


@router.post(
    "/{procurement_id}/clarifications",
    response={201: ProcurementClarificationOut},
    summary="Publish a clarification to every supplier",
    openapi_extra=refusals("forbidden_action", "not_open"),
)
def clarify(request: HttpRequest, procurement_id: int, payload: ClarificationIn):
    procurement = permissions.access_procurement(request.user, procurement_id, "manage")
    clarification = services.publish_clarification(
        actor=request.user,
        procurement=procurement,
        question=payload.question,
        answer=payload.answer,
    )
    return Status(201, clarification)


@router.post(
    "/{procurement_id}/extend-deadlines",
    response=ProcurementOut,
    summary="Extend an open deadline for every supplier",
    openapi_extra=refusals("deadline_not_extended", "deadline_passed", "forbidden_action"),
)
def extend(request: HttpRequest, procurement_id: int, payload: ExtendDeadlinesIn):
    procurement = permissions.access_procurement(request.user, procurement_id, "manage")
    procurement = services.extend_deadlines(
        actor=request.user,
        procurement=procurement,
        participation_deadline=payload.participation_deadline,
        tender_deadline=payload.tender_deadline,
        reason=payload.reason,
    )
    return procurement_out(procurement)


@router.post(
    "/{procurement_id}/terminate",
    response={201: ProcurementNoticeOut},
    summary="Decide not to award, and publish the procurement termination notice (UK12)",
    openapi_extra=refusals("forbidden_action", "invalid_transition", "not_published", "withdrawn"),
)
def terminate(request: HttpRequest, procurement_id: int, payload: TerminateIn):
    procurement = permissions.access_procurement(request.user, procurement_id, "manage")
    notice = services.terminate_procurement(
        actor=request.user, procurement=procurement, reason=payload.reason
    )
    return Status(201, notice)


@router.get(
    "/{procurement_id}/notices",
    response=list[ProcurementNoticeOut],
    summary="The notices published for a procurement, with their OCDS releases",
)
def notices(request: HttpRequest, procurement_id: int):
    procurement = permissions.access_procurement(request.user, procurement_id, "view")
    return list(notice_selectors.notices_of(procurement))


# --- Modifications after publication (s.31) -----------------------------------------------------


def modification_out(procurement, modification) -> dict:
    return {
        **vars(modification),
        "changes": [vars(change) for change in modification.changes],
        "notice_url": reverse(
            "opportunities:notice-json", args=[procurement.reference, modification.notice_id]
        ),
    }


@router.post(
    "/{procurement_id}/modifications",
    response={201: ModificationOut},
    summary="Modify a published procurement (s.31) and publish the revised tender notice",
    openapi_extra=refusals(
        "deadline_not_extended",
        "deadline_passed",
        "field_not_modifiable",
        "forbidden_action",
        "lot_has_tenders",
        "lot_incomplete",
        "lot_limit_out_of_range",
        "lot_limit_without_lots",
        "lot_number_repeated",
        "lot_suppliers_not_framework",
        "lot_values_above_estimate",
        "lots_bid_limit_below_tenders",
        "no_lots_reasons_missing",
        "not_open",
        "not_published",
        "nothing_to_modify",
        "procurement_ended",
        "substantial_after_participation_deadline",
        "substantial_not_stated",
        "tender_deadline_passed",
        "tenders_for_whole_procurement",
        "tenders_opened",
        "time_limits_not_reconsidered",
        "too_few_lots",
        "value_incl_vat_below_excl",
        "value_range_inverted",
    ),
)
def modify(request: HttpRequest, procurement_id: int, payload: ModificationIn):
    """Change what s.31 allows at the procurement's stage, say why, whether it is substantial
    (s.31(3)) and how the time limits were reconsidered (s.31(4)), and extend a deadline if
    needed. The lots change with `changes.lots` (the whole list, each lot as for
    `PUT .../lots`) and `changes.max_lots_bid_per_supplier` / `max_lots_awarded_per_supplier`.
    Refused with 400 and the section (e.g. `substantial_after_participation_deadline`,
    `tender_deadline_passed`, `field_not_modifiable`, `lot_has_tenders`, `too_few_lots`,
    `lot_values_above_estimate`); nothing changes on a refusal. On success a revised tender
    notice (UK4, tag `tenderAmendment`) is published and the suppliers taking part are told."""
    procurement = permissions.access_procurement(request.user, procurement_id, "manage")
    changes = payload.changes.dict(exclude_unset=True)
    cannot_clear = sorted(k for k, v in changes.items() if v is None and k not in CLEARABLE)
    if cannot_clear:
        raise DomainError(
            "invalid_input",
            f"These cannot be empty: {', '.join(cannot_clear)}.",
            field=cannot_clear[0],
        )
    services.modify_procurement(
        actor=request.user,
        procurement=procurement,
        changes=changes,
        reason=payload.reason,
        substantial=payload.substantial,
        time_limits_reconsidered=payload.time_limits_reconsidered,
        participation_deadline=payload.participation_deadline,
        tender_deadline=payload.tender_deadline,
    )
    return Status(201, modification_out(procurement, selectors.modifications_of(procurement)[-1]))


@router.get(
    "/{procurement_id}/modifications",
    response=list[ModificationOut],
    summary="The modifications made to a published procurement (s.31), oldest first",
)
def modifications(request: HttpRequest, procurement_id: int):
    procurement = permissions.access_procurement(request.user, procurement_id, "view")
    return [modification_out(procurement, m) for m in selectors.modifications_of(procurement)]
