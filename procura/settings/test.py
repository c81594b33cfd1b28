"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL says so."""

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
