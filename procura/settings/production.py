"""Production: everything from the environment, nothing insecure by default.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, PROCURA_TENDER_KEK. PROCURA_BASE_URL (the
address in e-mailed links) defaults to https:// and the first of ALLOWED_HOSTS. Run with
    DJANGO_SETTINGS_MODULE=procura.settings.production gunicorn procura.wsgi
"""

from procura.tendering.sealing import keks_from_setting

from .base import *  # noqa: F403
from .base import base_url, env, env_list

SECRET_KEY = env("SECRET_KEY", required=True)
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("The environment variable ALLOWED_HOSTS must be set.")  # noqa: F405
env("DATABASE_URL", required=True)
# The links in e-mails: never the development default. Without the variable, the first allowed
# host over HTTPS; a wildcard host names no address, so then it must be set.
if env("PROCURA_BASE_URL"):
    PROCURA_BASE_URL = base_url(env("PROCURA_BASE_URL"))
elif ALLOWED_HOSTS[0].startswith(".") or "*" in ALLOWED_HOSTS[0]:
    raise ImproperlyConfigured(  # noqa: F405
        "The environment variable PROCURA_BASE_URL must be set: the first of ALLOWED_HOSTS is "
        "a wildcard, not the service's address."
    )
else:
    PROCURA_BASE_URL = base_url(f"https://{ALLOWED_HOSTS[0]}")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The demo clock moves the service's time: never in production (ADR 0008). Refused at start-up
# when asked for, and by `check --deploy` whatever turned it on.
if env("PROCURA_DEMO_CLOCK", "0") != "0":
    raise ImproperlyConfigured(  # noqa: F405
        "PROCURA_DEMO_CLOCK must not be set in production: the demo clock is for the demo and "
        "development only."
    )
PROCURA_DEMO_CLOCK = False
# Tender sealing: the key-encryption key, required, checked at start-up (ADR 0003).
PROCURA_TENDER_KEK = env("PROCURA_TENDER_KEK", required=True)
keks_from_setting(PROCURA_TENDER_KEK)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env("EMAIL_USE_TLS", "1") == "1"
# Notices are published when Find a Tender publishes them, never at once (docs/adr/0012).
PROCURA_PUBLISH_AT_ONCE = False
