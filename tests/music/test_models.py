"""Music entities: slugs, credits, covers, streaming-link domains and database constraints."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from music.models import (
    Artist,
    CreditRole,
    Film,
    Release,
    SongCredit,
    StreamingLink,
    Track,
)
from music.platforms import validate_platform_url
from tests.factories import (
    ArtistFactory,
    FilmFactory,
    ReleaseFactory,
    SongFactory,
    TrackCreditFactory,
    TrackFactory,
)

pytestmark = pytest.mark.django_db


def test_slug_is_filled_from_name_and_kept_unique():
    first = Artist.objects.create(name="Sheila On 7")
    second = Artist.objects.create(name="Sheila on 7")
    assert first.slug == "sheila-on-7"
    assert second.slug == "sheila-on-7-2"


def test_track_by_another_artist_is_a_cover():
    song = SongFactory(original_artists=[ArtistFactory(name="Mocca")])
    track = TrackFactory(song=song)
    TrackCreditFactory(track=track, artist=ArtistFactory(name="Vanesha Prescillia"))
    assert track.is_cover


def test_track_by_the_original_artist_is_not_a_cover():
    mocca = ArtistFactory(name="Mocca")
    track = TrackFactory(song=SongFactory(original_artists=[mocca]))
    TrackCreditFactory(track=track, artist=mocca)
    assert not track.is_cover


def test_a_duet_sung_by_one_of_its_original_singers_is_not_a_cover():
    sissy, vanesha = ArtistFactory(name="Sissy Prescillia"), ArtistFactory(name="Vanesha Prescillia")
    track = TrackFactory(song=SongFactory(title="Melangkah", original_artists=[sissy, vanesha]))
    TrackCreditFactory(track=track, artist=vanesha)
    assert not track.is_cover
    assert track.cover_of == []


def test_a_duet_sung_by_someone_else_is_a_cover_of_both_original_singers():
    sissy, vanesha = ArtistFactory(name="Sissy Prescillia"), ArtistFactory(name="Vanesha Prescillia")
    track = TrackFactory(song=SongFactory(title="Melangkah", original_artists=[vanesha, sissy]))
    TrackCreditFactory(track=track, artist=ArtistFactory(name="Mocca"))
    assert track.is_cover
    assert track.cover_of == [sissy, vanesha]  # by name


def test_a_song_without_original_artists_has_no_covers():
    track = TrackFactory(song=SongFactory(original_artists=[]))
    TrackCreditFactory(track=track)
    assert not track.is_cover
    assert track.cover_of == []


def test_a_song_is_named_with_its_original_artists():
    sissy, vanesha = ArtistFactory(name="Sissy Prescillia"), ArtistFactory(name="Vanesha Prescillia")
    assert str(SongFactory(title="Melangkah", original_artists=[sissy, vanesha])) == (
        "Melangkah — Sissy Prescillia, Vanesha Prescillia"
    )
    assert str(SongFactory(title="Tanpa Nama", original_artists=[])) == "Tanpa Nama"


def test_the_database_marks_the_same_covers_as_the_credits(django_assert_num_queries):
    """``with_cover_flag()`` decides ``is_cover`` with no credits loaded; ``cover_of`` takes one prefetch."""
    mocca = ArtistFactory(name="Mocca")
    sissy, vanesha = ArtistFactory(name="Sissy Prescillia"), ArtistFactory(name="Vanesha Prescillia")
    song = SongFactory(original_artists=[mocca])
    original = TrackFactory(song=song)
    TrackCreditFactory(track=original, artist=mocca)
    cover = TrackFactory(song=song)
    TrackCreditFactory(track=cover, artist=vanesha)
    duet = SongFactory(original_artists=[sissy, vanesha])
    duet_by_one = TrackFactory(song=duet)
    TrackCreditFactory(track=duet_by_one, artist=sissy)
    TrackCreditFactory(track=duet_by_one, artist=mocca, role=CreditRole.PRODUCER)
    duet_covered = TrackFactory(song=duet)
    TrackCreditFactory(track=duet_covered, artist=mocca)
    # A producer is no performer: the original singers' song produced by one of them is still a cover.
    TrackCreditFactory(track=duet_covered, artist=sissy, role=CreditRole.PRODUCER)
    unknown_original = TrackFactory(song=SongFactory(original_artists=[]))
    with django_assert_num_queries(1):
        flags = {track.pk: track.is_cover for track in Track.objects.with_cover_flag().select_related("song")}
    with django_assert_num_queries(2):
        flagged = {
            track.pk: (track.is_cover, track.cover_of)
            for track in Track.objects.with_cover_flag()
            .select_related("song")
            .prefetch_related("song__original_artists")
        }
    assert flagged == {
        original.pk: (False, []),
        cover.pk: (True, [mocca]),
        duet_by_one.pk: (False, []),
        duet_covered.pk: (True, [sissy, vanesha]),
        unknown_original.pk: (False, []),
    }
    assert flags == {pk: is_cover for pk, (is_cover, _) in flagged.items()}
    assert {pk: Track.objects.get(pk=pk).is_cover for pk in flagged} == flags


def test_a_release_cannot_have_two_tracks_at_the_same_position():
    release = ReleaseFactory()
    TrackFactory(release=release, position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        TrackFactory(release=release, position=1)


def test_same_position_on_another_disc_is_fine():
    release = ReleaseFactory()
    TrackFactory(release=release, disc=1, position=1)
    TrackFactory(release=release, disc=2, position=1)
    assert release.tracks.count() == 2


def test_song_credit_rejects_a_role_that_does_not_apply():
    with pytest.raises(IntegrityError), transaction.atomic():
        SongCredit.objects.create(song=SongFactory(), artist=ArtistFactory(), role=CreditRole.DIRECTOR)


@pytest.mark.parametrize(
    ("platform", "url"),
    [
        ("spotify", "https://open.spotify.com/album/abc"),
        ("bandcamp", "https://inheritors.bandcamp.com/track/pestilence"),
        ("youtube", "https://www.youtube.com/watch?v=abc"),
        ("youtube", "https://youtu.be/abc"),
        ("apple_music", "https://music.apple.com/id/album/x/1"),
    ],
)
def test_streaming_link_on_the_platform_domain_is_valid(platform, url):
    validate_platform_url(platform, url)


@pytest.mark.parametrize(
    ("platform", "url"),
    [
        ("spotify", "https://open.spotify.com.evil.example/album/abc"),
        ("spotify", "https://youtube.com/watch?v=1"),
        ("deezer", "javascript:alert(1)"),
        ("joox", "ftp://joox.com/x"),
    ],
)
def test_streaming_link_elsewhere_is_refused(platform, url):
    with pytest.raises(ValidationError):
        validate_platform_url(platform, url)


def test_streaming_link_clean_refuses_a_social_platform():
    link = StreamingLink(release=ReleaseFactory(), platform="instagram", url="https://instagram.com/x")
    with pytest.raises(ValidationError):
        link.full_clean()


def test_film_soundtrack_must_be_a_soundtrack_release():
    film = FilmFactory(soundtrack=ReleaseFactory(kind=Release.Kind.ALBUM))
    with pytest.raises(ValidationError):
        film.full_clean()


def test_film_reaches_its_soundtrack_and_back():
    soundtrack = ReleaseFactory(kind=Release.Kind.SOUNDTRACK)
    film = FilmFactory(soundtrack=soundtrack)
    assert Film.objects.get(soundtrack__slug=soundtrack.slug) == film
    assert soundtrack.film == film


@pytest.mark.parametrize("title", ["<script>alert(1)</script>", "<b> </b>"])
def test_a_name_that_is_only_markup_is_refused_as_empty_not_saved_blank(admin_client, title):
    from django.urls import reverse

    response = admin_client.post(reverse("admin:music_release_add"), {"title": title, "kind": "album"})
    assert response.status_code == 200
    assert "title" in response.context["adminform"].form.errors
    assert not Release.objects.exists()
