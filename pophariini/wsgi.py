"""WSGI entry point (gunicorn pophariini.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pophariini.settings")

application = get_wsgi_application()
