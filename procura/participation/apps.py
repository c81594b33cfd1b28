from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "procura.participation"
    label = "participation"
    verbose_name = "Participation: agreements gate, conditions of participation, shortlisting"

    def ready(self):
        from procura.audit import event_types
        from procura.audit.registry import register_timeline

        from . import events, permissions

        event_types.register(events.ParticipationEvent, events.SENTENCES)
        register_timeline("participation.participant", permissions.access_participant_timeline)
