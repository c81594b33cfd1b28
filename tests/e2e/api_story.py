"""What the end-to-end stories told through the JSON API share: the clock (fixed instants in
Europe/London, as the server sees them), a person calling /api/v1 with their own bearer token,
exact assertions on answers and refusals, the audit-event count around a refusal ("nothing
changed"), the scheduled job, and the agreements a person may see.

Imported by the test modules next to it (`from api_story import ...`, as tests/browser imports
journeys.py).
"""

import io
import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from procura.accounts.models import User
from procura.accounts.services import create_api_token
from procura.audit.models import AuditEvent

LONDON = ZoneInfo("Europe/London")
SHA256 = re.compile(r"^[0-9a-f]{64}$")


def london(year, month, day, hour=0, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def at(moment: datetime):
    """Be at `moment` exactly, as the server sees it."""
    return time_machine.travel(moment, tick=False)


def bid_manager(name: str) -> str:
    """The demo supplier's bid manager: "<first word of its name>.bid"."""
    return name.split()[0].lower() + ".bid"


class Api:
    """One person calling /api/v1 with their own bearer token."""

    def __init__(self, username: str, token_name: str = "End-to-end test"):
        user = User.objects.get(username=username)
        _, raw = create_api_token(actor=user, user=user, name=token_name)
        self.username = username
        self._client = Client()
        self._headers = {"Authorization": f"Bearer {raw}"}

    def get(self, path: str, **params):
        return self._client.get(f"/api/v1{path}", params, headers=self._headers)

    def _send(self, method: str, path: str, body):
        return getattr(self._client, method)(
            f"/api/v1{path}",
            json.dumps(body),
            content_type="application/json",
            headers=self._headers,
        )

    def post(self, path: str, body=None):
        return self._send("post", path, {} if body is None else body)

    def put(self, path: str, body):
        return self._send("put", path, body)

    def patch(self, path: str, body):
        return self._send("patch", path, body)

    def multipart(self, path: str, data: dict):
        return self._client.post(f"/api/v1{path}", data, headers=self._headers)


def ok(response, status: int = 200):
    assert response.status_code == status, response.content
    return response.json()


def refused(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code, body
    return body


def audit_events() -> int:
    return AuditEvent.objects.count()


def a_file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def run_the_scheduled_job() -> None:
    """What the deployment's timer runs every few minutes. It closes every deadline that has
    passed, including those of any demo procurement seed_demo loaded, so only its form is
    asserted here; the procurement's own status is asserted after it."""
    out = io.StringIO()
    call_command("close_deadlines", stdout=out)
    assert re.fullmatch(r"Closed the passed deadlines of \d+ procurements?\.\n", out.getvalue())


def agreements_of(api: Api, procurement_id: int) -> dict:
    """GET /contracts, narrowed to this procurement's (seed_demo may load other procurements)."""
    body = ok(api.get("/contracts"))
    return {
        kind: [a for a in body[kind] if a["procurement_id"] == procurement_id]
        for kind in ("frameworks", "contracts")
    }
