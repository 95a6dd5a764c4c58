"""Every write a reader can see reaches every cached page on the next request."""

import pytest
from django.db import transaction
from django.utils import timezone

from articles.models import Article
from pophariini import cache as page_cache
from tests.factories import ArticleFactory, ArtistFactory, CategoryFactory
from tests.page_cache import fetch

pytestmark = pytest.mark.django_db


def test_etag_changes_when_the_article_changes(client, article):
    etag = client.get("/ragam-soundtrack/")["ETag"]
    article.title = "Judul Baru"
    article.save()
    response = client.get("/ragam-soundtrack/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Judul Baru" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/", "/ragam-soundtrack/", "/kategori/berita/", "/feed/", "/sitemap-artikel.xml"]
)
def test_publishing_shows_the_article_everywhere_on_the_next_request(client, article, path):
    draft = ArticleFactory(
        title="Inheritors Rilis Pestilence", slug="inheritors", category=article.category, draft=True
    )
    assert "Inheritors Rilis Pestilence" not in fetch(client, path)[1].replace("/inheritors/", "")
    assert client.get("/inheritors/").status_code == 404
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert "inheritors" in fetch(client, path)[1]
    assert client.get("/inheritors/").status_code == 200


@pytest.mark.parametrize(
    "path", ["/", "/ragam-soundtrack/", "/kategori/berita/", "/feed/", "/artis/vanesha/"]
)
def test_an_edit_is_visible_on_every_page_on_the_next_request(client, article, path):
    assert "Ragam Soundtrack dari Film Backstage" in fetch(client, path)[1]
    article.title = "Tujuh Lagu Soundtrack Backstage"
    article.save()
    response, body = fetch(client, path)
    assert response["X-Page-Cache"] == "miss"
    assert "Tujuh Lagu Soundtrack Backstage" in body
    assert "Ragam Soundtrack dari Film Backstage" not in body


def test_unpublishing_removes_the_article_from_every_page(client, article):
    for path in ("/", "/ragam-soundtrack/", "/kategori/berita/", "/feed/"):
        client.get(path)
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get("/ragam-soundtrack/").status_code == 404
    for path in ("/", "/kategori/berita/", "/feed/"):
        assert "ragam-soundtrack" not in fetch(client, path)[1], path


def test_slug_change_redirects_the_old_address_and_relinks_lists(client, article):
    assert client.get("/ragam-soundtrack/").status_code == 200
    assert "/ragam-soundtrack/" in fetch(client, "/")[1]
    article.slug = "soundtrack-backstage"
    article.save()
    old = client.get("/ragam-soundtrack/")
    assert old.status_code == 301
    assert old["Location"] == "/soundtrack-backstage/"
    home = fetch(client, "/")[1]
    assert "/soundtrack-backstage/" in home
    assert 'href="/ragam-soundtrack/"' not in home


def test_renaming_a_linked_artist_updates_the_article_and_artist_pages(client, article):
    assert "Vanesha Prescillia" in fetch(client, "/ragam-soundtrack/")[1]
    assert "Vanesha Prescillia" in fetch(client, "/artis/vanesha/")[1]
    artist = article.artists.get()
    artist.name = "Vanesha Prescillia Sarasvati"
    artist.save()
    assert "Vanesha Prescillia Sarasvati" in fetch(client, "/ragam-soundtrack/")[1]
    assert "Vanesha Prescillia Sarasvati" in fetch(client, "/artis/vanesha/")[1]


def test_linking_an_artist_updates_the_article_page(client, article):
    assert "Sissy Prescillia" not in fetch(client, "/ragam-soundtrack/")[1]
    article.artists.add(ArtistFactory(name="Sissy Prescillia"))
    assert "Sissy Prescillia" in fetch(client, "/ragam-soundtrack/")[1]


def test_changing_a_photo_credit_updates_the_article_page(client, article):
    assert "Dok: Paragon Pictures" in fetch(client, "/ragam-soundtrack/")[1]
    photo = article.figures.get().photo
    photo.credit = "Foto: Arsip Pophariini"
    photo.save()
    body = fetch(client, "/ragam-soundtrack/")[1]
    assert "Foto: Arsip Pophariini" in body
    assert "Dok: Paragon Pictures" not in body


def test_renaming_the_author_updates_the_byline(client, article):
    assert "Raka Dewangkara" in fetch(client, "/ragam-soundtrack/")[1]
    author = article.ordered_authors[0]
    author.name = "Raka D."
    author.save()
    body = fetch(client, "/ragam-soundtrack/")[1]
    assert "Raka D." in body
    assert "Raka Dewangkara" not in body


def test_renaming_the_category_updates_article_and_category_pages(client, article):
    assert "Berita" in fetch(client, "/kategori/berita/")[1]
    category = article.category
    category.name = "Kabar Terkini"
    category.save()
    assert "Kabar Terkini" in fetch(client, "/ragam-soundtrack/")[1]
    assert "Kabar Terkini" in fetch(client, "/kategori/berita/")[1]


def test_tagging_updates_the_tag_page(client, article):
    article.tags.add("soundtrack")
    assert client.get("/tag/soundtrack/")["X-Page-Cache"] == "miss"
    other = ArticleFactory(title="Lagu Tema Film Baru", category=article.category)
    other.tags.add("soundtrack")
    assert "Lagu Tema Film Baru" in fetch(client, "/tag/soundtrack/")[1]


def test_writes_inside_a_transaction_invalidate_again_after_commit(transactional_db):
    """A process that read the new generation before the commit must not keep what it rendered."""
    with transaction.atomic():
        CategoryFactory(name="Kolom", slug="kolom")
        during = page_cache.current_state(timezone.now().timestamp())[0]
    after = page_cache.current_state(timezone.now().timestamp())[0]
    assert during != after


def test_explicit_invalidation_covers_writes_that_skip_signals(client, article):
    fetch(client, "/ragam-soundtrack/")
    Article.objects.filter(pk=article.pk).update(title="Diubah Tanpa Sinyal")
    page_cache.invalidate()
    assert "Diubah Tanpa Sinyal" in fetch(client, "/ragam-soundtrack/")[1]
