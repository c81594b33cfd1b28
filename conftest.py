"""Fixtures shared by every app's tests."""

import pytest
from django.test import Client


def pytest_configure(config):
    # WhiteNoise warns on every test request that STATIC_ROOT has not been collected; tests
    # serve static files from the finders, so the warning is noise that hides real ones.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


class ApiClient:
    """Calls the JSON API the way an API client does: with a bearer token, or with nothing.

    Nobody signs in through it, so a request without a token is an anonymous one.
    """

    def __init__(self):
        self._client = Client()

    def get(self, path: str, token: str | None = None, **params):
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        return self._client.get(path, params, headers=headers)


@pytest.fixture
def api_client() -> ApiClient:
    return ApiClient()


@pytest.fixture(autouse=True)
def _rows_the_migrations_made(request):
    """A transactional test (django_db(transaction=True)) starts from a database that the flush
    ending the previous one emptied, including the rows the migrations made: put back the audit
    trail's chain head, as a fresh database has it. pytest-django runs transactional tests after
    the others, so they are the only ones that need this."""
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
        from procura.audit.models import AuditChainHead

        AuditChainHead.objects.get_or_create(pk=1)
