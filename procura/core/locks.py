"""The locks every writer takes, in one place (house style: concurrency is designed).

Two kinds, and both databases understand both:

- `lock(instance)`: re-read a row under `SELECT ... FOR UPDATE`, so that concurrent changes to
  the same object queue behind each other. On SQLite every writing transaction already holds the
  database's write lock from its start (IMMEDIATE, see settings), so the re-read is all it does.
- `advisory_lock(*parts)`: a transaction-level lock on a name (e.g. "tender", procurement id,
  supplier id) for things that have no row to lock yet, or where one row would serialise
  writers that need not wait for each other. PostgreSQL's `pg_advisory_xact_lock`; on SQLite a
  no-op for the same reason as above. Released when the transaction ends.
- `share(instance)`: hold a row `FOR SHARE` on PostgreSQL (others may share it; a `lock()` of it
  waits for every sharer); on SQLite the same as `lock()`.

Lock order, to avoid deadlocks: the procurement first, then the participant or tender, then the
audit chain head (which `audit.record` takes last).
"""

import hashlib
from typing import TypeVar

from django.db import connection
from django.db.models import Model

M = TypeVar("M", bound=Model)


def lock(instance: M) -> M:
    """The row of `instance` re-read under a row lock held until the transaction ends."""
    return type(instance)._default_manager.select_for_update().get(pk=instance.pk)


def share(instance: M) -> M:
    """The row of `instance` re-read while holding it FOR SHARE (PostgreSQL) or locked (SQLite)."""
    model = type(instance)
    if connection.vendor != "postgresql":
        return lock(instance)
    # Django's select_for_update() has no FOR SHARE; the table name is the model's, not input.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {model._meta.db_table} WHERE id = %s FOR SHARE",  # noqa: S608
            [instance.pk],
        )
    return model._default_manager.get(pk=instance.pk)


def advisory_key(*parts: object) -> int:
    """The signed 64-bit key PostgreSQL's advisory locks take, from a name's parts."""
    name = "procura/" + "/".join(str(part) for part in parts)
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def advisory_lock(*parts: object) -> None:
    """Hold a transaction-level lock on the name made of `parts` until the transaction ends."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [advisory_key(*parts)])
