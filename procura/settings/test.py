"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL says so."""

import base64
import hashlib

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
