"""Production settings: no insecure defaults, and Django's deployment checklist passes."""

from procura.core.tests.deploy import PRODUCTION_ENV, run_manage


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
