"""Music pages load only the columns they show, and a fixed number of queries however big the artist.

The pages read narrow rows (``.only()``): a template or JSON-LD reading a column its query
left out would load it with one more query per row, which these tests refuse.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Category, RankedEntry, RankedSection
from music.models import (
    Artist,
    ArtistLink,
    CreditRole,
    Film,
    FilmCredit,
    Genre,
    Membership,
    Release,
    ReleaseCredit,
    Song,
    SongCredit,
    StreamingLink,
    Track,
    TrackCredit,
)
from music.selectors import RECORDINGS_SHOWN
from pophariini import navigation
from pophariini.models import Photo
from tests.factories import (
    ArticleFactory,
    ArtistFactory,
    FilmCreditFactory,
    FilmFactory,
    PhotoFactory,
    RankedEntryFactory,
    RankedSectionFactory,
    ReleaseCreditFactory,
    ReleaseFactory,
    SongCreditFactory,
    SongFactory,
    StreamingLinkFactory,
    TrackCreditFactory,
    TrackFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def count_queries(client, url):
    navigation.cached()  # one cached value for every page (pophariini.navigation): count the page's own
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def build_band(n):
    """A band with ``n`` members, releases (each with a cover of another artist's song), films,
    written songs, ranked lists and articles."""
    band = ArtistFactory(name=f"Band {n}", photo=PhotoFactory(), bio="Band dari Bandung.")
    band.genres.add(Genre.objects.get_or_create(name="Pop", slug="pop")[0])
    ArtistLink.objects.create(artist=band, platform="instagram", url=f"https://instagram.com/band{n}")
    for i in range(n):
        Membership.objects.create(group=band, member=ArtistFactory(name=f"Anggota {n}-{i}"), role="vokal")
        Membership.objects.create(group=ArtistFactory(name=f"Grup Lain {n}-{i}"), member=band, role="tamu")
        release = ReleaseFactory(
            title=f"Album {n}-{i}", kind=Release.Kind.EP, release_date=datetime.date(2000 + i, 5, 1)
        )
        ReleaseCreditFactory(release=release, artist=band, role=CreditRole.PERFORMER)
        ReleaseCreditFactory(release=release, artist=band, role=CreditRole.PRODUCER)
        own = TrackFactory(
            release=release, song=SongFactory(title=f"Lagu Sendiri {n}-{i}", original_artists=[band])
        )
        TrackCreditFactory(track=own, artist=band)
        cover = TrackFactory(
            release=release,
            song=SongFactory(
                title=f"Lagu Orang {n}-{i}", original_artists=[ArtistFactory(name=f"Asli {n}-{i}")]
            ),
        )
        TrackCreditFactory(track=cover, artist=band, role=CreditRole.FEATURED)
        SongCreditFactory(song=SongFactory(title=f"Ditulis {n}-{i}"), artist=band, role=CreditRole.LYRICIST)
        FilmCreditFactory(film=FilmFactory(title=f"Film {n}-{i}"), artist=band, role=CreditRole.COMPOSER)
        section = RankedSectionFactory(article=ArticleFactory(title=f"Band Terbaik {n}-{i}"))
        RankedEntryFactory(section=section, release=None, artist=band)
        ArticleFactory(title=f"Kabar Band {n}-{i}", hero=PhotoFactory()).artists.add(band)
    return band


def test_artist_page_shows_every_list_it_had(client):
    band = build_band(2)
    content = client.get(band.get_absolute_url()).content.decode()
    assert "Genre: Pop</p>" in content
    assert "Anggota 2-1</a> — vokal" in content
    assert "Grup Lain 2-0</a> — tamu" in content
    # Credited twice on each release, listed once, newest first, with its kind and year.
    start = content.index('class="discography"')
    discography = content[start : content.index("</ul>", start)]
    assert discography.count("Album 2-0") == 1
    assert discography.index("Album 2-1") < discography.index("Album 2-0")
    # The template breaks these rows over lines, so "\s" stands for a space a reader sees (\s+) or
    # whitespace a browser drops (\s*).
    assert re.search(r'Album 2-1</a>\s+<span class="music-meta">\s*EP, 2001\s*</span>', content)
    # A featured appearance on another artist's song is a cover; the band's own song is not.
    assert re.search(
        r'Lagu Orang 2-0</a> —\s+<a href="/rilisan/album-2-0/">Album 2-0</a>\s+<span class="cover-note">',
        content,
    )
    assert re.search(r'Lagu Sendiri 2-0</a> —\s+<a href="/rilisan/album-2-0/">Album 2-0</a>\s*</li>', content)
    assert "Ditulis 2-1</a> (penulis lirik)" in content
    assert "Film 2-0 (2022)</a> (komposer)" in content
    assert "Band Terbaik 2-1 — #1" in content
    assert "Kabar Band 2-1" in content
    assert 'href="https://instagram.com/band2"' in content


def test_artist_page_query_count_does_not_grow_with_its_lists(client):
    small, large = build_band(1), build_band(4)
    for _ in range(RECORDINGS_SHOWN):
        TrackCreditFactory(track=TrackFactory(release=ReleaseFactory()), artist=large)
    assert count_queries(client, small.get_absolute_url()) == count_queries(client, large.get_absolute_url())


def test_release_song_and_film_query_counts_do_not_grow_with_tracks_and_credits(client):
    def build(n):
        release = ReleaseFactory(kind=Release.Kind.SOUNDTRACK)
        song = SongFactory()
        for position in range(1, n + 1):
            track = TrackFactory(release=release, song=SongFactory() if position > 1 else song)
            TrackCreditFactory(track=track)
            TrackCreditFactory(track=TrackFactory(song=song))
            SongCreditFactory(song=song, role=CreditRole.COMPOSER)
            ReleaseCreditFactory(release=release, role=CreditRole.PRODUCER)
            RankedEntryFactory(release=release)
        StreamingLinkFactory(release=release)
        film = FilmFactory(soundtrack=release)
        for _ in range(n):
            FilmCreditFactory(film=film)
        return [release.get_absolute_url(), song.get_absolute_url(), film.get_absolute_url()]

    for small, large in zip(build(1), build(6), strict=True):
        assert count_queries(client, small) == count_queries(client, large), large


def test_music_pages_never_load_a_column_their_query_left_out(client, monkeypatch):
    band = build_band(2)
    release = band.releases.first()
    song = Song.objects.filter(tracks__release=release).first()
    SongCreditFactory(song=song, role=CreditRole.COMPOSER)
    RankedEntryFactory(release=release)
    RankedEntryFactory(release=None, song=song)
    film = FilmFactory(soundtrack=release, poster=PhotoFactory())
    FilmCreditFactory(film=film)
    release.cover = PhotoFactory()
    release.save()
    StreamingLinkFactory(release=release)
    ranked = [band.get_absolute_url(), release.get_absolute_url(), song.get_absolute_url()]
    others = [film.get_absolute_url()] + [m.member.get_absolute_url() for m in band.memberships.all()]

    def refuse(self, *args, **kwargs):
        raise AssertionError(f"{type(self).__name__} {self.pk} loaded a deferred column: {kwargs}")

    models = [Artist, ArtistLink, Film, FilmCredit, Membership, Release, ReleaseCredit, Song, SongCredit]
    models += [StreamingLink, Track, TrackCredit, Article, Category, Photo, RankedEntry, RankedSection]
    for model in models:
        monkeypatch.setattr(model, "refresh_from_db", refuse)
    for url in ranked:
        assert "Masuk daftar" in client.get(url).content.decode(), url
    for url in others:
        assert client.get(url).status_code == 200, url
