"""audit.services.record: the only writer of the trail; and the ORM's refusal to change it."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from procura.accounts.tests.factories import OrganisationFactory, UserFactory
from procura.audit import services as audit
from procura.audit.event_types import EventType
from procura.audit.models import AuditChainHead, AuditEvent
from procura.audit.rules import GENESIS_HASH, chain_hash
from procura.audit.selectors import find_chain_break

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)


def _snapshot() -> list[tuple]:
    """Every stored event, field by field, to prove that nothing changed."""
    return list(
        AuditEvent.objects.order_by("pk").values_list(
            "pk", "sequence", "event_type", "before", "after", "reason", "previous_hash", "hash"
        )
    )


def test_record_numbers_and_chains_events_and_moves_the_head():
    # Given
    actor = UserFactory(first_name="Jane", last_name="Doe")
    organisation = OrganisationFactory(name="Metropolitan Police Service")

    # When
    with time_machine.travel(NOON, tick=False):
        first = audit.record(
            actor=actor,
            event_type=EventType.ORGANISATION_CREATED,
            obj=organisation,
            organisation_id=organisation.pk,
            after={"name": organisation.name},
        )
        second = audit.record(
            actor=actor,
            event_type=EventType.ORGANISATION_UPDATED,
            obj=organisation,
            organisation_id=organisation.pk,
            before={"name": organisation.name},
            after={"name": "MPS"},
            reason="Short name",
        )

    # Then
    first.refresh_from_db()
    assert (first.sequence, second.sequence) == (1, 2)
    assert first.occurred_at == NOON
    assert first.actor == actor
    assert first.actor_name == "Jane Doe"
    assert first.event_type == "organisation.created"
    assert first.object_type == "accounts.organisation"
    assert first.object_id == str(organisation.pk)
    assert first.object_repr == "Metropolitan Police Service"
    assert first.organisation_id == organisation.pk
    assert first.before == {}
    assert first.after == {"name": "Metropolitan Police Service"}
    assert first.reason == ""
    assert first.previous_hash == GENESIS_HASH
    assert first.hash == chain_hash(GENESIS_HASH, audit.content_of(first))
    assert second.previous_hash == first.hash
    assert second.reason == "Short name"
    head = AuditChainHead.objects.get(pk=1)
    assert (head.last_sequence, head.last_hash) == (2, second.hash)
    assert find_chain_break() is None


def test_record_stores_values_as_they_read_back_from_json():
    # Given
    organisation = OrganisationFactory()

    # When
    event = audit.record(
        actor=None,
        event_type=EventType.ORGANISATION_UPDATED,
        obj=organisation,
        after={"value": Decimal("252000000.00"), "starts": date(2026, 9, 1)},
    )

    # Then: the in-memory event and the stored one hash alike
    assert event.after == {"starts": "2026-09-01", "value": "252000000.00"}
    event.refresh_from_db()
    assert event.after == {"starts": "2026-09-01", "value": "252000000.00"}
    assert find_chain_break() is None


@pytest.mark.parametrize("actor", [None, AnonymousUser()], ids=["system", "anonymous"])
def test_record_by_nobody_signed_in_is_by_the_system(actor):
    # Given
    organisation = OrganisationFactory()

    # When
    event = audit.record(actor=actor, event_type=EventType.ORGANISATION_UPDATED, obj=organisation)

    # Then
    assert event.actor_id is None
    assert event.actor_name == "Procura (scheduled job)"


def test_record_names_an_actor_without_a_full_name_by_username():
    # Given
    actor = UserFactory(username="jdoe", first_name="", last_name="")

    # When
    event = audit.record(
        actor=actor, event_type=EventType.ORGANISATION_UPDATED, obj=OrganisationFactory()
    )

    # Then
    assert event.actor_id == actor.pk
    assert event.actor_name == "jdoe"


def test_record_without_an_object_uses_the_given_type_and_id():
    event = audit.record(
        actor=None,
        event_type=EventType.SIGN_IN_FAILED,
        object_type="accounts.user",
        object_id=42,
        object_repr="someone",
    )

    assert (event.object_type, event.object_id, event.object_repr) == (
        "accounts.user",
        "42",
        "someone",
    )


def test_record_refuses_an_event_about_nothing_and_writes_nothing():
    # When
    with pytest.raises(ValueError, match="needs the object"):
        audit.record(actor=None, event_type=EventType.ORGANISATION_UPDATED)

    # Then
    assert AuditEvent.objects.count() == 0
    head = AuditChainHead.objects.get(pk=1)
    assert (head.last_sequence, head.last_hash) == (0, GENESIS_HASH)


# --- The ORM cannot change or remove an event -------------------------------------------------


def _two_events() -> list[AuditEvent]:
    organisation = OrganisationFactory()
    return [
        audit.record(actor=None, event_type=EventType.ORGANISATION_CREATED, obj=organisation),
        audit.record(actor=None, event_type=EventType.ORGANISATION_UPDATED, obj=organisation),
    ]


def test_queryset_update_is_refused():
    # Given
    _two_events()
    before = _snapshot()

    # When
    with pytest.raises(PermissionError, match="append-only"):
        AuditEvent.objects.update(reason="forged")
    with pytest.raises(PermissionError, match="append-only"):
        AuditEvent.objects.filter(sequence=1).update(reason="forged")

    # Then
    assert _snapshot() == before


def test_queryset_delete_is_refused():
    # Given
    _two_events()
    before = _snapshot()

    # When
    with pytest.raises(PermissionError, match="append-only"):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError, match="append-only"):
        AuditEvent.objects.filter(sequence=2).delete()

    # Then
    assert _snapshot() == before


def test_saving_an_existing_event_is_refused():
    # Given
    event = _two_events()[0]
    before = _snapshot()

    # When
    event.reason = "forged"
    with pytest.raises(PermissionError, match="append-only"):
        event.save()
    reloaded = AuditEvent.objects.get(pk=event.pk)
    reloaded.after = {"forged": True}
    with pytest.raises(PermissionError, match="append-only"):
        reloaded.save(update_fields=["after"])

    # Then
    assert _snapshot() == before
    assert find_chain_break() is None


def test_deleting_an_event_is_refused():
    # Given
    event = _two_events()[1]
    before = _snapshot()

    # When
    with pytest.raises(PermissionError, match="append-only"):
        event.delete()

    # Then
    assert _snapshot() == before
    assert find_chain_break() is None
