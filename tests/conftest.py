import datetime
from unittest import mock

import pytest

from tests.shared_rows import empty_caches

# Noon in Jakarta on 15 June 2025: the factories' "an hour ago" and "tomorrow" fall in its
# month and year, and the tests' fixed future dates (2031) stay ahead of it, whenever the
# suite runs.
FROZEN_NOW = datetime.datetime(2025, 6, 15, 5, 0, tzinfo=datetime.UTC)


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
    """The browser tests first and in one pytest-xdist process (``make test`` runs
    ``--dist loadgroup``), then the rest, in the order they were collected.

    One Chromium at a time: on 2 cores, two beside two Django processes made every test
    slower. The browser tests take the longest, so they start at once, and the other
    process works through the rest meanwhile.
    """
    items.sort(key=lambda item: item.get_closest_marker("browser") is None)
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
