"""`manage.py verify_audit` proves the trail was not altered, deleted from or reordered.

Each tampering test goes straight to the database with raw SQL, past the ORM's guards, as someone
with database access would.
"""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from procura.accounts import services
from procura.accounts.states import IdentifierScheme, OrganisationKind, Role, SupplierScale
from procura.audit.models import AuditChainHead, AuditEvent
from procura.audit.rules import GENESIS_HASH

pytestmark = pytest.mark.django_db

TABLE = connection.ops.quote_name(AuditEvent._meta.db_table)


def _column(name: str) -> str:
    return connection.ops.quote_name(name)


def _raw(sql: str, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _five_real_changes() -> None:
    """Events #1 to #5, each written by a service as the application writes them."""
    admin = services.create_user(actor=None, username="admin", email="admin@example.org")
    supplier = services.create_organisation(
        actor=admin,
        name="Bluelight IT Ltd",
        kind=OrganisationKind.SUPPLIER,
        identifier_scheme=IdentifierScheme.COMPANIES_HOUSE,
        identifier="01234567",
        scale=SupplierScale.SME,
    )
    bidder = services.create_user(
        actor=admin, username="bidder", email="bids@bluelight.example", first_name="Bea"
    )
    services.grant_role(
        actor=admin, user=bidder, organisation=supplier, role=Role.SUPPLIER_BID_MANAGER
    )
    services.create_api_token(actor=bidder, user=bidder, name="Bid robot")


def _verify() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def test_an_untouched_trail_is_intact():
    # Given
    _five_real_changes()
    head = AuditChainHead.objects.get(pk=1)

    # When
    output = _verify()

    # Then
    assert AuditEvent.objects.count() == 5
    assert head.last_sequence == 5
    assert output == f"Audit trail intact: 5 events, head {head.last_hash}\n"


def test_an_empty_trail_is_intact():
    assert _verify() == f"Audit trail intact: 0 events, head {GENESIS_HASH}\n"


@pytest.mark.parametrize(
    ("column", "forged_value"),
    [
        ("after", json.dumps({"username": "mallory", "email": "m@example.org", "name": "M"})),
        ("reason", "Nothing to see here"),
        ("event_type", "user.deactivated"),
    ],
)
def test_an_altered_event_is_named(column, forged_value):
    # Given
    _five_real_changes()
    changed = _raw(
        f"UPDATE {TABLE} SET {_column(column)} = %s WHERE {_column('sequence')} = %s",
        [forged_value, 3],
    )
    assert changed == 1

    # When
    with pytest.raises(CommandError) as refusal:
        _verify()

    # Then
    assert str(refusal.value) == (
        "Audit trail broken at event #3: its content does not match its hash (altered)"
    )


def test_a_deleted_middle_event_is_named():
    # Given
    _five_real_changes()
    assert _raw(f"DELETE FROM {TABLE} WHERE {_column('sequence')} = %s", [3]) == 1

    # When
    with pytest.raises(CommandError) as refusal:
        _verify()

    # Then: event #4 is the first that is not where the chain says it should be
    assert str(refusal.value) == (
        "Audit trail broken at event #4: expected event #3 here: an event was deleted or reordered"
    )


def test_a_deleted_newest_event_is_found_by_the_chain_head():
    # Given
    _five_real_changes()
    assert _raw(f"DELETE FROM {TABLE} WHERE {_column('sequence')} = %s", [5]) == 1

    # When
    with pytest.raises(CommandError) as refusal:
        _verify()

    # Then
    assert str(refusal.value) == (
        "Audit trail broken at the chain head: the newest event should be #5, found #4: "
        "newest events were deleted or altered"
    )


def test_reordered_events_are_named():
    # Given: events #2 and #3 swap sequence numbers (through a free value: sequence is unique)
    _five_real_changes()
    sequence = _column("sequence")
    assert _raw(f"UPDATE {TABLE} SET {sequence} = %s WHERE {sequence} = %s", [999, 2]) == 1
    assert _raw(f"UPDATE {TABLE} SET {sequence} = %s WHERE {sequence} = %s", [2, 3]) == 1
    assert _raw(f"UPDATE {TABLE} SET {sequence} = %s WHERE {sequence} = %s", [3, 999]) == 1

    # When
    with pytest.raises(CommandError) as refusal:
        _verify()

    # Then: the row written second now claims to be #3
    assert str(refusal.value) == (
        "Audit trail broken at event #3: expected event #2 here: an event was deleted or reordered"
    )
