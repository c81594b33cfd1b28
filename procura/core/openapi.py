"""How the API's document gives its refusals: the one `Error` schema, and per operation the codes
it can answer with under each HTTP status.

An endpoint names its domain codes with `openapi_extra=refusals("tender_deadline_passed", ...)`;
`ProcuraAPI` adds the codes every operation of its kind can give (`not_authenticated`,
`invalid_input`, `not_found`) and writes them into the document as an enum on `code`. The
test settings check every refusal the test suite receives against these lists
(procura.testing.openapi), so a code an endpoint can return and does not list fails a test.
Kept apart from procura.api so that the apps' api modules can import it without a cycle.
"""

from collections import defaultdict
from http import HTTPStatus

from ninja import Field, NinjaAPI, Schema
from ninja.openapi.schema import REF_TEMPLATE
from ninja.schema import NinjaGenerateJsonSchema

from procura.core.errors import http_status


class FieldProblemOut(Schema):
    field: str = Field(description="Where the problem is, e.g. `body.payload.title`")
    message: str


class ErrorOut(Schema):
    """Every refusal: a stable `code` (each operation lists the codes it can return, by HTTP
    status), a `message` written for people, and where the rule or the problem is."""

    code: str = Field(description="Stable: API clients and tests rely on it, not on the message")
    message: str
    section: str | None = Field(None, description="The rule broken, e.g. `s.54(3)`")
    field: str | None = Field(None, description="The input the message belongs to")
    details: dict | None = Field(
        None, description="More about the refusal, e.g. `problems[]` of `cannot_publish`"
    )
    errors: list[FieldProblemOut] | None = Field(
        None, description="`invalid_input` from the request's shape: one entry per problem"
    )


def refusals(*codes: str) -> dict:
    """`openapi_extra` for an operation: the domain codes it can refuse with. The API adds
    `not_authenticated` (signed-in operations), `invalid_input` (operations with input) and
    `not_found` (operations with a path parameter) itself; see `ProcuraAPI`."""
    return {"x-refusals": sorted(set(codes))}


class ProcuraAPI(NinjaAPI):
    """A NinjaAPI whose document gives every operation's error answers: the `Error` schema,
    under each HTTP status the operation can answer with, `code` an enum of its codes."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema = ErrorOut.model_json_schema(
            ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema
        )
        document["components"]["schemas"].update(schema.pop("$defs", {}))
        document["components"]["schemas"]["Error"] = schema
        for item in document["paths"].values():
            for operation in item.values():
                _document_refusals(operation)
        return document


def _document_refusals(operation: dict) -> None:
    codes = set(operation.pop("x-refusals", []))
    if operation.get("security"):
        codes.add("not_authenticated")
    if operation.get("parameters") or operation.get("requestBody"):
        codes.add("invalid_input")
    if any(p["in"] == "path" for p in operation.get("parameters", [])):
        codes.add("not_found")
    by_status = defaultdict(list)
    for code in sorted(codes):
        by_status[http_status(code)].append(code)
    for status, listed in sorted(by_status.items()):
        operation["responses"][status] = {
            "description": f"{HTTPStatus(status).phrase}: "
            + ", ".join(f"`{code}`" for code in listed),
            "content": {
                "application/json": {
                    "schema": {
                        "allOf": [
                            {"$ref": "#/components/schemas/Error"},
                            {"properties": {"code": {"enum": listed}}},
                        ]
                    }
                }
            },
        }
