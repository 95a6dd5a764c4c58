import datetime
from unittest import mock

import pytest
from xdist.scheduler import LoadGroupScheduling

from tests.shared_rows import empty_caches

# Noon in Jakarta on 15 June 2025: the factories' "an hour ago" and "tomorrow" fall in its
# month and year, and the tests' fixed future dates (2031) stay ahead of it, whenever the
# suite runs.
FROZEN_NOW = datetime.datetime(2025, 6, 15, 5, 0, tzinfo=datetime.UTC)
# Where the browser tests are: run first, all in one pytest-xdist process (BrowserTestsTogether).
BROWSER_TESTS = "tests/browser/"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes uploads to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """No test sees pages another test cached (the page cache survives database rollbacks)."""
    empty_caches()


@pytest.fixture
def editor_user(django_user_model):
    """A superuser; role-specific users come from the workflow tests."""
    return django_user_model.objects.create_superuser("redaksi", "redaksi@example.com", "pw-redaksi-123")


@pytest.fixture
def admin_client(client, editor_user):
    client.force_login(editor_user)
    return client


@pytest.fixture
def frozen_now(request):
    """Pin ``django.utils.timezone.now()`` to ``FROZEN_NOW``, or to the moment a test passes
    with ``@pytest.mark.parametrize("frozen_now", [...], indirect=True)``; yields it.

    The models, views, page cache and factories all read the time through it. What does not
    keeps running: ``{% now %}``, ``time.time()`` and field defaults bound to the function
    itself (``default=timezone.now``, as ``Correction.created_at`` has).
    """
    moment = getattr(request, "param", FROZEN_NOW)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment


def pytest_collection_modifyitems(items):
    """The browser tests first, then the rest, in the order they were collected."""
    items.sort(key=lambda item: not item.nodeid.startswith(BROWSER_TESTS))


class BrowserTestsTogether(LoadGroupScheduling):
    """pytest-xdist's ``loadgroup`` with every test in tests/browser/ one group, run by one process.

    One Chromium at a time, with one set of kept browser contexts (``tests/browser/conftest.py``):
    two beside two Django processes on 2 cores made every test slower. The browser tests take
    the longest, so they start at once, and the other processes work through the rest meanwhile.
    (Not ``xdist_group`` marks: pytest 9 ignores the group pytest-xdist 3.8 writes into them.)
    """

    def _split_scope(self, nodeid):
        return "browser" if nodeid.startswith(BROWSER_TESTS) else super()._split_scope(nodeid)


def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") == "loadgroup":
        return BrowserTestsTogether(config, log)
    return None
