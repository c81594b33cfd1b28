"""The JSON API: one NinjaAPI, bearer-token or session authentication, errors with stable codes."""

from django.http import Http404
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from procura.core.errors import DomainError, http_status
from procura.core.openapi import ProcuraAPI


class BearerToken(HttpBearer):
    """`Authorization: Bearer prc_...`, a token made by `manage.py create_api_token USERNAME`."""

    def authenticate(self, request, token: str):
        from procura.accounts.models import ApiToken

        try:
            api_token = ApiToken.objects.select_related("user").get(
                token_hash=ApiToken.hash_of(token), revoked_at__isnull=True
            )
        except ApiToken.DoesNotExist:
            return None
        if not api_token.user.is_active:
            return None
        request.user = api_token.user
        return api_token.user


api = ProcuraAPI(
    title="Procura API",
    version="1",
    description=(
        "Run procurements under the Procurement Act 2023 and manage the resulting contracts. "
        "Authenticate with `Authorization: Bearer <token>` (see `manage.py create_api_token`) "
        "or a browser session. Every error is JSON with a stable `code` and a human `message`."
    ),
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
)


def error_body(code: str, message: str, **extra) -> dict:
    return {"code": code, "message": message, **{k: v for k, v in extra.items() if v}}


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(
        request,
        error_body(
            exc.code, exc.message, section=exc.section, field=exc.field, details=exc.details
        ),
        status=http_status(exc.code),
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, error_body("not_found", "Not found."), status=404)


@api.exception_handler(AuthenticationError)
def not_authenticated(request, exc):
    return api.create_response(
        request,
        error_body("not_authenticated", "Sign in, or send a valid API token as a Bearer token."),
        status=401,
    )


def _describe(error: dict) -> str:
    where = ".".join(str(part) for part in error.get("loc", []) if part not in ("query", "body"))
    return f"{where}: {error.get('msg', 'is invalid')}" if where else error.get("msg", "invalid")


@api.exception_handler(ValidationError)
def invalid_input(request, exc: ValidationError):
    problems = [_describe(e) for e in exc.errors]
    return api.create_response(
        request,
        {
            "code": "invalid_input",
            "message": "The request is not valid: " + "; ".join(problems),
            "errors": [
                {"field": ".".join(str(p) for p in e.get("loc", [])), "message": e.get("msg")}
                for e in exc.errors
            ],
        },
        status=422,
    )


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return api.create_response(
        request, error_body("http_error", str(exc.message)), status=exc.status_code
    )


api.add_router("/", "procura.accounts.api.router")
api.add_router("/audit", "procura.audit.api.router")
api.add_router("/timescales", "procura.timescales.api.router")
api.add_router("/procurements", "procura.procurements.api.router")
api.add_router("/procurements", "procura.participation.api.router")
api.add_router("/procurements", "procura.tendering.api.router")
api.add_router("/procurements", "procura.evaluation.api.router")
api.add_router("/contracts", "procura.contracts.api.router")
api.add_router("/notices", "procura.notices.api.router")
