from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "procura.demo"
    label = "demo"
    verbose_name = "Demo: the demo organisations, people and procurements, and the demo clock"
