"""GET /api/v1/audit/{object_type}/{object_id}/events: a timeline as JSON, for who may see it."""

from datetime import UTC, datetime

import pytest
import time_machine

from procura.accounts import services
from procura.accounts.states import OrganisationKind, Role
from procura.accounts.tests.factories import OrganisationFactory, UserFactory, member
from procura.audit.models import AuditEvent
from procura.audit.tests.factories import audited_member, audited_organisation

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)
NOT_FOUND = {"code": "not_found", "message": "Not found."}


def _token_for(user) -> str:
    return services.create_api_token(actor=user, user=user)[1]


def _events_url(object_type: str, pk) -> str:
    return f"/api/v1/audit/{object_type}/{pk}/events"


def test_a_member_gets_the_timeline_of_their_organisation(api_client):
    # Given
    admin = UserFactory(first_name="Ann", last_name="Admin")
    with time_machine.travel(NOON, tick=False):
        supplier = audited_organisation(
            actor=admin,
            name="Bluelight IT Ltd",
            kind=OrganisationKind.SUPPLIER,
            identifier="01234567",
        )
    event = AuditEvent.objects.get()
    token = _token_for(member(supplier, Role.SUPPLIER_BID_MANAGER))

    # When
    response = api_client.get(_events_url("accounts.organisation", supplier.pk), token=token)

    # Then
    assert response.status_code == 200
    assert response.json() == [
        {
            "sequence": 1,
            "occurred_at": "2026-03-03T12:00:00Z",
            "event_type": "organisation.created",
            "actor": "Ann Admin",
            "sentence": "Ann Admin created the organisation Bluelight IT Ltd.",
            "before": {},
            "after": {
                "name": "Bluelight IT Ltd",
                "kind": "supplier",
                "identifier_scheme": "GB-PPON",
                "identifier": "01234567",
                "ppon": "",
                "authority_type": "",
                "scale": "",
                "vcse": False,
                "street_address": "",
                "locality": "",
                "postcode": "",
                "region": "",
                "country": "GB",
                "email": "",
                "website": "",
            },
            "reason": "",
            "hash": event.hash,
        }
    ]


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        (OrganisationKind.SUPPLIER, Role.SUPPLIER_BID_MANAGER),
        (OrganisationKind.CONTRACTING_AUTHORITY, Role.BUYER),
    ],
    ids=["supplier-A-vs-supplier-B", "authority-X-vs-authority-Y"],
)
def test_the_timeline_of_another_organisation_is_not_found(api_client, kind, role):
    # Given
    mine, theirs = audited_organisation(kind=kind), audited_organisation(kind=kind)
    token = _token_for(member(mine, role))

    # When
    response = api_client.get(_events_url("accounts.organisation", theirs.pk), token=token)

    # Then: exactly as if it did not exist
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    missing = api_client.get(_events_url("accounts.organisation", 999999999), token=token)
    assert (missing.status_code, missing.json()) == (404, NOT_FOUND)


def test_a_platform_admin_gets_every_organisations_timeline(api_client):
    # Given
    organisations = [
        audited_organisation(kind=OrganisationKind.SUPPLIER),
        audited_organisation(kind=OrganisationKind.SUPPLIER),
        audited_organisation(),
        audited_organisation(),
    ]
    admin = member(OrganisationFactory(platform_operator=True), Role.PLATFORM_ADMIN)
    token = _token_for(admin)

    # When
    sentences = [
        [
            e["sentence"]
            for e in api_client.get(_events_url("accounts.organisation", o.pk), token=token).json()
        ]
        for o in organisations
    ]

    # Then
    assert sentences == [
        [f"Procura (scheduled job) created the organisation {o.name}."] for o in organisations
    ]


def test_an_auditor_gets_a_colleagues_timeline_but_not_another_organisations(api_client):
    # Given
    authority_x, authority_y = audited_organisation(), audited_organisation()
    colleague = audited_member(authority_x, Role.BUYER)
    stranger = audited_member(authority_y, Role.BUYER)
    token = _token_for(member(authority_x, Role.AUDITOR))

    # When
    seen = api_client.get(_events_url("accounts.user", colleague.pk), token=token)
    unseen = api_client.get(_events_url("accounts.user", stranger.pk), token=token)

    # Then
    assert seen.status_code == 200
    assert [e["event_type"] for e in seen.json()] == ["user.created", "role.granted"]
    assert (unseen.status_code, unseen.json()) == (404, NOT_FOUND)


def test_a_timeline_of_a_kind_of_object_that_has_none_is_not_found(api_client):
    token = _token_for(UserFactory())

    response = api_client.get(_events_url("audit.auditevent", 1), token=token)

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_a_timeline_needs_authentication(api_client):
    organisation = audited_organisation()

    response = api_client.get(_events_url("accounts.organisation", organisation.pk))

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
