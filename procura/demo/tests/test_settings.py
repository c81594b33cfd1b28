"""The demo clock switch: on in the demo and development, off by default, never in production
(refused at start-up and by `check --deploy`)."""

import os
import subprocess
import sys
from pathlib import Path

from django.core import checks

from procura.demo.checks import demo_clock_is_off

ROOT = Path(__file__).resolve().parents[3]

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "procura.settings.production",
    "SECRET_KEY": "k3v9-Zq2-pW8x-Lr5t-Yb7n-Hc4m-Jd6s-Fg1a-Ue0o-Ti3w-Xy8z-Qp2r-Vn",
    "ALLOWED_HOSTS": "procura.example.police.uk",
    "DATABASE_URL": "postgres://procura@127.0.0.1:5432/procura",
    "PROCURA_TENDER_KEK": "q83vEjRWeJq8Xm1Lk0zP2r4t6v8x0A2c4E6g8I0k2M4=",
}
DEV = {"DJANGO_SETTINGS_MODULE": "procura.settings.dev"}


def run_manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    names = {*PRODUCTION, "PROCURA_DEMO_CLOCK", "DEBUG"}
    clean = {k: v for k, v in os.environ.items() if k not in names}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def demo_clock_setting(env: dict) -> str:
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.PROCURA_DEMO_CLOCK)",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_demo_clock_is_on_in_development_unless_turned_off():
    assert demo_clock_setting(DEV) == "True"
    assert demo_clock_setting({**DEV, "PROCURA_DEMO_CLOCK": "0"}) == "False"


def test_the_demo_clock_is_off_by_default_and_in_the_tests(settings):
    assert settings.PROCURA_DEMO_CLOCK is False


def test_production_refuses_to_start_with_the_demo_clock():
    result = run_manage("check", env={**PRODUCTION, "PROCURA_DEMO_CLOCK": "1"})

    assert result.returncode != 0
    assert "PROCURA_DEMO_CLOCK must not be set in production" in result.stderr


def test_check_deploy_fails_with_the_demo_clock_on_and_passes_with_it_off():
    on = run_manage("check", "--deploy", "--fail-level", "ERROR", env=DEV)
    off = run_manage(
        "check", "--deploy", "--fail-level", "ERROR", env={**DEV, "PROCURA_DEMO_CLOCK": "0"}
    )

    assert on.returncode != 0
    assert "procura_demo.E001" in on.stderr + on.stdout
    assert off.returncode == 0, off.stderr
    assert "procura_demo.E001" not in off.stderr + off.stdout


def test_the_deployment_check_is_an_error_only_when_the_switch_is_on(settings):
    settings.PROCURA_DEMO_CLOCK = False
    assert demo_clock_is_off(None) == []

    settings.PROCURA_DEMO_CLOCK = True
    [error] = demo_clock_is_off(None)
    assert (error.level, error.id) == (checks.ERROR, "procura_demo.E001")
