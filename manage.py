#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys
import traceback
from pathlib import Path

# Configuration errors the project raises itself say what to fix in one sentence; a traceback
# would only bury it. Django's own keep their traceback.
PROJECT_CONFIGURATION = {"settings.py", "envfile.py"}


def main():
    from django.core.exceptions import ImproperlyConfigured

    from pophariini.envfile import load_env_file

    try:
        load_env_file()
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pophariini.settings")
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        if Path(traceback.extract_tb(exc.__traceback__)[-1].filename).name not in PROJECT_CONFIGURATION:
            raise
        sys.exit(f"ImproperlyConfigured: {exc}")


if __name__ == "__main__":
    main()
