"""PostgreSQL connections bind parameters on the server and prepare the statements they repeat."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from articles.models import Article

PROJECT = settings.BASE_DIR


def options_for(**env):
    """The database OPTIONS pophariini.settings builds from ``env``, read in a fresh interpreter."""
    script = "from django.conf import settings; import json; print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "pophariini.settings", "SECRET_KEY": "x", **env},
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_postgresql_prepares_repeated_statements_by_default():
    options = options_for(DATABASE_URL="postgres://u@db.internal/site")
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 2


def test_preparing_can_be_turned_off_for_old_pgbouncer():
    options = options_for(DATABASE_URL="postgres://u@db.internal/site", DB_PREPARE_THRESHOLD="off")
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] is None


def test_sqlite_gets_no_postgresql_options():
    assert "server_side_binding" not in options_for(DATABASE_URL="sqlite:///site.sqlite3")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
@pytest.mark.django_db
def test_a_repeated_reader_query_is_prepared_on_the_server():
    query = Article.objects.published().filter(slug="tidak-ada").only("pk")
    for _ in range(3):
        list(query.all())  # a fresh queryset each time: no result cache
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%FROM "articles_article"%"slug" = $%'],
        )
        assert cursor.fetchone()[0] == 1
