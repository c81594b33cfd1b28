"""Who may see and move the demo clock: a platform administrator, and only while the demo clock
is switched on (PROCURA_DEMO_CLOCK). To everyone else, and everywhere it is off, it does not
exist."""

from django.conf import settings

from procura.accounts.selectors import is_platform_admin
from procura.core.errors import NotFound

from .models import DemoClock


def demo_clock_on() -> bool:
    return bool(getattr(settings, "PROCURA_DEMO_CLOCK", False))


def access_demo_clock(user, object_id: object = 1) -> DemoClock:
    """The demo clock for a platform administrator while it is on; otherwise NotFound."""
    if not (demo_clock_on() and getattr(user, "is_authenticated", False)):
        raise NotFound()
    if str(object_id) != "1" or not user.is_active or not is_platform_admin(user):
        raise NotFound()
    return DemoClock.objects.filter(pk=1).first() or DemoClock(pk=1)
