"""Read the project's ``.env`` file into the environment, never over a variable already set.

A dozen lines rather than python-dotenv: none of the site's requirements reads such a file,
and ours needs only ``NAME=value`` lines, ``#`` comments, an optional ``export`` and quotes.
Called by the entry points (manage.py, the WSGI and ASGI modules, gunicorn.conf.py), never by
the settings, so the test suite depends only on its own environment.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

DEFAULT_PATH = Path(__file__).resolve().parent.parent / ".env"


def load_env_file(path=None):
    """Set the file's variables that the environment lacks; ``ENV_FILE`` names another file, empty none."""
    path = path or os.environ.get("ENV_FILE", DEFAULT_PATH)
    if not path or not os.path.isfile(path):
        return
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, equals, value = line.removeprefix("export ").partition("=")
        if not equals or not name.strip():
            raise ImproperlyConfigured(f"{path}, line {number}: expected NAME=value.")
        value = value.strip()
        if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        os.environ.setdefault(name.strip(), value)
