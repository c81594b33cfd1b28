from django.contrib import admin

from procura.accounts.admin import ReadOnlyAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the audit trail has no change or delete path, in the admin or anywhere else."""

    list_display = ["sequence", "occurred_at", "actor_name", "event_type", "object_repr"]
    list_filter = ["event_type", "object_type"]
    search_fields = ["object_repr", "actor_name", "object_id"]
