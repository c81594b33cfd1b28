"""Fixtures for the browser tests: Debian's Chromium through Playwright, and axe-core.

The browser is Debian's /usr/bin/chromium (never a Playwright download). When it is missing the
browser tests are skipped, unless PROCURA_REQUIRE_BROWSER=1 (CI), when they fail instead.

Every page the tests visit is checked with axe-core against WCAG 2.2 AA. A violation of impact
"serious" or "critical" fails the test; every other finding is listed in the terminal summary.
"""

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from procura.testing.parallel import hand_back

CHROMIUM = Path(os.environ.get("PROCURA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these, Chromium keeps trying to reach Google's servers from the closed network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
TIMEOUT_MS = 15_000


@dataclass(frozen=True)
class AxeFinding:
    where: str
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def describe(self) -> str:
        targets = ", ".join(self.targets)
        return f"[{self.impact}] {self.rule} on {self.where}: {self.help} — {targets}"


# Every axe violation seen in this session (blocking or not), and every check axe could not
# decide on its own ("incomplete": a person should look), for the terminal summary.
AXE_FINDINGS: list[AxeFinding] = []
AXE_NEEDS_REVIEW: list[AxeFinding] = []


def _axe_sections() -> dict[str, list[str]]:
    return {
        "axe-core violations (browser tests)": [f.describe() for f in AXE_FINDINGS],
        "axe-core checks that need a person to review (browser tests)": [
            f.describe() for f in AXE_NEEDS_REVIEW
        ],
    }


def pytest_sessionfinish(session):
    # Under pytest-xdist this is a worker: the controller prints the sections (procura.testing).
    for title, lines in _axe_sections().items():
        hand_back(session.config, title, lines)


def pytest_terminal_summary(terminalreporter, config):
    if hasattr(config, "workeroutput"):
        return
    for title, lines in _axe_sections().items():
        if lines:
            terminalreporter.section(title)
            for line in lines:
                terminalreporter.write_line(line)


@pytest.fixture(scope="module")
def _allow_async_unsafe() -> Iterator[None]:
    # Playwright's sync API keeps its asyncio loop marked as running in the main thread, so Django
    # would refuse ORM calls from the tests (seed data, lookups, the flush after each test).
    # Module scope: set before Playwright starts, restored once it has stopped, so that neither
    # the variable nor the loop leaks into the tests that run after these (`check --deploy`
    # refuses to pass with DJANGO_ALLOW_ASYNC_UNSAFE set).
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser(_allow_async_unsafe, django_db_setup):
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("PROCURA_REQUIRE_BROWSER") == "1":
            pytest.fail(f"PROCURA_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE} (npm ci)", pytrace=False)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        # From here on asyncio reports Playwright's event loop as running in this thread, so
        # Django's connection handler (an asgiref Local) hands this thread a second set of
        # connection objects. Give them the database contents serialized after the migrations,
        # or `serialized_rollback` would silently restore nothing after the first flush.
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
        connections.close_all()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB"
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo_data(transactional_db):
    """The demo organisations and people; every demo password is "procura-demo"."""
    call_command("seed_demo", stdout=StringIO())


@pytest.fixture
def axe_check(request) -> Callable[..., list[dict]]:
    """Run axe-core on the page as it is now; fail on any serious or critical violation."""

    def check(page, where: str) -> list[dict]:
        page.add_script_tag(path=str(AXE))
        results = page.evaluate(
            """async (tags) => await axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations', 'incomplete'],
            })""",
            AXE_TAGS,
        )
        violations = results["violations"]
        findings = [_finding(where, v) for v in violations]
        AXE_FINDINGS.extend(findings)
        AXE_NEEDS_REVIEW.extend(_finding(where, v) for v in results["incomplete"])
        blocking = [f for f in findings if f.impact in BLOCKING_IMPACTS]
        if blocking:
            lines = "\n".join(
                f"  - {f.rule} ({f.impact}): {f.help}\n      targets: {'; '.join(f.targets)}"
                for f in blocking
            )
            pytest.fail(
                f"axe-core found {len(blocking)} serious or critical accessibility "
                f"violation(s) on {where} ({page.url}):\n{lines}",
                pytrace=False,
            )
        return violations

    def _finding(where: str, result: dict) -> AxeFinding:
        return AxeFinding(
            where=f"{where} ({request.node.name})",
            rule=result["id"],
            impact=result["impact"] or "unknown",
            help=result["help"],
            targets=tuple(" ".join(map(str, node["target"])) for node in result["nodes"]),
        )

    return check


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    directory = Path(settings.VAR_DIR) / "screenshots"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture(autouse=True)
def _notices_published_at_once(publish_at_once):
    """The journeys publish notices as in the demo: recorded as published on Find a Tender at once
    (docs/adr/0012). Recording it by hand is tested in procura/notices."""
