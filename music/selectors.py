"""Reads for music pages and the article music box: tracklists with credits in a fixed number of queries."""

from collections import defaultdict

from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects

from music.models import (
    PERFORMING_ROLES,
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
    recording_is_cover,
)


def public(queryset):
    """The music entities of ``queryset`` (artists, songs, releases or films) a reader may see.

    The visibility rule of music, the one place it is decided: an entity is public unless
    it is under embargo, that is linked to articles none of which is published yet. An
    entity no article links is reference data the desk entered (a band's back catalogue,
    a film's crew) and is public; one entered for an article under embargo is hidden
    with it, from its page, the lists and credits of other pages, sitemaps, feeds and
    search, until the first of its articles goes out. Enter such an entity from the
    article's form (its "+" button), so that it is linked to the draft from the start.

    ``music`` does not import ``articles``: the articles arrive through the reverse
    relation ``articles`` that the Article model defines, narrowed by its ``published()``.
    """
    return queryset.filter(public_condition(queryset.model))


def public_condition(model, ref="pk"):
    """``public()``'s rule as a filter on rows whose ``ref`` points at a ``model`` entity.

    ``public_condition(Artist, "artist")`` keeps the credits of public artists: the test
    runs once per credit row, where ``artist__in=public(...)`` would make the database
    read every artist first.
    """
    relation = model._meta.get_field("articles")
    linked = relation.related_model._default_manager.filter(**{relation.field.name: OuterRef(ref)})
    return ~Exists(linked) | Exists(linked.published())


def is_public(entity) -> bool:
    """Whether one music entity is public (``public()``'s rule, for a row already loaded)."""
    return public(type(entity)._default_manager.filter(pk=entity.pk)).exists()


# What a link to an artist shows (a name, its page, Person or MusicGroup in JSON-LD): a page
# names dozens of artists, and their biographies are the widest column of all.
ARTIST_REF_FIELDS = ("artist__name", "artist__slug", "artist__kind")


def credits_with_artists(model, *, on):
    """``model``'s credits (an artist's role ``on`` a release, song, track or film) in display order."""
    return (
        model.objects.filter(public_condition(Artist, "artist"))
        .select_related("artist")
        .only(on, "role", *ARTIST_REF_FIELDS)
        .order_by("position", "pk")
    )


def original_artists_prefetch(lookup="song__original_artists"):
    """The songs' original artists, with what a link to each shows (``Track.cover_of``, "Artis asli")."""
    return Prefetch(lookup, queryset=public(Artist.objects.only("name", "slug", "kind")))


def tracklist_querysets(**tracks_filter):
    """The tracks ``tracks_filter`` selects, with their performers' and their songs' writers' credits.

    Three querysets, read separately and put together by ``annotated_tracks()``; the
    tracks bring their songs' original artists (one prefetch query), so that a tracklist,
    a list of versions and their JSON-LD are four queries however many tracks. Only the
    columns these show are loaded.
    """
    tracks = Track.objects.filter(**tracks_filter).filter(public_condition(Release, "release"))
    return (
        tracks.select_related("song", "release")
        .only(
            "disc",
            "position",
            "version",
            "song__slug",
            "song__title",
            "release__slug",
            "release__title",
            "release__release_date",
        )
        .prefetch_related(original_artists_prefetch()),
        credits_with_artists(TrackCredit, on="track").filter(track__in=tracks.values("pk")),
        credits_with_artists(SongCredit, on="song").filter(song__in=tracks.values("song_id")),
    )


def annotated_tracks(tracks, track_credits, song_credits):
    """``tracks`` with what a tracklist row shows set from the credit rows read beside them.

    ``performing_artists`` (performers and featured artists), ``composers``, ``lyricists``,
    and ``cover_flag``, so that ``Track.is_cover`` and ``Track.cover_of`` need no query
    (the songs' original artists come prefetched, see ``tracklist_querysets()``).
    """
    performers, writers = defaultdict(list), defaultdict(list)
    for credit in track_credits:
        if credit.role in PERFORMING_ROLES:
            performers[credit.track_id].append(credit.artist)
    for credit in song_credits:
        writers[credit.song_id].append(credit)
    for track in tracks:
        track.performing_artists = performers[track.pk]
        song_writers = writers[track.song_id]
        track.composers = [c.artist for c in song_writers if c.role == CreditRole.COMPOSER]
        track.lyricists = [c.artist for c in song_writers if c.role == CreditRole.LYRICIST]
        track.cover_flag = recording_is_cover(
            original_artist_ids=[artist.pk for artist in track.song.original_artists.all()],
            performer_ids=[artist.pk for artist in track.performing_artists],
        )
    return tracks


def assemble_tracklists(releases, tracks, links):
    """Set ``tracklist`` (annotated tracks, in disc and position order) and ``links`` on each release."""
    by_id = {release.pk: release for release in releases}
    for release in releases:
        release.tracklist = []
        release.links = []
    for track in sorted(tracks, key=lambda track: (track.disc, track.position, track.pk)):
        by_id[track.release_id].tracklist.append(track)
    for link in links:
        by_id[link.release_id].links.append(link)
    return releases


def attach_tracklists(releases):
    """Set ``tracklist`` and ``links`` on each release: four queries however many releases and tracks."""
    releases = [release for release in releases if release is not None]
    if not releases:
        return releases
    ids = [release.pk for release in releases]
    tracks, track_credits, song_credits = (
        list(queryset) for queryset in tracklist_querysets(release_id__in=ids)
    )
    links = StreamingLink.objects.filter(release_id__in=ids).order_by("position", "pk")
    return assemble_tracklists(releases, annotated_tracks(tracks, track_credits, song_credits), links)


def release_detail_queryset():
    """Public releases with their cover, credits and (when public) the film they are the soundtrack of."""
    return (
        public(Release.objects.all())
        .select_related("cover")
        .prefetch_related(
            Prefetch("film", queryset=public(Film.objects.all())),
            Prefetch("credits", queryset=credits_with_artists(ReleaseCredit, on="release")),
        )
    )


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
            queryset=Membership.objects.filter(public_condition(Artist, "member"))
            .select_related("member")
            .only("group", "role", "start_year", "end_year", "member__name", "member__slug")
            .order_by("position", "pk"),
        ),
        Prefetch(
            "member_of",
            queryset=Membership.objects.filter(public_condition(Artist, "group"))
            .select_related("group")
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
        public(Release.objects.filter(Exists(credited)))
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
        SongCredit.objects.filter(public_condition(Song, "song"), artist=artist)
        .select_related("song")
        .only("role", "song__slug", "song__title")
        .order_by("song__title", "role")
    )


def artist_films(artist):
    """The artist's credits on films (director, cast, ...), newest film first."""
    return list(
        FilmCredit.objects.filter(public_condition(Film, "film"), artist=artist)
        .select_related("film")
        .only("role", "film__slug", "film__title", "film__year")
        .order_by("-film__year", "pk")
    )


# The artist page lists this many of an artist's recordings, newest release first.
RECORDINGS_SHOWN = 50


def artist_recordings(artist, *, limit=RECORDINGS_SHOWN):
    """Tracks the artist performs on, newest release first, each with ``cover_of`` (two queries).

    At most ``limit`` tracks, and whether there are more: a busy artist has hundreds.
    The releases list on the same page still names every release. Only the columns the
    list shows are loaded, and whether a track is a cover is decided by the database
    (``Track.objects.with_cover_flag()``), so no credits are loaded at all; the second
    query reads the songs' original artists, which a cover names.
    """
    performs = TrackCredit.objects.filter(track=OuterRef("pk"), role__in=PERFORMING_ROLES)
    order = ("-release__release_date", "release__title", "disc", "position", "pk")
    # The newest few are picked first on narrow rows; only they are joined to their song
    # and release and flagged as covers.
    newest = Track.objects.filter(
        Exists(performs.filter(artist=artist)), public_condition(Release, "release")
    ).order_by(*order)
    tracks = list(
        Track.objects.filter(pk__in=newest.values("pk")[: limit + 1])
        .with_cover_flag()
        .select_related("song", "release")
        .only("release__slug", "release__title", "song__slug", "song__title")
        .prefetch_related(original_artists_prefetch())
        .order_by(*order)
    )
    return tracks[:limit], len(tracks) > limit


def song_versions(song):
    """Every recording of a song, oldest release first, each marked as original or cover.

    The tracks share ``song`` itself, so its ``original_artists`` (read here unless the
    caller prefetched them) decide the covers and are read once.
    """
    prefetch_related_objects([song], original_artists_prefetch("original_artists"))
    tracks, track_credits, song_credits = tracklist_querysets(song=song)
    tracks = list(tracks.prefetch_related(None).order_by("release__release_date", "release__title", "pk"))
    for track in tracks:
        track.song = song
    return annotated_tracks(tracks, track_credits, song_credits)
