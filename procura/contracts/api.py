"""The contracts API, under /api/v1/contracts. Thin."""

from django.http import HttpRequest
from ninja import Router, Status

from procura.core.openapi import refusals
from procura.procurements.permissions import access_procurement

from . import permissions, selectors, services
from .models import Contract, FrameworkAgreement
from .schemas import AgreementsOut, ContractOut, EnterIn, FrameworkOut

router = Router(tags=["contracts"])


def _money(value) -> str | None:
    return None if value is None else str(value)


def framework_out(f: FrameworkAgreement) -> dict:
    return {
        "id": f.pk,
        "kind": "framework",
        "reference": f.reference,
        "title": f.title,
        "procurement_id": f.procurement_id,
        "lot": f.lot.number if f.lot_id else "",
        "authority": f.authority.name,
        "status": f.status,
        "ceiling_incl_vat": str(f.ceiling_incl_vat),
        "date_signed": f.date_signed,
        "start_date": f.start_date,
        "initial_end_date": f.initial_end_date,
        "initial_term_months": f.initial_term_months,
        "extension_options_months": list(f.extension_options_months),
        "latest_end_date": f.latest_end_date,
        "contract_details_notice_due": f.contract_details_notice_due,
        "suppliers": [
            {"supplier_id": s.supplier_id, "supplier": s.supplier.name, "rank": s.rank}
            for s in f.framework_suppliers.select_related("supplier")
        ],
        "call_off_authorities": [
            c.authority.name for c in f.call_off_entitlements.select_related("authority")
        ],
    }


def contract_out(c: Contract) -> dict:
    return {
        "id": c.pk,
        "kind": "contract",
        "reference": c.reference,
        "title": c.title,
        "procurement_id": c.procurement_id,
        "lot": c.lot.number if c.lot_id else "",
        "authority": c.authority.name,
        "supplier": c.supplier.name,
        "status": c.status,
        "awarded_price_excl_vat": str(c.awarded_price_excl_vat),
        "estimated_value_incl_vat": str(c.estimated_value_incl_vat),
        "value_range_min_incl_vat": _money(c.value_range_min_incl_vat),
        "value_range_max_incl_vat": _money(c.value_range_max_incl_vat),
        "date_signed": c.date_signed,
        "start_date": c.start_date,
        "end_date": c.end_date,
        "term_months": c.term_months,
        "contract_details_notice_due": c.contract_details_notice_due,
        "participants": [
            p.organisation.name for p in c.contract_participants.select_related("organisation")
        ],
    }


@router.get("", response=AgreementsOut, summary="Framework agreements and contracts I may see")
def agreements(request: HttpRequest):
    return {
        "frameworks": [framework_out(f) for f in selectors.frameworks_visible_to(request.user)],
        "contracts": [contract_out(c) for c in selectors.contracts_visible_to(request.user)],
    }


@router.post(
    "",
    response={201: FrameworkOut | ContractOut | AgreementsOut},
    summary="Record that the contract was entered into, once the standstill has ended (buyer)",
    description="A procurement divided into lots answers with every framework or contract made, "
    "one per lot: `{frameworks, contracts}`.",
    openapi_extra=refusals(
        "already_entered_into",
        "award_notice_not_published",
        "date_signed_in_future",
        "end_before_start",
        "end_date_contradicts_term",
        "forbidden_action",
        "framework_term_too_long",
        "invalid_transition",
        "not_found",
        "standstill_not_ended",
    ),
)
def enter_into_contract(request: HttpRequest, payload: EnterIn):
    procurement = access_procurement(request.user, payload.procurement_id, "manage")
    agreement = services.enter_into_contract(
        actor=request.user,
        procurement=procurement,
        date_signed=payload.date_signed,
        start_date=payload.start_date,
        end_date=payload.end_date,
    )
    if isinstance(agreement, list):  # divided into lots: one framework or contract per lot
        return Status(
            201,
            {
                "frameworks": [
                    framework_out(a) for a in agreement if isinstance(a, FrameworkAgreement)
                ],
                "contracts": [contract_out(a) for a in agreement if isinstance(a, Contract)],
            },
        )
    if isinstance(agreement, FrameworkAgreement):
        return Status(201, framework_out(agreement))
    return Status(201, contract_out(agreement))


@router.get("/frameworks/{framework_id}", response=FrameworkOut, summary="A framework agreement")
def framework(request: HttpRequest, framework_id: int):
    return framework_out(permissions.access_framework(request.user, framework_id))


@router.get("/{contract_id}", response=ContractOut, summary="A contract")
def contract(request: HttpRequest, contract_id: int):
    return contract_out(permissions.access_contract(request.user, contract_id))
