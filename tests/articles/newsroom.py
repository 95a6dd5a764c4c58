"""The newsroom the workflow tests log in as: the roles from ``setup_roles`` and four staff.

By default ``tests/articles/conftest.py`` makes what a test asks for (``roles``,
``contributor``, ``other_contributor``, ``editor``, ``superuser``) for that test alone. A
module whose tests all take plain ``db`` may instead have the roles and all four made once
for its tests, as ``TestCase.setUpTestData`` would (``tests/shared_rows.py``), by
overriding the ``newsroom`` fixture::

    @pytest.fixture(scope="module")
    def newsroom(django_db_setup, django_db_blocker):
        yield from newsroom_for_the_module(django_db_blocker)

Each test then still gets users of its own: read afresh from the database, so nothing a
test sets on one (a cached permission, an attribute) reaches the next.
"""

import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from tests import factories
from tests.shared_rows import rows_for_the_module


def make_roles():
    call_command("setup_roles", stdout=io.StringIO())


def staff_member(django_user_model, username, group_name, **names):
    user = django_user_model.objects.create_user(
        username, f"{username}@example.com", "pw", is_staff=True, **names
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def make_contributor(django_user_model):
    """A Kontributor with an author profile, as writers have."""
    user = staff_member(
        django_user_model, "penulis", "Kontributor", first_name="Raka", last_name="Dewangkara"
    )
    factories.AuthorFactory(name="Raka Dewangkara", user=user)
    return user


def make_other_contributor(django_user_model):
    return staff_member(django_user_model, "penulis-lain", "Kontributor", first_name="Sari")


def make_editor(django_user_model):
    return staff_member(django_user_model, "editor", "Editor", first_name="Dina", last_name="Redaktur")


def make_superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")


# The staff (the name of each one's fixture), made after the roles.
STAFF = {
    "contributor": make_contributor,
    "other_contributor": make_other_contributor,
    "editor": make_editor,
    "superuser": make_superuser,
}


def member(newsroom, name, django_user_model):
    """The staff member ``name``: made now, or read afresh from the module's ``newsroom``."""
    if newsroom is None:
        return STAFF[name](django_user_model)
    return django_user_model.objects.get(pk=newsroom[name])


def newsroom_for_the_module(django_db_blocker):
    """The roles and the four staff, made once in the module's transaction; yields their pks by name."""
    with rows_for_the_module(django_db_blocker):
        with django_db_blocker.unblock():
            make_roles()
            user_model = get_user_model()
            pks = {name: make(user_model).pk for name, make in STAFF.items()}
        yield pks
