"""Newsroom roles for the workflow tests (from ``setup_roles``); WXR files and uploads for the import."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from PIL import Image

from tests import factories
from tests.articles.wordpress_exports import wxr


@pytest.fixture
def roles(db):
    call_command("setup_roles", stdout=io.StringIO())


def staff_member(django_user_model, username, group_name, **names):
    user = django_user_model.objects.create_user(
        username, f"{username}@example.com", "pw", is_staff=True, **names
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def contributor(roles, django_user_model):
    """A Kontributor with an author profile, as writers have."""
    user = staff_member(
        django_user_model, "penulis", "Kontributor", first_name="Raka", last_name="Dewangkara"
    )
    factories.AuthorFactory(name="Raka Dewangkara", user=user)
    return user


@pytest.fixture
def other_contributor(roles, django_user_model):
    return staff_member(django_user_model, "penulis-lain", "Kontributor", first_name="Sari")


@pytest.fixture
def editor(roles, django_user_model):
    return staff_member(django_user_model, "editor", "Editor", first_name="Dina", last_name="Redaktur")


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")


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
