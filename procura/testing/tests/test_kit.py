"""The test kit itself: the refusal checks fail whenever a refusal is not what it claims, the API
client sends the right token, and no test module imports another."""

import ast
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import transaction

from procura.accounts.services import create_api_token
from procura.accounts.tests.factories import OrganisationFactory, member
from procura.core import clock
from procura.core.errors import DomainError, RuleViolation
from procura.testing.client import Api
from procura.testing.parallel import hand_back
from procura.testing.refusals import assert_api_refused, assert_refused

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
NOON = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)


def refuse(code="not_allowed", *, before=None, section=None):
    """A call that does `before()` (if given), then refuses with `code`."""

    def call():
        if before is not None:
            before()
        raise RuleViolation(code, "Not allowed.", section=section)

    return call


def answer(status, code, *, before=None):
    """A call that does `before()` (if given), then answers like the API does."""

    def call():
        if before is not None:
            before()
        body = {"code": code, "message": "Not allowed."}
        return SimpleNamespace(status_code=status, json=lambda: body, content=repr(body))

    return call


# --- assert_refused -----------------------------------------------------------------------------


def test_a_refusal_with_the_code_and_nothing_changed_passes_and_returns_the_error():
    organisation = OrganisationFactory()

    error = assert_refused(
        "not_allowed",
        refuse(section="s.18"),
        unchanged=[organisation, type(organisation), lambda: "the same"],
        section="s.18",
    )

    assert (type(error), error.code, error.section) == (RuleViolation, "not_allowed", "s.18")


def test_the_function_gets_its_arguments_and_is_called_at_the_instant_given():
    seen = []

    def call(a, *, b):
        seen.append((a, b, clock.now()))
        raise DomainError("not_allowed", "Not allowed.")

    assert_refused("not_allowed", call, 1, b=2, at=NOON)

    assert seen == [(1, 2, NOON)]


def test_another_code_fails():
    with pytest.raises(AssertionError, match="refused with 'not_allowed', not 'other_code'"):
        assert_refused("other_code", refuse())


def test_another_section_fails():
    with pytest.raises(AssertionError):
        assert_refused("not_allowed", refuse(section="s.18"), section="s.19")
    with pytest.raises(AssertionError):
        assert_refused("not_allowed", refuse(section="s.18"), section=None)


def test_nothing_refused_fails():
    with pytest.raises(pytest.fail.Exception, match="DID NOT RAISE"):
        assert_refused("not_allowed", lambda: None)


def test_an_error_that_is_no_domain_error_is_not_a_refusal():
    with pytest.raises(ValueError):
        assert_refused("not_allowed", int, "x")


def test_a_changed_row_fails():
    organisation = OrganisationFactory(name="Kent Police")

    def rename():
        organisation.name = "Essex Police"
        organisation.save()

    with pytest.raises(AssertionError, match="changed something"):
        assert_refused("not_allowed", refuse(before=rename), unchanged=organisation)


def test_a_new_row_of_a_model_or_queryset_named_fails():
    organisation = OrganisationFactory()
    model, queryset = type(organisation), type(organisation).objects.all()

    for unchanged in (model, queryset):
        with pytest.raises(AssertionError, match="changed something"):
            assert_refused("not_allowed", refuse(before=OrganisationFactory), unchanged=unchanged)


def test_a_changed_snapshot_fails():
    counter = iter(range(2))

    with pytest.raises(AssertionError, match="changed something"):
        assert_refused("not_allowed", refuse(), unchanged=lambda: next(counter))


def test_an_audit_event_fails_even_when_nothing_is_named():
    user = member(OrganisationFactory(), "buyer")

    with pytest.raises(AssertionError, match="changed something"):
        assert_refused(
            "not_allowed", refuse(before=lambda: create_api_token(actor=user, user=user))
        )


def test_an_email_fails_even_when_nothing_is_named():
    def send():
        mail.send_mail("Subject", "Body", "from@example.com", ["to@example.com"])

    with pytest.raises(AssertionError, match="changed something"):
        assert_refused("not_allowed", refuse(before=send))


def test_an_email_scheduled_for_the_commit_fails():
    def schedule():
        transaction.on_commit(
            lambda: mail.send_mail("Subject", "Body", "from@example.com", ["to@example.com"])
        )

    with pytest.raises(AssertionError, match="changed something"):
        assert_refused("not_allowed", refuse(before=schedule))


def test_something_that_cannot_be_compared_is_a_type_error():
    with pytest.raises(TypeError, match="Cannot tell whether 42 changed"):
        assert_refused("not_allowed", refuse(), unchanged=42)


# --- assert_api_refused -------------------------------------------------------------------------


def test_an_api_refusal_with_the_status_and_code_passes_and_returns_the_body():
    body = assert_api_refused(404, "not_found", answer(404, "not_found"))

    assert body == {"code": "not_found", "message": "Not allowed."}


def test_a_real_api_refusal_passes():
    api = Api(member(OrganisationFactory(), "buyer"))

    body = assert_api_refused(404, "not_found", api.get, "/api/v1/procurements/999999999")

    assert body == {"code": "not_found", "message": "Not found."}


def test_an_api_answer_with_another_status_or_code_fails():
    with pytest.raises(AssertionError):
        assert_api_refused(400, "not_found", answer(404, "not_found"))
    with pytest.raises(AssertionError):
        assert_api_refused(404, "forbidden_action", answer(404, "not_found"))
    with pytest.raises(AssertionError):
        assert_api_refused(404, "not_found", answer(200, "not_found"))


def test_an_api_answer_that_changed_something_fails():
    user = member(OrganisationFactory(), "buyer")

    with pytest.raises(AssertionError, match="changed something"):
        assert_api_refused(
            404,
            "not_found",
            answer(404, "not_found", before=lambda: create_api_token(actor=user, user=user)),
        )


# --- Api ----------------------------------------------------------------------------------------


def test_the_api_client_sends_its_own_token_another_or_none():
    user = member(OrganisationFactory(), "buyer", username="kit.user")
    _, other_token = create_api_token(actor=user, user=user)

    mine = Api(user, prefix="/api/v1")
    by_name = Api("kit.user", prefix="/api/v1")
    nobody = Api(prefix="/api/v1")

    assert mine.get("/me").json()["username"] == "kit.user"
    assert by_name.get("/me").json()["username"] == "kit.user"
    assert nobody.get("/me").status_code == 401
    assert nobody.get("/me", token=other_token).json()["username"] == "kit.user"
    assert mine.get("/me", token="prc_wrong").status_code == 401


# --- The layout of the tests --------------------------------------------------------------------


def imported_modules(path: Path) -> list[str]:
    """Every module a file imports, relative imports written with their dots."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            names.append(base)
            names += [f"{base}.{alias.name}".replace("..", ".") for alias in node.names]
    return names


def test_no_test_module_imports_another():
    test_modules = sorted(
        p for top in ("procura", "tests") for p in (ROOT / top).rglob("test_*.py")
    )
    assert len(test_modules) > 50

    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in test_modules
        for name in imported_modules(path)
        if name.rsplit(".", 1)[-1].startswith("test_")
    ]

    assert offenders == [], "share helpers through factories.py, a helper module or procura.testing"


def test_a_summary_section_is_handed_back_only_from_an_xdist_worker(request):
    in_a_worker = hasattr(request.config, "workeroutput")

    assert hand_back(request.config, "The kit's own test", []) is in_a_worker
