"""Newsroom roles for the workflow, revision and concurrency tests (groups from ``setup_roles``)."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from tests import factories


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
