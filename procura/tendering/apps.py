from django.apps import AppConfig


class TenderingConfig(AppConfig):
    name = "procura.tendering"
    label = "tendering"
    verbose_name = "Tendering: sealed tenders, opening, tender-stage clarifications"
