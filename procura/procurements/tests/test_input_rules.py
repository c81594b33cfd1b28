"""Each rule on the values a buyer enters is checked once, by the service: the same bad value
gets the same code from a page and from the API, and nothing changes (issue 7; ADR 0009)."""

from datetime import datetime

import pytest
import time_machine

from procura.accounts.states import Role
from procura.accounts.tests.factories import OrganisationFactory, member
from procura.audit.models import AuditEvent
from procura.core import clock
from procura.notices.models import Notice
from procura.procurements import rules, services
from procura.procurements.models import Procurement
from procura.procurements.tests.factories import MetFrameworkFactory
from procura.procurements.tests.pages import signed_in
from procura.testing.client import Api

pytestmark = pytest.mark.django_db

LONDON = clock.LONDON
API = "/api/v1/procurements"

# Each rule: the bad values (money as typed on a page and as sent to the API), and the rule
# function that says the code.
RULES = {
    "value_incl_vat_below_excl": (
        {"estimated_value_excl_vat": "210000000.00", "estimated_value_incl_vat": "200000000.00"},
        rules.check_value_incl_vat(200, 100),
    ),
    "value_range_inverted": (
        {"value_range_min_incl_vat": "300000000.00", "value_range_max_incl_vat": "150000000.00"},
        rules.check_value_range(2, 1),
    ),
}
CONTRACT_ONLY = {"value_range_inverted"}


@pytest.fixture(autouse=True)
def traveller():
    with time_machine.travel(datetime(2026, 2, 2, 9, 0, tzinfo=LONDON), tick=False) as t:
        yield t


def snapshot() -> tuple:
    return (
        list(Procurement.objects.order_by("pk").values()),
        Notice.objects.count(),
        AuditEvent.objects.count(),
    )


def page_codes(response) -> list[str]:
    """The codes behind the page's error summary (each item's `code`)."""
    return [item["code"] for item in response.context["errors"]]


def page_form(**changes) -> dict:
    """A single contract as the create/edit page posts it."""
    return {
        "title": "Strategic IT partner",
        "description": "A strategic IT partner for up to 10 years.",
        "cpv_codes": "72000000",
        "estimated_value_excl_vat": "375000000",
        "estimated_value_incl_vat": "450000000",
        "procedure": "open",
        "kind": "contract",
        "contract_term_months": "120",
    } | changes


def api_body(authority, **changes) -> dict:
    return {
        "authority_id": authority.pk,
        "title": "Strategic IT partner",
        "description": "A strategic IT partner for up to 10 years.",
        "cpv_codes": ["72000000"],
        "procedure": "open",
        "estimated_value_excl_vat": "375000000.00",
        "estimated_value_incl_vat": "450000000.00",
        "is_framework": False,
        "contract_term_months": 120,
    } | changes


@pytest.mark.parametrize("code", list(RULES))
def test_creating_a_draft_page_and_api_refuse_with_the_same_code(code):
    values, violation = RULES[code]
    authority = OrganisationFactory()
    buyer = member(authority, Role.BUYER)
    browser, client = signed_in(buyer), Api(buyer)
    before = snapshot()

    page = browser.post("/procurements/new/", page_form(**values))
    api = client.post(f"{API}/", api_body(authority, **values))

    assert violation.code == code
    assert page.status_code == 400
    assert page_codes(page) == [code]
    assert [e["message"] for e in page.context["errors"]] == [violation.message]
    assert (api.status_code, api.json()["code"], api.json()["field"]) == (
        400,
        code,
        violation.field,
    )
    assert snapshot() == before


@pytest.mark.parametrize("code", list(RULES))
def test_changing_a_draft_page_and_api_refuse_with_the_same_code(code):
    values, _violation = RULES[code]
    if code in CONTRACT_ONLY:
        draft = MetFrameworkFactory(
            is_framework=False,
            contract_term_months=120,
            max_framework_suppliers=None,
            framework_term_months=None,
            extension_options_months=[],
            call_off_process="",
        )
    else:
        draft = MetFrameworkFactory()
    browser, client = signed_in(draft.created_by), Api(draft.created_by)
    before = snapshot()

    page = browser.post(
        f"/procurements/{draft.pk}/edit/",
        page_form(procedure=draft.procedure, **values)
        | ({} if code in CONTRACT_ONLY else {"kind": "framework", "max_framework_suppliers": "2"}),
    )
    api = client.patch(f"{API}/{draft.pk}", values)

    assert page.status_code == 400
    assert page_codes(page) == [code]
    assert (api.status_code, api.json()["code"]) == (400, code)
    assert snapshot() == before


def test_modifying_a_published_procurement_page_and_api_refuse_with_the_same_code():
    code = "value_incl_vat_below_excl"
    values, _violation = RULES[code]
    met = MetFrameworkFactory(participation_deadline=datetime(2026, 2, 27, 12, tzinfo=LONDON))
    services.publish_tender_notice(actor=met.created_by, procurement=met)
    met.refresh_from_db()
    buyer = met.created_by
    reason = {
        "reason": "The estimate was revised.",
        "time_limits_reconsidered": "Reconsidered: the change needs no more time.",
    }
    criteria = list(met.criteria.all())
    form = {
        "title": met.title,
        "description": met.description,
        "cpv_codes": ", ".join(met.cpv_codes),
        "max_framework_suppliers": str(met.max_framework_suppliers),
        "framework_term_months": str(met.framework_term_months),
        "extension_options_months": ", ".join(map(str, met.extension_options_months)),
        "call_off_process": met.call_off_process,
        "max_shortlist": str(met.max_shortlist),
        "shortlisting_criteria": met.shortlisting_criteria,
        "no_lots_reasons": met.no_lots_reasons,
        "substantial": "yes",  # a change of the estimate this large is substantial
        "criteria-TOTAL_FORMS": str(len(criteria)),
        "criteria-INITIAL_FORMS": "0",
        "lots-TOTAL_FORMS": "0",
        "lots-INITIAL_FORMS": "0",
        **reason,
        **values,
    }
    for i, c in enumerate(criteria):
        form |= {
            f"criteria-{i}-kind": c.kind,
            f"criteria-{i}-title": c.title,
            f"criteria-{i}-weight": str(c.weight),
            f"criteria-{i}-max_score": str(c.max_score),
        }
    browser, client = signed_in(buyer), Api(buyer)
    before = snapshot()

    page = browser.post(f"/procurements/{met.pk}/modify/", form)
    api = client.post(
        f"{API}/{met.pk}/modifications", {"changes": values, "substantial": True, **reason}
    )

    assert page.status_code == 400
    assert page_codes(page) == [code]
    assert (api.status_code, api.json()["code"]) == (400, code)
    assert snapshot() == before
