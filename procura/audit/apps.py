from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "procura.audit"
    label = "audit"
    verbose_name = "Audit trail"
