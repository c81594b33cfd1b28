from django.apps import AppConfig


class ProcurementsConfig(AppConfig):
    name = "procura.procurements"
    label = "procurements"
    verbose_name = "Procurements: set-up, publication, clarification, termination"

    def ready(self):
        from procura.audit import event_types
        from procura.audit.registry import register_timeline

        from . import events, permissions

        event_types.register(events.ProcurementEvent, events.SENTENCES)
        register_timeline("procurements.procurement", permissions.access_procurement_timeline)
