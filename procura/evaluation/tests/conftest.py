"""Fixtures for the evaluation's tests."""

import pytest

from procura.evaluation import selectors

from .factories import TenderBox


@pytest.fixture
def tender_box(monkeypatch) -> TenderBox:
    """The tendering app's opened tenders, replaced at the evaluation's one data source."""
    box = TenderBox()
    monkeypatch.setattr(selectors, "_opened_tenders", box.opened_tenders)
    return box
