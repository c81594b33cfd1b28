"""Validating our OCDS releases in tests: against the release schema, with a strict RFC 3339
date-time check, and inside a release package."""

import json
import re
from datetime import datetime

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT4

from procura.notices import ocds

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def schema_errors(instance, schema=None, format_checker=None) -> list[str]:
    """Every error against `schema` (the release schema by default); a reference to the release
    schema's id (as the package schema's `releases` makes) is answered with the project's own."""
    release = ocds.release_schema()
    registry = Registry().with_resource(release["id"], DRAFT4.create_resource(release))
    validator = Draft4Validator(
        schema or release, format_checker=format_checker or FormatChecker(), registry=registry
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
    """The OCDS 1.1.5 release package schema (schema/release-package-schema.json, see
    SOURCES.txt); its releases are checked against our release schema."""
    return json.loads((ocds.SCHEMA_DIR / "release-package-schema.json").read_text())
