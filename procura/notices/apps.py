from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "procura.notices"
    label = "notices"
    verbose_name = "Notices (Find a Tender shape)"

    def ready(self):
        from procura.audit import event_types

        from . import events

        event_types.register(events.NoticeEvent, events.SENTENCES)
