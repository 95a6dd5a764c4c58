"""The artist page lists a bounded number of recordings, newest release first."""

import datetime

import pytest

from music.selectors import artist_recordings
from tests.factories import ArtistFactory, ReleaseFactory, TrackCreditFactory, TrackFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_artist():
    artist = ArtistFactory(name="Penyanyi Sibuk")
    tracks = []
    for year in range(2001, 2006):
        release = ReleaseFactory(title=f"Album {year}", release_date=datetime.date(year, 1, 1))
        for position in (1, 2):
            track = TrackFactory(release=release, position=position)
            TrackCreditFactory(track=track, artist=artist)
            tracks.append(track)
    return artist, tracks


def test_recordings_are_bounded_newest_first(busy_artist):
    artist, tracks = busy_artist
    shown, more = artist_recordings(artist, limit=3)
    assert [t.pk for t in shown] == [tracks[8].pk, tracks[9].pk, tracks[6].pk]
    assert more
    shown, more = artist_recordings(artist, limit=10)
    assert len(shown) == 10 and not more


def test_artist_page_says_when_recordings_are_cut(client, busy_artist, monkeypatch, settings):
    settings.PAGE_CACHE_SECONDS = 0
    from music import views

    artist, _tracks = busy_artist
    assert "rekaman terbaru ditampilkan" not in client.get(artist.get_absolute_url()).content.decode()
    monkeypatch.setattr(views, "RECORDINGS_SHOWN", 4)
    monkeypatch.setattr(views, "artist_recordings", lambda a: artist_recordings(a, limit=4))
    content = client.get(artist.get_absolute_url()).content.decode()
    assert "4 rekaman terbaru ditampilkan" in content
