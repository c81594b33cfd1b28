from django.apps import AppConfig


class TimescalesConfig(AppConfig):
    name = "procura.timescales"
    label = "timescales"
    verbose_name = "Procurement Act timescales"
