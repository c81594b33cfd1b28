"""Sealed tenders, the keys that seal them, their opening, and tender-stage questions.

Tender content (price, line items, answers) and files are stored only as ciphertext until the
opening panel opens them (ADR 0003). After the opening the decrypted content is copied into
`UnsealedTender` / `UnsealedFile`, which nothing writes before then.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from procura.accounts.models import Organisation
from procura.procurements.models import Clarification, Lot, Procurement

from .rules import MIN_PANEL_SIZE
from .states import Integrity, QuestionStatus, TenderStatus


class TenderOpeningPolicy(models.Model):
    """How one contracting authority opens tenders: `panel_size` distinct buyer-side officers
    (buyers or approvers) must confirm before any tender is decrypted. No row means the default
    of two."""

    authority = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="tender_opening_policy"
    )
    panel_size = models.PositiveSmallIntegerField(default=2)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "tender opening policies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(panel_size__gte=MIN_PANEL_SIZE),
                name="opening_policy_panel_of_two_or_more",
            )
        ]

    def __str__(self) -> str:
        return f"Opening panel of {self.panel_size} for {self.authority}"


class SealingKey(models.Model):
    """The X25519 key pair that seals one procurement's tenders.

    `public_key` (32 raw bytes) seals every tender; `encrypted_private_key` is the private key
    encrypted with AES-256-GCM under the key-encryption key whose fingerprint is `kek_id`
    (setting PROCURA_TENDER_KEK). Only the opening service unwraps it, once, at `released_at`.
    """

    procurement = models.OneToOneField(
        Procurement, on_delete=models.PROTECT, related_name="sealing_key"
    )
    scheme = models.CharField(max_length=40)
    public_key = models.BinaryField()
    encrypted_private_key = models.BinaryField()
    kek_id = models.CharField(max_length=16, help_text="Fingerprint of the KEK used")
    created_at = models.DateTimeField()
    released_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Sealing key for {self.procurement.reference}"


class Tender(models.Model):
    """One version of one supplier's sealed tender for one procurement, or for one `lot` of a
    procurement divided into lots (s.18; empty when it is not divided).

    Replacing a tender makes a new version and marks the old one superseded; both are kept.
    At most one version per supplier (per supplier and lot) is `submitted` (the live one).
    `content_sha256` is the receipt hash of the canonical content (rules.canonical_content); the
    content itself (price in £ excluding VAT, line items, answers, file names) exists here only
    as ciphertext.
    """

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="tenders")
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="tenders")
    lot = models.ForeignKey(
        Lot, on_delete=models.PROTECT, null=True, blank=True, related_name="tenders"
    )
    version = models.PositiveSmallIntegerField()
    reference = models.CharField(max_length=60, unique=True, help_text="The receipt reference")
    status = models.CharField(
        max_length=20, choices=TenderStatus.choices, default=TenderStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()
    superseded_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    content_sha256 = models.CharField(max_length=64)
    sealing_key = models.ForeignKey(SealingKey, on_delete=models.PROTECT, related_name="+")
    content_ciphertext = models.BinaryField()
    content_wrapped_key = models.BinaryField()

    class Meta:
        ordering = ["procurement", "supplier", "version"]
        # Partial indexes, not nullable columns in one index: NULLs are distinct in SQL, so a
        # procurement without lots needs its own.
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "supplier", "version"],
                condition=models.Q(lot__isnull=True),
                name="tender_version_unique",
            ),
            models.UniqueConstraint(
                fields=["procurement", "supplier", "lot", "version"],
                condition=models.Q(lot__isnull=False),
                name="tender_version_unique_per_lot",
            ),
            models.UniqueConstraint(
                fields=["procurement", "supplier"],
                condition=models.Q(status=TenderStatus.SUBMITTED, lot__isnull=True),
                name="tender_one_live_version_per_supplier",
            ),
            models.UniqueConstraint(
                fields=["procurement", "supplier", "lot"],
                condition=models.Q(status=TenderStatus.SUBMITTED, lot__isnull=False),
                name="tender_one_live_version_per_supplier_lot",
            ),
        ]

    def __str__(self) -> str:
        return f"Tender {self.reference}"


class TenderFile(models.Model):
    """One file of a tender, sealed. Its name is sealed in the tender's content; only its
    SHA-256 and size (both on the receipt) are in the clear."""

    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="files")
    position = models.PositiveSmallIntegerField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(help_text="Bytes")
    ciphertext = models.BinaryField()
    wrapped_key = models.BinaryField()

    class Meta:
        ordering = ["tender", "position"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "position"], name="tender_file_position")
        ]

    def __str__(self) -> str:
        return f"File {self.position} of {self.tender}"


class OpeningConfirmation(models.Model):
    """One officer of the opening panel confirmed that the tenders may be opened."""

    procurement = models.ForeignKey(
        Procurement, on_delete=models.PROTECT, related_name="opening_confirmations"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField()

    class Meta:
        ordering = ["confirmed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "officer"], name="opening_confirmation_once_per_officer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.officer} confirmed opening {self.procurement.reference}"


class TenderOpening(models.Model):
    """The one opening of a procurement's tenders, when the panel's quorum was reached."""

    procurement = models.OneToOneField(
        Procurement, on_delete=models.PROTECT, related_name="tender_opening"
    )
    opened_at = models.DateTimeField()
    panel_size = models.PositiveSmallIntegerField()
    tenders_opened = models.PositiveIntegerField()
    problems = models.PositiveIntegerField(help_text="Tenders that did not match their receipt")

    def __str__(self) -> str:
        return f"Opening of {self.procurement.reference}"


class UnsealedTender(models.Model):
    """The decrypted content of a live tender, written only by the opening, for evaluation.

    `price` is in £ excluding VAT (empty if the tender could not be decrypted); `answers` maps a
    quality criterion id (as a string) to the supplier's answer. `integrity` says whether it
    matched its receipt; `problem` says how it did not.
    """

    tender = models.OneToOneField(Tender, on_delete=models.PROTECT, related_name="unsealed")
    opening = models.ForeignKey(TenderOpening, on_delete=models.PROTECT, related_name="tenders")
    price = models.DecimalField(
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    line_items = models.JSONField(default=list, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    integrity = models.CharField(max_length=20, choices=Integrity.choices)
    problem = models.TextField(blank=True)

    class Meta:
        ordering = ["tender__supplier__name"]

    def __str__(self) -> str:
        return f"Opened {self.tender}"


class UnsealedFile(models.Model):
    """A decrypted file of an opened tender; `sha256` and `size` are as on the receipt."""

    unsealed_tender = models.ForeignKey(
        UnsealedTender, on_delete=models.PROTECT, related_name="files"
    )
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    content = models.BinaryField()
    integrity = models.CharField(max_length=20, choices=Integrity.choices)

    class Meta:
        ordering = ["unsealed_tender", "position"]

    def __str__(self) -> str:
        return self.name


class TenderQuestion(models.Model):
    """A clarification question a supplier asked during the tender stage. Only the buyer sees
    who asked; the answer is published to every supplier as an anonymous Clarification."""

    procurement = models.ForeignKey(
        Procurement, on_delete=models.PROTECT, related_name="tender_questions"
    )
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField()
    question = models.TextField()
    status = models.CharField(
        max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    clarification = models.OneToOneField(
        Clarification, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["asked_at", "pk"]

    def __str__(self) -> str:
        return f"Question {self.pk} on {self.procurement.reference}"
