"""Suppliers taking part in a procurement: interest, the agreements gate, the procurement
documents behind it, conditions of participation, exclusion decisions and the shortlist."""

import os
from decimal import Decimal
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.text import get_valid_filename

from procura.accounts.models import Organisation
from procura.procurements.models import Procurement

from .states import (
    EXCLUDING_OUTCOMES,
    AgreementKind,
    AssessmentResult,
    ExclusionGround,
    ExclusionOutcome,
    ParticipantStatus,
    QuestionKind,
)


class Agreement(models.Model):
    """One version of a procurement's non-disclosure or ethical walls agreement.

    A new version supersedes the old: suppliers must accept the current version of every kind.
    `sha256` fingerprints the text, so an acceptance proves exactly what was agreed.
    """

    procurement = models.ForeignKey(
        Procurement, on_delete=models.PROTECT, related_name="agreements"
    )
    kind = models.CharField(max_length=20, choices=AgreementKind.choices)
    version = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "kind", "version"], name="agreement_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class Participant(models.Model):
    """A supplier organisation taking part in one procurement, and where it has got to.

    A supplier that withdraws itself is WITHDRAWN, with when, who and the reason it gave
    (`withdrawn_at`, `withdrawn_by`, `withdrawal_reason`); a withdrawal is final.
    """

    procurement = models.ForeignKey(
        Procurement, on_delete=models.PROTECT, related_name="participants_taking_part"
    )
    supplier = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="participations"
    )
    status = models.CharField(
        max_length=20, choices=ParticipantStatus.choices, default=ParticipantStatus.INTERESTED
    )
    interest_expressed_at = models.DateTimeField()
    interest_expressed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    admitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    withdrawal_reason = models.TextField(blank=True, help_text="What the supplier said, if any")

    class Meta:
        ordering = ["procurement", "supplier__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "supplier"], name="participant_once_per_procurement"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status=ParticipantStatus.WITHDRAWN, withdrawn_at__isnull=False)
                    | (
                        ~models.Q(status=ParticipantStatus.WITHDRAWN)
                        & models.Q(withdrawn_at__isnull=True)
                    )
                ),
                name="participant_withdrawn_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} in {self.procurement.reference}"


class AgreementAcceptance(models.Model):
    """A supplier organisation accepted one version of an agreement: who, when, which version."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="acceptances"
    )
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="+")
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "agreement"], name="acceptance_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant.supplier} accepted {self.agreement}"


def _safe_name(filename: str) -> str:
    """A storable version of an uploaded file's name (the original is kept in a field)."""
    try:
        return get_valid_filename(os.path.basename(filename))[-120:]
    except SuspiciousFileOperation:  # "", "." or ".."
        return "file"


def document_path(instance: "ProcurementDocument", filename: str) -> str:
    return f"procurements/{instance.procurement_id}/documents/{uuid4().hex}/{_safe_name(filename)}"


def answer_path(instance: "Answer", filename: str) -> str:
    participant_id = instance.response.participant_id
    return f"participation/{participant_id}/answers/{uuid4().hex}/{_safe_name(filename)}"


def evidence_path(instance: "ParticipationResponse", filename: str) -> str:
    return f"participation/{instance.participant_id}/financial/{uuid4().hex}/{_safe_name(filename)}"


class ProcurementDocument(models.Model):
    """A procurement document the buyer shares with admitted suppliers (specification, draft
    contract, pricing schedule ...). Stored under MEDIA_ROOT, never served directly: only the
    download view behind the agreements gate reads it. A new upload with the same title is the
    next `version`; `sha256` fingerprints the file so that everyone can prove what they saw.
    The tender notice itself is public and is not one of these.
    """

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    version = models.PositiveSmallIntegerField()
    file = models.FileField(upload_to=document_path, max_length=400)
    file_name = models.CharField(max_length=255, help_text="The name it was uploaded with")
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(help_text="Bytes")
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["title", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "title", "version"], name="document_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class Question(models.Model):
    """One condition-of-participation question of a competitive flexible procedure (s.22).

    `position` orders the questionnaire (1, 2, 3 ...). A scored question has `max_score` (answers
    are scored 0..max_score); pass/fail and file questions have none. The questionnaire can change
    only while the procurement is a draft: once the tender notice is out, every supplier answers
    the same questions.
    """

    procurement = models.ForeignKey(
        Procurement, on_delete=models.PROTECT, related_name="participation_questions"
    )
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    text = models.TextField()
    guidance = models.TextField(blank=True)
    max_score = models.PositiveSmallIntegerField(null=True, blank=True)
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind=QuestionKind.SCORED, max_score__gte=1)
                    | (~models.Q(kind=QuestionKind.SCORED) & models.Q(max_score__isnull=True))
                ),
                name="question_max_score_only_when_scored",
            ),
        ]

    def __str__(self) -> str:
        return f"Question {self.position}"


class ParticipationResponse(models.Model):
    """A supplier's request to participate: its answers to the conditions of participation and
    its financial information (annual turnover in pounds, an accounts file or other evidence,
    free text). A draft until `submitted_at`; then final, with a receipt: `receipt_sha256`
    fingerprints the canonical answers and the hashes of every file. The buyer's assessment of
    the financial information (`financial_result`, `financial_comment`) is stored alongside.
    """

    participant = models.OneToOneField(
        Participant, on_delete=models.PROTECT, related_name="response"
    )
    annual_turnover = models.DecimalField(
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Pounds sterling, last complete financial year",
    )
    financial_information = models.TextField(blank=True)
    financial_evidence = models.FileField(upload_to=evidence_path, max_length=400, blank=True)
    financial_evidence_name = models.CharField(max_length=255, blank=True)
    financial_evidence_sha256 = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    receipt_reference = models.CharField(max_length=60, blank=True)
    receipt_sha256 = models.CharField(max_length=64, blank=True)
    financial_result = models.CharField(max_length=10, choices=AssessmentResult.choices, blank=True)
    financial_comment = models.TextField(blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(submitted_at__isnull=True) | ~models.Q(receipt_sha256=""),
                name="response_submitted_has_receipt",
            ),
        ]

    def __str__(self) -> str:
        return f"Request to participate from {self.participant.supplier}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Answer(models.Model):
    """A supplier's answer to one question (text, or a file with its sha256), and the buyer's
    assessment of it: `result` (pass/fail questions and files) or `score` (0..max_score)."""

    response = models.ForeignKey(
        ParticipationResponse, on_delete=models.PROTECT, related_name="answers"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)
    file = models.FileField(upload_to=answer_path, max_length=400, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField()
    result = models.CharField(max_length=10, choices=AssessmentResult.choices, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True, help_text="The assessor's note")
    assessed_at = models.DateTimeField(null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["question__position", "question_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="answer_once_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question}"


class ExclusionDecision(models.Model):
    """The authority's decision whether a supplier is excluded or excludable (s.57), made after
    giving it a reasonable opportunity to make representations and provide evidence (s.58(2)),
    and before letting it go beyond its first submission (s.27). A supplier excluded on a ground
    must be notified to the Minister by `minister_notification_due` (s.59: 30 days beginning with
    `decided_on`). A later decision about the same supplier supersedes an earlier one; all are
    kept.
    """

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="exclusion_decisions"
    )
    outcome = models.CharField(max_length=30, choices=ExclusionOutcome.choices)
    ground_type = models.CharField(max_length=20, choices=ExclusionGround.choices, blank=True)
    ground = models.TextField(blank=True, help_text="e.g. 'Sch 7 para 12: poor performance'")
    representations = models.TextField(blank=True, help_text="What the supplier said (s.58(2))")
    representations_invited_on = models.DateField(
        null=True, blank=True, help_text="When the supplier was invited to make representations"
    )
    evidence = models.TextField(blank=True)
    reasons = models.TextField(blank=True, help_text="The reasons the supplier is given")
    decided_on = models.DateField()
    minister_notification_due = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["participant", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome=ExclusionOutcome.NOT_EXCLUDED)
                | models.Q(minister_notification_due__isnull=False),
                name="exclusion_has_minister_notification_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.participant.supplier}"

    @property
    def excludes(self) -> bool:
        return self.outcome in EXCLUDING_OUTCOMES
