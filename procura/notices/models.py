"""Notices: immutable records of what was published, when, in the shape Find a Tender uses."""

from django.conf import settings
from django.db import models

from .states import NoticeType, Publication


class NoticeQuerySet(models.QuerySet):
    """Published notices can be read and added, never changed or removed, one by one or in bulk."""

    def update(self, **kwargs):
        raise PermissionError("A published notice is never changed.")

    def delete(self):
        raise PermissionError("A published notice is never deleted.")


class Notice(models.Model):
    """One published notice. `release` is the OCDS release exactly as published; `sha256` is
    its fingerprint. Never changed after publication: a correction is a new notice."""

    procurement = models.ForeignKey(
        "procurements.Procurement", on_delete=models.PROTECT, related_name="notices"
    )
    notice_type = models.CharField(max_length=5, choices=NoticeType.choices)
    notice_id = models.CharField(max_length=20, unique=True, help_text="nnnnnn-yyyy")
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    release = models.JSONField()
    sha256 = models.CharField(max_length=64)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["published_at", "pk"]

    def __str__(self) -> str:
        return f"{self.notice_type} {self.notice_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("A published notice is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("A published notice is never deleted.")


class NoticePublication(models.Model):
    """Where one notice stands on Find a Tender (Procurement Regulations 2024 reg 5): prepared in
    Procura, sent, then published there with Find a Tender's notice identifier and publication
    date and time. The notice itself never changes; this record follows its lifecycle
    (`states.PUBLICATION_TRANSITIONS`), written only by `notices.services`."""

    notice = models.OneToOneField(Notice, on_delete=models.PROTECT, related_name="publication")
    status = models.CharField(
        max_length=10, choices=Publication.choices, default=Publication.PREPARED
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    fts_notice_id = models.CharField(max_length=20, unique=True, null=True, blank=True)
    fts_published_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    def __str__(self) -> str:
        return f"{self.notice} {self.status}"

    @property
    def is_published(self) -> bool:
        return self.status == Publication.PUBLISHED
