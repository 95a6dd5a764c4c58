"""create_database: `make run` on a PostgreSQL database that does not exist yet creates it."""

import io
import uuid

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from pophariini.management.commands.create_database import connection_params, create_database


def test_on_sqlite_there_is_nothing_to_create():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    out = io.StringIO()
    call_command("create_database", stdout=out)
    assert out.getvalue() == ""


@pytest.fixture
def missing_database():
    """The test database's settings, naming a database that does not exist (dropped afterwards)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    config = {**connection.settings_dict, "NAME": f"test_create_{uuid.uuid4().hex[:12]}"}
    yield config
    with psycopg.connect(dbname="postgres", autocommit=True, **connection_params(config)) as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(config["NAME"])))


def test_a_missing_postgresql_database_is_created_once(missing_database):
    assert create_database(missing_database) is True
    assert create_database(missing_database) is False
