"""One check for a refusal: the right code, and nothing changed.

A refusal in Procura changes nothing: no row, no audit event, no e-mail. `assert_refused` calls a
service (or anything that must raise a `DomainError`); `assert_api_refused` calls the JSON API
(anything that returns a response), e.g. `assert_api_refused(404, "not_found", api.get, path)`.
Like `pytest.raises`, both take the function and its arguments. Both compare, before and after:

- the number of audit events and of e-mails sent (always);
- everything named in `unchanged`: a model instance (its row, read again from the database), a
  model class or a queryset (all its rows), or a function of no arguments (what it returns, e.g.
  a snapshot of everything a service may write). One of these, or a list of them.

The call runs with on-commit callbacks executed, so an e-mail a refused call scheduled would show.
"""

from collections.abc import Callable
from contextlib import nullcontext
from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import models
from django.test import TestCase

from procura.audit.models import AuditEvent
from procura.core.errors import DomainError

UNCHECKED: Any = object()


def snapshot(unchanged=()) -> dict:
    """What must not change, now: the audit-event and e-mail counts and each item of `unchanged`."""
    items = unchanged if isinstance(unchanged, list | tuple) else [unchanged]
    return {
        "audit_events": AuditEvent.objects.count(),
        "emails": len(getattr(mail, "outbox", [])),
        **{f"unchanged[{i}]": _state(item) for i, item in enumerate(items)},
    }


def _state(item) -> Any:
    if isinstance(item, models.Model):
        return type(item)._default_manager.filter(pk=item.pk).values().first()
    if isinstance(item, type) and issubclass(item, models.Model):
        return list(item._default_manager.order_by("pk").values())
    if isinstance(item, models.QuerySet):
        return list(item.order_by("pk").values())
    if callable(item):
        return item()
    raise TypeError(f"Cannot tell whether {item!r} changed: give a model, a queryset or a function")


def assert_refused(
    code: str,
    call: Callable,
    *args,
    unchanged=(),
    section: str | None = UNCHECKED,
    at: datetime | None = None,
    **kwargs,
) -> DomainError:
    """`call(*args, **kwargs)` raises a DomainError with `code` (and `section`, when given: None
    means "cites no section") and changes nothing. `at`: make the call at that instant.

    Returns the error, for further assertions (its message, field or details).
    """
    before = snapshot(unchanged)
    with (
        pytest.raises(DomainError) as refusal,
        TestCase.captureOnCommitCallbacks(execute=True),
        _clock_at(at),
    ):
        call(*args, **kwargs)
    assert refusal.value.code == code, f"refused with {refusal.value.code!r}, not {code!r}"
    if section is not UNCHECKED:
        assert refusal.value.section == section
    assert snapshot(unchanged) == before, "the refused call changed something"
    return refusal.value


def assert_api_refused(
    status: int,
    code: str,
    call: Callable,
    *args,
    unchanged=(),
    at: datetime | None = None,
    **kwargs,
) -> dict:
    """`call(*args, **kwargs)` answers `status` with a body `{"code": code, ...}`; nothing changed.

    Returns the body, for further assertions (its message, field or details). `at`: make the
    call at that instant.
    """
    before = snapshot(unchanged)
    with TestCase.captureOnCommitCallbacks(execute=True), _clock_at(at):
        response = call(*args, **kwargs)
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code, body
    assert snapshot(unchanged) == before, "the refused request changed something"
    return body


def _clock_at(moment: datetime | None):
    return time_machine.travel(moment, tick=False) if moment is not None else nullcontext()
