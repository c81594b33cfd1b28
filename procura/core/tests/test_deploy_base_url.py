"""PROCURA_BASE_URL, the address in e-mailed links: in production never the development default."""

from procura.core.tests.deploy import PRODUCTION_ENV, run_manage

PRINT = "from django.conf import settings; print(settings.PROCURA_BASE_URL)"


def test_production_links_default_to_https_and_the_first_allowed_host():
    result = run_manage("shell", "-c", PRINT, env={**PRODUCTION_ENV, "PROCURA_BASE_URL": ""})

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "https://procura.example.police.uk"


def test_production_takes_the_address_it_is_given_without_a_trailing_slash():
    env = {**PRODUCTION_ENV, "PROCURA_BASE_URL": "https://tenders.example.police.uk/procura/"}

    result = run_manage("shell", "-c", PRINT, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "https://tenders.example.police.uk/procura"


def test_production_refuses_to_start_when_the_first_allowed_host_is_a_wildcard():
    env = {**PRODUCTION_ENV, "ALLOWED_HOSTS": ".example.police.uk"}

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "The environment variable PROCURA_BASE_URL must be set" in result.stderr


def test_an_address_that_is_not_an_absolute_url_is_refused():
    env = {**PRODUCTION_ENV, "PROCURA_BASE_URL": "procura.example.police.uk"}

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "PROCURA_BASE_URL must be an absolute http(s) address" in result.stderr
