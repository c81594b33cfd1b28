"""In the demo, a platform administrator moves the clock past the standstill period and the
buyer signs: the last weeks of a procurement in two steps."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from procura.accounts.models import User
from procura.contracts import rules as contract_rules
from procura.contracts import services as contracts
from procura.core import clock
from procura.core.errors import DomainError
from procura.demo import services
from procura.demo import story as demo_story
from procura.procurements.states import Status

# Uploaded files go to a fresh temporary directory (the kit's media_root fixture).
pytestmark = pytest.mark.usefixtures("media_root")


@pytest.mark.django_db
def test_moving_the_demo_clock_past_the_standstill_lets_the_buyer_sign(demo_clock_on):
    # Given the demo, with Staffordshire's contract in its standstill period
    call_command("seed_demo", stdout=StringIO())
    _met, staffs_scenario, _forensics = demo_story.SCENARIOS
    staffs = demo_story.find(staffs_scenario)
    buyer = User.objects.get(username="staffs.buyer")

    def sign():
        today = clock.today()
        return contracts.enter_into_contract(
            actor=buyer,
            procurement=staffs,
            date_signed=today,
            start_date=today,
            end_date=contract_rules.initial_end(today, 120),  # its 10-year term
        )

    with pytest.raises(DomainError) as refused:
        sign()
    assert refused.value.code == "standstill_not_ended"

    # When the admin moves the clock two weeks on
    services.advance_clock(actor=User.objects.get(username="admin"), by=timedelta(days=14))

    # Then the buyer can sign
    contract = sign()
    staffs.refresh_from_db()
    assert staffs.status == Status.CONTRACT_SIGNED
    assert contract.supplier.name == "Keystone Public Sector IT Ltd"
