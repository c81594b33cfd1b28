"""The suite's own checks; shared fixtures and the parallel summary are in procura.testing."""

import pytest

pytest_plugins = ["procura.testing.fixtures", "procura.testing.parallel"]


def pytest_configure(config):
    # WhiteNoise warns on every test request that STATIC_ROOT has not been collected; tests
    # serve static files from the finders, so the warning is noise that hides real ones.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


def pytest_collection_modifyitems(items):
    """Every transactional test must use serialized_rollback. The flush that ends one without it
    re-creates content types (post_migrate) in the emptied database, and the next test that
    reloads the serialized database then fails on them."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            raise pytest.UsageError(
                f"{item.nodeid}: use @pytest.mark.django_db(transaction=True, "
                "serialized_rollback=True)"
            )
