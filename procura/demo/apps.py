from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "procura.demo"
    label = "demo"
    verbose_name = "Demo: the demo organisations, people and procurements, and the demo clock"

    def ready(self):
        from django.test.signals import setting_changed

        from procura.audit import event_types
        from procura.audit.registry import register_timeline

        from . import checks, events, permissions  # noqa: F401 - checks registers itself

        event_types.register(events.DemoEvent, events.SENTENCES)
        register_timeline("demo.democlock", permissions.access_demo_clock)
        install_demo_clock()
        # Tests switch the demo clock on and off with override_settings.
        setting_changed.connect(_on_setting_changed, dispatch_uid="procura_demo_clock")


def install_demo_clock() -> None:
    """Make `clock.now()` add the demo clock's offset when PROCURA_DEMO_CLOCK is on, and only
    then: with it off, `now()` never reads the database."""
    from procura.core import clock

    from . import offset, permissions

    offset.forget()
    clock.use_offset(offset.offset if permissions.demo_clock_on() else None)


def _on_setting_changed(*, setting, **kwargs) -> None:
    if setting == "PROCURA_DEMO_CLOCK":
        install_demo_clock()
