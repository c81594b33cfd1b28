"""The plain values the procurement rules see: a procurement about to be published (or as
modified) and its lots. Built by the services from the models; the rules never read the models."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from procura.timescales import rules as timescales

ACT = "Procurement Act 2023"


@dataclass(frozen=True, kw_only=True)
class PublicationCheck:
    """What the publication rules need to know about a draft procurement."""

    publication_date: date
    competitive_flexible: bool
    has_conflicts_assessment: bool
    participation_deadline: date | None
    tender_deadline: date | None
    urgency: bool = False
    tendering_facts: timescales.TenderingFacts = field(default_factory=timescales.TenderingFacts)
    is_framework: bool = False
    max_framework_suppliers: int | None = None
    framework_term_months: int | None = None
    extension_options_months: tuple[int, ...] = ()
    longer_term_reasons: str = ""
    #: "general", "defence_and_security" or "utilities" (`states.FrameworkCategory`, s.47(1)).
    framework_category: str = "general"
    contract_term_months: int | None = None
    max_shortlist: int | None = None
    shortlisting_criteria: str = ""
    value_excl_vat: Decimal = Decimal("0")
    value_incl_vat: Decimal = Decimal("0")
    value_range: tuple[Decimal | None, Decimal | None] = (None, None)
    criteria_weights: tuple[tuple[str, Decimal], ...] = ()  # (kind, weight)
    lots: tuple["LotFacts", ...] = ()
    no_lots_reasons: str = ""
    max_lots_bid_per_supplier: int | None = None
    max_lots_awarded_per_supplier: int | None = None
    # The authority's house rules (`accounts.AuthoritySettings`), each on unless switched off.
    require_shortlist_limit: bool = True
    require_framework_maximum: bool = True
    require_weights_total_100: bool = True
    require_single_price_criterion: bool = True

    # The agreements gate: whether suppliers accept the agreements before seeing the documents,
    # and the names of the required agreements not issued yet ("Non-disclosure agreement").
    documents_behind_agreements: bool = False
    agreements_not_issued: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class LotFacts:
    """What the lot rules need to know about one lot: its identifier, title and values (£)."""

    number: str
    title: str
    value_excl_vat: Decimal
    value_incl_vat: Decimal
    max_framework_suppliers: int | None = None
