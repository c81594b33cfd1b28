"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL says so."""

import base64
import hashlib
import os

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = VAR_DIR / "test-media" / (env("PYTEST_XDIST_WORKER") or "main")  # noqa: F405
# A fixed, public, test-only tender KEK (tests of a KEK rotation override it).
PROCURA_TENDER_KEK = base64.b64encode(
    hashlib.sha256(b"procura test-only tender KEK").digest()
).decode()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as in the embedded service, not Django's shared-cache in-memory database: that one
    # locks whole tables and ignores the busy timeout, so concurrent-submission tests could not
    # show how the real service behaves.
    VAR_DIR.mkdir(exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        # One file per test process, so that runs side by side never share (or delete) one.
        "NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")  # noqa: F405
    }
# Every answer of the JSON API in the test suite is checked against the API's own document.
MIDDLEWARE = [*MIDDLEWARE, "procura.testing.openapi.DocumentedAnswersMiddleware"]  # noqa: F405
