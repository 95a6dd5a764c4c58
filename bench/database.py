"""The benchmark databases: created empty before a run, their sequences and statistics set after it."""

from pathlib import Path

from bench.common import DATA, database_url


def recreate_database(engine: str, articles: int) -> None:
    if engine == "sqlite":
        path = Path(database_url(engine, articles).removeprefix("sqlite:///"))
        DATA.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    server, name = database_url(engine, articles).rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
        # As docs/production.md recommends for a database that fits in memory or on SSDs.
        connection.execute(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')


def finish(engine: str) -> None:
    from django.core.cache import cache
    from django.core.management.color import no_style
    from django.db import connection

    from pophariini import content

    if engine == "postgres":
        # Every content model, link tables included (bulk_create left the sequences behind).
        models = content.models()
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # VACUUM sets the visibility map that index-only scans need (counts, the ids of
            # a deep page): a production server's autovacuum would have, but a freshly
            # bulk-loaded table has none, and this server may run with autovacuum off.
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    cache.clear()
