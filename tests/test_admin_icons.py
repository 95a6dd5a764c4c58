"""The admin's yes/no icons are labelled in the admin's language, never with Django's "True"/"False"."""

import io
import re

import pytest
from axes.models import AccessFailureLog
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from articles.models import Author
from tests import factories

pytestmark = pytest.mark.django_db

# An icon and the alt text a screen reader says for it.
ICON = re.compile(r'<img src="[^"]*/admin/img/icon-(yes|no|unknown)\.svg" alt="([^"]*)">')
SAID = {"yes": "Ya", "no": "Tidak", "unknown": "Tidak diketahui"}


def icons(response):
    assert response.status_code == 200
    return ICON.findall(response.content.decode())


def assert_indonesian(found, *expected):
    """Each expected icon ("yes"/"no") is there, and every icon says its Indonesian word."""
    assert found, "no yes/no icon on the page"
    assert [alt for icon, alt in found if alt != SAID[icon]] == []
    for icon in expected:
        assert icon in [icon for icon, _alt in found]


@pytest.fixture
def kontributor(client, django_user_model):
    call_command("setup_roles", stdout=io.StringIO())
    user = django_user_model.objects.create_user("penulis", "penulis@example.com", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Kontributor"))
    factories.AuthorFactory(name="Raka Dewangkara", user=user)
    client.force_login(user)
    return user


def test_a_kontributor_sees_featured_and_sponsored_read_only_as_ya_or_tidak(client, kontributor):
    draft = factories.ArticleFactory(
        draft=True, featured=True, authors=[Author.objects.get(user=kontributor)], created_by=kontributor
    )
    change = reverse("admin:articles_article_change", args=[draft.pk])
    assert_indonesian(icons(client.get(change)), "yes", "no")
    html = client.get(change).content.decode()
    assert "Unggulan" in html and "Konten bersponsor" in html
    assert_indonesian(icons(client.get(reverse("admin:articles_article_add"))), "no")


def test_a_kontributor_sees_a_rubric_read_only_with_an_indonesian_icon(client, kontributor):
    category = factories.CategoryFactory(show_on_home=True)
    assert_indonesian(icons(client.get(reverse("admin:articles_category_change", args=[category.pk]))), "yes")


def test_the_rubric_chooser_pop_up_lists_indonesian_icons(admin_client):
    factories.CategoryFactory(show_on_home=False)
    popup = admin_client.get(reverse("admin:articles_category_changelist"), {"_popup": 1, "_to_field": "id"})
    assert_indonesian(icons(popup), "no")
    # Outside the pop-up the column stays a check box to tick.
    listing = admin_client.get(reverse("admin:articles_category_changelist"))
    assert 'name="form-0-show_on_home"' in listing.content.decode()


def test_the_account_list_and_the_failed_login_log_use_indonesian_icons(admin_client):
    assert_indonesian(icons(admin_client.get(reverse("admin:auth_user_changelist"))), "yes")
    AccessFailureLog.objects.create(
        username="tamu", ip_address="127.0.0.1", user_agent="Firefox", locked_out=False
    )
    assert_indonesian(icons(admin_client.get(reverse("admin:axes_accessfailurelog_changelist"))), "no")
