"""Checks on the repository itself: what is committed must install anywhere and leak nothing."""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
URL = re.compile(r"https?://")


def tracked_lock_files() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    pattern = re.compile(r"(^|/)(uv\.lock|[^/]*lock[^/]*|requirements[^/]*)$", re.IGNORECASE)
    return [ROOT / name for name in names if pattern.search(name)]


def test_the_lock_files_exist_and_carry_no_registry_address():
    # Given the lock files the README's commands install from
    required = {ROOT / "requirements.lock", ROOT / "package-lock.json"}
    # Then both exist, and neither they nor any other committed lock file holds a URL
    assert all(path.is_file() for path in required)
    for path in required | set(tracked_lock_files()):
        found = URL.findall(path.read_text())
        assert found == [], f"{path.name} carries a registry address"


def test_uv_lock_is_never_committed():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "uv.lock" in ignored
    assert not [p for p in tracked_lock_files() if p.name == "uv.lock"]


def test_python_dependencies_are_pinned_with_hashes():
    text = (ROOT / "requirements.lock").read_text()
    requirements = re.findall(r"^([a-z0-9_.\-\[\]]+)==([^\s\\]+)", text, re.MULTILINE | re.I)
    assert requirements, "requirements.lock lists no pinned requirement"
    assert text.count("--hash=sha256:") >= len(requirements)
    pinned = {name.lower() for name, _ in requirements}
    assert {"django", "django-ninja", "holidays", "whitenoise", "gunicorn"} <= pinned
    assert re.search(r"^django==5\.2\.", text, re.MULTILINE)
    assert re.search(r"^holidays==0\.109$", text.replace(" \\", ""), re.MULTILINE)


@pytest.mark.parametrize(
    ("package", "version"), [("govuk-frontend", "5.9.0"), ("htmx.org", "2.0.11")]
)
def test_front_end_packages_are_pinned_exactly(package, version):
    import json

    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert lock["packages"][f"node_modules/{package}"]["version"] == version
    assert "integrity" in lock["packages"][f"node_modules/{package}"]


def test_the_stylesheet_uses_no_gov_uk_brand_font():
    # Services not on GOV.UK must not use the GDS Transport font (GOV.UK Design System).
    css = (ROOT / "procura" / "static" / "build" / "procura.css").read_text()
    assert "GDS Transport" not in css
    assert "system-ui" in css


# The repository stands on its own: nothing committed points at files outside it. The patterns
# are built from pieces so that this file does not contain what it looks for.
OUTSIDE = re.compile(
    "|".join(
        [
            re.escape(".." + "/" + "shared"),  # the workspace's shared folder, next to a clone
            r"(?<![\w.~-])" + re.escape("/" + "work" + "/"),  # an absolute path on a dev machine
        ]
    )
)


def tracked_text_files() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    return [ROOT / name.decode() for name in names if name]


def test_no_committed_file_refers_to_a_file_outside_the_repository():
    # Given every file git tracks, binary files (images, fonts, empty markers) aside
    offenders = []
    for path in tracked_text_files():
        if not path.is_file():
            continue  # deleted in the working tree but not yet from the index
        data = path.read_bytes()
        if b"\0" in data:
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        # Then none names the shared folder or an absolute /work path
        for number, line in enumerate(text.splitlines(), start=1):
            if OUTSIDE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert offenders == []


def test_the_outside_pattern_finds_what_it_should():
    assert OUTSIDE.search("see " + ".." + "/shared/STYLE.md")
    assert OUTSIDE.search("open('" + "/work" + "/shared/law.md')")
    assert not OUTSIDE.search("https://example.org/people/work/plan")
    assert not OUTSIDE.search("docs/style.md and docs/law.md")
