"""Rows a test module's tests only read, made once per module: pytest's form of ``TestCase.setUpTestData``.

A module-scoped fixture builds them inside a transaction of its own; each test then runs in
a savepoint within it (pytest-django's ``db``), so what a test writes is still rolled back
after it, and the module's rows are rolled back after its last test. Use it only in modules
whose tests all take plain ``db`` (a ``transactional_db`` or ``live_server`` test would flush
the rows under the open transaction), and where every test that runs beside the rows may
see them (pytest keeps a module fixture until the module's last test).
"""

import contextlib

from django.db import transaction


@contextlib.contextmanager
def rows_for_the_module(django_db_blocker):
    """The module's transaction, rolled back when the ``with`` ends.

    Make the rows inside ``django_db_blocker.unblock()`` and yield them outside it, so a test
    without ``db`` is still refused the database::

        @pytest.fixture(scope="module")
        def archive_rows(django_db_setup, django_db_blocker):
            with rows_for_the_module(django_db_blocker):
                with django_db_blocker.unblock():
                    rows = make_the_rows()
                yield rows
    """
    atomic = transaction.atomic()
    with django_db_blocker.unblock():
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
