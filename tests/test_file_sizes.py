"""Files a newcomer can find their way in: no Python file outside migrations over 500 lines.

A module that grows past it is doing more than one thing; split it by concept, as
``articles/models/`` and ``articles/wordpress/`` are.
"""

from pathlib import Path

from django.conf import settings

MAX_LINES = 500
SKIPPED = {".venv", "migrations", "node_modules", ".git"}


def test_no_python_file_outside_migrations_is_over_500_lines():
    root = Path(settings.BASE_DIR)
    too_long = {}
    for path in root.rglob("*.py"):
        if SKIPPED.intersection(path.relative_to(root).parts):
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            too_long[str(path.relative_to(root))] = lines
    assert too_long == {}
