"""The contracts API's shapes. Money is a string (an exact decimal); dates are ISO dates."""

from datetime import date
from typing import Literal

from ninja import Field, Schema
from pydantic import model_serializer

from .states import AgreementStatus


class _LotOnlyWithLots(Schema):
    """Leaves `lot` out for a procurement not divided into lots: its answers stay as they were."""

    @model_serializer(mode="wrap")
    def _without_empty_lot(self, handler):
        data = handler(self)
        if not data.get("lot"):
            data.pop("lot", None)
        return data


class EnterIn(Schema):
    procurement_id: int
    date_signed: date
    start_date: date = Field(description="The first day of the term")
    end_date: date = Field(
        description="The last day of the initial term, before any optional extension: the day"
        " before the start date's anniversary by the term stated in the tender notice (a"
        " 24-month term from 1 February 2027 ends on 31 January 2029). Extensions are added"
        " from the tender notice's options (`latest_end_date`); a date that contradicts the"
        " term is refused with `end_date_contradicts_term`."
    )


class FrameworkSupplierOut(Schema):
    supplier_id: int
    supplier: str
    rank: int


class FrameworkOut(_LotOnlyWithLots):
    id: int
    kind: Literal["framework"] = "framework"
    reference: str
    title: str
    procurement_id: int
    lot: str = ""
    authority: str
    status: AgreementStatus
    ceiling_incl_vat: str
    date_signed: date
    start_date: date
    initial_end_date: date
    initial_term_months: int | None
    extension_options_months: list[int]
    latest_end_date: date
    contract_details_notice_due: date
    suppliers: list[FrameworkSupplierOut]
    call_off_authorities: list[str]


class ContractOut(_LotOnlyWithLots):
    id: int
    kind: Literal["contract"] = "contract"
    reference: str
    title: str
    procurement_id: int
    lot: str = ""
    authority: str
    supplier: str
    status: AgreementStatus
    awarded_price_excl_vat: str
    estimated_value_incl_vat: str
    value_range_min_incl_vat: str | None
    value_range_max_incl_vat: str | None
    date_signed: date
    start_date: date
    end_date: date
    term_months: int | None
    contract_details_notice_due: date
    participants: list[str]


class AgreementsOut(Schema):
    frameworks: list[FrameworkOut]
    contracts: list[ContractOut]
