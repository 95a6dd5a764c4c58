"""Reads for music pages and the article music box: tracklists with credits in a fixed number of queries."""

from django.db.models import Prefetch

from music.models import (
    ArtistLink,
    CreditRole,
    FilmCredit,
    Membership,
    Release,
    ReleaseCredit,
    SongCredit,
    StreamingLink,
    Track,
    TrackCredit,
)


def tracks_with_credits():
    """Tracks with their song, the song's original artist, performers and writers preloaded."""
    return Track.objects.select_related("song__original_artist", "release").prefetch_related(
        Prefetch("credits", queryset=TrackCredit.objects.select_related("artist").order_by("position", "pk")),
        Prefetch(
            "song__credits", queryset=SongCredit.objects.select_related("artist").order_by("position", "pk")
        ),
    )


def annotate_track(track):
    """Give a track the lists a tracklist row shows (performers, composers, lyricists, cover_of)."""
    track.performing_artists = [credit.artist for credit in track.performer_credits]
    writers = list(track.song.credits.all())
    track.composers = [c.artist for c in writers if c.role == CreditRole.COMPOSER]
    track.lyricists = [c.artist for c in writers if c.role == CreditRole.LYRICIST]
    track.cover_of = track.song.original_artist if track.is_cover else None
    return track


def attach_tracklists(releases):
    """Set ``tracklist`` and ``links`` on each release: four queries however many releases and tracks."""
    by_id = {release.pk: release for release in releases if release is not None}
    for release in by_id.values():
        release.tracklist = []
        release.links = []
    if not by_id:
        return list(by_id.values())
    for track in (
        tracks_with_credits().filter(release_id__in=by_id).order_by("release_id", "disc", "position")
    ):
        by_id[track.release_id].tracklist.append(annotate_track(track))
    for link in StreamingLink.objects.filter(release_id__in=by_id).order_by("position", "pk"):
        by_id[link.release_id].links.append(link)
    return list(by_id.values())


def release_detail_queryset():
    return Release.objects.select_related("cover", "film").prefetch_related(
        Prefetch(
            "credits", queryset=ReleaseCredit.objects.select_related("artist").order_by("position", "pk")
        )
    )


def artist_detail_prefetches():
    """What the artist page shows beside the bio: members, groups, links, genres, releases, films."""
    return [
        "genres",
        Prefetch("links", queryset=ArtistLink.objects.order_by("position", "pk")),
        Prefetch(
            "memberships", queryset=Membership.objects.select_related("member").order_by("position", "pk")
        ),
        Prefetch("member_of", queryset=Membership.objects.select_related("group").order_by("group__name")),
        Prefetch(
            "releasecredit_set",
            queryset=ReleaseCredit.objects.select_related("release__cover").order_by(
                "-release__release_date", "release__title", "pk"
            ),
        ),
        Prefetch(
            "filmcredit_set", queryset=FilmCredit.objects.select_related("film").order_by("-film__year", "pk")
        ),
    ]


# The artist page lists this many of an artist's recordings, newest release first.
RECORDINGS_SHOWN = 50


def artist_recordings(artist, *, limit=RECORDINGS_SHOWN):
    """Tracks the artist performs on, newest release first, with credits (three queries).

    At most ``limit`` tracks, and whether there are more: a busy artist has hundreds,
    and loading them all with their credits made the page slow. The releases list on
    the same page still names every release.
    """
    tracks = list(
        tracks_with_credits()
        .filter(credits__artist=artist, credits__role__in=[CreditRole.PERFORMER, CreditRole.FEATURED])
        .distinct()
        .order_by("-release__release_date", "release__title", "disc", "position", "pk")[: limit + 1]
    )
    return [annotate_track(track) for track in tracks[:limit]], len(tracks) > limit


def song_versions(song):
    """Every recording of a song, oldest release first, each marked as original or cover."""
    tracks = tracks_with_credits().filter(song=song).order_by("release__release_date", "release__title", "pk")
    return [annotate_track(track) for track in tracks]
