"""Create the PostgreSQL database DATABASE_URL names when it does not exist yet."""

import psycopg
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from psycopg import errors, sql

from pophariini.management.base import TranslatedCommand

# Keys Django reads from a PostgreSQL database's OPTIONS; the others are libpq's (sslmode...).
DJANGO_OPTIONS = {"isolation_level", "server_side_binding", "assume_role", "pool"}


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Buat basis data PostgreSQL yang disebut DATABASE_URL bila belum ada (make run menjalankannya "
        "sebelum migrate). SQLite tidak perlu: migrate membuat berkasnya sendiri."
    )
    requires_system_checks = []

    def handle(self, *args, verbosity, **options):
        database = connections[DEFAULT_DB_ALIAS]
        if database.vendor != "postgresql":
            return
        name = database.settings_dict["NAME"]
        try:
            created = create_database(database.settings_dict)
        except psycopg.Error as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise CommandError(
                _("Basis data %(name)s tidak bisa dibuat: %(reason)s") % {"name": name, "reason": reason}
            ) from exc
        if created:
            self.stdout.write(
                self.style.SUCCESS(_("Basis data PostgreSQL %(name)s dibuat.") % {"name": name})
            )
        elif verbosity > 1:
            self.stdout.write(_("Basis data %(name)s sudah ada.") % {"name": name})


def connection_params(config) -> dict:
    """psycopg's keyword arguments for a Django ``DATABASES`` entry, without the database name."""
    params = {
        "host": config["HOST"],
        "port": config["PORT"],
        "user": config["USER"],
        "password": config["PASSWORD"],
        "connect_timeout": 10,
        **config["OPTIONS"],
    }
    return {
        key: value for key, value in params.items() if value not in ("", None) and key not in DJANGO_OPTIONS
    }


def create_database(config) -> bool:
    """Create the database a Django ``DATABASES`` entry names, unless it exists; True when created."""
    params = connection_params(config)
    try:
        # The maintenance database every PostgreSQL server has (Django's test runner uses it too).
        server = psycopg.connect(dbname="postgres", autocommit=True, **params)
    except psycopg.OperationalError:
        # A server may refuse that database to this user: then the database itself must answer.
        psycopg.connect(dbname=config["NAME"], **params).close()
        return False
    with server:
        if server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone():
            return False
        try:
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
        except errors.DuplicateDatabase:
            return False  # created at the same moment by another process
    return True
