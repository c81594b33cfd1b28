"""The throwaway database, the production settings' environment, and gunicorn."""

from __future__ import annotations

import base64
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psycopg

from .common import HOST, ROOT, VENV_BIN, BenchmarkError, Run


def admin_connection(args) -> psycopg.Connection:
    return psycopg.connect(f"{args.pg}/postgres", autocommit=True, connect_timeout=10)


def create_database(run: Run) -> None:
    with admin_connection(run.args) as connection:
        connection.execute(f'CREATE DATABASE "{run.db_name}"')
    run.database_created = True


def checkpoint(run: Run) -> None:
    """Write out the set-up's (and earlier runs') dirty buffers now, so that a checkpoint does
    not land in the middle of the surge and each run starts from the same state."""
    with admin_connection(run.args) as connection:
        connection.execute("CHECKPOINT")


def drop_database(run: Run) -> None:
    with admin_connection(run.args) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{run.db_name}" WITH (FORCE)')


def environment(args, db_name: str, workdir: Path) -> dict:
    """The production settings' environment (procura/settings/production.py), with fresh
    secrets that live only as long as this run."""
    return {
        "DJANGO_SETTINGS_MODULE": "procura.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"{args.pg}/{db_name}",
        "DATABASE_CONN_MAX_AGE": str(args.conn_max_age),
        "PROCURA_TENDER_KEK": base64.b64encode(os.urandom(32)).decode(),
        "SECURE_SSL_REDIRECT": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PROCURA_VAR_DIR": str(workdir / "var"),
        "LOG_LEVEL": "WARNING",
    }


def migrate(run: Run) -> float:
    started = time.monotonic()
    subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, **run.env},
        check=True,
        timeout=300,
    )
    return time.monotonic() - started


def setup_django(run: Run) -> None:
    os.environ.update(run.env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def gunicorn_command(run: Run) -> list[str]:
    args = run.args
    app = "procura.wsgi"
    extra = []
    if args.profile:
        app = "profiled_wsgi:application"
        extra = ["--pythonpath", str(ROOT / "bench")]
    return [
        str(VENV_BIN / "gunicorn"),
        app,
        *extra,
        "--bind",
        f"{HOST}:{run.port}",
        "--worker-class",
        "gthread",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--timeout",
        "120",
        # Longer than any gap between one client connection's requests: with gunicorn's default
        # of 2 s, a connection the client reuses after a pause can be closed by the server at the
        # same moment, and the request is lost on the wire (httpx ReadError) before Procura sees
        # it. A reverse proxy in front keeps connections alive the same way (nginx: 75 s).
        "--keep-alive",
        "75",
        "--no-control-socket",
    ]


def start_gunicorn(run: Run) -> None:
    run.port = free_port()
    env = {**os.environ, **run.env}
    if run.args.profile:
        env["BENCH_PROFILE_DIR"] = str(run.workdir / "profile")
        (run.workdir / "profile").mkdir()
    # gunicorn's log and Django's (errors with their tracebacks) go to one file.
    with open(run.workdir / "gunicorn.log", "wb") as log:
        run.gunicorn = subprocess.Popen(
            gunicorn_command(run),
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: we stop exactly what we started
        )


def wait_until_answering(run: Run, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if run.gunicorn.poll() is not None:
            raise BenchmarkError(f"gunicorn exited with {run.gunicorn.returncode}: {log_tail(run)}")
        try:
            # Any HTTP answer will do: unauthenticated, this is a cheap 401.
            httpx.get(f"{run.base_url}/api/v1/procurements/0/tender", timeout=5.0)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise BenchmarkError(f"gunicorn did not answer within {timeout:.0f} s: {log_tail(run)}")


def log_tail(run: Run) -> str:
    log = run.workdir / "gunicorn.log"
    return log.read_text()[-2000:] if log.exists() else "(no log)"


def stop_gunicorn(run: Run) -> None:
    process = run.gunicorn
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
