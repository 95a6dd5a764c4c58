"""An artist's reach: the songs, releases and films that are theirs, and the articles about any of them.

An article is about an artist when it links the artist, a song they wrote, originally
performed or recorded, a release they are credited on or perform a track of, or a film
they are credited on. Each set is a subquery, so the whole question is one query.
``artists_reaching()`` asks it the other way round: whose reach holds these songs,
releases or films (the page cache's question when an article's card changes).
"""

from django.db.models import Exists, OuterRef, Prefetch, Q

from music.models import (
    PERFORMING_ROLES,
    FilmCredit,
    Release,
    ReleaseCredit,
    Song,
    SongCredit,
    Track,
    TrackCredit,
)


def performed_tracks(artists):
    return TrackCredit.objects.filter(artist__in=artists, role__in=PERFORMING_ROLES).values("track_id")


def artist_song_ids(artists):
    """Songs the artists originally performed, wrote (any writing role) or recorded."""
    originals = Song.original_artists.through.objects.filter(artist__in=artists).values("song_id")
    written = SongCredit.objects.filter(artist__in=artists).values("song_id")
    recorded = Track.objects.filter(pk__in=performed_tracks(artists)).values("song_id")
    return Song.objects.filter(Q(pk__in=originals) | Q(pk__in=written) | Q(pk__in=recorded)).values("pk")


def artist_release_ids(artists):
    """Releases the artists are credited on or performs a track of."""
    credited = ReleaseCredit.objects.filter(artist__in=artists).values("release_id")
    performed = Track.objects.filter(pk__in=performed_tracks(artists)).values("release_id")
    return Q(pk__in=credited) | Q(pk__in=performed)


def articles_about_artists(artists, published):
    """``published`` (articles a reader may see) narrowed to those about ``artists`` or their music.

    ``artists``: Artist instances or a queryset of their pks (a filter's matches).

    ``published`` is the Article queryset the caller starts from (``Article.objects.published()``
    reached through ``artist.articles.model``): ``music`` never imports ``articles``.
    """
    Article = published.model
    releases = Release.objects.filter(artist_release_ids(artists)).values("pk")
    films = FilmCredit.objects.filter(artist__in=artists).values("film_id")
    through = {
        name: getattr(Article, name).through.objects for name in ("artists", "songs", "releases", "films")
    }
    linked = (
        Exists(through["artists"].filter(article=OuterRef("pk"), artist__in=artists))
        | Exists(through["songs"].filter(article=OuterRef("pk"), song__in=artist_song_ids(artists)))
        | Exists(through["releases"].filter(article=OuterRef("pk"), release__in=releases))
        | Exists(through["films"].filter(article=OuterRef("pk"), film__in=films))
    )
    return published.filter(linked)


def artists_reaching(*, songs=None, releases=None, films=None) -> list:
    """Subqueries of the artists whose reach holds any of these songs, releases or films.

    The inverse of ``articles_about_artists()``: an article linking one of them is about
    these artists (the page cache renews their pages when its card changes). Each argument
    is pks or a subquery of them; None leaves that kind out. Each subquery reads a credit
    or link table by its index: the caller unites them (``articles.music_pages``), as an
    OR of IN conditions made PostgreSQL read every artist.
    """
    performing = TrackCredit.objects.filter(role__in=PERFORMING_ROLES)
    sources = []
    if songs is not None:
        sources += [
            Song.original_artists.through.objects.filter(song__in=songs),
            SongCredit.objects.filter(song__in=songs),
            performing.filter(track__song__in=songs),
        ]
    if releases is not None:
        sources += [
            ReleaseCredit.objects.filter(release__in=releases),
            performing.filter(track__release__in=releases),
        ]
    if films is not None:
        sources.append(FilmCredit.objects.filter(film__in=films))
    return [source.order_by().values("artist_id") for source in sources]


def original_songs(artist):
    """The songs the artist first performed, by title."""
    return list(artist.original_songs.only("slug", "title").order_by("title", "pk"))


def covers_of_their_songs(artist, *, limit=50):
    """Recordings by others of songs the artist originally performed, newest release first."""
    return list(
        Track.objects.filter(song__original_artists=artist)
        .with_cover_flag()
        .filter(cover_flag=True)
        .select_related("song", "release")
        .only("song__slug", "song__title", "release__slug", "release__title", "release__release_date")
        .prefetch_related(
            Prefetch(
                "credits",
                queryset=TrackCredit.objects.filter(role__in=PERFORMING_ROLES)
                .select_related("artist")
                .only("track", "role", "artist__name", "artist__slug", "artist__kind")
                .order_by("position", "pk"),
                to_attr="performer_credits",
            )
        )
        .order_by("-release__release_date", "release__title", "pk")[:limit]
    )
