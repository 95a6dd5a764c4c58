"""Parts of the article page cached under the versions of the models they read stay exact."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Figure
from music.models import Artist, Release
from pophariini import versions
from pophariini.content import bulk_write
from tests.factories import (
    ArticleFactory,
    ArtistFactory,
    FigureFactory,
    PhotoFactory,
    ReleaseFactory,
    SongFactory,
    TrackCreditFactory,
    TrackFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def music_queries(client, article):
    """How many queries of the page read the music box's tables."""
    with CaptureQueriesContext(connection) as context:
        page(client, article)
    tables = (Release._meta.db_table, Artist._meta.db_table)
    return [q["sql"] for q in context.captured_queries if any(f'"{table}"' in q["sql"] for table in tables)]


def test_renaming_a_linked_artist_shows_on_the_next_view(client):
    article = ArticleFactory()
    artist = ArtistFactory(name="Nama Lama")
    article.artists.add(artist)
    assert "Nama Lama" in page(client, article)
    artist.name = "Nama Baru"
    artist.save()
    html = page(client, article)
    assert "Nama Baru" in html and "Nama Lama" not in html


def test_a_new_release_title_and_a_new_figure_caption_show_on_the_next_view(client):
    release = ReleaseFactory(title="Judul Rilisan Lama")
    article = ArticleFactory(body="<p>Awal.</p><p>[foto 1]</p>")
    article.releases.add(release)
    figure = FigureFactory(article=article, photo=PhotoFactory(caption="Keterangan lama"), key=1)
    first = page(client, article)
    assert "Judul Rilisan Lama" in first and "Keterangan lama" in first
    Release.objects.filter(pk=release.pk).update(title="Judul Rilisan Baru")  # no signal: stays cached
    assert "Judul Rilisan Lama" in page(client, article)
    release.refresh_from_db()
    release.save()
    Figure.objects.filter(pk=figure.pk).update(caption="Keterangan baru")
    figure.refresh_from_db()
    figure.save()
    html = page(client, article)
    assert "Judul Rilisan Baru" in html and "Keterangan baru" in html


def test_a_songs_new_original_artist_shows_in_the_music_box_on_the_next_view(client):
    """A many-to-many link table the box reads (a song's original artists) renews it too."""
    release = ReleaseFactory()
    song = SongFactory(original_artists=[ArtistFactory(name="Mocca")])
    TrackCreditFactory(track=TrackFactory(release=release, song=song), artist=ArtistFactory(name="Vanesha"))
    article = ArticleFactory()
    article.releases.add(release)
    arina = ArtistFactory(name="Arina")
    assert "Mocca" in page(client, article)
    song.original_artists.add(arina)  # no save of the song or the artist
    assert "Arina" in page(client, article)


def test_saving_another_article_keeps_the_music_box_cached(client):
    article = ArticleFactory()
    article.releases.add(ReleaseFactory())
    article.artists.add(ArtistFactory())
    assert music_queries(client, article)
    assert not music_queries(client, article)
    other = ArticleFactory()
    other.title = "Judul lain"
    other.save()
    assert not music_queries(client, article)
    ArtistFactory()
    assert music_queries(client, article)


def test_a_bulk_write_renews_every_version():
    """Rows written without signals are not known one by one, so every model's version goes."""
    labels = ["music.Artist", "articles.Figure", "pophariini.Photo", "music"]
    before = versions.current(labels)
    with bulk_write():
        Artist.objects.bulk_create([Artist(name="Tanpa Sinyal", slug="tanpa-sinyal")])
    assert not set(before) & set(versions.current(labels))


def test_a_failing_cache_loads_the_value_and_the_page_renders(client, monkeypatch):
    article = ArticleFactory()
    article.artists.add(ArtistFactory(name="Tetap Tampil"))

    def refuse(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(versions.cache, "get_many", refuse)
    assert versions.cached("test", 1, [Artist], lambda: "dimuat") == "dimuat"
    assert "Tetap Tampil" in page(client, article)


def test_values_stay_in_the_worker_and_the_shared_cache_holds_only_versions(monkeypatch):
    """Kept in the shared cache, values filled Django's file cache until its culls took versions with them."""
    loads, shared_writes = [], []
    for method in ("set", "set_many", "add"):
        original = getattr(versions.cache, method)

        def record(*args, _original=original, **kwargs):
            shared_writes.append(args[0])
            return _original(*args, **kwargs)

        monkeypatch.setattr(versions.cache, method, record)

    def load():
        loads.append(1)
        return "nilai"

    assert versions.cached("test", 1, [Artist], load) == "nilai"
    assert versions.cached("test", 1, [Artist], load) == "nilai"
    assert len(loads) == 1
    assert not [key for key in shared_writes if "cached:" in str(key)]
    versions.local_values.clear()  # another worker: it loads the value itself, under the same versions
    versions.cached("test", 1, [Artist], load)
    assert len(loads) == 2
    ArtistFactory()  # a write renews the version: every worker's value is old
    versions.cached("test", 1, [Artist], load)
    assert len(loads) == 3


def test_a_request_reads_each_version_from_the_shared_cache_once(client, monkeypatch):
    """The article page's parts ask for the Article version four times; the shared cache is asked once."""
    article = ArticleFactory()
    article.artists.add(ArtistFactory())
    page(client, article)
    read = []
    original = versions.cache.get_many

    def record(keys, *args, **kwargs):
        read.extend(key for key in keys if str(key).startswith("version:"))
        return original(keys, *args, **kwargs)

    monkeypatch.setattr(versions.cache, "get_many", record)
    page(client, article)
    assert "version:articles.Article" in read
    assert len(read) == len(set(read))
    read.clear()
    page(client, article)  # the next request reads them again: a write elsewhere is seen
    assert "version:articles.Article" in read


def test_a_write_during_a_request_is_seen_by_the_rest_of_that_request():
    # The receivers alone: Django's own request_started receiver would close the test's connection.
    versions._request_started()
    try:
        first = versions.current(["music.Artist"])
        assert versions.current(["music.Artist"]) == first
        ArtistFactory()
        assert versions.current(["music.Artist"]) != first
    finally:
        versions._request_finished()


def test_a_worker_keeps_the_values_of_the_article_pages_it_promises(client, monkeypatch):
    """Readers going round more article pages than the worker's memory holds would find none of
    their values there (least recently used first out): a new value a page asks for needs room."""
    articles = []
    for number in range(3):
        article = ArticleFactory(body=f"<p>Isi {number}.</p><p>[foto 1]</p>")
        FigureFactory(article=article, key=1)
        article.artists.add(ArtistFactory())
        article.releases.add(ReleaseFactory())
        article.tags.add("pop")
        articles.append(article)
    stored = []
    original = versions.local_values.set

    def record(key, *args, **kwargs):
        stored.append(key)
        return original(key, *args, **kwargs)

    monkeypatch.setattr(versions.local_values, "set", record)
    page(client, articles[0])
    site_wide = len(stored)
    per_page = []
    for article in articles[1:]:
        stored.clear()
        page(client, article)
        per_page.append(len(stored))
    assert min(per_page) >= 3  # the page's own values are kept at all
    assert versions.ARTICLE_PAGES_KEPT * max(per_page) + site_wide <= versions.LOCAL_VALUES


def test_with_redis_a_part_loaded_in_one_worker_serves_every_other(settings):
    """After a write each part is loaded once for the site, not once per worker and server."""
    settings.CACHED_VALUES_SHARED = True
    loads = []

    def load():
        loads.append(1)
        return f"nilai {len(loads)}"

    assert versions.cached("test", 1, [Artist], load) == "nilai 1"
    versions.local_values.clear()  # another worker
    assert versions.cached("test", 1, [Artist], load) == "nilai 1"
    assert len(loads) == 1
    ArtistFactory()  # a write renews the version: the shared value is old for everyone
    versions.local_values.clear()
    assert versions.cached("test", 1, [Artist], load) == "nilai 2"
    versions.local_values.clear()
    assert versions.cached("test", 1, [Artist], load) == "nilai 2"
    assert len(loads) == 2


def test_a_shared_part_that_cannot_be_read_is_loaded_and_the_page_renders(client, settings, monkeypatch):
    settings.CACHED_VALUES_SHARED = True
    article = ArticleFactory()
    article.artists.add(ArtistFactory(name="Tetap Tampil"))
    assert "Tetap Tampil" in page(client, article)
    versions.local_values.clear()
    original = versions.page_cache.cache.get

    def unreadable(key, *args, **kwargs):
        if "cached:" in str(key):
            raise ValueError("unpickling failed")
        return original(key, *args, **kwargs)

    monkeypatch.setattr(versions.page_cache.cache, "get", unreadable)
    assert "Tetap Tampil" in page(client, article)
