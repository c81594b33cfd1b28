"""Evaluation and award: the panel, its conflicts, scores, moderation, the award decision and
the assessment summaries (Procurement Act 2023 ss.19, 50, 81-83; Procurement Regulations 2024
reg 31).

Tenders belong to the tendering app and reach this one only through
`selectors.tenders_for_evaluation`; rows here name a tender by its id (`tender_id`) and carry its
supplier, so that a score, a review or a summary reads on its own.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from procura.accounts.models import Organisation
from procura.notices.models import Notice
from procura.procurements.models import AwardCriterion, ConflictsAssessment, Lot, Procurement

from .states import AbnormallyLowDecision, AssignmentStatus, AwardDecisionStatus

MONEY = {"max_digits": 15, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}
SCORE = {"max_digits": 7, "decimal_places": 2}


class EvaluatorAssignment(models.Model):
    """One evaluator on one procurement's evaluation panel, and where they have got to.

    The buyer assigns people who hold the evaluator role in the authority. Each must declare any
    conflict of interest (`ConflictDeclaration`) before seeing a tender; a declared conflict walls
    them off (`status` conflicted). `submitted_at` is when they submitted all their scores.
    """

    procurement = models.ForeignKey(
        Procurement, on_delete=models.PROTECT, related_name="evaluator_assignments"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evaluator_assignments"
    )
    status = models.CharField(
        max_length=30,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.AWAITING_DECLARATION,
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField()
    declared_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["procurement", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "evaluator"], name="evaluator_once_per_procurement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} on {self.procurement.reference}"


class ConflictDeclaration(models.Model):
    """An evaluator's declaration of interests for one procurement (ss.81-83).

    Either no conflict, or a conflict with the named suppliers and a description. Declarations are
    never changed: a conflict that arises later is a new declaration. Each one is linked to the
    procurement's conflicts assessment, of which it becomes part; the buyer then revises the
    assessment's summary to record the conflict and its mitigation (s.83(3)-(5): kept under
    review). `conflicts_assessment` is empty only if none had been prepared.
    """

    assignment = models.ForeignKey(
        EvaluatorAssignment, on_delete=models.PROTECT, related_name="declarations"
    )
    conflicts_assessment = models.ForeignKey(
        ConflictsAssessment,
        on_delete=models.PROTECT,
        related_name="evaluator_declarations",
        null=True,
        blank=True,
    )
    has_conflict = models.BooleanField()
    suppliers = models.ManyToManyField(
        Organisation, through="ConflictedSupplier", related_name="+", blank=True
    )
    description = models.TextField(blank=True)
    declared_at = models.DateTimeField()

    class Meta:
        ordering = ["declared_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(has_conflict=False) | ~models.Q(description=""),
                name="conflict_declaration_described",
            )
        ]

    def __str__(self) -> str:
        kind = "Conflict" if self.has_conflict else "No conflict"
        return f"{kind} declared by {self.assignment.evaluator}"


class ConflictedSupplier(models.Model):
    """A supplier named in a conflict declaration."""

    declaration = models.ForeignKey(ConflictDeclaration, on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "supplier"], name="conflicted_supplier_once"
            )
        ]

    def __str__(self) -> str:
        return str(self.supplier)


class Score(models.Model):
    """One evaluator's own score for one tender against one quality criterion.

    A whole number from 0 to the criterion's `max_score`, with a written justification by
    reference to the tender. Made independently: no evaluator sees another's scores before
    submitting all of their own. Final once the evaluator has submitted.
    """

    assignment = models.ForeignKey(
        EvaluatorAssignment, on_delete=models.PROTECT, related_name="scores"
    )
    criterion = models.ForeignKey(AwardCriterion, on_delete=models.PROTECT, related_name="+")
    tender_id = models.PositiveBigIntegerField(help_text="The tendering app's tender id")
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()
    justification = models.TextField()
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["assignment", "supplier__name", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion", "tender_id"], name="score_once_per_evaluator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.score} for {self.supplier} on {self.criterion.title}"


class ConsensusScore(models.Model):
    """The moderated score for one tender against one quality criterion, recorded by the buyer
    after every evaluator on the panel submitted, with the rationale that explains it. These are
    the scores the tender is assessed on and that its assessment summary explains (reg 31)."""

    procurement = models.ForeignKey(
        Procurement, on_delete=models.PROTECT, related_name="consensus_scores"
    )
    criterion = models.ForeignKey(AwardCriterion, on_delete=models.PROTECT, related_name="+")
    tender_id = models.PositiveBigIntegerField()
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()
    rationale = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["procurement", "supplier__name", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "criterion", "tender_id"], name="consensus_once_per_tender"
            )
        ]

    def __str__(self) -> str:
        return f"Consensus {self.score} for {self.supplier} on {self.criterion.title}"


class AbnormallyLowReview(models.Model):
    """The authority's review of a tender flagged as abnormally low (s.19(4)-(5)).

    Records the figures that flagged it (price and the average of the other tenders, £ excluding
    VAT), what the supplier said when asked to explain its price, and the decision: accept, or
    reject and disregard the tender. Every flagged tender needs one before the award decision.
    """

    procurement = models.ForeignKey(
        Procurement, on_delete=models.PROTECT, related_name="abnormally_low_reviews"
    )
    tender_id = models.PositiveBigIntegerField()
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    price = models.DecimalField(**MONEY)
    average_of_others = models.DecimalField(**MONEY)
    percent_below = models.DecimalField(**SCORE)
    threshold_percent = models.DecimalField(max_digits=5, decimal_places=2)
    explanation = models.TextField(help_text="The supplier's explanation of its price")
    decision = models.CharField(max_length=20, choices=AbnormallyLowDecision.choices)
    reason = models.TextField(blank=True, help_text="Why the authority decided as it did")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["procurement", "supplier__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "tender_id"], name="abnormally_low_review_once"
            )
        ]

    def __str__(self) -> str:
        return f"Abnormally low review of {self.supplier}: {self.get_decision_display()}"

    @property
    def disregarded(self) -> bool:
        return self.decision == AbnormallyLowDecision.REJECTED


class AwardDecision(models.Model):
    """The award decision: proposed by a buyer, signed off by a different person, an approver.

    `results` is the evaluation as it stood when proposed (every assessed tender's scores,
    totals and rank; Decimals as strings), so what was approved never changes afterwards. Once
    approved it carries the assessment summaries' send time (one for all, reg 31(4)), the
    contract award notice (UK6) and the standstill period it started (s.51).
    """

    procurement = models.ForeignKey(
        Procurement, on_delete=models.PROTECT, related_name="award_decisions"
    )
    status = models.CharField(
        max_length=20, choices=AwardDecisionStatus.choices, default=AwardDecisionStatus.PROPOSED
    )
    results = models.JSONField()
    tie_break_order = models.JSONField(default=list, blank=True)
    tie_break_reason = models.TextField(blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True)
    assessment_summaries_sent_at = models.DateTimeField(null=True, blank=True)
    award_notice = models.OneToOneField(
        Notice, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # A light touch contract has no mandatory standstill (s.51(3)(f)); the buyer may provide for
    # a voluntary one in the award notice (s.51(4)-(5)). Always False for other contracts, whose
    # standstill is mandatory.
    voluntary_standstill = models.BooleanField(default=False)
    # Set when the award notice is published on Find a Tender; no standstill days (None) for a
    # light touch contract without a voluntary standstill, whose earliest entry is that day.
    standstill_first_day = models.DateField(null=True, blank=True)
    standstill_last_day = models.DateField(null=True, blank=True)
    earliest_entry_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["procurement", "-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement"],
                condition=~models.Q(status=AwardDecisionStatus.RETURNED),
                name="one_live_award_decision",
            )
        ]

    def __str__(self) -> str:
        return f"Award decision for {self.procurement.reference} ({self.get_status_display()})"


class PreferredSupplier(models.Model):
    """A supplier the award decision selects: one for a contract, up to the framework's maximum
    number for a framework; for a procurement divided into lots, per `lot` (s.18). `total` is
    its tender's total score; `price` its tender price (£, excluding VAT)."""

    decision = models.ForeignKey(
        AwardDecision, on_delete=models.PROTECT, related_name="preferred_suppliers"
    )
    tender_id = models.PositiveBigIntegerField()
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    rank = models.PositiveSmallIntegerField()
    total = models.DecimalField(**SCORE)
    price = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["decision", "lot__position", "rank", "supplier__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "supplier"],
                condition=models.Q(lot__isnull=True),
                name="preferred_supplier_once",
            ),
            models.UniqueConstraint(
                fields=["decision", "lot", "supplier"],
                condition=models.Q(lot__isnull=False),
                name="preferred_supplier_once_per_lot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} (rank {self.rank})"


class AssessmentSummary(models.Model):
    """The assessment summary sent to a supplier that submitted an assessed tender (s.50(3);
    reg 31). `content` is what the supplier reads (reg 31(2)-(3)); every summary of one decision
    has the same `sent_at` because they are all sent at the same time (reg 31(4))."""

    decision = models.ForeignKey(
        AwardDecision, on_delete=models.PROTECT, related_name="assessment_summaries"
    )
    tender_id = models.PositiveBigIntegerField()
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    lot = models.ForeignKey(
        Lot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The lot the tender was for, when the procurement is divided into lots",
    )
    successful = models.BooleanField()
    rank = models.PositiveSmallIntegerField()
    total = models.DecimalField(**SCORE)
    content = models.JSONField()
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["decision", "rank", "supplier__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "tender_id"], name="assessment_summary_once_per_tender"
            )
        ]

    def __str__(self) -> str:
        return f"Assessment summary for {self.supplier}"
