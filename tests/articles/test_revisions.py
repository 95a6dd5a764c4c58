"""Revisions (django-reversion): history, compare, revert and recovery of deleted articles."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def save_in_admin(client, article, **changes):
    url = change_url(article)
    data = form_values(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


@pytest.fixture
def article_with_history(client, editor):
    """An article saved twice in the admin: first version, then a rewrite."""
    author = factories.AuthorFactory(name="Raka Dewangkara")
    article = factories.ArticleFactory(
        title="Versi Pertama", body="<p>Isi pertama.</p><p>[foto 1]</p>", authors=[author]
    )
    figure = factories.FigureFactory(
        article=article, key=1, caption="Keterangan pertama", credit="Dok: Paragon Pictures"
    )
    client.force_login(editor)
    save_in_admin(client, article, tags="indie")
    save_in_admin(
        client,
        article,
        tags="pop",
        title="Versi Kedua",
        # The caption edited on the photo in the body editor (articles/figures.py).
        body=(
            f'<p>Isi kedua.</p><p data-figure-photo="{figure.photo_id}" data-figure-caption="Keterangan kedua" '
            'data-figure-credit="Dok: Paragon Pictures">[foto 1]</p>'
        ),
        **{"figures-editor": "1"},
    )
    return article


def test_each_admin_save_is_a_revision_with_authors_and_figures(article_with_history, editor):
    versions = Version.objects.get_for_object(article_with_history)
    assert versions.count() == 2
    revision = versions.last().revision
    assert revision.user == editor
    models = {v.content_type.model for v in revision.version_set.all()}
    assert {"article", "articleauthor", "figure", "taggedarticle"} <= models


def test_history_page_lists_versions_with_compare_links(client, article_with_history):
    url = reverse("admin:articles_article_history", args=[article_with_history.pk])
    page = client.get(url).content.decode()
    assert page.count("/compare/") == 2
    assert "Dina Redaktur" in page


def test_compare_shows_then_and_now(client, article_with_history):
    first = Version.objects.get_for_object(article_with_history).last()
    url = reverse("admin:articles_article_compare", args=[article_with_history.pk, first.pk])
    response = client.get(url)
    assert response.status_code == 200
    rows = {row.label: row for row in response.context["rows"]}
    assert (rows["judul"].old, rows["judul"].new) == ("Versi Pertama", "Versi Kedua")
    assert "Keterangan pertama" in rows["foto dalam artikel"].old
    assert not rows["penulis"].changed
    page = response.content.decode()
    assert "Isi pertama." in page and "Isi kedua." in page


def test_compare_shows_markup_and_titles_as_text(client, editor):
    article = factories.ArticleFactory(body="<p>aman</p>", title="Judul biasa")
    client.force_login(editor)
    # The title keeps a "<" that starts no tag (entities typed there are decoded and stripped).
    save_in_admin(client, article, body="<p>baru</p>", title="Judul <3 & tebal")
    version = Version.objects.get_for_object(article).first()
    page = client.get(
        reverse("admin:articles_article_compare", args=[article.pk, version.pk])
    ).content.decode()
    assert "&lt;p&gt;baru&lt;/p&gt;" in page
    assert "Judul &lt;3 &amp; tebal" in page
    assert "Judul <3" not in page


def test_revert_restores_text_and_figures(client, article_with_history):
    first = Version.objects.get_for_object(article_with_history).last()
    url = reverse("admin:articles_article_revision", args=[article_with_history.pk, first.pk])
    response = client.get(url)
    assert response.status_code == 200
    # Viewing an old version changes nothing.
    article_with_history.refresh_from_db()
    assert article_with_history.title == "Versi Kedua"

    # Posted as the browser does, the body editor having run on the old version.
    assert client.post(url, {**form_values(response), "figures-editor": "1"}).status_code == 302
    article_with_history.refresh_from_db()
    assert article_with_history.title == "Versi Pertama"
    assert article_with_history.body == "<p>Isi pertama.</p><p>[foto 1]</p>"
    assert article_with_history.figures.get().caption == "Keterangan pertama"
    assert [tag.name for tag in article_with_history.tags.all()] == ["indie"]
    assert Version.objects.get_for_object(article_with_history).count() == 3


def test_deleted_article_is_recovered_with_its_authors_and_figures(client, article_with_history):
    pk = article_with_history.pk
    delete_url = reverse("admin:articles_article_delete", args=[pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=pk).exists()

    listing = client.get(reverse("admin:articles_article_recoverlist"))
    assert "Versi Kedua" in listing.content.decode()
    deleted = Version.objects.get_deleted(Article).get()
    url = reverse("admin:articles_article_recover", args=[deleted.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert client.post(url, form_values(response)).status_code == 302

    article = Article.objects.get(pk=pk)
    assert article.title == "Versi Kedua"
    assert [a.name for a in article.ordered_authors] == ["Raka Dewangkara"]
    assert article.figures.get().caption == "Keterangan kedua"


def test_kontributor_sees_own_history_but_cannot_revert_or_recover(client, contributor):
    article = factories.ArticleFactory(draft=True, created_by=contributor)
    client.force_login(contributor)
    save_in_admin(client, article, title="Draf Raka")
    version = Version.objects.get_for_object(article).first()
    assert client.get(reverse("admin:articles_article_history", args=[article.pk])).status_code == 200
    assert (
        client.get(reverse("admin:articles_article_compare", args=[article.pk, version.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("admin:articles_article_revision", args=[article.pk, version.pk])).status_code
        == 403
    )
    assert client.get(reverse("admin:articles_article_recoverlist")).status_code == 403


def test_kontributor_cannot_read_another_articles_history(client, contributor, other_contributor):
    article = factories.ArticleFactory(draft=True, created_by=other_contributor)
    client.force_login(other_contributor)
    save_in_admin(client, article)
    version = Version.objects.get_for_object(article).first()
    client.force_login(contributor)
    assert client.get(reverse("admin:articles_article_history", args=[article.pk])).status_code == 403
    assert (
        client.get(reverse("admin:articles_article_compare", args=[article.pk, version.pk])).status_code
        == 403
    )


def save_section_in_admin(client, section, **changes):
    url = reverse("admin:articles_rankedsection_change", args=[section.pk])
    data = form_values(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_kontributor_cannot_revert_or_recover_a_ranked_list(client, contributor, editor):
    """The same rule as for articles: a ranked list's history is readable, reverting is an Editor's."""
    article = factories.ArticleFactory(draft=True, created_by=contributor)
    section = factories.RankedSectionFactory(article=article, title="Sepuluh Terbaik")
    client.force_login(contributor)
    save_section_in_admin(client, section, title="Sebelas Terbaik")
    version = Version.objects.get_for_object(section).first()
    history = client.get(reverse("admin:articles_rankedsection_history", args=[section.pk]))
    assert history.status_code == 200
    revision_url = reverse("admin:articles_rankedsection_revision", args=[section.pk, version.pk])
    assert revision_url not in history.content.decode()
    assert client.get(revision_url).status_code == 403
    changelist = client.get(reverse("admin:articles_rankedsection_changelist")).content.decode()
    recoverlist_url = reverse("admin:articles_rankedsection_recoverlist")
    assert recoverlist_url not in changelist
    assert client.get(recoverlist_url).status_code == 403

    client.force_login(editor)
    history = client.get(reverse("admin:articles_rankedsection_history", args=[section.pk]))
    assert revision_url in history.content.decode()
    client.post(reverse("admin:articles_rankedsection_delete", args=[section.pk]), {"post": "yes"})
    deleted = Version.objects.get_deleted(type(section)).get()
    assert recoverlist_url in client.get(reverse("admin:articles_rankedsection_changelist")).content.decode()
    client.force_login(contributor)
    recover_url = reverse("admin:articles_rankedsection_recover", args=[deleted.pk])
    assert client.get(recover_url).status_code == 403
    assert not type(section).objects.exists()


def test_kontributor_cannot_read_the_history_of_another_writers_ranked_list(client, contributor):
    section = factories.RankedSectionFactory(article=factories.ArticleFactory(draft=True))
    client.force_login(contributor)
    url = reverse("admin:articles_rankedsection_history", args=[section.pk])
    assert client.get(url).status_code == 403
