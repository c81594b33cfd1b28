"""The Django admin shows tendering METADATA only, read-only: never a price, an answer, a file
or a key. Ciphertext columns are not listed, and opened content (UnsealedTender, UnsealedFile)
is not registered at all: it is read through the evaluation pages by the authority's staff."""

from django.contrib import admin

from procura.accounts.admin import ReadOnlyAdmin

from .models import OpeningConfirmation, Tender, TenderOpening, TenderOpeningPolicy


@admin.register(Tender)
class TenderAdmin(ReadOnlyAdmin):
    list_display = ["reference", "procurement", "version", "status", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["reference"]
    fields = ["reference", "procurement", "version", "status", "submitted_at", "content_sha256"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content_ciphertext", "content_wrapped_key")


@admin.register(TenderOpeningPolicy)
class TenderOpeningPolicyAdmin(ReadOnlyAdmin):
    list_display = ["authority", "panel_size", "updated_at"]


@admin.register(OpeningConfirmation)
class OpeningConfirmationAdmin(ReadOnlyAdmin):
    list_display = ["procurement", "officer", "confirmed_at"]


@admin.register(TenderOpening)
class TenderOpeningAdmin(ReadOnlyAdmin):
    list_display = ["procurement", "opened_at", "panel_size", "tenders_opened", "problems"]
