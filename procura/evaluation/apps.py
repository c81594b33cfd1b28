from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "procura.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation and award: conflicts, scoring, moderation, award, standstill"
