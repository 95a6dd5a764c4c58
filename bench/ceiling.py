"""The one-file Django ceiling: no middleware, one view returning a page's bytes.

Served by ``bench/throughput.py`` under the same gunicorn configuration as the site
(``gunicorn -c gunicorn.conf.py bench.ceiling``): what Django and gunicorn cost on this
machine before the project adds anything. ``CEILING_BODY`` names a file holding the
bytes to return (a cached article page, fetched from the site first).
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="benchmark-ceiling-only",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)

BODY = Path(os.environ["CEILING_BODY"]).read_bytes() if os.environ.get("CEILING_BODY") else b"x"


def page(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("", page)]

application = get_wsgi_application()
