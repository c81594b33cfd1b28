"""The demo clock's fixtures: a still clock, the switch, a platform administrator."""

from datetime import datetime

import pytest
import time_machine

from procura.accounts.states import Role
from procura.accounts.tests.factories import OrganisationFactory, member
from procura.core import clock
from procura.demo import offset

MONDAY_2_FEB_2026 = datetime(2026, 2, 2, 9, 0, tzinfo=clock.LONDON)


@pytest.fixture
def traveller():
    """The system's clock stands still at 9am on Monday 2 February 2026."""
    with time_machine.travel(MONDAY_2_FEB_2026, tick=False) as traveller:
        yield traveller


@pytest.fixture
def demo_clock_on(settings):
    """PROCURA_DEMO_CLOCK on, as in the demo and development settings (and off again after)."""
    settings.PROCURA_DEMO_CLOCK = True
    yield
    offset.forget()


@pytest.fixture
def admin(db):
    return member(
        OrganisationFactory(platform_operator=True), Role.PLATFORM_ADMIN, username="admin"
    )
