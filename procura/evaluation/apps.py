from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "procura.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation and award: conflicts, scoring, moderation, award, standstill"

    def ready(self):
        from procura.audit import event_types

        from . import events

        event_types.register(events.EvaluationEvent, events.SENTENCES)
