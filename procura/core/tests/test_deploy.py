"""Production settings: no insecure defaults, and Django's deployment checklist passes."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "procura.settings.production",
    "SECRET_KEY": "k3v9-Zq2-pW8x-Lr5t-Yb7n-Hc4m-Jd6s-Fg1a-Ue0o-Ti3w-Xy8z-Qp2r-Vn",
    "ALLOWED_HOSTS": "procura.example.police.uk",
    "DATABASE_URL": "postgres://procura@127.0.0.1:5432/procura",
    # base64 of 32 bytes: the key-encryption key for sealed tenders (ADR 0003)
    "PROCURA_TENDER_KEK": "q83vEjRWeJq8Xm1Lk0zP2r4t6v8x0A2c4E6g8I0k2M4=",
}


def run_manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_the_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "The environment variable SECRET_KEY must be set." in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "ALLOWED_HOSTS"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "The environment variable ALLOWED_HOSTS must be set." in result.stderr


def test_production_debug_is_off_whatever_the_environment_says():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        env={**PRODUCTION_ENV, "DEBUG": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_production_refuses_to_start_without_the_tender_key_encryption_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "PROCURA_TENDER_KEK"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "The environment variable PROCURA_TENDER_KEK must be set." in result.stderr
