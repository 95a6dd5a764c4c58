"""Reads for music pages and the article music box: tracklists with credits in a fixed number of queries."""

from django.db.models import Exists, OuterRef, Prefetch

from music.models import (
    ArtistLink,
    CreditRole,
    FilmCredit,
    Genre,
    Membership,
    Release,
    ReleaseCredit,
    SongCredit,
    StreamingLink,
    Track,
    TrackCredit,
)

# What a link to an artist shows (a name, its page, Person or MusicGroup in JSON-LD): a page
# names dozens of artists, and their biographies are the widest column of all.
ARTIST_REF_FIELDS = ("artist__name", "artist__slug", "artist__kind")


def credits_with_artists(model, *, on):
    """``model``'s credits (an artist's role ``on`` a release, song, track or film) in display order."""
    return (
        model.objects.select_related("artist").only(on, "role", *ARTIST_REF_FIELDS).order_by("position", "pk")
    )


def tracks_with_credits():
    """Tracks with their song, the song's original artist, performers and writers preloaded.

    Only the columns a tracklist, a list of versions and their JSON-LD show are loaded.
    """
    return (
        Track.objects.select_related("song__original_artist", "release")
        .only(
            "disc",
            "position",
            "version",
            "song__slug",
            "song__title",
            "song__original_artist__name",
            "song__original_artist__slug",
            "song__original_artist__kind",
            "release__slug",
            "release__title",
            "release__release_date",
        )
        .prefetch_related(
            Prefetch("credits", queryset=credits_with_artists(TrackCredit, on="track")),
            Prefetch("song__credits", queryset=credits_with_artists(SongCredit, on="song")),
        )
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
        Prefetch("credits", queryset=credits_with_artists(ReleaseCredit, on="release"))
    )


# Credits of those who sing or play on a recording (see Track.performer_credits).
PERFORMING_ROLES = [CreditRole.PERFORMER, CreditRole.FEATURED]


def artist_detail_prefetches():
    """What the artist page shows beside the bio: genres, links, members and groups.

    Each loads only the columns the page shows: a busy artist's page lists hundreds of
    rows, and building wide model instances was most of its cost.
    """
    return [
        Prefetch("genres", queryset=Genre.objects.only("name")),
        Prefetch("links", queryset=ArtistLink.objects.order_by("position", "pk")),
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("member")
            .only("group", "role", "start_year", "end_year", "member__name", "member__slug")
            .order_by("position", "pk"),
        ),
        Prefetch(
            "member_of",
            queryset=Membership.objects.select_related("group")
            .only("member", "role", "group__name", "group__slug")
            .order_by("group__name"),
        ),
    ]


def artist_releases(artist):
    """Every release the artist is credited on, newest first, once even when credited twice.

    Each has ``kind_label``, its ``get_kind_display()``.
    """
    credited = ReleaseCredit.objects.filter(release=OuterRef("pk"), artist=artist)
    releases = list(
        Release.objects.filter(Exists(credited))
        .only("slug", "title", "kind", "release_date")
        .order_by("-release_date", "title", "pk")
    )
    # get_kind_display() translates every choice on each call: once per page is enough.
    kinds = {value: str(label) for value, label in Release.Kind.choices}
    for release in releases:
        release.kind_label = kinds.get(release.kind, release.kind)
    return releases


def artist_written_songs(artist):
    """The artist's credits as a composer, lyricist or arranger, by song title."""
    return list(
        SongCredit.objects.filter(artist=artist)
        .select_related("song")
        .only("role", "song__slug", "song__title")
        .order_by("song__title", "role")
    )


def artist_films(artist):
    """The artist's credits on films (director, cast, ...), newest film first."""
    return list(
        FilmCredit.objects.filter(artist=artist)
        .select_related("film")
        .only("role", "film__slug", "film__title", "film__year")
        .order_by("-film__year", "pk")
    )


# The artist page lists this many of an artist's recordings, newest release first.
RECORDINGS_SHOWN = 50


def artist_recordings(artist, *, limit=RECORDINGS_SHOWN):
    """Tracks the artist performs on, newest release first, each with ``cover_of`` (one query).

    At most ``limit`` tracks, and whether there are more: a busy artist has hundreds.
    The releases list on the same page still names every release. Only the columns the
    list shows are loaded, and whether a track is a cover (``Track.is_cover``: the song's
    original artist is not among its performers) is decided by the database, so no
    credits are loaded at all.
    """
    performs = TrackCredit.objects.filter(track=OuterRef("pk"), role__in=PERFORMING_ROLES)
    order = ("-release__release_date", "release__title", "disc", "position", "pk")
    # The newest few are picked first on narrow rows; only they are joined to their song,
    # its original artist and that artist's credits.
    newest = Track.objects.filter(Exists(performs.filter(artist=artist))).order_by(*order)
    tracks = list(
        Track.objects.filter(pk__in=newest.values("pk")[: limit + 1])
        .annotate(by_original_artist=Exists(performs.filter(artist=OuterRef("song__original_artist"))))
        .select_related("song__original_artist", "release")
        .only(
            "release__slug",
            "release__title",
            "song__slug",
            "song__title",
            "song__original_artist__slug",
            "song__original_artist__name",
        )
        .order_by(*order)
    )
    for track in tracks:
        original = track.song.original_artist
        track.cover_of = original if original is not None and not track.by_original_artist else None
    return tracks[:limit], len(tracks) > limit


def song_versions(song):
    """Every recording of a song, oldest release first, each marked as original or cover."""
    tracks = tracks_with_credits().filter(song=song).order_by("release__release_date", "release__title", "pk")
    return [annotate_track(track) for track in tracks]
