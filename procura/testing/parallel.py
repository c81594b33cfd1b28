"""Under pytest-xdist nobody sees a worker's terminal: a summary section a worker hands back in
`config.workeroutput["summary"]` (title: lines) is printed by the controller instead."""

import pytest

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
