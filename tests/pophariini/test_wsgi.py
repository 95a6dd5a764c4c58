"""The WSGI entry point keeps what it loaded out of the garbage collector's full collections."""

import os
import subprocess
import sys

from django.conf import settings


def test_loading_the_wsgi_application_freezes_what_it_loaded():
    script = "import gc; import pophariini.wsgi; print(gc.get_freeze_count())"
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "pophariini.settings", "SECRET_KEY": "x"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    # Django and the project's apps: tens of thousands of objects.
    assert int(result.stdout) > 10_000
