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

# Identifiers are quoted constants and values are bound parameters: the SQL is built safely.
TABLE = connection.ops.quote_name(AuditEvent._meta.db_table)
SEQUENCE = connection.ops.quote_name("sequence")


def _raw(sql: str, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _tamper_set(column: str, value, *, where_sequence: int) -> int:
    """UPDATE one stored event behind the ORM's back; returns the number of rows changed."""
    column = connection.ops.quote_name(column)
    sql = f"UPDATE {TABLE} SET {column} = %s WHERE {SEQUENCE} = %s"  # noqa: S608
    return _raw(sql, [value, where_sequence])


def _tamper_delete(*, sequence: int) -> int:
    """DELETE one stored event behind the ORM's back; returns the number of rows deleted."""
    sql = f"DELETE FROM {TABLE} WHERE {SEQUENCE} = %s"  # noqa: S608
    return _raw(sql, [sequence])


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
    assert output == f"Audit trail intact: 5 events, head 5:{head.last_hash}\n"


def test_an_empty_trail_is_intact():
    assert _verify() == f"Audit trail intact: 0 events, head 0:{GENESIS_HASH}\n"


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
    assert _tamper_set(column, forged_value, where_sequence=3) == 1

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
    assert _tamper_delete(sequence=3) == 1

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
    assert _tamper_delete(sequence=5) == 1

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
    assert _tamper_set("sequence", 999, where_sequence=2) == 1
    assert _tamper_set("sequence", 2, where_sequence=3) == 1
    assert _tamper_set("sequence", 3, where_sequence=999) == 1

    # When
    with pytest.raises(CommandError) as refusal:
        _verify()

    # Then: the row written second now claims to be #3
    assert str(refusal.value) == (
        "Audit trail broken at event #3: expected event #2 here: an event was deleted or reordered"
    )
