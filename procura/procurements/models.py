"""A procurement: what is bought, how, by when, and the criteria tenders are judged against."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from procura.accounts.models import Organisation

from .states import (
    CriterionKind,
    FrameworkCategory,
    LegalRegime,
    PriceFormula,
    Procedure,
    Status,
    TieBreak,
)

MONEY = {"max_digits": 15, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class Procurement(models.Model):
    """One competitive procurement run by a contracting authority under the Procurement Act 2023.

    Money is in pounds sterling; `estimated_value_incl_vat` is the maximum the authority could
    expect to pay including VAT (Sch 3 para 1; s.123(2)), over the whole term with all options.
    Deadlines are aware datetimes (stored UTC, shown Europe/London).
    It either establishes a framework (`is_framework`: a ceiling, a term, extension options, the
    authorities that may call off) or a single contract (a term; participant organisations that
    may join and the value range that depends on them).
    """

    authority = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="procurements"
    )
    reference = models.CharField(max_length=30, unique=True, help_text="e.g. PRC-2026-0001")
    ocid = models.CharField("OCDS id", max_length=40, unique=True)
    legal_regime = models.CharField(
        max_length=10, choices=LegalRegime.choices, default=LegalRegime.PA2023
    )
    title = models.CharField(max_length=300)
    description = models.TextField()
    cpv_codes = models.JSONField(default=list, help_text="CPV codes, e.g. ['30200000']")
    procedure = models.CharField(max_length=30, choices=Procedure.choices)
    estimated_value_excl_vat = models.DecimalField(**MONEY)
    estimated_value_incl_vat = models.DecimalField(**MONEY)

    # A framework (ss.45-47)
    is_framework = models.BooleanField(default=False)
    max_framework_suppliers = models.PositiveSmallIntegerField(null=True, blank=True)
    framework_term_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Initial term"
    )
    extension_options_months = models.JSONField(
        default=list, blank=True, help_text="Each optional extension, in months, e.g. [12, 12]"
    )
    longer_term_reasons = models.TextField(
        blank=True, help_text="Why a framework needs more than 4 years in all (s.47(2))"
    )
    framework_category = models.CharField(
        max_length=24,
        choices=FrameworkCategory.choices,
        default=FrameworkCategory.GENERAL,
        help_text="Decides the maximum term: 4 years, or 8 for defence and security or utilities"
        " frameworks (s.47(1))",
    )
    call_off_authorities = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="+",
        help_text="Other authorities that may award call-offs (s.45(5)(f)); the buyer always may.",
    )
    call_off_process = models.TextField(blank=True)

    # A single contract
    contract_term_months = models.PositiveSmallIntegerField(null=True, blank=True)
    participants = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="+",
        help_text="Participant organisations that may join and use the contract",
    )
    value_range_min_incl_vat = models.DecimalField(null=True, blank=True, **MONEY)
    value_range_max_incl_vat = models.DecimalField(null=True, blank=True, **MONEY)

    # Participation stage (competitive flexible procedure)
    max_shortlist = models.PositiveSmallIntegerField(null=True, blank=True)
    shortlisting_criteria = models.TextField(blank=True)
    participation_deadline = models.DateTimeField(null=True, blank=True)
    urgency = models.BooleanField(default=False, help_text="State of urgency (s.54(3), (4))")
    documents_behind_agreements = models.BooleanField(
        default=True,
        help_text="Suppliers accept the NDA and ethical walls agreements before they see the "
        "documents (a house rule); if so, the agreements are issued before publication",
    )

    # Tender stage
    tender_deadline = models.DateTimeField(null=True, blank=True)
    tendering_facts = models.JSONField(
        default=dict,
        blank=True,
        help_text="The facts deciding the s.54(4) entry (timescales.rules.TenderingFacts)",
    )
    price_formula = models.CharField(
        max_length=30, choices=PriceFormula.choices, default=PriceFormula.LOWEST_PRICE_RATIO
    )
    tie_break = models.CharField(
        max_length=30, choices=TieBreak.choices, default=TieBreak.HIGHEST_QUALITY
    )
    abnormally_low_threshold_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("20.00"),
        help_text="Flag a tender priced this % or more below the average of the others (s.19(4))",
    )

    # Lots (s.18): either the procurement is divided into lots (`Lot` rows), or the tender notice
    # gives the reasons it is not.
    no_lots_reasons = models.TextField(
        blank=True, help_text="Why the procurement is not divided into lots (s.18(2)(b))"
    )
    max_lots_bid_per_supplier = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The most lots one supplier may tender for (s.20(7))"
    )
    max_lots_awarded_per_supplier = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The most lots one supplier may be awarded (s.23(4))"
    )

    status = models.CharField(max_length=30, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)
    participation_closed_at = models.DateTimeField(null=True, blank=True)
    tendering_opened_at = models.DateTimeField(null=True, blank=True)
    tenders_closed_at = models.DateTimeField(null=True, blank=True)
    terminated_at = models.DateTimeField(null=True, blank=True)
    termination_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    estimated_value_incl_vat__gte=models.F("estimated_value_excl_vat")
                ),
                name="procurement_value_incl_vat_not_below_excl",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def is_competitive_flexible(self) -> bool:
        return self.procedure == Procedure.COMPETITIVE_FLEXIBLE

    @property
    def number_to_award(self) -> int:
        """How many suppliers win: the framework's maximum, or one for a single contract."""
        return (self.max_framework_suppliers or 1) if self.is_framework else 1


class Lot(models.Model):
    """One lot of a procurement divided into lots (s.18): a part awarded under its own contract
    or framework, to the best tenders for that lot.

    `number` is the lot's identifier in the notices ("1", "2", ...). Values are in pounds
    sterling, like the procurement's, and the lots' values add up to at most the procurement's
    estimate. `cpv_codes` are the lot's own (empty: the procurement's). For a framework,
    `max_framework_suppliers` is how many suppliers the lot's framework takes (empty: the
    procurement's maximum). A procurement with no lots is awarded as one whole, as before.
    """

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="lots")
    number = models.CharField(max_length=10, help_text='The lot identifier, e.g. "1"')
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    estimated_value_excl_vat = models.DecimalField(**MONEY)
    estimated_value_incl_vat = models.DecimalField(**MONEY)
    cpv_codes = models.JSONField(default=list, blank=True)
    max_framework_suppliers = models.PositiveSmallIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["procurement", "number"], name="lot_number_unique"),
            models.CheckConstraint(
                condition=models.Q(
                    estimated_value_incl_vat__gte=models.F("estimated_value_excl_vat")
                ),
                name="lot_value_incl_vat_not_below_excl",
            ),
        ]

    def __str__(self) -> str:
        return f"Lot {self.number}: {self.title}"

    @property
    def number_to_award(self) -> int:
        """How many suppliers win this lot: its framework maximum (else the procurement's), or
        one for a contract."""
        procurement = self.procurement
        if not procurement.is_framework:
            return 1
        return self.max_framework_suppliers or procurement.max_framework_suppliers or 1


class AwardCriterion(models.Model):
    """One award criterion (s.23) with its weight (% of the total) and the marks available."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="criteria")
    kind = models.CharField(max_length=10, choices=CriterionKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    weight = models.DecimalField(max_digits=5, decimal_places=2, help_text="% of the total")
    max_score = models.PositiveSmallIntegerField(
        default=5, help_text="Scoring scale 0..max_score (quality); price is scored by formula"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.weight}%)"


class ConflictsAssessment(models.Model):
    """The conflicts assessment the authority must prepare before the tender notice (s.83).

    It records conflicts and potential conflicts identified and the steps taken to mitigate them;
    evaluators' declarations are added to it as they are made.
    """

    procurement = models.OneToOneField(
        Procurement, on_delete=models.PROTECT, related_name="conflicts_assessment"
    )
    summary = models.TextField()
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField()
    last_revised_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Conflicts assessment for {self.procurement.reference}"


class Clarification(models.Model):
    """A clarification published to every supplier taking part, never saying who asked."""

    procurement = models.ForeignKey(
        Procurement, on_delete=models.PROTECT, related_name="clarifications"
    )
    question = models.TextField(blank=True)
    answer = models.TextField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["published_at", "pk"]

    def __str__(self) -> str:
        return f"Clarification {self.pk} on {self.procurement.reference}"
