"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

from pophariini.envfile import load_env_file

load_env_file()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pophariini.settings")

application = get_asgi_application()
