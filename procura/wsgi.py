"""WSGI entry point: `gunicorn procura.wsgi` (see README for the production command)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procura.settings.production")
application = get_wsgi_application()
