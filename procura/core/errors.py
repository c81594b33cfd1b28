"""Domain errors with stable codes, and the one mapping from code to HTTP status.

A service raises `DomainError(code, message)`; the API turns it into
`{"code": ..., "message": ...}` with the status below, and pages show the message in the GOV.UK
error summary. Tests assert the code, never the wording.
"""


class DomainError(Exception):
    """A refusal the user can understand and act on. Nothing was changed when one is raised.

    `code` is stable (tests and API clients rely on it); `message` is written for the user;
    `section` cites the rule broken; `field` names the form field the message belongs to.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        section: str | None = None,
        field: str | None = None,
        details: dict | None = None,
    ):
        super().__init__(message)
        self.code = code
        self.message = message
        self.section = section
        self.field = field
        self.details = details or {}

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r})"


class NotFound(DomainError):
    """The object does not exist, or the user may not know that it does (the two look alike)."""

    def __init__(self, message: str = "Not found."):
        super().__init__("not_found", message)


class AccessRefused(DomainError):
    """Someone who takes part in something (a supplier in a procurement) may not do this now,
    and is told why: "insiders get reasons". Only an access function raises it, and only after
    it has established that the person already knows the object exists; everyone else gets
    NotFound. Pages show the reason on a page of its own (403), the API as `{code, message}`."""

    def __init__(self, code: str, message: str, **kwargs):
        super().__init__(code, message, **kwargs)


class RuleViolation(DomainError):
    """A rule of the law or of the contract was broken. `section` cites it, e.g. "s.54(3)"."""

    def __init__(self, code: str, message: str, section: str | None = None, **kwargs):
        super().__init__(code, message, section=section, **kwargs)

    def __repr__(self) -> str:
        return f"RuleViolation(code={self.code!r}, section={self.section!r})"


def object_pk(value) -> int:
    """A primary key from a URL or a request; anything that is not one is simply not found."""
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise NotFound() from error


def invalid_input(error) -> DomainError:
    """A Django ValidationError (from `full_clean`) as the `invalid_input` refusal: each field's
    problem in `details["errors"]`, the first field in `field`."""
    problems = [
        {"field": name, "message": message}
        for name, messages in getattr(error, "message_dict", {"__all__": error.messages}).items()
        for message in messages
    ]
    return DomainError(
        "invalid_input",
        " ".join(p["message"] for p in problems),
        field=problems[0]["field"] if problems else None,
        details={"errors": problems},
    )


# Codes whose HTTP status is not 400. Anything not listed is a 400 (a refused request).
HTTP_STATUS = {
    "not_found": 404,
    "not_authenticated": 401,
    "forbidden_action": 403,
    # Insiders get reasons (AccessRefused): a supplier taking part, told why it may not go on.
    "agreements_not_accepted": 403,
    "no_longer_taking_part": 403,
    "not_invited_to_tender": 403,
    "invalid_input": 422,
    "conflict": 409,
}


def http_status(code: str) -> int:
    return HTTP_STATUS.get(code, 400)
