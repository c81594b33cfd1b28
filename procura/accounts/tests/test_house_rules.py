"""An authority's house rules: Procura's policy, not the law, switched on or off by the
authority's buyers (service, page, API), and what publication checks with them."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from procura.accounts import selectors, services
from procura.accounts.models import AuthoritySettings
from procura.accounts.states import Role
from procura.accounts.tests.factories import OrganisationFactory, member
from procura.audit.models import AuditEvent
from procura.procurements import services as procurement_services
from procura.procurements.rules import publication_problems
from procura.procurements.tests.factories import MetFrameworkFactory
from procura.testing.client import Api
from procura.testing.refusals import assert_refused

pytestmark = pytest.mark.django_db

ALL_ON = dict.fromkeys(selectors.HOUSE_RULES, True)


def state(authority) -> dict:
    return {
        "settings": list(
            AuthoritySettings.objects.values_list("authority_id", "require_shortlist_limit")
        ),
        "rules": selectors.house_rules_of(authority.pk),
        "audit": AuditEvent.objects.filter(event_type="organisation.updated").count(),
    }


def test_every_house_rule_is_on_until_the_authority_switches_it_off():
    authority = OrganisationFactory()

    assert selectors.house_rules_of(authority.pk) == ALL_ON


@pytest.mark.parametrize("name", selectors.HOUSE_RULES)
def test_a_buyer_switches_one_house_rule_off_and_on_again_with_an_audit_event(name):
    authority = OrganisationFactory()
    buyer = member(authority, Role.BUYER)

    services.update_authority_settings(actor=buyer, authority=authority, switches={name: False})
    assert selectors.house_rules_of(authority.pk) == {**ALL_ON, name: False}
    services.update_authority_settings(actor=buyer, authority=authority, switches={name: True})
    assert selectors.house_rules_of(authority.pk) == ALL_ON

    events = AuditEvent.objects.filter(
        event_type="organisation.updated", organisation_id=authority.pk
    )
    assert [e.after["house_rules"][name] for e in events.order_by("pk")] == [False, True]
    assert events.order_by("pk").first().before["house_rules"] == ALL_ON


@pytest.mark.parametrize(
    ("role", "switches", "code"),
    [
        (Role.EVALUATOR, {"require_shortlist_limit": False}, "forbidden_action"),
        (Role.APPROVER, {"require_shortlist_limit": False}, "forbidden_action"),
        (Role.BUYER, {"require_everything": False}, "invalid_input"),
    ],
)
def test_only_a_buyer_changes_the_house_rules_and_only_those_there_are(role, switches, code):
    authority = OrganisationFactory()
    someone = member(authority, role)

    assert_refused(
        code,
        lambda: services.update_authority_settings(
            actor=someone, authority=authority, switches=switches
        ),
        unchanged=lambda: state(authority),
    )


@pytest.mark.parametrize(("switch", "problems"), [(True, ["award_criteria_weights"]), (False, [])])
def test_publication_checks_the_weights_with_the_authoritys_switch(switch, problems):
    # Given a framework whose criteria weights add up to 10 (a ranking in all but name)
    procurement = MetFrameworkFactory(
        criteria=[("quality", "Quality", Decimal("6")), ("price", "Price", Decimal("4"))]
    )
    buyer = member(procurement.authority, Role.BUYER)
    services.update_authority_settings(
        actor=buyer,
        authority=procurement.authority,
        switches={"require_weights_total_100": switch},
    )

    # Then the publication rules hold it to 100% only while the house rule is on
    check = procurement_services.publication_check(procurement, date(2026, 2, 2))
    assert check.require_weights_total_100 is switch
    assert [p.code for p in publication_problems(check)
            if p.code.startswith("award_criteria")] == problems  # fmt: skip


def test_the_page_and_the_api_show_and_change_the_house_rules_alike():
    authority = OrganisationFactory()
    buyer = member(authority, Role.BUYER)
    page = Client()
    page.force_login(buyer)
    url = f"/api/v1/organisations/{authority.pk}/settings"

    # When the buyer switches the weights rule off on the page
    keep = {n: "on" for n in selectors.HOUSE_RULES if n != "require_weights_total_100"}
    saved = page.post(f"/organisations/{authority.pk}/settings/", keep)

    # Then the API shows it off; and switching it on through the API shows on the page
    assert saved.status_code == 302
    assert Api(buyer).get(url).json() == {**ALL_ON, "require_weights_total_100": False}
    changed = Api(buyer).patch(url, {"require_weights_total_100": True})
    assert changed.json() == ALL_ON
    shown = page.get(f"/organisations/{authority.pk}/settings/").content.decode()
    assert shown.count("checked") == len(selectors.HOUSE_RULES)


def test_another_authoritys_house_rules_are_not_found_and_not_changed():
    # Given two authorities, and a supplier
    met = OrganisationFactory()
    staffs = OrganisationFactory()
    staffs_buyer = member(staffs, Role.BUYER)
    met_evaluator = member(met, Role.EVALUATOR)
    supplier = OrganisationFactory(supplier=True)
    supplier_bid = member(supplier, Role.SUPPLIER_BID_MANAGER)
    before = state(met)

    # Then another authority's buyer, an evaluator and a supplier find nothing, page or API
    for person, org in [(staffs_buyer, met), (met_evaluator, met), (supplier_bid, supplier)]:
        api = Api(person)
        url = f"/api/v1/organisations/{org.pk}/settings"
        assert api.get(url).status_code == 404
        assert api.patch(url, {"require_shortlist_limit": False}).status_code == 404
        page = Client()
        page.force_login(person)
        assert page.get(f"/organisations/{org.pk}/settings/").status_code == 404
        assert page.post(f"/organisations/{org.pk}/settings/", {}).status_code == 404
    assert state(met) == before
