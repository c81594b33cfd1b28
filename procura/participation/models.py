"""Suppliers taking part in a procurement: interest, the agreements gate, and their status."""

from django.conf import settings
from django.db import models

from procura.accounts.models import Organisation
from procura.procurements.models import Procurement

from .states import AgreementKind, ParticipantStatus


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
    """A supplier organisation taking part in one procurement, and where it has got to."""

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

    class Meta:
        ordering = ["procurement", "supplier__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "supplier"], name="participant_once_per_procurement"
            )
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
