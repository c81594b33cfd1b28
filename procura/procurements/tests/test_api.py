"""The procurements API: the buyer's endpoints (404 to everyone else) and the public register."""

from datetime import datetime, timedelta

import pytest
import time_machine

from procura.accounts.states import Role
from procura.accounts.tests.factories import OrganisationFactory, member
from procura.audit.models import AuditEvent
from procura.core import clock
from procura.notices.models import Notice
from procura.procurements import services
from procura.procurements.models import Clarification, Procurement
from procura.procurements.states import Status
from procura.procurements.tests.factories import MetFrameworkFactory, clarification
from procura.testing.client import Api
from procura.testing.refusals import assert_api_refused

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("publish_at_once")]

LONDON = clock.LONDON
MONDAY_2_FEB_2026 = datetime(2026, 2, 2, 9, 0, tzinfo=LONDON)
NOT_FOUND = {"code": "not_found", "message": "Not found."}
NOT_AUTHENTICATED = {
    "code": "not_authenticated",
    "message": "Sign in, or send a valid API token as a Bearer token.",
}
BASE = "/api/v1/procurements"


@pytest.fixture(autouse=True)
def traveller():
    with time_machine.travel(MONDAY_2_FEB_2026, tick=False) as traveller:
        yield traveller


def unchanged(procurement: Procurement):
    """A snapshot to compare after a refusal: the row, the notices, the audit trail."""
    return (
        Procurement.objects.filter(pk=procurement.pk).values().get(),
        Notice.objects.count(),
        Clarification.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def met():
    return MetFrameworkFactory(participation_deadline=datetime(2026, 2, 27, 12, tzinfo=LONDON))


@pytest.fixture
def buyer(met):
    return Api(met.created_by)


def outsiders(procurement) -> dict:
    """Everyone to whom the procurement's buyer-side endpoints must say 404."""
    supplier = OrganisationFactory(supplier=True)
    return {
        "buyer of another authority": Api(member(OrganisationFactory(), Role.BUYER)),
        "supplier": Api(member(supplier, Role.SUPPLIER_BID_MANAGER)),
        "participant's requisitioner": Api(
            member(OrganisationFactory(participant=True), Role.REQUISITIONER)
        ),
    }


# --- POST / ----------------------------------------------------------------------------------


def staffordshire_body(authority, participants) -> dict:
    return {
        "authority_id": authority.pk,
        "title": "Strategic IT partner",
        "description": "A strategic IT partner for up to 10 years.",
        "cpv_codes": ["72000000", "72500000"],
        "procedure": "competitive_flexible",
        "estimated_value_excl_vat": "375000000.00",
        "estimated_value_incl_vat": "450000000.00",
        "is_framework": False,
        "contract_term_months": 120,
        "participant_ids": [p.pk for p in participants],
        "value_range_min_incl_vat": "150000000",
        "value_range_max_incl_vat": "450000000",
        "max_shortlist": 5,
        "shortlisting_criteria": "The five highest-scoring suppliers.",
        "participation_deadline": "2026-03-02T12:00:00+00:00",
        "tender_deadline": "2026-05-01T12:00:00+01:00",
        "urgency": False,
        "tendering_facts": {"electronic_submission": True, "preselected_suppliers_only": True},
    }


def test_a_buyer_creates_a_single_contract_with_participants():
    # Given
    staffs = OrganisationFactory(name="Police and Crime Commissioner for Staffordshire")
    stoke = OrganisationFactory(name="Stoke-on-Trent City Council", participant=True)
    fire = OrganisationFactory(name="Staffordshire Fire and Rescue Authority", participant=True)
    api = Api(member(staffs, Role.BUYER))

    # When
    response = api.post(f"{BASE}/", staffordshire_body(staffs, [stoke, fire]))

    # Then
    assert response.status_code == 201
    body = response.json()
    procurement = Procurement.objects.get()
    assert body["id"] == procurement.pk
    assert body["reference"] == "PRC-2026-0001"
    assert body["status"] == "draft"
    assert body["authority"] == {"id": staffs.pk, "name": staffs.name}
    assert body["participants"] == [
        {"id": fire.pk, "name": "Staffordshire Fire and Rescue Authority"},
        {"id": stoke.pk, "name": "Stoke-on-Trent City Council"},
    ]
    assert body["estimated_value_excl_vat"] == "375000000.00"
    assert body["estimated_value_incl_vat"] == "450000000.00"
    assert body["value_range_min_incl_vat"] == "150000000.00"
    assert body["value_range_max_incl_vat"] == "450000000.00"
    assert body["contract_term_months"] == 120
    assert body["participation_deadline"] == "2026-03-02T12:00:00Z"
    assert body["tender_deadline"] == "2026-05-01T11:00:00Z"
    assert body["tendering_facts"] == {
        "electronic_submission": True,
        "all_documents_at_notice": False,
        "preselected_suppliers_only": True,
        "negotiated_period_agreed": False,
        "qualifying_planned_procurement_notice": False,
        "dynamic_market_award": False,
        "central_government_authority": False,
        "utilities": False,
        "light_touch": False,
    }
    assert body["criteria"] == []
    assert body["conflicts_assessment"] is None
    assert AuditEvent.objects.filter(event_type="procurement.created").count() == 1


def test_a_buyer_creates_a_framework_with_its_call_off_authorities():
    mps = OrganisationFactory(name="Metropolitan Police Service")
    city = OrganisationFactory(name="City of London Police")
    api = Api(member(mps, Role.BUYER))

    response = api.post(
        f"{BASE}/",
        {
            "authority_id": mps.pk,
            "title": "VAR framework",
            "description": "Technology hardware and software.",
            "cpv_codes": ["30200000"],
            "procedure": "competitive_flexible",
            "estimated_value_excl_vat": "210000000",
            "estimated_value_incl_vat": "252000000",
            "is_framework": True,
            "max_framework_suppliers": 2,
            "framework_term_months": 24,
            "extension_options_months": [12, 12],
            "call_off_authority_ids": [city.pk],
            "call_off_process": "Mini-competition.",
            "max_shortlist": 7,
            "shortlisting_criteria": "Top seven.",
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert body["is_framework"] is True
    assert (body["max_framework_suppliers"], body["framework_term_months"]) == (2, 24)
    assert body["extension_options_months"] == [12, 12]
    assert body["call_off_authorities"] == [{"id": city.pk, "name": "City of London Police"}]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"tender_deadline": "2026-03-02T12:00:00"}, "body.payload.tender_deadline"),  # naive
        ({"estimated_value_excl_vat": "-1"}, "body.payload.estimated_value_excl_vat"),
        ({"estimated_value_excl_vat": "1.001"}, "body.payload.estimated_value_excl_vat"),
        ({"cpv_codes": []}, "body.payload.cpv_codes"),
        ({"cpv_codes": ["3020"]}, "body.payload.cpv_codes.0"),
        ({"procedure": "restricted"}, "body.payload.procedure"),
        ({"title": "  "}, "body.payload.title"),
        ({"tendering_facts": {"urgency": "often"}}, None),  # an unknown fact is ignored...
    ],
)
def test_input_of_the_wrong_shape_is_refused_with_422(change, field):
    staffs = OrganisationFactory()
    api = Api(member(staffs, Role.BUYER))
    participants = [OrganisationFactory(participant=True)]
    events = AuditEvent.objects.count()

    response = api.post(f"{BASE}/", staffordshire_body(staffs, participants) | change)

    if field is None:  # ...and cannot smuggle urgency past the `urgency` field
        assert response.status_code == 201
        assert "urgency" not in response.json()["tendering_facts"]
        return
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert field in [e["field"] for e in response.json()["errors"]]
    assert Procurement.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_a_supplier_cannot_be_named_as_a_participant():
    staffs = OrganisationFactory()
    api = Api(member(staffs, Role.BUYER))
    supplier = OrganisationFactory(supplier=True)

    response = api.post(f"{BASE}/", staffordshire_body(staffs, [supplier]))

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert response.json()["field"] == "participant_ids"
    assert Procurement.objects.count() == 0


def test_only_a_buyer_of_the_authority_creates_there():
    mps = OrganisationFactory()
    for user in (
        member(mps, Role.EVALUATOR),
        member(OrganisationFactory(), Role.BUYER),
        member(OrganisationFactory(supplier=True), Role.SUPPLIER_BID_MANAGER),
    ):
        response = Api(user).post(f"{BASE}/", staffordshire_body(mps, []))

        assert response.status_code == 404
        assert response.json() == NOT_FOUND
    assert Procurement.objects.count() == 0


def test_creating_needs_authentication():
    response = Api().post(f"{BASE}/", staffordshire_body(OrganisationFactory(), []))

    assert response.status_code == 401
    assert response.json() == NOT_AUTHENTICATED


# --- GET / and GET /{id} ------------------------------------------------------------------------


def test_the_list_shows_the_procurements_of_the_users_authorities(met, buyer):
    MetFrameworkFactory(staffordshire=True)  # another authority's

    response = buyer.get(f"{BASE}/")

    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": met.pk,
                "reference": met.reference,
                "title": "Value-added reseller framework",
                "authority": {"id": met.authority_id, "name": "Metropolitan Police Service"},
                "procedure": "competitive_flexible",
                "status": "draft",
                "status_label": "Draft",
                "estimated_value_incl_vat": "252000000.00",
                "participation_deadline": "2026-02-27T12:00:00Z",
                "tender_deadline": "2026-04-18T11:00:00Z",
                "published_at": None,
            }
        ],
        "count": 1,
    }


def test_an_evaluator_of_the_authority_sees_the_list_and_a_supplier_sees_nothing(met):
    evaluator = Api(member(met.authority, Role.EVALUATOR))
    supplier = Api(member(OrganisationFactory(supplier=True), Role.SUPPLIER_BID_MANAGER))

    assert [p["id"] for p in evaluator.get(f"{BASE}/").json()["items"]] == [met.pk]
    assert supplier.get(f"{BASE}/").json() == {"items": [], "count": 0}


def test_the_list_filters_by_status(met, buyer):
    assert buyer.get(f"{BASE}/", status="draft").json()["count"] == 1
    assert buyer.get(f"{BASE}/", status="participation_open").json()["count"] == 0


def test_a_buyer_reads_everything_about_the_procurement(met, buyer):
    response = buyer.get(f"{BASE}/{met.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == met.reference
    assert body["status_label"] == "Draft"
    assert [(c["kind"], c["title"], c["weight"]) for c in body["criteria"]] == [
        ("quality", "Technical and service delivery", "50.00"),
        ("quality", "Continuity and scalability of supply", "10.00"),
        ("quality", "Social value", "10.00"),
        ("price", "Price", "30.00"),
    ]
    assert body["conflicts_assessment"]["summary"] == (
        "No conflicts identified. Every panel member declared their interests."
    )
    assert body["created_by"] == str(met.created_by)


def test_buyer_side_staff_of_the_authority_read_it(met):
    for role in (Role.EVALUATOR, Role.APPROVER, Role.AUDITOR, Role.CONTRACT_MANAGER):
        assert Api(member(met.authority, role)).get(f"{BASE}/{met.pk}").status_code == 200


def test_everyone_else_gets_404_json(met):
    for who, api in outsiders(met).items():
        response = api.get(f"{BASE}/{met.pk}")

        assert (who, response.status_code, response.json()) == (who, 404, NOT_FOUND)


def test_an_unknown_procurement_is_404(buyer):
    assert buyer.get(f"{BASE}/999999").json() == NOT_FOUND


def test_reading_needs_authentication(met):
    response = Api().get(f"{BASE}/{met.pk}")

    assert response.status_code == 401
    assert response.json() == NOT_AUTHENTICATED


# --- PATCH /{id} ---------------------------------------------------------------------------------


def test_a_buyer_changes_a_draft(met, buyer):
    response = buyer.patch(
        f"{BASE}/{met.pk}",
        {"title": "VAR framework 2026", "max_shortlist": 6, "tender_deadline": None},
    )

    assert response.status_code == 200
    assert response.json()["title"] == "VAR framework 2026"
    assert response.json()["max_shortlist"] == 6
    assert response.json()["tender_deadline"] is None
    met.refresh_from_db()
    assert (met.title, met.max_shortlist, met.tender_deadline) == ("VAR framework 2026", 6, None)
    assert met.participation_deadline == datetime(2026, 2, 27, 12, tzinfo=LONDON)  # not sent


def test_a_patch_cannot_empty_a_required_field(met, buyer):
    before = unchanged(met)

    response = buyer.patch(f"{BASE}/{met.pk}", {"title": None})

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert response.json()["field"] == "title"
    assert unchanged(met) == before


@pytest.mark.parametrize(
    "change",
    [
        {"cpv_codes": []},
        {"extension_options_months": [0]},
        {"participation_deadline": "2026-03-02T12:00:00"},
        {"tendering_facts": None},
    ],
)
def test_a_patch_of_the_wrong_shape_is_refused(met, buyer, change):
    before = unchanged(met)

    response = buyer.patch(f"{BASE}/{met.pk}", change)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert unchanged(met) == before


def test_a_patch_below_the_stored_value_excluding_vat_is_refused_by_the_rule(met, buyer):
    """Not a shape: the rule (s.123(2)) is the service's, with the same code as the page's."""
    before = unchanged(met)

    response = buyer.patch(f"{BASE}/{met.pk}", {"estimated_value_incl_vat": "1.00"})

    assert response.status_code == 400
    assert response.json()["code"] == "value_incl_vat_below_excl"
    assert response.json()["field"] == "estimated_value_incl_vat"
    assert unchanged(met) == before


def test_an_evaluator_cannot_change_a_draft(met):
    evaluator = Api(member(met.authority, Role.EVALUATOR))
    before = unchanged(met)

    response = evaluator.patch(f"{BASE}/{met.pk}", {"title": "X"})

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert unchanged(met) == before


def test_a_published_procurement_cannot_be_patched(met, buyer):
    services.publish_tender_notice(actor=met.created_by, procurement=met)
    before = unchanged(met)

    response = buyer.patch(f"{BASE}/{met.pk}", {"title": "Changed"})

    assert response.status_code == 400
    assert response.json()["code"] == "not_draft"
    assert unchanged(met) == before


# --- PUT criteria and conflicts assessment ------------------------------------------------------


def test_a_buyer_sets_the_award_criteria(met, buyer):
    response = buyer.put(
        f"{BASE}/{met.pk}/criteria",
        {
            "criteria": [
                {"kind": "quality", "title": "Quality", "weight": "70", "max_score": 10},
                {"kind": "price", "title": "Price", "weight": 30},
            ]
        },
    )

    assert response.status_code == 200
    assert response.json()["criteria"] == [
        {
            "kind": "quality",
            "title": "Quality",
            "description": "",
            "weight": "70.00",
            "max_score": 10,
            "position": 0,
        },
        {
            "kind": "price",
            "title": "Price",
            "description": "",
            "weight": "30.00",
            "max_score": 5,
            "position": 1,
        },
    ]


@pytest.mark.parametrize(
    "criteria",
    [
        [],
        [{"kind": "quality", "title": "Quality", "weight": "0"}],
        [{"kind": "quality", "title": "Quality", "weight": "100.001"}],
        [{"kind": "social", "title": "Social value", "weight": "100"}],
        [{"kind": "quality", "title": "", "weight": "100"}],
    ],
)
def test_criteria_of_the_wrong_shape_are_refused(met, buyer, criteria):
    before = unchanged(met)

    response = buyer.put(f"{BASE}/{met.pk}/criteria", {"criteria": criteria})

    assert response.status_code == 422
    assert unchanged(met) == before
    assert met.criteria.count() == 4


def test_a_buyer_records_the_conflicts_assessment(buyer, met):
    response = buyer.put(
        f"{BASE}/{met.pk}/conflicts-assessment", {"summary": "An evaluator declared shares."}
    )

    assert response.status_code == 200
    assert response.json()["summary"] == "An evaluator declared shares."
    assert response.json()["last_revised_at"] == "2026-02-02T09:00:00Z"


def test_another_authority_cannot_set_criteria_or_conflicts(met):
    apis = outsiders(met).values()
    before = unchanged(met)
    for api in apis:
        assert (
            api.put(
                f"{BASE}/{met.pk}/criteria",
                {"criteria": [{"kind": "price", "title": "Price", "weight": "100"}]},
            ).json()
            == NOT_FOUND
        )
        assert (
            api.put(f"{BASE}/{met.pk}/conflicts-assessment", {"summary": "Mine now."}).json()
            == NOT_FOUND
        )
    assert unchanged(met) == before


# --- POST publish --------------------------------------------------------------------------------


def test_a_buyer_publishes_the_tender_notice(met, buyer):
    response = buyer.post(f"{BASE}/{met.pk}/publish")

    assert response.status_code == 201
    body = response.json()
    assert body["notice_type"] == "UK4"
    assert body["notice_id"] == "000001-2026"
    assert body["published_at"] == "2026-02-02T09:00:00Z"
    assert body["release"]["tag"] == ["tender"]
    assert body["sha256"] == Notice.objects.get().sha256
    met.refresh_from_db()
    assert met.status == Status.PARTICIPATION_OPEN


def test_a_refusal_lists_every_problem_with_its_section(buyer):
    met = MetFrameworkFactory(
        conflicts_assessment=False,
        max_shortlist=1,
        participation_deadline=datetime(2026, 2, 26, 12, tzinfo=LONDON),
    )
    api = Api(met.created_by)
    before = unchanged(met)

    response = api.post(f"{BASE}/{met.pk}/publish")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "cannot_publish"
    assert [(p["code"], p["section"], p["field"]) for p in body["details"]["problems"]] == [
        ("conflicts_assessment_missing", "Procurement Act 2023 s.83(1)", None),
        (
            "participation_period_too_short",
            "Procurement Act 2023 s.54(3), (5)",
            "participation_deadline",
        ),
        ("shortlist_smaller_than_award", "Procurement Act 2023 s.20(4)(a)", "max_shortlist"),
    ]
    assert all(p["message"] for p in body["details"]["problems"])
    assert unchanged(met) == before


def test_a_single_problem_comes_back_with_its_own_code():
    met = MetFrameworkFactory(conflicts_assessment=False)
    api = Api(met.created_by)
    before = unchanged(met)

    response = api.post(f"{BASE}/{met.pk}/publish")

    assert response.status_code == 400
    assert response.json()["code"] == "conflicts_assessment_missing"
    assert response.json()["section"] == "Procurement Act 2023 s.83(1)"
    assert unchanged(met) == before


def test_no_one_else_can_publish(met):
    apis = list(outsiders(met).values()) + [Api(member(met.authority, Role.APPROVER))]
    before = unchanged(met)

    for api in apis:
        assert api.post(f"{BASE}/{met.pk}/publish").json() == NOT_FOUND
    assert Api().post(f"{BASE}/{met.pk}/publish").status_code == 401
    assert unchanged(met) == before


# --- Clarifications, extensions, termination, notices -------------------------------------------


def test_a_buyer_publishes_a_clarification(met, buyer):
    services.publish_tender_notice(actor=met.created_by, procurement=met)

    response = buyer.post(
        f"{BASE}/{met.pk}/clarifications",
        {"question": "Is refurbished kit acceptable?", "answer": "No."},
    )

    assert response.status_code == 201
    assert response.json() == {
        "id": Clarification.objects.get().pk,
        "question": "Is refurbished kit acceptable?",
        "answer": "No.",
        "published_at": "2026-02-02T09:00:00Z",
    }


def test_a_draft_takes_no_clarification(met, buyer):
    before = unchanged(met)

    response = buyer.post(f"{BASE}/{met.pk}/clarifications", {"answer": "Too soon."})

    assert (response.status_code, response.json()["code"]) == (400, "not_open")
    assert unchanged(met) == before


def test_a_buyer_extends_the_deadline(met, buyer):
    services.publish_tender_notice(actor=met.created_by, procurement=met)

    response = buyer.post(
        f"{BASE}/{met.pk}/extend-deadlines",
        {"participation_deadline": "2026-03-06T12:00:00+00:00", "reason": "More time."},
    )

    assert response.status_code == 200
    assert response.json()["participation_deadline"] == "2026-03-06T12:00:00Z"


def test_a_deadline_is_not_shortened_through_the_api(met, buyer):
    services.publish_tender_notice(actor=met.created_by, procurement=met)
    before = unchanged(met)

    response = buyer.post(
        f"{BASE}/{met.pk}/extend-deadlines",
        {"participation_deadline": "2026-02-27T11:59:00+00:00", "reason": "Shorter."},
    )

    assert response.status_code == 400
    assert response.json()["code"] == "deadline_not_extended"
    assert response.json()["field"] == "participation_deadline"
    assert unchanged(met) == before


def test_a_buyer_terminates_and_a_uk12_is_published(met, buyer):
    services.publish_tender_notice(actor=met.created_by, procurement=met)

    response = buyer.post(f"{BASE}/{met.pk}/terminate", {"reason": "Budget withdrawn."})

    assert response.status_code == 201
    assert response.json()["notice_type"] == "UK12"
    assert response.json()["release"]["tender"]["status"] == "withdrawn"
    met.refresh_from_db()
    assert met.status == Status.TERMINATED


def test_a_draft_is_not_terminated_through_the_api(met, buyer):
    before = unchanged(met)

    response = buyer.post(f"{BASE}/{met.pk}/terminate", {"reason": "Abandoned."})

    assert (response.status_code, response.json()["code"]) == (400, "not_published")
    assert unchanged(met) == before


def test_no_one_else_clarifies_extends_or_terminates(met):
    services.publish_tender_notice(actor=met.created_by, procurement=met)
    apis = outsiders(met).values()
    before = unchanged(met)

    for api in apis:
        assert api.post(f"{BASE}/{met.pk}/clarifications", {"answer": "x"}).json() == NOT_FOUND
        assert (
            api.post(
                f"{BASE}/{met.pk}/extend-deadlines",
                {"participation_deadline": "2026-03-06T12:00:00+00:00", "reason": "x"},
            ).json()
            == NOT_FOUND
        )
        assert api.post(f"{BASE}/{met.pk}/terminate", {"reason": "x"}).json() == NOT_FOUND
    assert unchanged(met) == before


def test_the_notices_are_listed_with_their_releases(met, buyer, traveller):
    services.publish_tender_notice(actor=met.created_by, procurement=met)
    traveller.shift(timedelta(days=1))
    services.terminate_procurement(actor=met.created_by, procurement=met, reason="No budget.")

    response = buyer.get(f"{BASE}/{met.pk}/notices")

    assert response.status_code == 200
    notices = response.json()
    assert [(n["notice_type"], n["notice_id"], n["published_at"]) for n in notices] == [
        ("UK4", "000001-2026", "2026-02-02T09:00:00Z"),
        ("UK12", "000002-2026", "2026-02-03T09:00:00Z"),
    ]
    assert [n["release"]["tag"] for n in notices] == [["tender"], ["tenderCancellation"]]
    assert [n["sha256"] for n in notices] == list(
        Notice.objects.order_by("pk").values_list("sha256", flat=True)
    )
    for api in outsiders(met).values():
        assert api.get(f"{BASE}/{met.pk}/notices").json() == NOT_FOUND


# --- Public ------------------------------------------------------------------------------------


def publish_three():
    """Three published procurements, an hour apart, and a draft."""
    made = []
    for hours, traits in enumerate(({}, {"staffordshire": True}, {"open_procedure": True})):
        with time_machine.travel(MONDAY_2_FEB_2026 + timedelta(hours=hours), tick=False):
            procurement = MetFrameworkFactory(**traits)
            services.publish_tender_notice(actor=procurement.created_by, procurement=procurement)
            made.append(procurement)
    draft = MetFrameworkFactory(title="Secret draft")
    return made, draft


def test_the_public_register_lists_published_procurements_newest_first_without_drafts():
    (met, staffs, open_one), draft = publish_three()

    response = Api().get(f"{BASE}/public/")

    assert response.status_code == 200
    body = response.json()
    assert [r["reference"] for r in body["results"]] == [
        open_one.reference,
        staffs.reference,
        met.reference,
    ]
    assert body["count"] == 3
    assert body["next_cursor"] is None
    assert draft.reference not in str(body)
    assert body["results"][2] == {
        "reference": met.reference,
        "ocid": met.ocid,
        "title": "Value-added reseller framework",
        "authority": "Metropolitan Police Service",
        "procedure": "competitive_flexible",
        "procedure_label": "Competitive flexible procedure",
        "status": "participation_open",
        "status_label": "Open for requests to participate",
        "is_framework": True,
        "estimated_value_excl_vat": "210000000.00",
        "estimated_value_incl_vat": "252000000.00",
        "participation_deadline": "2026-03-04T12:00:00Z",
        "tender_deadline": "2026-04-18T11:00:00Z",
        "published_at": "2026-02-02T09:00:00Z",
        "url": f"/opportunities/{met.reference}/",
    }


def test_the_public_register_pages_by_cursor():
    (met, staffs, open_one), _draft = publish_three()

    first = Api().get(f"{BASE}/public/", limit=2).json()
    second = Api().get(f"{BASE}/public/", limit=2, cursor=first["next_cursor"]).json()

    assert [r["reference"] for r in first["results"]] == [open_one.reference, staffs.reference]
    assert [r["reference"] for r in second["results"]] == [met.reference]
    assert second["next_cursor"] is None


def test_the_public_register_searches_by_text_and_status():
    (met, staffs, open_one), _draft = publish_three()

    by_text = Api().get(f"{BASE}/public/", q="staffordshire").json()
    by_status = Api().get(f"{BASE}/public/", status="tendering_open").json()
    for_draft = Api().get(f"{BASE}/public/", q="Secret draft").json()

    assert [r["reference"] for r in by_text["results"]] == [staffs.reference]
    assert [r["reference"] for r in by_status["results"]] == [open_one.reference]
    assert for_draft == {"results": [], "next_cursor": None, "count": 0}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"status": "draft"}, "status"),
        ({"limit": 0}, "limit"),
    ],
)
def test_the_public_register_refuses_bad_parameters(params, field):
    response = Api().get(f"{BASE}/public/", **params)

    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == ("invalid_input", field)


def test_a_published_procurement_is_public_with_its_clarifications():
    (met, _staffs, _open), _draft = publish_three()
    clarification(met, question="Refurbished?", answer="No.")

    response = Api().get(f"{BASE}/public/{met.reference}")

    assert response.status_code == 200
    body = response.json()
    assert body["max_shortlist"] == 7
    assert body["framework_term_months"] == 24
    assert body["extension_options_months"] == [12, 12]
    assert [c["weight"] for c in body["criteria"]] == ["50.00", "10.00", "10.00", "30.00"]
    assert body["clarifications"] == [
        {"question": "Refurbished?", "answer": "No.", "published_at": "2026-02-02T09:00:00Z"}
    ]
    [notice] = body["notices"]
    assert notice["notice_type"] == "UK4"
    assert notice["url"] == f"/opportunities/{met.reference}/notices/{notice['notice_id']}.json"


def test_a_draft_is_never_public():
    _published, draft = publish_three()

    for api in (Api(), Api(draft.created_by)):
        response = api.get(f"{BASE}/public/{draft.reference}")
        assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert Api().get(f"{BASE}/public/PRC-1999-0001").json() == NOT_FOUND


def test_the_openapi_description_lists_the_procurement_paths():
    paths = set(Api().get("/api/v1/openapi.json").json()["paths"])

    assert {
        f"{BASE}/",
        f"{BASE}/{{procurement_id}}",
        f"{BASE}/{{procurement_id}}/criteria",
        f"{BASE}/{{procurement_id}}/conflicts-assessment",
        f"{BASE}/{{procurement_id}}/publish",
        f"{BASE}/{{procurement_id}}/clarifications",
        f"{BASE}/{{procurement_id}}/extend-deadlines",
        f"{BASE}/{{procurement_id}}/terminate",
        f"{BASE}/{{procurement_id}}/notices",
        f"{BASE}/public/",
        f"{BASE}/public/{{reference}}",
    } <= paths


def test_the_procurement_timeline_is_for_the_officers_not_the_evaluators(met):
    # Given the buyer and an evaluator of the same authority
    buyer = Api(met.created_by)
    evaluator = Api(member(met.authority, Role.EVALUATOR))
    path = f"/api/v1/audit/procurements.procurement/{met.pk}/events"

    # Then the buyer reads the whole record and the evaluator (who might hold a conflict and
    # must not read scores and ranks there) is told it does not exist
    assert buyer.get(path).status_code == 200
    response = evaluator.get(path)
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_a_draft_says_which_framework_maximum_applies_s47_1():
    met = MetFrameworkFactory()
    api = Api(met.created_by)

    response = api.patch(f"{BASE}/{met.pk}", {"framework_category": "defence_and_security"})

    assert response.status_code == 200
    assert response.json()["framework_category"] == "defence_and_security"
    met.refresh_from_db()
    assert met.framework_category == "defence_and_security"


def test_an_unknown_framework_category_is_refused_and_changes_nothing():
    met = MetFrameworkFactory()
    api = Api(met.created_by)

    assert_api_refused(
        422,
        "invalid_input",
        api.patch,
        f"{BASE}/{met.pk}",
        {"framework_category": "eight_years_please"},
        unchanged=met,
    )
