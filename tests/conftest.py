import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes uploads to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """No test sees pages another test cached (the page cache survives database rollbacks)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def editor_user(django_user_model):
    """A superuser; role-specific users come from the workflow tests."""
    return django_user_model.objects.create_superuser("redaksi", "redaksi@example.com", "pw-redaksi-123")


@pytest.fixture
def admin_client(client, editor_user):
    client.force_login(editor_user)
    return client
