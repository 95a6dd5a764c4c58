"""A write renews the cached pages that show what it changed, and leaves every other page cached."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles import related
from articles.models import Article
from music.models import Artist
from pophariini import cache as page_cache
from tests.factories import (
    ArticleFactory,
    ArtistFactory,
    CategoryFactory,
    RelatedArticleFactory,
    ReleaseFactory,
    TrackCreditFactory,
    TrackFactory,
)
from tests.page_cache import fetch

pytestmark = pytest.mark.django_db


@pytest.fixture
def other():
    """An article in another rubric that shows nothing of the ``article`` fixture."""
    return ArticleFactory(
        title="Kabar Lain Sama Sekali",
        slug="kabar-lain",
        category=CategoryFactory(name="Kolom", slug="kolom"),
    )


@pytest.fixture
def full_lists(article, other):
    """Full stored related lists, as in an archive of any size (a short list takes any new article)."""
    filler = ArticleFactory(title="Pengisi Kartu", slug="pengisi", category=other.category)
    for owner in (article, other):
        related.store(owner.pk, [filler.pk] * related.STORED, timezone.now())


def warm(client, *paths):
    for path in paths:
        client.get(path)
        assert client.get(path)["X-Page-Cache"] == "hit", path


def outcome(client, path):
    response, body = fetch(client, path)
    return response["X-Page-Cache"], body


def test_saving_an_article_renews_its_page_and_the_home_and_leaves_other_articles_cached(
    client, article, other, full_lists
):
    warm(client, "/ragam-soundtrack/", "/kabar-lain/", "/")
    article.title = "Tujuh Lagu Soundtrack Backstage"
    article.save()
    for path in ("/ragam-soundtrack/", "/"):
        state, body = outcome(client, path)
        assert state == "miss" and "Tujuh Lagu Soundtrack Backstage" in body, path
    assert outcome(client, "/kabar-lain/")[0] == "hit"


def test_a_page_showing_the_article_as_a_related_card_is_renewed(client, article, other):
    RelatedArticleFactory(from_article=other, to_article=article)
    warm(client, "/kabar-lain/")
    article.title = "Tujuh Lagu Soundtrack Backstage"
    article.save()
    state, body = outcome(client, "/kabar-lain/")
    assert state == "miss" and "Tujuh Lagu Soundtrack Backstage" in body


def test_a_body_edit_leaves_pages_showing_the_article_as_a_card_cached(client, article, other, full_lists):
    RelatedArticleFactory(from_article=other, to_article=article)
    related.store(other.pk, [article.pk] * related.STORED, timezone.now())
    warm(client, "/kabar-lain/", "/ragam-soundtrack/")
    article = Article.objects.get(pk=article.pk)  # loaded as the admin loads it
    article.body = "<p>Pembuka yang ditulis ulang.</p><p>[foto 1]</p>"
    article.save()
    state, body = outcome(client, "/ragam-soundtrack/")
    assert state == "miss" and "Pembuka yang ditulis ulang." in body
    assert outcome(client, "/kabar-lain/")[0] == "hit"


def test_publishing_renews_the_page_of_the_previous_article_in_the_rubric(client, article, full_lists):
    warm(client, "/ragam-soundtrack/")
    newer = ArticleFactory(
        title="Kabar Berikutnya", slug="kabar-berikutnya", category=article.category, draft=True
    )
    assert outcome(client, "/ragam-soundtrack/")[0] == "hit"  # a draft shows nowhere
    newer.status = Article.Status.PUBLISHED
    newer.save()
    state, body = outcome(client, "/ragam-soundtrack/")
    assert state == "miss" and 'rel="next" href="/kabar-berikutnya/"' in body


def test_unpublishing_renews_the_neighbour_that_linked_to_it(client, article):
    newer = ArticleFactory(title="Kabar Berikutnya", slug="kabar-berikutnya", category=article.category)
    assert 'href="/kabar-berikutnya/"' in outcome(client, "/ragam-soundtrack/")[1]
    newer = Article.objects.get(pk=newer.pk)
    newer.status = Article.Status.DRAFT
    newer.save()
    state, body = outcome(client, "/ragam-soundtrack/")
    assert state == "miss" and "/kabar-berikutnya/" not in body


def test_a_baca_juga_paragraph_follows_the_article_it_quotes(client, article, other):
    other.body = '<p>Awal.</p><p>Baca juga: <a href="/ragam-soundtrack/">Ragam Soundtrack</a></p>'
    other.save()
    warm(client, "/kabar-lain/")
    article.title = "Tujuh Lagu Soundtrack Backstage"
    article.save()
    state, body = outcome(client, "/kabar-lain/")
    assert state == "miss" and "Tujuh Lagu Soundtrack Backstage" in body


def test_renaming_a_performer_renews_the_articles_showing_the_release_and_no_other(
    client, article, other, full_lists
):
    performer = ArtistFactory(name="Sissy Prescillia")
    track = TrackFactory(release=ReleaseFactory(title="Backstage OST"))
    TrackCreditFactory(track=track, artist=performer)
    other.releases.add(track.release)
    assert "Sissy Prescillia" in outcome(client, "/kabar-lain/")[1]
    warm(client, "/kabar-lain/", "/ragam-soundtrack/")
    performer.name = "Sissy Prescillia Sarasvati"
    performer.save()
    state, body = outcome(client, "/kabar-lain/")
    assert state == "miss" and "Sissy Prescillia Sarasvati" in body
    assert outcome(client, "/ragam-soundtrack/")[0] == "hit"


def test_moving_a_track_to_another_release_renews_the_article_showing_the_old_one(client, other):
    old, new = ReleaseFactory(title="Rilisan Lama"), ReleaseFactory(title="Rilisan Baru")
    track = TrackFactory(release=old, song__title="Lagu Yang Pindah")
    other.releases.add(old)
    assert "Lagu Yang Pindah" in outcome(client, "/kabar-lain/")[1]
    track.release = new
    track.save()
    state, body = outcome(client, "/kabar-lain/")
    assert state == "miss" and "Lagu Yang Pindah" not in body


def test_a_write_to_a_model_no_app_scoped_renews_every_page(client, article, other):
    warm(client, "/ragam-soundtrack/", "/kabar-lain/")
    other.category.name = "Ulasan"
    other.category.save()
    assert outcome(client, "/ragam-soundtrack/")[0] == "miss"
    assert outcome(client, "/kabar-lain/")[0] == "miss"


def test_a_new_rubric_renews_the_lists_only(client, article):
    warm(client, "/ragam-soundtrack/", "/")
    CategoryFactory(name="Ulasan", slug="ulasan")
    assert outcome(client, "/")[0] == "miss"
    assert outcome(client, "/ragam-soundtrack/")[0] == "hit"


@pytest.mark.parametrize(("own_copy", "keys"), [(True, 2), (False, 3)])
def test_a_cached_hit_reads_its_keys_in_one_round_trip(client, article, monkeypatch, own_copy, keys):
    """The state and the scope's token; the page too when this worker holds no copy of it."""
    warm(client, "/ragam-soundtrack/")
    if not own_copy:
        page_cache.local_pages.clear()
    calls, inside = [], []

    def recording(name, original):
        def call(*args, **kwargs):
            if not inside:  # a backend's get_many may call its own get()
                calls.append((name, args[0]))
            inside.append(name)
            try:
                return original(*args, **kwargs)
            finally:
                inside.pop()

        return call

    for method in ("get", "get_many", "add", "set", "set_many", "delete", "delete_many"):
        monkeypatch.setattr(cache, method, recording(method, getattr(cache, method)))
    assert client.get("/ragam-soundtrack/")["X-Page-Cache"] == "hit"
    assert [(name, len(read)) for name, read in calls] == [("get_many", keys)], calls


def test_deleting_a_linked_artist_renews_the_article_showing_it(client, article, other):
    assert "Vanesha Prescillia" in outcome(client, "/ragam-soundtrack/")[1]
    warm(client, "/kabar-lain/")
    article.artists.get().delete()
    state, body = outcome(client, "/ragam-soundtrack/")
    assert state == "miss" and "Vanesha Prescillia" not in body


def test_a_new_artist_bio_renews_the_artist_page_and_the_sitemaps_and_leaves_the_rest_cached(client, article):
    other_artist = ArtistFactory(name="Sissy Prescillia", slug="sissy")
    ArticleFactory(slug="kabar-sissy", category=article.category).artists.add(other_artist)
    pages = ["/ragam-soundtrack/", "/", "/kategori/berita/", "/artis/sissy/", "/cari/?q=vanesha"]
    warm(client, "/artis/vanesha/", "/sitemap.xml", "/sitemap-artis.xml", *pages)
    artist = Artist.objects.get(pk=article.artists.get().pk)  # loaded whole, as the admin does
    artist.bio = "Penyanyi dan aktris asal Jakarta."
    artist.save()
    state, body = outcome(client, "/artis/vanesha/")
    assert state == "miss" and "Penyanyi dan aktris asal Jakarta." in body
    # Its lastmod moved in the artists' sitemap section.
    assert outcome(client, "/sitemap-artis.xml")[0] == "miss"
    assert outcome(client, "/sitemap.xml")[0] == "miss"
    for path in pages:
        assert outcome(client, path)[0] == "hit", path


def test_a_write_that_renews_the_lists_renews_artist_pages_and_sitemaps_too(client, article):
    warm(client, "/artis/vanesha/", "/sitemap-artis.xml")
    artist = Artist.objects.get(pk=article.artists.get().pk)
    artist.name = "Vanesha P."  # on lists and articles: renews the lists as before
    artist.save()
    state, body = outcome(client, "/artis/vanesha/")
    assert state == "miss" and "Vanesha P." in body
    assert outcome(client, "/sitemap-artis.xml")[0] == "miss"
    warm(client, "/artis/vanesha/")
    page_cache.renew_scopes({page_cache.LISTS})
    assert outcome(client, "/artis/vanesha/")[0] == "miss"


def test_a_new_title_keeps_the_stored_related_lists(article, other, full_lists):
    """Scores read no title: the lists stay, and the page cache renews the pages showing the cards."""
    article = Article.objects.get(pk=article.pk)
    article.title = "Tujuh Lagu Soundtrack Backstage"
    article.save()
    assert related.RelatedSuggestion.objects.filter(article=article).exists()
