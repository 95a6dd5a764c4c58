"""Newsroom roles and staff for the workflow tests (tests/articles/newsroom.py); WXR files and uploads for the import."""

import pytest
from PIL import Image

from tests.articles.newsroom import make_roles, member
from tests.articles.wordpress_exports import wxr


@pytest.fixture
def newsroom():
    """None: each test makes the roles and staff it asks for. A module may override this to
    have them made once for all its tests (tests/articles/newsroom.py)."""
    return None


@pytest.fixture
def roles(db, newsroom):
    if newsroom is None:
        make_roles()


@pytest.fixture
def contributor(roles, django_user_model, newsroom):
    """A Kontributor with an author profile, as writers have."""
    return member(newsroom, "contributor", django_user_model)


@pytest.fixture
def other_contributor(roles, django_user_model, newsroom):
    return member(newsroom, "other_contributor", django_user_model)


@pytest.fixture
def editor(roles, django_user_model, newsroom):
    return member(newsroom, "editor", django_user_model)


@pytest.fixture
def superuser(django_user_model, newsroom):
    return member(newsroom, "superuser", django_user_model)


@pytest.fixture
def write_wxr(tmp_path):
    def write(*items, name="export.xml", **kwargs):
        path = tmp_path / name
        path.write_text(wxr(*items, **kwargs), encoding="utf-8")
        return path

    return write


@pytest.fixture
def uploads(tmp_path):
    """A wp-content/uploads tree with real images made by Pillow."""
    root = tmp_path / "uploads"

    def add(relative, *, size=(40, 30), fmt="JPEG", raw=None):
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if raw is not None:
            target.write_bytes(raw)
        else:
            Image.new("RGB", size, (10, 120, 200)).save(target, fmt)
        return target

    root.mkdir()
    add.root = root
    return add
