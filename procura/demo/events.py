from django.db import models


class DemoEvent(models.TextChoices):
    CLOCK_ADVANCED = "demo.clock_advanced", "Demo clock moved forward"


SENTENCES = {
    DemoEvent.CLOCK_ADVANCED: (
        "{actor} moved the service's clock forward from {moved_from} to {moved_to} (demo only)."
    ),
}
