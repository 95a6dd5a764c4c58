"""WSGI entry point (gunicorn pophariini.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

from pophariini.envfile import load_env_file

load_env_file()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pophariini.settings")

django_application = get_wsgi_application()

from pophariini.cache_wsgi import CachedPageApplication  # noqa: E402  (needs the apps loaded)

# A worker's current copy of a cached page is answered before Django's handler.
application = CachedPageApplication(django_application)

# What is loaded by now (Django, the apps, their models and settings) lives as long as
# the worker. Freezing it takes it out of the collector's generations, so a full
# collection scans only what requests created: those pauses were 45 ms, a list page's
# p99, and are about 10 ms now (bench/README.md).
gc.freeze()
