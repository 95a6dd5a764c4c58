"""A write renews the cached pages that show what it changed, and leaves every other page cached."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import page_scopes, related
from articles.models import Article, ArticleAuthor
from music.models import Artist
from pophariini import cache as page_cache
from tests.factories import (
    ArticleFactory,
    ArtistFactory,
    AuthorFactory,
    CategoryFactory,
    FilmCreditFactory,
    FilmFactory,
    RankedEntryFactory,
    RankedSectionFactory,
    RelatedArticleFactory,
    ReleaseCreditFactory,
    ReleaseFactory,
    SongCreditFactory,
    SongFactory,
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


def test_a_music_write_renews_the_music_pages_and_the_lists(client, article):
    warm(client, "/artis/vanesha/", "/sitemap-artis.xml")
    artist = Artist.objects.get(pk=article.artists.get().pk)
    artist.name = "Vanesha P."  # on lists, articles and music pages
    artist.save()
    state, body = outcome(client, "/artis/vanesha/")
    assert state == "miss" and "Vanesha P." in body
    assert outcome(client, "/sitemap-artis.xml")[0] == "miss"


def test_music_pages_are_under_music_and_not_under_the_lists(client, article):
    warm(client, "/artis/vanesha/", "/")
    page_cache.renew_scopes({page_cache.LISTS})
    assert outcome(client, "/")[0] == "miss"
    assert outcome(client, "/artis/vanesha/")[0] == "hit"
    page_cache.renew_scopes({page_scopes.MUSIC})
    assert outcome(client, "/artis/vanesha/")[0] == "miss"
    assert outcome(client, "/")[0] == "hit"


def test_a_new_title_keeps_the_stored_related_lists(article, other, full_lists):
    """Scores read no title: the lists stay, and the page cache renews the pages showing the cards."""
    article = Article.objects.get(pk=article.pk)
    article.title = "Tujuh Lagu Soundtrack Backstage"
    article.save()
    assert related.RelatedSuggestion.objects.filter(article=article).exists()


NEW_TITLE = "Tujuh Lagu Soundtrack Backstage"


@pytest.fixture
def music_about(article):
    """Music pages that list the ``article`` fixture, each by one rule, and music pages that do not."""
    by_original = SongFactory(title="Lagu Asli", original_artists=[ArtistFactory(name="Dira", slug="dira")])
    by_writer = SongCreditFactory(
        song=SongFactory(title="Lagu Tulisan", original_artists=[]),
        artist=ArtistFactory(name="Penulis Lagu", slug="penulis"),
    ).song
    release = ReleaseFactory(title="Backstage OST")
    TrackCreditFactory(
        track=TrackFactory(release=release, song=SongFactory(original_artists=[])),
        artist=ArtistFactory(name="Penampil Trek", slug="penampil"),
    )
    film = FilmFactory(title="Backstage")
    article.songs.add(by_original, by_writer)
    article.releases.add(release)
    article.films.add(film)
    ranked = ArtistFactory(name="Yang Diperingkat", slug="diperingkat")
    RankedEntryFactory(section=RankedSectionFactory(article=article), release=None, artist=ranked)
    about = [
        "/artis/vanesha/",  # linked
        "/artis/dira/",  # originally performed a linked song
        "/artis/penulis/",  # wrote a linked song
        "/artis/penampil/",  # performs a track of a linked release
        "/artis/diperingkat/",  # ranked in the article's list
        by_original.get_absolute_url(),
        release.get_absolute_url(),
        film.get_absolute_url(),
    ]
    unrelated = ArtistFactory(name="Tak Berkaitan", slug="tak-berkaitan")
    own_song = SongFactory(original_artists=[unrelated])
    own_release = ReleaseCreditFactory(artist=unrelated).release
    own_film = FilmCreditFactory(artist=unrelated).film
    elsewhere = [
        "/artis/tak-berkaitan/",
        own_song.get_absolute_url(),
        own_release.get_absolute_url(),
        own_film.get_absolute_url(),
    ]
    return about, elsewhere


def test_a_new_title_renews_the_music_pages_listing_the_article_and_leaves_the_others_cached(
    client, article, music_about
):
    about, elsewhere = music_about
    for path in about:
        assert "Ragam Soundtrack dari Film Backstage" in outcome(client, path)[1], path
    warm(client, *about, *elsewhere)
    article = Article.objects.get(pk=article.pk)  # loaded as the admin loads it
    article.title = NEW_TITLE
    article.save()
    for path in about:
        state, body = outcome(client, path)
        assert state == "miss" and NEW_TITLE in body, path
    for path in elsewhere:
        assert outcome(client, path)[0] == "hit", path


def test_a_new_dek_of_an_article_not_loaded_whole_renews_the_music_pages_listing_it(
    client, article, music_about
):
    about, elsewhere = music_about
    warm(client, *about, *elsewhere)
    article.dek = "Dek yang baru sama sekali."
    article.save()
    for path in about:
        state, body = outcome(client, path)
        # A ranking shows the title only.
        assert state == "miss" and ("Dek yang baru sama sekali." in body or "diperingkat" in path), path
    for path in elsewhere:
        assert outcome(client, path)[0] == "hit", path


def test_a_body_edit_leaves_the_music_pages_listing_the_article_cached(client, article, music_about):
    about, _ = music_about
    warm(client, *about)
    article = Article.objects.get(pk=article.pk)
    article.body = "<p>Pembuka yang ditulis ulang.</p><p>[foto 1]</p>"
    article.save()
    for path in about:
        assert outcome(client, path)[0] == "hit", path


def test_a_new_author_renews_the_music_pages_listing_the_article(client, article):
    warm(client, "/artis/vanesha/")
    ArticleAuthor.objects.create(article=article, author=AuthorFactory(name="Sekar Ayu"), position=5)
    state, body = outcome(client, "/artis/vanesha/")
    assert state == "miss" and "Sekar Ayu" in body


@pytest.mark.parametrize("loaded", [True, False])
@pytest.mark.parametrize(
    "change",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"publish_at": timezone.now() + timedelta(days=2)},  # scheduled out
    ],
)
def test_an_article_withdrawn_leaves_the_artist_page_on_the_next_request(
    client, article, other, loaded, change
):
    other.artists.add(article.artists.get())  # the artist stays public through the other article
    # Scheduled sooner than the change below: the next publish time, which every page's stamp
    # holds, stays where it is.
    ArticleFactory(slug="terjadwal", category=other.category, scheduled=True)
    warm(client, "/artis/vanesha/")
    assert "/ragam-soundtrack/" in outcome(client, "/artis/vanesha/")[1]
    if loaded:
        article = Article.objects.get(pk=article.pk)
    for name, value in change.items():
        setattr(article, name, value)
    article.save()
    response, body = fetch(client, "/artis/vanesha/")
    assert response.status_code == 200 and "/kabar-lain/" in body
    assert "/ragam-soundtrack/" not in body


def test_music_under_embargo_appears_when_its_article_is_published_and_goes_when_withdrawn(client, article):
    """An artist linked only to a draft is hidden from the release page crediting it, until it is out."""
    secret = ArtistFactory(name="Artis Rahasia", slug="rahasia")
    release = ReleaseCreditFactory(artist=secret, release__title="Rilisan Umum").release
    draft = ArticleFactory(title="Kabar Rahasia", slug="kabar-rahasia", category=article.category, draft=True)
    draft.artists.add(secret)
    path = release.get_absolute_url()
    warm(client, path)
    assert "Artis Rahasia" not in outcome(client, path)[1]
    draft = Article.objects.get(pk=draft.pk)
    draft.status, draft.publish_at = Article.Status.PUBLISHED, timezone.now() - timedelta(minutes=1)
    draft.save()
    state, body = outcome(client, path)
    assert state == "miss" and "Artis Rahasia" in body
    warm(client, path)
    draft.status = Article.Status.DRAFT
    draft.save()
    assert "Artis Rahasia" not in outcome(client, path)[1]


def test_linking_an_unlinked_artist_to_a_draft_hides_it_from_the_pages_crediting_it(client, article):
    secret = ArtistFactory(name="Artis Rahasia", slug="rahasia")
    release = ReleaseCreditFactory(artist=secret, release__title="Rilisan Umum").release
    draft = ArticleFactory(title="Kabar Rahasia", slug="kabar-rahasia", category=article.category, draft=True)
    path = release.get_absolute_url()
    warm(client, path)
    assert "Artis Rahasia" in outcome(client, path)[1]
    draft.artists.add(secret)
    assert "Artis Rahasia" not in outcome(client, path)[1]
    draft.artists.remove(secret)
    assert "Artis Rahasia" in outcome(client, path)[1]


@pytest.mark.parametrize("how", ["add", "set"])
def test_linking_a_song_from_the_article_renews_the_song_and_its_artist_and_unlinking_too(
    client, article, how
):
    singer = ArtistFactory(name="Dira", slug="dira")
    song = SongFactory(title="Lagu Baru", original_artists=[singer])
    other_song = SongFactory(title="Lagu Lain", original_artists=[ArtistFactory(name="Lain", slug="lain")])
    paths = [song.get_absolute_url(), "/artis/dira/"]
    warm(client, *paths, other_song.get_absolute_url(), "/artis/lain/")
    if how == "add":
        article.songs.add(song)
    else:
        article.songs.set([song])  # as the admin's form saves it
    for path in paths:
        state, body = outcome(client, path)
        assert state == "miss" and "/ragam-soundtrack/" in body, path
    assert outcome(client, other_song.get_absolute_url())[0] == "hit"
    assert outcome(client, "/artis/lain/")[0] == "hit"
    warm(client, *paths)
    if how == "add":
        article.songs.remove(song)
    else:
        article.songs.set([])
    for path in paths:
        state, body = outcome(client, path)
        assert state == "miss" and "/ragam-soundtrack/" not in body, path


def test_a_track_credit_renews_the_music_pages(client, article):
    band = ArtistFactory(name="Band Rilisan", slug="band-rilisan")
    release = ReleaseCreditFactory(artist=band, release__title="Album Band").release
    track = TrackFactory(release=release, song=SongFactory(original_artists=[]))
    warm(client, "/artis/band-rilisan/", release.get_absolute_url(), "/ragam-soundtrack/")
    TrackCreditFactory(track=track, artist=ArtistFactory(name="Pemain Tamu"), role="featured")
    state, body = outcome(client, release.get_absolute_url())
    assert state == "miss" and "Pemain Tamu" in body
    assert outcome(client, "/artis/band-rilisan/")[0] == "miss"
    assert outcome(client, "/ragam-soundtrack/")[0] == "hit"  # shows nothing of the release


def test_music_pages_about_reads_in_a_fixed_number_of_queries(
    article, music_about, django_assert_num_queries
):
    # What the article links and ranks, then one query per kind of music page.
    with django_assert_num_queries(5):
        scopes = page_scopes.music_pages_about([article.pk], using="default")
    assert page_cache.object_scope(page_scopes.ARTIST_PAGE, "penampil") in scopes
    assert page_cache.object_scope(page_scopes.ARTIST_PAGE, "tak-berkaitan") not in scopes


def test_music_pages_about_articles_without_music_is_one_query(article, django_assert_num_queries):
    quiet = ArticleFactory(category=article.category)
    with django_assert_num_queries(1):
        assert page_scopes.music_pages_about([quiet.pk], using="default") == set()


def test_music_pages_about_asks_only_for_the_kinds_of_page_linked(article, django_assert_num_queries):
    song = SongFactory(title="Lagu Sendiri", original_artists=[])
    article.songs.add(song)
    # The links, the song pages, and the artist pages reached through the song: no release or film.
    with django_assert_num_queries(3):
        scopes = page_scopes.music_pages_about([article.pk], using="default")
    assert page_cache.object_scope(page_scopes.SONG_PAGE, song.slug) in scopes


def test_a_new_article_asks_no_one_whether_they_show_or_link_it(article):
    """Cards, hand-picked links, music and ranked lists can only point at a row that exists."""
    new = ArticleFactory.build(category=article.category)
    with CaptureQueriesContext(connection) as queries:
        new.save()
    asked = " ".join(query["sql"] for query in queries.captured_queries if query["sql"].startswith("SELECT"))
    for table in ("relatedsuggestion", "relatedarticle", "article_artists", "rankedentry"):
        assert f"articles_{table}" not in asked
