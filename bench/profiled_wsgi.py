"""procura.wsgi with timers around the phases of a tender submission, for
`bench/deadline_surge.py --profile` only. Nothing in procura is changed: the wrappers replace
module attributes in this gunicorn process, which the code looks up at call time.

For each POST .../tender it appends one JSON line to $BENCH_PROFILE_DIR/<pid>.jsonl with the
seconds spent: in the WSGI call (`app`), in tendering.services.submit_tender (`service`, with the
commit), waiting for the submission's locks (`lock_wait`: the procurement row, shared once
the sealing key exists, and the supplier's advisory lock), sealing, audit.record, SQL, and the
commit itself.
"""

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
    from procura.tendering import sealing
    from procura.tendering import services as tendering_services
    from procura.tendering.services import submission

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
    # Looked up by submit_tender in its own module of the services package.
    submission._lock_for_tenderer = _timed(
        "lock_wait", submission._lock_for_tenderer, first_only=True
    )
    audit_services.record = _timed("audit", audit_services.record)
    sealing.seal = _timed("seal", sealing.seal)


_install()


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
