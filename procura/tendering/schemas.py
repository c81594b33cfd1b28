"""Shapes of the tendering API's input and output. Money is a string of pounds and pence."""

from datetime import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field, model_serializer

from procura.procurements.states import Status as ProcurementStatus

from .states import Integrity, QuestionStatus, TenderStatus


class _LotFieldsOnlyWithLots(Schema):
    """Leaves the lot fields out for a procurement that is not divided into lots, so that its
    answers are exactly what they were before lots existed."""

    _LOT_FIELDS: tuple[str, ...] = ()

    @model_serializer(mode="wrap")
    def _without_empty_lot_fields(self, handler):
        data = handler(self)
        for name in self._LOT_FIELDS:
            if data.get(name) in ("", None, []):
                data.pop(name, None)
        return data

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        """In answers the lot fields are optional: they are left out without lots."""
        schema = handler(core_schema)
        if handler.mode == "serialization":
            lot_fields = cls.__private_attributes__["_LOT_FIELDS"].default
            definition = handler.resolve_ref_schema(schema)
            required = [n for n in definition.get("required", []) if n not in lot_fields]
            definition["required"] = required
        return schema


class LineItemIn(Schema):
    description: str
    amount: Decimal = Field(description='Pounds excluding VAT, e.g. "1250.00"')


class TenderIn(Schema):
    """The `tender` part of the multipart request, as JSON. Files go in `files` parts."""

    price: Decimal | None = Field(
        None, description='The total price in pounds excluding VAT, e.g. "1250000.00"'
    )
    line_items: list[LineItemIn] = []
    answers: dict[str, str] = Field(
        default_factory=dict, description="Quality award criterion id -> your answer"
    )
    lot: str | None = Field(
        None,
        description='The number of the lot the tender is for, e.g. "1": required when the '
        "procurement is divided into lots, refused when it is not (s.18)",
    )


class ReceiptFileOut(Schema):
    position: int
    name: str = Field(description="Given on the receipt at submission only: names are sealed")
    sha256: str
    size: int


class TenderReceiptOut(_LotFieldsOnlyWithLots):
    _LOT_FIELDS = ("lot", "lot_title")

    reference: str
    procurement_reference: str
    version: int
    status: TenderStatus
    submitted_at: datetime
    content_sha256: str
    files: list[ReceiptFileOut]
    replaces: str
    withdrawn_at: datetime | None
    salt: str = Field(
        description="Given on the receipt at submission only: with the content it reproduces "
        "content_sha256 (ADR 0003)"
    )
    lot: str = Field("", description="The lot's number; empty when there are no lots")
    lot_title: str = ""


class TenderCriterionOut(Schema):
    id: int
    title: str
    description: str
    weight: Decimal


class LotTenderOut(Schema):
    number: str
    title: str
    live: TenderReceiptOut | None


class MyTenderOut(_LotFieldsOnlyWithLots):
    _LOT_FIELDS = ("lots", "max_lots_bid_per_supplier")

    procurement_id: int
    procurement_reference: str
    tender_deadline: datetime | None
    tender_deadline_text: str
    open_for_tenders: bool
    live: TenderReceiptOut | None = Field(description="Without lots: your live tender")
    lots: list[LotTenderOut] = Field(
        description="With lots (s.18): each lot and your live tender for it"
    )
    max_lots_bid_per_supplier: int | None
    receipts: list[TenderReceiptOut]
    quality_criteria: list[TenderCriterionOut]


class SealedReceiptOut(Schema):
    reference: str
    submitted_at: datetime
    content_sha256: str
    files: int


class ConfirmationOut(Schema):
    officer: str
    confirmed_at: datetime


class OpenedFileOut(Schema):
    position: int
    name: str
    sha256: str
    size: int


class LineItemOut(Schema):
    description: str
    amount: Decimal


class OpenedTenderOut(_LotFieldsOnlyWithLots):
    _LOT_FIELDS = ("lot",)

    tender_id: int
    reference: str
    supplier_id: int
    supplier: str
    lot: str = ""
    price: Decimal
    line_items: list[LineItemOut]
    answers: dict[int, str]
    files: list[OpenedFileOut]
    integrity: Integrity
    problem: str


class OpeningProblemOut(Schema):
    tender_id: int
    reference: str
    supplier: str
    integrity: Integrity
    problem: str


class TenderBoxOut(Schema):
    procurement_id: int
    status: ProcurementStatus
    tender_deadline: datetime | None
    count: int
    receipts: list[SealedReceiptOut]
    panel_size: int
    confirmations: list[ConfirmationOut]
    opened_at: datetime | None
    tenders: list[OpenedTenderOut]
    problems: list[OpeningProblemOut]


class OpeningOutcomeOut(Schema):
    confirmations: int
    panel_size: int
    opened: bool
    tenders_opened: int
    problems: int


class TenderQuestionIn(Schema):
    question: str


class TenderQuestionOut(Schema):
    """A question as the supplier that asked it sees it."""

    id: int
    question: str
    status: QuestionStatus
    asked_at: datetime
    answered_at: datetime | None


class BuyerQuestionOut(TenderQuestionOut):
    """A question as the buyer sees it: with who asked."""

    supplier_id: int
    supplier: str
    asked_by: str
    clarification_id: int | None


class TenderQuestionAnswerIn(Schema):
    answer: str
    published_question: str | None = Field(
        None, description="The question as published, edited so it does not say who asked"
    )
    confirm_anonymised: bool = Field(
        False,
        description="Must be true: the buyer confirms that the question and the answer as "
        "published do not reveal who asked (refused with anonymisation_not_confirmed otherwise)",
    )


class TenderClarificationOut(Schema):
    id: int
    question: str
    answer: str
    published_at: datetime


class PolicyIn(Schema):
    panel_size: int


class PolicyOut(Schema):
    authority_id: int
    panel_size: int
