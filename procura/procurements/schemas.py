"""The shape of the procurements API: input only (the law is checked by rules.py at publication).

Money is a decimal string in pounds sterling in and out ("252000000.00"), never a float.
Datetimes must carry a UTC offset ("2026-02-27T12:00:00+00:00"): a naive time is refused.
"""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AwareDatetime, ConfigDict, StringConstraints

from procura.core.specs import Count, CpvCode, Marks, Money, Months, Percent, Text, Title, Weight
from procura.notices.states import NoticeType

from .states import (
    CriterionKind,
    FrameworkCategory,
    LegalRegime,
    PriceFormula,
    Procedure,
    Status,
    TieBreak,
)

ProcedureChoice = Literal[tuple(Procedure.values)]  # type: ignore[valid-type]
FrameworkCategoryChoice = Literal[tuple(FrameworkCategory.values)]  # type: ignore[valid-type]
KindChoice = Literal[tuple(CriterionKind.values)]  # type: ignore[valid-type]
PriceFormulaChoice = Literal[tuple(PriceFormula.values)]  # type: ignore[valid-type]
TieBreakChoice = Literal[tuple(TieBreak.values)]  # type: ignore[valid-type]


class TenderingFactsIn(Schema):
    """The facts that decide the minimum tendering period in the s.54(4) table. Every flag
    defaults to "no", which gives the longest minimum; urgency is the procurement's own
    `urgency` field."""

    electronic_submission: bool = False
    all_documents_at_notice: bool = False
    preselected_suppliers_only: bool = False
    negotiated_period_agreed: bool = False
    qualifying_planned_procurement_notice: bool = False
    dynamic_market_award: bool = False
    central_government_authority: bool = False
    utilities: bool = False
    light_touch: bool = False


class ProcurementIn(Schema):
    """A new draft procurement, created for `authority_id` (the buyer must be a buyer there)."""

    authority_id: int
    title: Title
    description: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    cpv_codes: list[CpvCode] = Field(min_length=1)
    procedure: ProcedureChoice
    estimated_value_excl_vat: Money
    estimated_value_incl_vat: Money

    is_framework: bool = False
    max_framework_suppliers: Count | None = None
    framework_term_months: Months | None = None
    extension_options_months: list[Months] = []
    longer_term_reasons: Text = ""
    framework_category: FrameworkCategoryChoice = Field(
        FrameworkCategory.GENERAL.value,
        description="Which maximum term of s.47(1) applies: `general` 4 years,"
        " `defence_and_security` or `utilities` 8 years.",
    )
    call_off_authority_ids: list[int] = []
    call_off_process: Text = ""

    contract_term_months: Months | None = None
    participant_ids: list[int] = []
    value_range_min_incl_vat: Money | None = None
    value_range_max_incl_vat: Money | None = None

    max_shortlist: Count | None = None
    shortlisting_criteria: Text = ""
    participation_deadline: AwareDatetime | None = None
    urgency: bool = False
    documents_behind_agreements: bool = Field(
        True,
        description="Whether suppliers accept the NDA and ethical walls agreements before they "
        "see the documents (a house rule). If true, publication is refused until both are issued "
        "(code agreements_not_issued).",
    )
    tender_deadline: AwareDatetime | None = None
    tendering_facts: TenderingFactsIn = TenderingFactsIn()
    price_formula: PriceFormulaChoice = PriceFormula.LOWEST_PRICE_RATIO.value
    tie_break: TieBreakChoice = TieBreak.HIGHEST_QUALITY.value
    abnormally_low_threshold_percent: Percent = Decimal("20.00")
    no_lots_reasons: Text = ""


class _TermsPatch(Schema):
    """The terms of a procurement that a draft's PATCH and a modification (s.31) both change:
    only the fields sent."""

    title: Title | None = None
    description: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] | None = (
        None
    )
    cpv_codes: list[CpvCode] | None = Field(None, min_length=1)
    procedure: ProcedureChoice | None = None
    estimated_value_excl_vat: Money | None = None
    estimated_value_incl_vat: Money | None = None
    is_framework: bool | None = None
    max_framework_suppliers: Count | None = None
    framework_term_months: Months | None = None
    extension_options_months: list[Months] | None = None
    longer_term_reasons: Text | None = None
    framework_category: FrameworkCategoryChoice | None = None
    call_off_process: Text | None = None
    contract_term_months: Months | None = None
    value_range_min_incl_vat: Money | None = None
    value_range_max_incl_vat: Money | None = None
    max_shortlist: Count | None = None
    shortlisting_criteria: Text | None = None
    no_lots_reasons: Text | None = None


class ProcurementPatch(_TermsPatch):
    """Changes to a draft: only the fields sent are changed."""

    call_off_authority_ids: list[int] | None = None
    participant_ids: list[int] | None = None
    participation_deadline: AwareDatetime | None = None
    urgency: bool | None = None
    documents_behind_agreements: bool | None = None
    tender_deadline: AwareDatetime | None = None
    tendering_facts: TenderingFactsIn | None = None
    price_formula: PriceFormulaChoice | None = None
    tie_break: TieBreakChoice | None = None
    abnormally_low_threshold_percent: Percent | None = None


# Fields that may be sent as null in a PATCH to clear them; the others may not be null.
CLEARABLE = frozenset(
    {
        "max_framework_suppliers",
        "framework_term_months",
        "contract_term_months",
        "value_range_min_incl_vat",
        "value_range_max_incl_vat",
        "max_shortlist",
        "participation_deadline",
        "tender_deadline",
        "max_lots_bid_per_supplier",
        "max_lots_awarded_per_supplier",
    }
)


class CriterionIn(Schema):
    kind: KindChoice
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    description: Text = ""
    weight: Weight
    max_score: Marks = 5


class CriteriaIn(Schema):
    """The whole set of award criteria, replacing any there were."""

    criteria: list[CriterionIn] = Field(min_length=1)


class LotIn(Schema):
    """One lot. Without a `number` it is numbered by its place in the list ("1", "2", ...)."""

    number: Annotated[str, StringConstraints(strip_whitespace=True, max_length=10)] = ""
    title: Title
    description: Text = ""
    estimated_value_excl_vat: Money
    estimated_value_incl_vat: Money
    cpv_codes: list[CpvCode] = []
    max_framework_suppliers: Count | None = None


class LotsIn(Schema):
    """The whole division into lots, replacing any there was (an empty list: no lots), and the
    limits on the lots per supplier (ss.20(7), 23(4))."""

    lots: list[LotIn]
    max_lots_bid_per_supplier: Count | None = None
    max_lots_awarded_per_supplier: Count | None = None


class ConflictsAssessmentIn(Schema):
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class ClarificationIn(Schema):
    question: Text = ""
    answer: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class ExtendDeadlinesIn(Schema):
    participation_deadline: AwareDatetime | None = None
    tender_deadline: AwareDatetime | None = None
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class TerminateIn(Schema):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class ModificationChangesIn(_TermsPatch):
    """What a modification changes (s.31): only the fields sent. `criteria` replaces every
    award criterion; `lots` replaces the division into lots, each lot as for `PUT .../lots` and
    known by its number (a number left out removes that lot, a new one adds a lot; an empty
    list leaves the procurement undivided); the limits on lots per supplier change only when
    sent (null: no limit). Whether a field may change at the procurement's stage, and whether
    the change is substantial, is the service's to say, with the section; a field not listed
    here is refused (422)."""

    model_config = ConfigDict(extra="forbid")

    lots: list[LotIn] | None = None
    max_lots_bid_per_supplier: Count | None = None
    max_lots_awarded_per_supplier: Count | None = None
    criteria: list[CriterionIn] | None = Field(None, min_length=1)


class ModificationIn(Schema):
    """A modification of a published procurement (s.31): the changes, why, whether the buyer
    considers it substantial (s.31(3)), how the time limits were reconsidered (s.31(4)) and
    any deadline extended in the same modification."""

    changes: ModificationChangesIn = ModificationChangesIn()
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    substantial: bool
    time_limits_reconsidered: Text = ""
    participation_deadline: AwareDatetime | None = None
    tender_deadline: AwareDatetime | None = None


# --- Out ----------------------------------------------------------------------------------------


class OrganisationRef(Schema):
    id: int
    name: str


class ProcurementCriterionOut(Schema):
    kind: CriterionKind
    title: str
    description: str
    weight: Decimal
    max_score: int
    position: int


class LotOut(Schema):
    number: str
    title: str
    description: str
    estimated_value_excl_vat: Decimal
    estimated_value_incl_vat: Decimal
    cpv_codes: list[str]
    max_framework_suppliers: int | None
    number_to_award: int
    position: int


class ConflictsAssessmentOut(Schema):
    summary: str
    prepared_by: str
    prepared_at: datetime
    last_revised_at: datetime


class ProcurementClarificationOut(Schema):
    id: int
    question: str
    answer: str
    published_at: datetime


class ProcurementOut(Schema):
    id: int
    reference: str
    ocid: str
    legal_regime: LegalRegime
    authority: OrganisationRef
    title: str
    description: str
    cpv_codes: list[str]
    procedure: Procedure
    procedure_label: str
    estimated_value_excl_vat: Decimal
    estimated_value_incl_vat: Decimal
    is_framework: bool
    max_framework_suppliers: int | None
    framework_term_months: int | None
    extension_options_months: list[int]
    longer_term_reasons: str
    framework_category: str = Field(
        description="Which maximum term of s.47(1) applies: `general` (4 years),"
        " `defence_and_security` or `utilities` (8 years)"
    )
    call_off_authorities: list[OrganisationRef]
    call_off_process: str
    contract_term_months: int | None
    participants: list[OrganisationRef]
    value_range_min_incl_vat: Decimal | None
    value_range_max_incl_vat: Decimal | None
    max_shortlist: int | None
    shortlisting_criteria: str
    participation_deadline: datetime | None
    urgency: bool
    documents_behind_agreements: bool = True
    tender_deadline: datetime | None
    tendering_facts: dict
    price_formula: str
    tie_break: str
    abnormally_low_threshold_percent: Decimal
    status: Status
    status_label: str
    created_by: str
    created_at: datetime
    published_at: datetime | None
    participation_closed_at: datetime | None
    tendering_opened_at: datetime | None
    tenders_closed_at: datetime | None
    terminated_at: datetime | None
    termination_reason: str
    criteria: list[ProcurementCriterionOut]
    no_lots_reasons: str
    lots: list[LotOut]
    max_lots_bid_per_supplier: int | None
    max_lots_awarded_per_supplier: int | None
    conflicts_assessment: ConflictsAssessmentOut | None
    clarifications: list[ProcurementClarificationOut]


class ProcurementListItemOut(Schema):
    id: int
    reference: str
    title: str
    authority: OrganisationRef
    procedure: Procedure
    status: Status
    status_label: str
    estimated_value_incl_vat: Decimal
    participation_deadline: datetime | None
    tender_deadline: datetime | None
    published_at: datetime | None

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.get_status_display()


class ProcurementNoticeOut(Schema):
    notice_type: NoticeType
    notice_id: str
    published_at: datetime
    sha256: str
    release: dict


class ModificationChangeOut(Schema):
    """One changed field: its values before and after as recorded, and as people read them."""

    field: str
    label: str
    before: Any
    after: Any
    before_text: str
    after_text: str


class ModificationOut(Schema):
    number: int
    notice_id: str
    notice_url: str
    modified_at: datetime
    modified_by: str
    reason: str
    substantial: bool
    time_limits_reconsidered: str
    changes: list[ModificationChangeOut]


# --- Public -------------------------------------------------------------------------------------


class PublicNoticeRef(Schema):
    notice_type: NoticeType
    notice_type_label: str
    notice_id: str
    published_at: datetime
    sha256: str
    url: str


class PublicClarificationOut(Schema):
    """A clarification as every supplier sees it: never who asked or who answered."""

    question: str
    answer: str
    published_at: datetime


class PublicCriterionOut(Schema):
    kind: CriterionKind
    title: str
    description: str
    weight: Decimal


class PublicProcurementSummaryOut(Schema):
    reference: str
    ocid: str
    title: str
    authority: str
    procedure: Procedure
    procedure_label: str
    status: Status
    status_label: str
    is_framework: bool
    estimated_value_excl_vat: Decimal
    estimated_value_incl_vat: Decimal
    participation_deadline: datetime | None
    tender_deadline: datetime | None
    published_at: datetime
    url: str


class PublicProcurementPageOut(Schema):
    results: list[PublicProcurementSummaryOut]
    next_cursor: str | None
    count: int


class PublicProcurementOut(PublicProcurementSummaryOut):
    description: str
    cpv_codes: list[str]
    max_framework_suppliers: int | None
    framework_term_months: int | None
    extension_options_months: list[int]
    longer_term_reasons: str
    call_off_authorities: list[str]
    call_off_process: str
    contract_term_months: int | None
    participants: list[str]
    value_range_min_incl_vat: Decimal | None
    value_range_max_incl_vat: Decimal | None
    max_shortlist: int | None
    shortlisting_criteria: str
    terminated_at: datetime | None
    criteria: list[PublicCriterionOut]
    no_lots_reasons: str
    lots: list[LotOut]
    max_lots_bid_per_supplier: int | None
    max_lots_awarded_per_supplier: int | None
    clarifications: list[PublicClarificationOut]
    notices: list[PublicNoticeRef]
