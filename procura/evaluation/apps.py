from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "procura.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation and award: conflicts, scoring, moderation, award, standstill"

    def ready(self):
        from procura.audit import event_types

        from . import events

        event_types.register(events.EvaluationEvent, events.SENTENCES)

        from procura.notices.services import when_published
        from procura.notices.states import NoticeType

        from .services import start_standstill

        when_published(NoticeType.UK6, start_standstill)
