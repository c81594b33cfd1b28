"""The evaluation API's input and output shapes. Money and scores are strings (exact decimals)."""

from datetime import date, datetime

from ninja import Schema
from pydantic import Field, model_serializer

from procura.notices.states import NoticeType
from procura.procurements.states import CriterionKind

from .states import AbnormallyLowDecision, AssignmentStatus, AwardDecisionStatus


class AssignIn(Schema):
    evaluator_id: int


class _LotOnlyWithLots(Schema):
    """Leaves `lot` (and `passed_over`) out when the procurement is not divided into lots, so
    that its answers are exactly what they were before lots existed."""

    @model_serializer(mode="wrap")
    def _without_empty_lot(self, handler):
        data = handler(self)
        for name in ("lot", "passed_over"):
            if data.get(name) in ("", None, False):
                data.pop(name, None)
        return data


class AssignmentOut(Schema):
    id: int
    evaluator_id: int
    evaluator: str
    status: AssignmentStatus
    status_label: str
    assigned_at: datetime
    declared_at: datetime | None
    submitted_at: datetime | None


class DeclarationIn(Schema):
    has_conflict: bool
    supplier_ids: list[int] = []
    description: str = ""


class DeclarationOut(Schema):
    id: int
    has_conflict: bool
    suppliers: list[str]
    description: str
    declared_at: datetime
    status: AssignmentStatus


class SupplierOut(Schema):
    id: int
    name: str


class TenderAnswerOut(Schema):
    criterion_id: int
    criterion: str
    answer: str


class ScoreIn(Schema):
    criterion_id: int
    score: int
    justification: str


class ScoresIn(Schema):
    scores: list[ScoreIn]


class ScoreOut(_LotOnlyWithLots):
    tender_id: int
    supplier: str
    lot: str = Field("", description="The lot's number, when the procurement is divided")
    criterion_id: int
    criterion: str
    score: int
    justification: str


class PanelScoreOut(ScoreOut):
    evaluator: str


class ConsensusIn(Schema):
    criterion_id: int
    score: int
    rationale: str


class ConsensusScoresIn(Schema):
    scores: list[ConsensusIn]


class ConsensusOut(_LotOnlyWithLots):
    tender_id: int
    supplier: str
    lot: str = Field("", description="The lot's number, when the procurement is divided")
    criterion_id: int
    criterion: str
    score: int
    rationale: str


class ReviewIn(Schema):
    explanation: str
    decision: str  # "accepted" or "rejected"
    reason: str = ""


class CriterionResultOut(Schema):
    criterion_id: int
    title: str
    kind: CriterionKind
    weight: str
    score: int | None
    max_score: int | None
    weighted: str
    explanation: str


class FlaggedOut(_LotOnlyWithLots):
    """A tender the declared test flags as abnormally low: its price against the average of the
    other tenders (for the same lot, when the procurement is divided into lots)."""

    tender_id: int
    supplier: str
    lot: str = Field("", description="The lot's number, when the procurement is divided")
    price: str
    average_of_others: str
    percent_below: str
    threshold_percent: str
    decision: AbnormallyLowDecision | None
    explanation: str
    reason: str


class TenderOut(_LotOnlyWithLots):
    """An opened tender as an evaluator sees it: quality is scored without sight of prices. With
    lots, the lot it is for: one supplier's tenders for two lots are scored apart (s.18)."""

    tender_id: int
    supplier: str
    lot: str = Field("", description="The lot's number, when the procurement is divided")
    answers: list[TenderAnswerOut]
    files: list[str]


class ResultOut(_LotOnlyWithLots):
    tender_id: int
    supplier: str
    lot: str = Field("", description="The lot's number, when the procurement is divided")
    passed_over: bool = Field(
        False, description="Its supplier already holds the most lots it may be awarded (s.23(4))"
    )
    price: str
    quality_total: str
    price_total: str
    total: str
    rank: int
    tied: bool
    successful: bool
    criteria: list[CriterionResultOut]


class ProblemOut(Schema):
    code: str
    message: str


class ResultsOut(Schema):
    complete: bool
    problem: ProblemOut | None
    number_to_award: int
    results: list[ResultOut]


class ProposeIn(Schema):
    tie_break_order: list[int] = []
    tie_break_reason: str = ""


class ReturnIn(Schema):
    reason: str


class PreferredSupplierOut(_LotOnlyWithLots):
    supplier_id: int
    supplier: str
    lot: str = ""
    rank: int
    total: str
    price: str


class DecisionOut(Schema):
    id: int
    status: AwardDecisionStatus
    proposed_by: str
    proposed_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    return_reason: str
    tie_break_reason: str
    preferred_suppliers: list[PreferredSupplierOut]
    assessment_summaries_sent_at: datetime | None
    award_notice_id: str | None
    voluntary_standstill: bool = Field(
        description="A light touch contract's award notice provides for a voluntary standstill "
        "(s.51(4)-(5)); always false for other contracts, whose standstill is mandatory"
    )
    standstill_last_day: date | None = Field(
        description="Set once the award notice is published on Find a Tender; null for a light "
        "touch contract without a standstill (s.51(3)(f))"
    )
    earliest_entry_date: date | None = Field(
        description="Set once the award notice is published on Find a Tender: the first day the "
        "contract may be entered into (s.51)"
    )


class SummaryOut(_LotOnlyWithLots):
    id: int
    supplier: str
    lot: str = ""
    successful: bool
    rank: int
    total: str
    sent_at: datetime
    content: dict


class AwardNoticeIn(Schema):
    """The buyer's choices for the contract award notice (UK6). The body may be left out."""

    voluntary_standstill: bool = Field(
        False,
        description=(
            "Light touch contracts only: the notice provides for a voluntary standstill of 8 "
            "working days, which then binds the authority (Procurement Act 2023 s.51(4)-(5)). "
            "Without it a light touch contract has no standstill (s.51(3)(f)) and may be entered "
            "into once the notice is published on Find a Tender. Ignored for any other contract: "
            "its standstill is mandatory (s.51(1)-(2))."
        ),
    )


class AwardNoticeOut(Schema):
    notice_id: str
    notice_type: NoticeType
    published_at: datetime
    release: dict
