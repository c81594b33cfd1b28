from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "procura.core"
    label = "core"
    verbose_name = "Core"
