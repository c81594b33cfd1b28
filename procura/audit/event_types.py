"""Every kind of event the legal record knows, with the sentence a timeline shows for it.

The events about people and organisations are defined here. Each later app defines its own
`events.py` with a TextChoices of its event types and their sentences, and registers them with
`register()` from its AppConfig.ready(). Values are stable strings stored in the audit table:
never rename one.
"""

from django.db import models


class EventType(models.TextChoices):
    # Organisations and people
    ORGANISATION_CREATED = "organisation.created", "Organisation created"
    ORGANISATION_UPDATED = "organisation.updated", "Organisation updated"
    USER_CREATED = "user.created", "User created"
    USER_DEACTIVATED = "user.deactivated", "User deactivated"
    ROLE_GRANTED = "role.granted", "Role granted"
    ROLE_REVOKED = "role.revoked", "Role revoked"
    SIGNED_IN = "user.signed_in", "Signed in"
    SIGNED_OUT = "user.signed_out", "Signed out"
    SIGN_IN_FAILED = "user.sign_in_failed", "Sign-in failed"
    PASSWORD_RESET_REQUESTED = "user.password_reset_requested", "Password reset requested"
    PASSWORD_CHANGED = "user.password_changed", "Password changed"
    API_TOKEN_CREATED = "api_token.created", "API token created"
    API_TOKEN_REVOKED = "api_token.revoked", "API token revoked"


# "{actor}" is who did it, "{object}" what it was done to; other fields come from `after`.
SENTENCES: dict[str, str] = {
    EventType.ORGANISATION_CREATED: "{actor} created the organisation {object}.",
    EventType.ORGANISATION_UPDATED: "{actor} updated the organisation {object}.",
    EventType.USER_CREATED: "{actor} created the account {object}.",
    EventType.USER_DEACTIVATED: "{actor} deactivated the account {object}.",
    EventType.ROLE_GRANTED: "{actor} gave {object} the role {role} in {organisation}.",
    EventType.ROLE_REVOKED: "{actor} removed the role {role} in {organisation} from {object}.",
    EventType.SIGNED_IN: "{actor} signed in.",
    EventType.SIGNED_OUT: "{actor} signed out.",
    EventType.SIGN_IN_FAILED: "Someone failed to sign in as {username}.",
    EventType.PASSWORD_RESET_REQUESTED: "A password reset was requested for {object}.",
    EventType.PASSWORD_CHANGED: "{actor} changed the password of {object}.",
    EventType.API_TOKEN_CREATED: "{actor} created the API token {object} for {owner}.",
    EventType.API_TOKEN_REVOKED: "{actor} revoked the API token {object}.",
}


_REGISTERED: dict[str, tuple[str, str]] = {}


def register(event_types: type[models.TextChoices], sentences: dict[str, str]) -> None:
    """Make an app's event types known to the audit trail, each with its timeline sentence."""
    missing = [value for value in event_types.values if value not in sentences]
    if missing:
        raise ValueError(f"No timeline sentence for {missing}")
    for value, label in event_types.choices:
        if value in _REGISTERED and _REGISTERED[value][0] != label:
            raise ValueError(f"Event type {value} is registered twice")
        _REGISTERED[value] = (label, sentences[value])


def is_registered(value: str) -> bool:
    return value in _REGISTERED


def label_of(value: str) -> str:
    return _REGISTERED.get(value, (value, ""))[0]


def sentence_template(value: str) -> str:
    return _REGISTERED.get(value, ("", "{actor} changed {object}."))[1]


register(EventType, SENTENCES)
