"""Bylines in the admin: linking an author to an account, and a writer crediting themself."""

import json

import pytest
from django.urls import reverse

from articles.models import Author
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db


def account_choices(client, term=""):
    """The "Akun pengguna" chooser of the author form, as its autocomplete request asks for it."""
    return client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "author", "field_name": "user", "term": term},
    )


def test_editor_chooses_the_account_of_an_author(client, editor, contributor):
    client.force_login(editor)
    response = account_choices(client, "penulis")
    assert response.status_code == 200
    assert [row["text"] for row in json.loads(response.content)["results"]] == ["penulis"]


def test_choosing_an_account_does_not_open_the_user_list_to_editors(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    other_autocomplete = {"app_label": "articles", "model_name": "article", "field_name": "created_by"}
    assert client.get(reverse("admin:autocomplete"), other_autocomplete).status_code == 403


def test_kontributor_cannot_list_accounts(client, contributor):
    client.force_login(contributor)
    assert account_choices(client).status_code == 403


def test_a_new_article_is_bylined_to_the_writer_by_default(client, contributor):
    client.force_login(contributor)
    data = form_values(client.get(reverse("admin:articles_article_add")))
    assert data["article_authors-0-author"] == str(contributor.author.pk)


def test_kontributor_without_a_profile_creates_their_own_and_credits_themself(client, other_contributor):
    client.force_login(other_contributor)
    add_url = reverse("admin:articles_author_add")
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'id="add_id_article_authors-0-author"' in page
    data = form_values(client.get(add_url))
    assert data["name"] == "Sari"
    someone = factories.AuthorFactory()
    data.update(name="Sari Wulandari", tagline="Menulis dari Malang.", user=str(someone.pk))
    assert client.post(add_url, data).status_code == 302
    profile = Author.objects.get(name="Sari Wulandari")
    assert profile.user == other_contributor
    # One profile per writer: no second one, and no one else's.
    assert client.get(add_url).status_code == 403
    assert (
        client.get(reverse("admin:articles_author_change", args=[someone.pk])).context[
            "has_change_permission"
        ]
        is False
    )
    article_url = reverse("admin:articles_article_add")
    data = form_values(client.get(article_url))
    assert data["article_authors-0-author"] == str(profile.pk)
    data.update(title="Catatan dari Malang", category=str(factories.CategoryFactory().pk))
    assert client.post(article_url, data).status_code == 302
    assert Author.objects.get(articles__title="Catatan dari Malang") == profile


def test_kontributor_edits_their_own_profile(client, contributor):
    client.force_login(contributor)
    url = reverse("admin:articles_author_change", args=[contributor.author.pk])
    data = form_values(client.get(url))
    data.update(tagline="Musik dulu, baru tidur.")
    assert client.post(url, data).status_code == 302
    contributor.author.refresh_from_db()
    assert contributor.author.tagline == "Musik dulu, baru tidur."
    assert contributor.author.user == contributor
