"""The deployment check that refuses the demo clock (docs/adr/0008-demo-clock.md)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def demo_clock_is_off(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """`manage.py check --deploy` fails while PROCURA_DEMO_CLOCK is on: a deployed service's
    time must be the real time, or every deadline and audit record in it would be wrong."""
    if not getattr(settings, "PROCURA_DEMO_CLOCK", False):
        return []
    return [
        checks.Error(
            "PROCURA_DEMO_CLOCK is on: a platform administrator could move the service's clock.",
            hint="The demo clock is for the demo and development only; set it to False.",
            id="procura_demo.E001",
        )
    ]
