"""Every kind of event the legal record knows, with the sentence a timeline shows for it.

Add a new value here (and its sentence) when a service starts recording a new kind of change.
Values are stable strings stored in the audit table: never rename one.
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
