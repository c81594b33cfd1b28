"""Settings shared by every environment. Everything that differs comes from the environment.

Environment modules (dev, test, production) import this and set only what differs. Nothing here is
insecure on its own: SECRET_KEY and DEBUG are decided by the environment module.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("PROCURA_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    """Read one setting from the environment; fail fast when a required one is missing."""
    value = os.environ.get(name, default)
    if required and not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


def base_url(value: str) -> str:
    """The service's public address, e.g. https://procura.example.police.uk: an absolute http(s)
    URL, kept without a trailing slash so that a path can follow it."""
    parts = urlsplit(value or "")
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"PROCURA_BASE_URL must be an absolute http(s) address, like "
            f"https://procura.example.police.uk (got {value!r})."
        )
    return value.rstrip("/")


INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "template_partials",
    "ninja",
    "procura.core",
    "procura.audit",
    "procura.accounts",
    "procura.timescales",
    "procura.notices",
    "procura.procurements",
    "procura.participation",
    "procura.tendering",
    "procura.evaluation",
    "procura.contracts",
    # The demo data and the demo clock. Installed everywhere so that production runs the same
    # code and migrations; what production refuses is the demo clock switch (below).
    "procura.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "procura.urls"
WSGI_APPLICATION = "procura.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "procura" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "procura.accounts.context_processors.service",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'procura.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one writer commits; IMMEDIATE takes the write lock at the
    # start of a transaction so that two writers queue instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Bind parameters on the server: a sealed 1 MB tender file then travels as bytes, not as a
    # 2 MB hex literal inside the SQL text (BENCHMARKS.md, deadline surge).
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True

# Uploads over FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) go to disk encrypted under a key held only
# in memory, never in plaintext: a sealed tender must not touch the disk readable (ADR 0003).
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "procura.core.uploads.EncryptedTemporaryFileUploadHandler",
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:signed-out"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# Stored times are UTC; every person sees Europe/London (core.clock).
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    BASE_DIR / "procura" / "static",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

SERVICE_NAME = "Procura"
# Where people reach the service, for the links in e-mails (a page's path is added to it).
PROCURA_BASE_URL = base_url(env("PROCURA_BASE_URL") or "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Procura <no-reply@procura.invalid>")

NINJA_PAGINATION_PER_PAGE = 50

# The demo clock: lets a platform administrator move the service's clock forward, to try a
# whole procurement in minutes (docs/adr/0008-demo-clock.md). Off unless an environment module
# turns it on; production refuses it.
PROCURA_DEMO_CLOCK = False
# Record every notice as published on Find a Tender the moment Procura prepares it, with Procura's
# own identifier and time (docs/adr/0012). For the demo and development only: elsewhere a buyer
# records Find a Tender's identifier and publication date by hand.
PROCURA_PUBLISH_AT_ONCE = False

# The key-encryption key (KEK) that protects each procurement's tender-sealing private key:
# base64 of 32 random bytes; during a rotation, a comma-separated list with the new KEK first
# (docs/adr/0003-sealed-tenders.md). No default here: each environment module decides.
PROCURA_TENDER_KEK = env("PROCURA_TENDER_KEK")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
