"""procura.wsgi with timers around the phases of a tender submission, for
`bench/deadline_surge.py --profile` only. Nothing in procura is changed: the wrappers replace
module attributes in this gunicorn process, which the code looks up at call time.

For each POST .../tender it appends one JSON line to $BENCH_PROFILE_DIR/<pid>.jsonl with the
seconds spent: in the WSGI call (`app`), in tendering.services.submit_tender (`service`, with the
commit), waiting for the procurement row lock (`lock_wait`), sealing, audit.record, SQL, and the
commit itself.

$BENCH_EXPERIMENTS (comma-separated) tries a change in this process only, to measure a
recommendation before anyone makes it in procura (never for the recorded results):

- `share-lock`: a submission locks the procurement row FOR SHARE instead of FOR UPDATE once the
  procurement's sealing key exists (the first submission, which makes the key, still takes FOR
  UPDATE), and serialises per supplier with a transaction-level advisory lock on (procurement,
  supplier); the live-tender lock uses `of=("self",)` so that it locks only the tender row. Closing,
  extending or terminating still take FOR UPDATE, so they wait for every submission in flight.
- `server-side-binding`: psycopg binds parameters on the server, so a file's ciphertext goes to
  PostgreSQL as binary instead of as a hex literal twice its size inside the SQL text.
"""

import hashlib
import json
import os
import threading
import time

from django.db import connection, transaction

from procura.wsgi import application as django_application  # sets Django up first

_local = threading.local()
_write_lock = threading.Lock()
_out_dir = os.environ.get("BENCH_PROFILE_DIR", "")


def _add(key: str, seconds: float) -> None:
    timings = getattr(_local, "timings", None)
    if timings is not None:
        timings[key] = timings.get(key, 0.0) + seconds


def _timed(key: str, function, *, first_only: bool = False):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            timings = getattr(_local, "timings", None)
            if timings is not None and not (first_only and key in timings):
                _add(key, time.perf_counter() - started)

    return wrapper


def _sql_timer(execute, sql, params, many, context):
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        _add("sql_all", time.perf_counter() - started)


def _install() -> None:
    """Replace the module attributes the submission path looks up at call time."""
    from procura.audit import services as audit_services
    from procura.procurements import services as procurement_services
    from procura.tendering import sealing
    from procura.tendering import services as tendering_services

    inner = tendering_services.submit_tender.__wrapped__  # the body under @transaction.atomic

    def submit_tender(**kwargs):
        started = time.perf_counter()
        with connection.execute_wrapper(_sql_timer):
            with transaction.atomic():
                result = inner(**kwargs)
                body_done = time.perf_counter()
        finished = time.perf_counter()
        _add("commit", finished - body_done)
        _add("service", finished - started)
        return result

    tendering_services.submit_tender = submit_tender
    procurement_services._lock = _timed("lock_wait", procurement_services._lock, first_only=True)
    audit_services.record = _timed("audit", audit_services.record)
    sealing.seal = _timed("seal", sealing.seal)


def _experiment_share_lock() -> None:
    from procura.procurements import services as procurement_services
    from procura.procurements.models import Procurement
    from procura.tendering import services as tendering_services
    from procura.tendering.models import SealingKey, Tender
    from procura.tendering.states import TenderStatus

    exclusive_lock = procurement_services._lock
    require_tenderer = tendering_services._require_tenderer

    def lock(procurement):
        if connection.vendor != "postgresql" or not (
            SealingKey.objects.filter(procurement_id=procurement.pk).exists()
        ):
            return exclusive_lock(procurement)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {Procurement._meta.db_table} WHERE id = %s FOR SHARE",
                [procurement.pk],
            )
        return Procurement.objects.get(pk=procurement.pk)

    def require_tenderer_locked(actor, procurement, supplier):
        # Called right after the procurement lock: one submission per supplier at a time.
        key = f"procura/tender/{procurement.pk}/{supplier.pk}".encode()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s)",
                [int.from_bytes(hashlib.sha256(key).digest()[:8], "big", signed=True)],
            )
        require_tenderer(actor, procurement, supplier)

    def live_tender_locked(procurement, supplier):
        # As procura's, but locking the tender row only: Tender's Meta.ordering joins the
        # procurement and the organisation, and a plain select_for_update() locks their rows
        # FOR UPDATE too, which would upgrade the shared procurement lock and deadlock.
        return (
            Tender.objects.select_for_update(of=("self",))
            .filter(procurement=procurement, supplier=supplier, status=TenderStatus.SUBMITTED)
            .order_by()
            .defer("content_ciphertext", "content_wrapped_key")
            .first()
        )

    procurement_services._lock = _timed("lock_wait", lock, first_only=True)
    tendering_services._require_tenderer = require_tenderer_locked
    tendering_services._live_tender_locked = live_tender_locked


def _experiment_server_side_binding() -> None:
    from django.db import connections

    connections.settings["default"].setdefault("OPTIONS", {})["server_side_binding"] = True


_EXPERIMENTS = {
    "share-lock": _experiment_share_lock,
    "server-side-binding": _experiment_server_side_binding,
}
_install()
for _name in filter(None, os.environ.get("BENCH_EXPERIMENTS", "").split(",")):
    _EXPERIMENTS[_name]()


def application(environ, start_response):
    is_submit = environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO", "").endswith(
        "/tender"
    )
    if not is_submit or not _out_dir:
        return django_application(environ, start_response)
    _local.timings = {}
    status_seen = []

    def capture(status, headers, exc_info=None):
        status_seen.append(status)
        return start_response(status, headers, exc_info)

    started = time.perf_counter()
    try:
        return django_application(environ, capture)
    finally:
        timings, _local.timings = _local.timings, None
        timings["app"] = time.perf_counter() - started
        timings["before_service"] = timings["app"] - timings.get("service", 0.0)
        if "service" in timings:
            timings["locked"] = timings["service"] - timings.get("lock_wait", 0.0)
            timings["sql"] = timings.pop("sql_all", 0.0) - timings.get("lock_wait", 0.0)
        timings["submit"] = True
        timings["ok"] = bool(status_seen) and status_seen[0].startswith("201")
        line = json.dumps(timings) + "\n"
        with _write_lock, open(os.path.join(_out_dir, f"{os.getpid()}.jsonl"), "a") as out:
            out.write(line)
