"""The timeline page of an object, and the read-only AuditEvent admin."""

from datetime import UTC, datetime

import pytest
import time_machine

from procura.accounts.states import OrganisationKind, Role
from procura.accounts.tests.factories import OrganisationFactory, UserFactory, member
from procura.audit.models import AuditEvent
from procura.audit.tests.factories import audited_member, audited_organisation

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)


def _timeline(client, object_type: str, pk: int):
    return client.get(f"/audit/{object_type}/{pk}/")


# --- The timeline page ------------------------------------------------------------------------


def test_a_member_sees_the_timeline_of_their_organisation(client):
    # Given
    admin = UserFactory(first_name="Ann", last_name="Admin")
    with time_machine.travel(NOON, tick=False):
        supplier = audited_organisation(
            actor=admin, name="Bluelight IT Ltd", kind=OrganisationKind.SUPPLIER
        )
    client.force_login(member(supplier, Role.SUPPLIER_BID_MANAGER))

    # When
    response = _timeline(client, "accounts.organisation", supplier.pk)

    # Then
    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Bluelight IT Ltd</h1>' in page
    assert "Ann Admin created the organisation Bluelight IT Ltd." in page
    assert "midday on Tuesday 3 March 2026 · event #1" in page


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        (OrganisationKind.SUPPLIER, Role.SUPPLIER_BID_MANAGER),
        (OrganisationKind.CONTRACTING_AUTHORITY, Role.BUYER),
        (OrganisationKind.CONTRACTING_AUTHORITY, Role.AUDITOR),
    ],
    ids=["supplier-A-vs-supplier-B", "authority-X-vs-authority-Y", "auditor-X-vs-authority-Y"],
)
def test_the_timeline_of_another_organisation_is_not_found(client, kind, role):
    # Given
    mine = audited_organisation(kind=kind)
    theirs = audited_organisation(kind=kind, name="Their organisation")
    client.force_login(member(mine, role))

    # When
    response = _timeline(client, "accounts.organisation", theirs.pk)

    # Then: exactly as if it did not exist
    assert response.status_code == 404
    assert "Their organisation" not in response.content.decode()
    assert _timeline(client, "accounts.organisation", 999999999).status_code == 404


def test_a_platform_admin_sees_every_organisations_timeline(client):
    # Given
    supplier_a = audited_organisation(kind=OrganisationKind.SUPPLIER)
    supplier_b = audited_organisation(kind=OrganisationKind.SUPPLIER)
    authority_x, authority_y = audited_organisation(), audited_organisation()
    client.force_login(member(OrganisationFactory(platform_operator=True), Role.PLATFORM_ADMIN))

    # When
    statuses = [
        _timeline(client, "accounts.organisation", org.pk).status_code
        for org in (supplier_a, supplier_b, authority_x, authority_y)
    ]

    # Then
    assert statuses == [200, 200, 200, 200]


def test_a_person_sees_the_timeline_of_their_own_account(client):
    # Given
    admin = UserFactory(first_name="Ann", last_name="Admin")
    authority = audited_organisation(name="Metropolitan Police Service")
    person = audited_member(authority, Role.BUYER, actor=admin, first_name="Sam", last_name="Lee")
    client.force_login(person)

    # When
    response = _timeline(client, "accounts.user", person.pk)

    # Then
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ann Admin created the account Sam Lee." in page
    assert (
        "Ann Admin gave Sam Lee the role Buyer (procurement officer) in "
        "Metropolitan Police Service." in page
    )


def test_an_auditor_sees_a_colleagues_timeline_but_not_another_organisations(client):
    # Given
    authority_x, authority_y = audited_organisation(), audited_organisation()
    colleague = audited_member(authority_x, Role.BUYER)
    stranger = audited_member(authority_y, Role.BUYER)
    client.force_login(member(authority_x, Role.AUDITOR))

    # When / Then
    assert _timeline(client, "accounts.user", colleague.pk).status_code == 200
    assert _timeline(client, "accounts.user", stranger.pk).status_code == 404


def test_a_timeline_of_a_kind_of_object_that_has_none_is_not_found(client):
    user = UserFactory()
    client.force_login(user)

    assert _timeline(client, "audit.auditevent", 1).status_code == 404
    assert _timeline(client, "nothing", user.pk).status_code == 404


def test_timelines_need_signing_in(client):
    organisation = audited_organisation()

    response = _timeline(client, "accounts.organisation", organisation.pk)

    assert response.status_code == 302
    assert response.url == f"/sign-in/?next=/audit/accounts.organisation/{organisation.pk}/"


# --- The AuditEvent admin is read-only --------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(member(OrganisationFactory(platform_operator=True), Role.PLATFORM_ADMIN))
    return client


def _snapshot() -> list[tuple]:
    return list(AuditEvent.objects.order_by("pk").values_list("pk", "sequence", "after", "hash"))


def test_a_platform_admin_can_list_and_read_audit_events(admin_client):
    # Given
    audited_organisation(name="Bluelight IT Ltd")
    event = AuditEvent.objects.get()

    # When
    listing = admin_client.get("/admin/audit/auditevent/")
    detail = admin_client.get(f"/admin/audit/auditevent/{event.pk}/change/")

    # Then
    assert listing.status_code == 200
    assert "Bluelight IT Ltd" in listing.content.decode()
    assert "delete_selected" not in listing.context["cl"].model_admin.get_actions(
        listing.wsgi_request
    )
    assert detail.status_code == 200
    assert detail.context["has_change_permission"] is False
    assert detail.context["has_delete_permission"] is False
    assert 'name="_save"' not in detail.content.decode()


def test_the_admin_cannot_add_change_or_delete_audit_events(admin_client):
    # Given
    audited_organisation()
    event = AuditEvent.objects.get()
    before = _snapshot()

    # When
    add_page = admin_client.get("/admin/audit/auditevent/add/")
    add = admin_client.post("/admin/audit/auditevent/add/", {"reason": "forged"})
    change = admin_client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"reason": "forged"})
    delete_page = admin_client.get(f"/admin/audit/auditevent/{event.pk}/delete/")
    delete = admin_client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"})
    bulk_delete = admin_client.post(
        "/admin/audit/auditevent/",
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )

    # Then
    assert [r.status_code for r in (add_page, add, change, delete_page, delete)] == [
        403,
        403,
        403,
        403,
        403,
    ]
    assert bulk_delete.status_code == 200  # the list again: there is no such action
    assert _snapshot() == before


def test_the_audit_event_admin_grants_no_write_permission(admin_client):
    # Given
    listing = admin_client.get("/admin/audit/auditevent/")
    model_admin = listing.context["cl"].model_admin
    request = listing.wsgi_request

    # Then
    assert model_admin.has_view_permission(request) is True
    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_change_permission(request) is False
    assert model_admin.has_delete_permission(request) is False
