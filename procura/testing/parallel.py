"""What running the suite on several workers (pytest-xdist) needs.

- The migrated data comes back after a transactional test. Its flush leaves the database empty
  (serialized_rollback restores the data only when the next such test starts). Run in one process,
  pytest-django orders every transactional test after the others, as Django does; a worker is
  handed whole files in no such order, so the next test there would find no migrated rows (the
  audit chain head, the content types). Each transactional test is therefore followed by the
  restore Django would make at the start of the next one.
- Nobody sees a worker's terminal: a summary section a worker hands back in
  `config.workeroutput["summary"]` (title: lines) is printed by the controller instead.
"""

import pytest
from django.db import connections
from pytest_django.plugin import blocking_manager_key

SECTIONS: dict[str, list[str]] = {}


def hand_back(config, title: str, lines: list[str]) -> bool:
    """In a worker, pass a summary section to the controller; False when not in a worker."""
    output = getattr(config, "workeroutput", None)
    if output is None:
        return False
    output.setdefault("summary", {}).setdefault(title, []).extend(lines)
    return True


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    for title, lines in getattr(node, "workeroutput", {}).get("summary", {}).items():
        SECTIONS.setdefault(title, []).extend(lines)


def pytest_terminal_summary(terminalreporter):
    for title, lines in SECTIONS.items():
        if lines:
            terminalreporter.section(title)
            for line in lines:
                terminalreporter.write_line(line)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # After the last test the test databases are gone (and the connections point at the real
    # ones again): nothing to restore, and nothing may be written.
    if nextitem is None:
        return result
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction") and marker.kwargs.get("serialized_rollback"):
        restore_migrated_data(item.config)
    return result


def restore_migrated_data(config) -> None:
    """Load the database contents serialized after the migrations into the emptied databases."""
    with config.stash[blocking_manager_key].unblock():
        for alias in connections:
            contents = getattr(connections[alias], "_test_serialized_contents", None)
            if contents:
                connections[alias].creation.deserialize_db_from_string(contents)
