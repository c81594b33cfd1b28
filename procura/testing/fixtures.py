"""Fixtures every app's tests may use, registered by the root conftest.py as a pytest plugin."""

import pytest

from procura.testing.client import Api


@pytest.fixture
def api_client() -> Api:
    """The JSON API as nobody: pass `token=` on a call to send one."""
    return Api()


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded files go to a fresh temporary directory, not the test media root."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def tender_box(monkeypatch):
    """The tendering app's opened tenders, replaced at the evaluation's one data source."""
    from procura.evaluation import selectors
    from procura.evaluation.tests.factories import TenderBox

    box = TenderBox()
    monkeypatch.setattr(selectors, "_opened_tenders", box.opened_tenders)
    return box


@pytest.fixture
def publish_at_once(settings):
    """Notices recorded as published on Find a Tender the moment they are prepared, as in the
    demo (PROCURA_PUBLISH_AT_ONCE; docs/adr/0012): for tests of pages that are not about the
    publication itself."""
    settings.PROCURA_PUBLISH_AT_ONCE = True
