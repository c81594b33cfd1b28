"""The API document checked against the code and against the answers the API really gives.

Four checks, used by `procura/core/tests/test_openapi.py` and by the test settings:

- `component_collisions(api)`: ninja names a component after the schema class (`QuestionOut`)
  and silently keeps the last of two classes with the same name, so an operation can be
  documented with another app's shape. This walks every operation's request and response
  models, and every class they contain, and reports each component name that stands for more
  than one class, or whose JSON schema differs between the places that generate it.
- `response_problems(document, method, route, status, body)`: the JSON body of an answer checked
  with jsonschema (Draft 2020-12, as OpenAPI 3.1 uses) against the schema the document gives for
  that operation and status, `$ref`s resolved into `components`. An undocumented status is a
  problem too; an error body must be the `Error` schema with a `code` the operation lists.
- `request_problems(document, method, route, body)`: a JSON request body checked against the
  documented request body: one the API accepted must be one a client can write from the document.
- `DocumentedAnswersMiddleware`: added by `procura.settings.test` (never by another settings
  module), it runs `response_problems` on every answer under `/api/v1/` that the test suite
  receives, and `request_problems` on every JSON request answered 2xx (a refused request may be
  malformed on purpose), and raises AssertionError on the first problem. The Django test client
  re-raises it in the test that made the request, so a test fails as soon as an answer is not the
  documented one, and every API test (the apps' `test_api.py`, the end-to-end stories in
  `tests/e2e/`) checks the document as a side effect. Fix the schema, never the check.
"""

import enum
import json
import re
import typing
from collections import defaultdict
from functools import cache

from jsonschema import Draft202012Validator
from ninja.openapi.schema import REF_TEMPLATE
from ninja.schema import NinjaGenerateJsonSchema
from pydantic import BaseModel

BODY_SOURCES = {"body", "form", "file"}


def operations(api):
    """(path, method, operation) for every operation of a NinjaAPI, paths as the document has
    them (`/api/v1/procurements/{procurement_id}`)."""
    root = "/" + api.get_root_path({}).strip("/")
    for bound in api._get_bound_routers():
        for path, view in bound.path_operations.items():
            parts = (part.strip("/") for part in (root, bound.prefix, path))
            full = "/".join(part for part in parts if part)
            full = "/" + re.sub(r"{[^}:]+:", "{", full).strip("/")
            for operation in view.operations:
                for method in operation.methods:
                    yield full, method.lower(), operation


def _models_of(operation):
    """(mode, model) for the request-body models and the response models of an operation."""
    for model in operation.models:
        if model.__ninja_param_source__ in BODY_SOURCES:
            yield "validation", model
    for model in operation.response_models.values():
        if isinstance(model, type) and issubclass(model, BaseModel):
            yield "serialization", model


def _classes_in(annotation, found: set) -> None:
    """Every pydantic model and Enum class named by a type annotation, recursively."""
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        found.add(annotation)
        return
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for field in annotation.model_fields.values():
            _classes_in(field.annotation, found)
        return
    for argument in typing.get_args(annotation):
        _classes_in(argument, found)


def component_collisions(api) -> list[str]:
    """Each component name that stands for more than one class or more than one JSON schema."""
    classes_by_name = defaultdict(set)
    schemas_by_name = defaultdict(dict)  # name -> {json text: where it came from}
    for path, method, operation in operations(api):
        for mode, model in _models_of(operation):
            found: set = set()
            _classes_in(model, found)
            for cls in found - {model}:
                classes_by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
            schema = model.model_json_schema(
                ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema, mode=mode
            )
            for name, definition in schema.get("$defs", {}).items():
                text = json.dumps(definition, sort_keys=True)
                schemas_by_name[name].setdefault(text, f"{method.upper()} {path} ({mode})")
    problems = [
        f"{name} names {len(classes)} classes: {', '.join(sorted(classes))}"
        for name, classes in sorted(classes_by_name.items())
        if len(classes) > 1
    ]
    problems += [
        f"{name} has {len(variants)} different schemas, from: {', '.join(variants.values())}"
        for name, variants in sorted(schemas_by_name.items())
        if len(variants) > 1
    ]
    return problems


def component_schemas(api) -> dict:
    """name -> the JSON schema the classes themselves give, for comparison with the document."""
    result = {}
    for _, _, operation in operations(api):
        for mode, model in _models_of(operation):
            schema = model.model_json_schema(
                ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema, mode=mode
            )
            result.update(schema.get("$defs", {}))
    return result


# --- Answers against the document ----------------------------------------------------------


def _route_to_path(route: str) -> str:
    """Django's route (`api/v1/procurements/<int:procurement_id>`) as the document's path."""
    return "/" + re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", route).strip("/")


def _operation(document: dict, method: str, path: str) -> dict | None:
    paths = {name.rstrip("/"): item for name, item in document["paths"].items()}
    return paths.get(path.rstrip("/"), {}).get(method.lower())


def _validate(document: dict, schema: dict, value, where: str) -> list[str]:
    validator = Draft202012Validator({**schema, "components": document["components"]})
    return [
        f"{where}: {'/'.join(str(p) for p in error.absolute_path) or 'body'}: {error.message}"
        for error in sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path))
    ][:5]


def request_problems(document: dict, method: str, path: str, body) -> list[str]:
    """What is wrong with a JSON request body the API accepted, judged by the document: a body
    the API takes must be one a client can write from the document."""
    operation = _operation(document, method, path)
    schema = (
        (operation or {})
        .get("requestBody", {})
        .get("content", {})
        .get("application/json", {})
        .get("schema")
    )
    if schema is None:
        return []
    return _validate(document, schema, body, f"{method.upper()} {path} accepted a request")


def response_problems(document: dict, method: str, path: str, status: int, body) -> list[str]:
    """What is wrong with one answer, judged by the document: [] when it is as documented.
    `body` is the decoded JSON, or None for an answer that is not JSON (a file download)."""
    operation = _operation(document, method, path)
    if operation is None:
        return [f"{method.upper()} {path} is not in the document"]
    documented = operation["responses"].get(str(status)) or operation["responses"].get(status)
    where = f"{method.upper()} {path} answered {status}"
    if documented is None:
        return [f"{where}, a status the document does not give"]
    if body is None:
        return []
    schema = documented.get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return [f"{where} with JSON, but the document gives no JSON body for it"]
    return _validate(document, schema, body, where)


@cache
def document() -> dict:
    """The API's document as JSON (made once per test process)."""
    from procura.api import api

    return json.loads(json.dumps(api.get_openapi_schema(), default=str))


class DocumentedAnswersMiddleware:
    """Test settings only: every answer under /api/v1/ must be the one the document gives."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sent = None
        if request.content_type == "application/json" and request.body:
            sent = json.loads(request.body)
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is None or not request.path.startswith("/api/v1/") or match.route is None:
            return response
        path = _route_to_path(match.route)
        if path in ("/api/v1/openapi.json", "/api/v1/docs"):
            return response
        body = None
        if response.get("Content-Type", "").startswith("application/json") and not getattr(
            response, "streaming", False
        ):
            body = json.loads(response.content) if response.content else None
        problems = response_problems(document(), request.method, path, response.status_code, body)
        if sent is not None and 200 <= response.status_code < 300:
            problems += request_problems(document(), request.method, path, sent)
        if problems:
            raise AssertionError(
                "The API answered other than its document says:\n" + "\n".join(problems)
            )
        return response
