"""The shape of the participation API's input and output. Shape only: no rules here."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from procura.core.specs import Money
from procura.procurements.states import Status as ProcurementStatus

from .states import (
    AgreementKind,
    AssessmentResult,
    ExclusionGround,
    ExclusionOutcome,
    ParticipantStatus,
    QuestionKind,
)

# --- Agreements and interest ------------------------------------------------------------------


class AgreementIn(Schema):
    kind: AgreementKind
    title: str
    text: str


class AgreementOut(Schema):
    id: int
    kind: AgreementKind
    version: int
    title: str
    text: str
    sha256: str
    created_at: datetime
    current: bool = True
    accepted: bool | None = Field(
        None, description="For a supplier: whether it accepted this version"
    )


class InterestIn(Schema):
    supplier_id: int | None = Field(
        None, description="Needed only if you are a bid manager of more than one supplier"
    )


class AcceptanceOut(Schema):
    agreement_id: int
    kind: AgreementKind
    version: int
    accepted_at: datetime
    accepted_by: str
    participant_status: str
    admitted: bool = Field(description="Whether the supplier may now see the documents")


class ParticipationOut(Schema):
    """A supplier's own view of its participation."""

    procurement_id: int
    procurement_reference: str
    supplier_id: int
    supplier: str
    status: ParticipantStatus
    status_label: str
    interest_expressed_at: datetime
    admitted_at: datetime | None
    gate_current: bool = Field(
        description="Whether the current version of every agreement is accepted"
    )
    agreements: list[AgreementOut]
    agreements_not_issued: list[AgreementKind] = Field(
        [],
        description="The agreements the buyer has not issued yet: until it does, the gate "
        "stays closed and the documents unavailable",
    )
    withdrawn_at: datetime | None = None
    withdrawal_reason: str = ""


class WithdrawalIn(Schema):
    reason: str = Field("", description="Why the supplier is withdrawing (optional)")


class WithdrawalOut(ParticipationOut):
    tenders_withdrawn: list[str] = Field(
        default_factory=list,
        description="The references of the live tenders withdrawn with the supplier (one per "
        "lot at most). After the tender deadline a sealed tender stays as it is.",
    )


# --- Documents --------------------------------------------------------------------------------


class DocumentOut(Schema):
    id: int
    title: str
    description: str
    version: int
    file_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    download_url: str


# --- Questionnaire and responses --------------------------------------------------------------


class ParticipationQuestionIn(Schema):
    kind: QuestionKind
    text: str
    guidance: str = ""
    max_score: int | None = Field(None, ge=1, description="Scored questions only")
    required: bool = True


class ParticipationQuestionOut(Schema):
    id: int
    position: int
    kind: QuestionKind
    text: str
    guidance: str
    max_score: int | None
    required: bool


class QuestionnaireIn(Schema):
    questions: list[ParticipationQuestionIn]


class ParticipationAnswerIn(Schema):
    question_id: int
    text: str


class ResponseIn(Schema):
    """A draft: only what is given changes. `annual_turnover` null clears it."""

    answers: list[ParticipationAnswerIn] = []
    annual_turnover: Money | None = None
    financial_information: str | None = None


class ParticipationAnswerOut(Schema):
    question_id: int
    position: int
    text: str
    file_name: str
    file_sha256: str


class MarkOut(ParticipationAnswerOut):
    result: AssessmentResult | Literal[""]
    score: int | None
    comment: str


class ParticipationReceiptOut(Schema):
    reference: str
    submitted_at: datetime
    sha256: str = Field(description="SHA-256 of the canonical answers and file hashes")


class ResponseOut(Schema):
    """The supplier's own request to participate (draft or submitted)."""

    status: ParticipantStatus
    answers: list[ParticipationAnswerOut]
    annual_turnover: Decimal | None
    financial_information: str
    financial_evidence_name: str
    financial_evidence_sha256: str
    updated_at: datetime | None
    submitted: bool
    receipt: ParticipationReceiptOut | None
    participation_deadline: datetime | None


class SubmittedResponseOut(Schema):
    """A submitted request to participate with the buyer's marks."""

    participant_id: int
    supplier: str
    answers: list[MarkOut]
    annual_turnover: Decimal | None
    financial_information: str
    financial_evidence_name: str
    financial_evidence_sha256: str
    financial_result: AssessmentResult | Literal[""]
    financial_comment: str
    receipt: ParticipationReceiptOut


class OutcomeOut(Schema):
    status: ParticipantStatus
    status_label: str
    heading: str
    reasons: str
    decided_at: datetime | None
    tender_deadline: datetime | None


# --- The buyer's decisions --------------------------------------------------------------------


class ExclusionOut(Schema):
    id: int
    outcome: ExclusionOutcome
    ground_type: ExclusionGround | Literal[""]
    ground: str
    representations: str
    representations_invited_on: date | None
    evidence: str
    reasons: str
    decided_on: date
    minister_notification_due: date | None
    recorded_at: datetime


class ParticipantOut(Schema):
    """A supplier taking part, as the buyer sees it."""

    id: int
    supplier_id: int
    supplier: str
    status: ParticipantStatus
    status_label: str
    gate_current: bool
    interest_expressed_at: datetime
    admitted_at: datetime | None
    submitted_at: datetime | None
    receipt_reference: str | None
    score: int | None
    max_score: int | None
    passes: int | None
    fails: int | None
    financial_result: AssessmentResult | Literal[""] | None
    exclusion: ExclusionOut | None
    decision_reason: str
    withdrawn_at: datetime | None = None
    withdrawal_reason: str = ""


class MarkIn(Schema):
    question_id: int
    result: AssessmentResult | None = None
    score: int | None = Field(None, ge=0)
    comment: str = ""


class AssessmentIn(Schema):
    marks: list[MarkIn] = []
    financial_result: AssessmentResult | None = None
    financial_comment: str | None = None


class ExclusionIn(Schema):
    outcome: ExclusionOutcome
    ground_type: ExclusionGround | None = None
    ground: str = ""
    representations: str = ""
    representations_invited_on: date | None = None
    evidence: str = ""
    reasons: str = ""
    decided_on: date | None = Field(None, description="Defaults to today")


class ShortlistChoice(Schema):
    participant_id: int
    reason: str


class ShortlistIn(Schema):
    shortlisted: list[ShortlistChoice]
    not_shortlisted: list[ShortlistChoice] = []


class InvitationIn(Schema):
    tender_deadline: datetime = Field(description="With its time zone, e.g. 2027-03-01T12:00Z")


class InvitationOut(Schema):
    procurement_id: int
    status: ProcurementStatus
    tender_deadline: datetime
    tendering_opened_at: datetime
    invited: list[str]
