"""Validating our OCDS releases in tests: against the release schema, with a strict RFC 3339
date-time check, and inside a release package."""

import re
from datetime import datetime

from jsonschema import Draft4Validator, FormatChecker

from procura.notices import ocds

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def schema_errors(instance, schema=None, format_checker=None) -> list[str]:
    validator = Draft4Validator(
        schema or ocds.release_schema(), format_checker=format_checker or FormatChecker()
    )
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(instance)
    ]


def strict_format_checker() -> FormatChecker:
    """The stock checker, plus an RFC 3339 date-time check that needs no optional package
    (jsonschema skips "date-time" when rfc3339-validator is not installed)."""
    checker = FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def is_datetime(value) -> bool:
        if not isinstance(value, str):
            return True
        if not RFC3339.match(value):
            raise ValueError(f"{value!r} is not an RFC 3339 date-time")
        datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True

    return checker


def package_schema() -> dict:
    """The OCDS 1.1.5 release package schema around our release schema (draft 4)."""
    release = ocds.release_schema()
    return {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "type": "object",
        "required": ["uri", "publisher", "publishedDate", "releases", "version"],
        "properties": {
            "uri": {"type": "string", "format": "uri"},
            "version": {"type": "string", "pattern": r"^(\d+\.)(\d+)$"},
            "extensions": {"type": "array", "items": {"type": "string", "format": "uri"}},
            "publishedDate": {"type": "string", "format": "date-time"},
            "releases": {
                "type": "array",
                "minItems": 1,
                "uniqueItems": True,
                "items": {k: v for k, v in release.items() if k not in {"definitions", "id"}},
            },
            "publisher": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string"}},
            },
            "license": {"type": ["string", "null"], "format": "uri"},
            "publicationPolicy": {"type": ["string", "null"], "format": "uri"},
        },
        "definitions": release["definitions"],
    }
