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
    # Made as a test makes its rows, with nothing cached by an earlier test.
    empty_caches()
    with django_db_blocker.unblock():
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
        empty_caches()


def empty_caches():
    """Forget what the page cache and the music index hold, and any trouble a test left the cache in."""
    from django.core.cache import cache

    from music.matching import forget_index
    from pophariini import cache as page_cache
    from pophariini import versions

    # The page cache survives database rollbacks.
    cache.clear()
    page_cache.local_pages.clear()
    versions.local_values.clear()
    # Music names indexed from rolled-back rows (music.matching).
    forget_index()
    # A pause, a purge owed or a log interval left by a test that broke the cache.
    page_cache.trouble = page_cache.CacheTrouble()
