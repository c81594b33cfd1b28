"""Each rule checked when a tender notice is published gives the same code from the draft's
Publish button and from the API, and nothing changes either way (issue 7 §1; ADR 0007). The
rules on values a buyer enters are in `test_input_rules.py`."""

from datetime import datetime
from decimal import Decimal

import pytest
import time_machine

from procura.audit.models import AuditEvent
from procura.core import clock
from procura.notices.models import Notice
from procura.procurements.models import AwardCriterion, Procurement
from procura.procurements.states import CriterionKind, Procedure
from procura.procurements.tests.factories import MetFrameworkFactory
from procura.procurements.tests.pages import signed_in
from procura.testing.client import Api
from procura.testing.parity import assert_same_refusal

pytestmark = pytest.mark.django_db

LONDON = clock.LONDON
API = "/api/v1/procurements"
Q, P = CriterionKind.QUALITY, CriterionKind.PRICE

# Each rule: the draft (the Met's framework, ready to publish on 2 February 2026) changed so
# that it breaks that rule only, and the field the refusal is about.
RULES = {
    "conflicts_assessment_missing": ({"conflicts_assessment": False}, None),
    "participation_period_too_short": (
        {"participation_deadline": datetime(2026, 2, 26, 12, tzinfo=LONDON)},
        "participation_deadline",
    ),
    "framework_term_too_long": ({"framework_term_months": 36}, "framework_term_months"),
    "framework_suppliers_missing": ({"max_framework_suppliers": None}, "max_framework_suppliers"),
    "shortlist_not_defined": ({"max_shortlist": None}, "max_shortlist"),
    "award_criteria_missing": ({"criteria": []}, "criteria"),
    "award_criteria_weights": (
        {"criteria": [(Q, "Technical", Decimal("50")), (P, "Price", Decimal("40"))]},
        "criteria",
    ),
    "award_criteria_price": (
        {"criteria": [(P, "Price", Decimal("70")), (P, "Whole-life cost", Decimal("30"))]},
        "criteria",
    ),
    "tendering_period_too_short": (
        {
            "procedure": Procedure.OPEN,
            "max_shortlist": None,
            "shortlisting_criteria": "",
            "participation_deadline": None,
            "tender_deadline": datetime(2026, 2, 10, 12, tzinfo=LONDON),
        },
        "tender_deadline",
    ),
}


@pytest.fixture(autouse=True)
def traveller():
    with time_machine.travel(datetime(2026, 2, 2, 9, 0, tzinfo=LONDON), tick=False) as t:
        yield t


def _record() -> tuple:
    return (
        list(Procurement.objects.order_by("pk").values()),
        list(AwardCriterion.objects.order_by("pk").values()),
        Notice.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("code", list(RULES))
def test_publishing_a_tender_notice_page_and_api_refuse_with_the_same_code(code):
    changes, field = RULES[code]
    draft = MetFrameworkFactory(**changes)
    browser, client = signed_in(draft.created_by), Api(draft.created_by)

    item, body = assert_same_refusal(
        code,
        page=lambda: browser.post(f"/procurements/{draft.pk}/publish/"),
        api=lambda: client.post(f"{API}/{draft.pk}/publish"),
        unchanged=_record,
    )

    assert item["message"].startswith(body["message"])  # the page adds the section it cites
    assert (item["field"] or None) == body.get("field") == field


# Each rule of the lots (s.18) on the Met's £252m framework: the lots (number, value excluding
# VAT, value including it, in £m) and the limits, as the lots table and the API take them.
LOT_RULES = {
    "too_few_lots": ([("1", 100, 120)], {}),
    "lot_number_repeated": ([("1", 100, 120), ("1", 100, 120)], {}),
    "lot_values_above_estimate": ([("1", 150, 180), ("2", 100, 120)], {}),
    "value_incl_vat_below_excl": ([("1", 100, 90), ("2", 100, 120)], {}),
    "lot_limit_out_of_range": (
        [("1", 100, 120), ("2", 100, 120)],
        {"max_lots_bid_per_supplier": 3},
    ),
}


@pytest.mark.parametrize("code", list(LOT_RULES))
def test_setting_the_lots_page_and_api_refuse_with_the_same_code(code):
    rows, limits = LOT_RULES[code]
    draft = MetFrameworkFactory()
    browser, client = signed_in(draft.created_by), Api(draft.created_by)
    page_data = {
        "lots-TOTAL_FORMS": str(len(rows)),
        "lots-INITIAL_FORMS": "0",
        "lots-MIN_NUM_FORMS": "0",
        "lots-MAX_NUM_FORMS": "1000",
    } | {f"lot-limits-{k}": str(v) for k, v in limits.items()}
    lots = []
    for i, (number, excl, incl) in enumerate(rows):
        lot = {
            "number": number,
            "title": f"Lot {i + 1}",
            "estimated_value_excl_vat": f"{excl}000000.00",
            "estimated_value_incl_vat": f"{incl}000000.00",
        }
        lots.append(lot)
        page_data |= {f"lots-{i}-{k}": v for k, v in lot.items()}
    before = _record()

    page = browser.post(f"/procurements/{draft.pk}/lots/", page_data)
    api = client.put(f"{API}/{draft.pk}/lots", {"lots": lots, **limits})

    # The lots table shows a refusal as the table's or the limit's own error, without the code:
    # the same message, linked to the table or the limit.
    assert (api.status_code, api.json()["code"]) == (400, code)
    assert page.status_code == 400
    items = page.context["errors"]
    assert [i["message"] for i in items] == [api.json()["message"]]
    field = api.json().get("field")
    expected = f"#id_lot-limits-{field}" if field in limits else "#id_lots-0-title"
    assert items[0]["href"] == expected
    assert _record() == before
