"""Local development and the demo: embedded SQLite under var/, console e-mail, DEBUG on."""

import base64
import hashlib

from .base import *  # noqa: F403
from .base import VAR_DIR, env

# The embedded database lives under var/; make it on first use so any manage.py command works.
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-never-used-in-production")  # noqa: S105
DEBUG = env("DEBUG", "1") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Serve straight from the finders in development; the manifest needs collectstatic.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# A fixed, public, dev-only tender KEK, so that the demo works out of the box. Never in production.
PROCURA_TENDER_KEK = env(
    "PROCURA_TENDER_KEK",
    base64.b64encode(hashlib.sha256(b"procura dev-only tender KEK").digest()).decode(),
)
# The demo clock: on in the demo and in development (PROCURA_DEMO_CLOCK=0 turns it off).
PROCURA_DEMO_CLOCK = env("PROCURA_DEMO_CLOCK", "1") == "1"
# Notices published on Find a Tender at once (docs/adr/0012): on in the demo and in development
# (PROCURA_PUBLISH_AT_ONCE=0 turns it off).
PROCURA_PUBLISH_AT_ONCE = env("PROCURA_PUBLISH_AT_ONCE", "1") == "1"
