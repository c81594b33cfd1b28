"""What the end-to-end stories told through the JSON API share: the clock (fixed instants in
Europe/London, as the server sees them), exact assertions on answers, the audit-event count, the
scheduled job, and the agreements a person may see. The API client and the refusal check are the
project's own (procura.testing).

Imported by the test modules next to it (`from api_story import ...`, as tests/browser imports
journeys.py).
"""

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from procura.audit.models import AuditEvent
from procura.testing.client import Api

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


def ok(response, status: int = 200):
    assert response.status_code == status, response.content
    return response.json()


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


def on_find_a_tender(buyer, notice_id: str, fts_notice_id: str, moment: datetime) -> dict:
    """The buyer records, by hand, that Find a Tender published the notice (PR 2024 reg 5)."""
    response = buyer.post(
        f"/notices/{notice_id}/publication",
        {"fts_notice_id": fts_notice_id, "published_on": moment.isoformat()},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["fts_notice_id"]) == ("published", fts_notice_id)
    return body
