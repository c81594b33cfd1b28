from django.apps import AppConfig


class TenderingConfig(AppConfig):
    name = "procura.tendering"
    label = "tendering"
    verbose_name = "Tendering: sealed tenders, opening, tender-stage clarifications"

    def ready(self):
        from procura.audit import event_types
        from procura.audit.registry import register_timeline

        from . import events, permissions

        event_types.register(events.TenderingEvent, events.SENTENCES)
        register_timeline("tendering.tender", permissions.access_tender_timeline)
        register_timeline("tendering.tenderquestion", permissions.access_question_timeline)
