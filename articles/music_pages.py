"""The music pages the page cache keeps, and the articles and music on them (for ``articles.page_scopes``).

Every music page (artist, song, release, film) is under its own scope and the shared
scope ``MUSIC``. What each shows of articles and of other music is in
``articles.page_scopes``'s docstring; this module answers the questions a write asks:
which music pages list these articles (``music_pages_about()``), which music an
article's publication or links take out of or put under embargo (``out_of_embargo()``),
which articles show this music (``articles_linking()``, ``releases_showing()``).
"""

from django.db.models import Exists, OuterRef, Q, QuerySet, Value

from articles.models import Article, RankedEntry
from music import models as music
from music.reach import artists_reaching
from pophariini import cache as page_cache

ARTIST_PAGE = "music:artist_detail"
SONG_PAGE = "music:song_detail"
RELEASE_PAGE = "music:release_detail"
FILM_PAGE = "music:film_detail"
# Every music page (artist, song, release, film) is under this and a scope of its own.
MUSIC = "music"

# What a ranked list's entry may stand for, beside a track.
RANKED_KINDS = ("artist", "song", "release")

MUSIC_THROUGHS = {
    Article.artists.through: "artist_id",
    Article.songs.through: "song_id",
    Article.releases.through: "release_id",
    Article.films.through: "film_id",
}


def music_pages(*, artists=(), songs=(), releases=(), films=(), reached=None, using) -> set[str]:
    """The scopes of these music entities' pages, and of the artist pages listing articles about ``reached``.

    Each argument is a list of sources, each pks or a subquery of them; ``reached``:
    ``{"songs": …, "releases": …, "films": …}`` (``music.reach.artists_reaching()``).
    One query per kind of page, whatever the number of entities.
    """

    artist_sources = list(artists) + (artists_reaching(**reached) if reached else [])
    pages = {
        ARTIST_PAGE: any_of(music.Artist, artist_sources),
        SONG_PAGE: any_of(music.Song, songs),
        RELEASE_PAGE: any_of(music.Release, releases),
        FILM_PAGE: any_of(music.Film, films),
    }
    return {
        page_cache.object_scope(page, slug)
        for page, entities in pages.items()
        for slug in entities.using(using).values_list("slug", flat=True)
    }


def any_of(model, sources):
    """``model``'s rows whose pk is in any of ``sources`` (pks, or subqueries of them).

    One UNION ALL of the sources as the IN subquery, each part read from an index: an OR of
    IN conditions made PostgreSQL read the whole table, 8-15 ms for the artists at 100,000
    articles on every save of an article with music.
    """
    parts = [
        source
        if isinstance(source, QuerySet)
        else model.objects.filter(pk__in=source).order_by().values("pk")
        for source in sources
        if isinstance(source, QuerySet) or source
    ]
    if not parts:
        return model.objects.none()
    ids = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return model.objects.filter(pk__in=ids).order_by()


def music_pages_about(article_ids, *, using) -> set[str]:
    """The music pages that list these articles: as a card, or where they rank an entity.

    A song, release or film page lists the published articles linking it; an artist page
    those linking the artist, or a song, release or film of theirs (``music.reach``); an
    artist, song or release page lists the ranked lists it stands in (article title and
    address, section, rank). Whether the articles are published is not asked: a card
    leaving a page (a draft, a scheduled article) renews it as one appearing does.
    Articles without music cost one query.
    """
    ids = {pk for pk in article_ids if pk is not None}
    if not ids:
        return set()
    linked, ranked = music_of(ids, using=using)
    if not any(linked.values()) and not any(ranked.values()):
        return set()
    reached = {f"{kind}s": linked[kind] for kind in ("song", "release", "film") if linked[kind]}
    return music_pages(
        artists=[linked["artist"] | ranked["artist"]],
        songs=[linked["song"] | ranked["song"]],
        releases=[linked["release"] | ranked["release"]],
        films=[linked["film"]],
        reached=reached,
        using=using,
    )


def music_of(article_ids, *, using) -> tuple[dict[str, set[int]], dict[str, set[int]]]:
    """The music these articles link, and the music their ranked lists rank: by kind, in one query."""
    linked = {column.removesuffix("_id"): set() for column in MUSIC_THROUGHS.values()}
    ranked = {kind: set() for kind in RANKED_KINDS}
    parts = [
        through.objects.filter(article_id__in=article_ids)
        .order_by()
        .annotate(kind=Value(column.removesuffix("_id")))
        .values_list(column, "kind")
        for through, column in MUSIC_THROUGHS.items()
    ]
    entries = RankedEntry.objects.filter(section__article_id__in=article_ids).order_by()
    parts += [
        entries.filter(**{f"{kind}__isnull": False})
        .annotate(kind=Value(f"ranked {kind}"))
        .values_list(f"{kind}_id", "kind")
        for kind in RANKED_KINDS
    ]
    for pk, kind in parts[0].using(using).union(*parts[1:], all=True):
        if kind.startswith("ranked "):
            ranked[kind.removeprefix("ranked ")].add(pk)
        else:
            linked[kind].add(pk)
    return linked, ranked


def out_of_embargo(article_id, *, links=None, using) -> dict[str, set[int]]:
    """The music whose visibility this article's publication or links may have changed, by kind.

    A music entity is public when no article links it or a published one does
    (``music.selectors.public()``). One that another published article links stays public
    whatever this article does. Of the others, when the article was published or
    withdrawn (``links`` None), every one it links appeared or went; when ``links``
    (``{column: pks}``) were added or removed, those whose other links (all unpublished)
    hide them exactly when the article does not show them: a link from a published article
    to music linked only to drafts, or from an unpublished one to music linked nowhere
    else. One query per kind.
    """
    published = Article.objects.published()
    this_public = Exists(published.filter(pk=article_id))
    found = {}
    for through, column in MUSIC_THROUGHS.items():
        if links is not None and column not in links:
            continue
        ids = (
            links[column]
            if links is not None
            else through.objects.filter(article_id=article_id).values(column)
        )
        model = through._meta.get_field(column.removesuffix("_id")).related_model
        others = through.objects.filter(**{column: OuterRef("pk")}).exclude(article_id=article_id)
        entities = (
            model.objects.using(using)
            .filter(pk__in=ids)
            .exclude(Exists(others.filter(article__in=published)))
        )
        if links is not None:
            entities = entities.filter(Q(Exists(others), this_public) | Q(~Exists(others), ~this_public))
        found[f"{column.removesuffix('_id')}s"] = set(entities.values_list("pk", flat=True))
    return found


def articles_linking(*, artists=(), songs=(), releases=(), films=(), using) -> set[int]:
    """Articles that link any of these music entities, or rank them in a list."""
    found = set()
    for through, column in MUSIC_THROUGHS.items():
        kind = column.removesuffix("_id")
        ids = {"artist": artists, "song": songs, "release": releases, "film": films}[kind]
        if ids:
            found |= set(
                through.objects.using(using)
                .filter(**{f"{column}__in": ids})
                .values_list("article_id", flat=True)
            )
    ranked = (
        Q(release__in=releases) | Q(song__in=songs) | Q(artist__in=artists) | Q(track__release__in=releases)
    )
    if artists or songs or releases:
        found |= set(
            RankedEntry.objects.using(using).filter(ranked).values_list("section__article_id", flat=True)
        )
    return found


def releases_showing(*, artists=(), songs=(), using) -> set[int]:
    """Releases whose tracklist or credits show these artists or songs."""
    condition = Q(tracks__song__in=songs) if songs else Q(pk__in=[])
    if artists:
        condition |= (
            Q(credits__artist__in=artists)
            | Q(tracks__credits__artist__in=artists)
            | Q(tracks__song__credits__artist__in=artists)
            | Q(tracks__song__original_artists__in=artists)
        )
    return set(music.Release.objects.using(using).filter(condition).values_list("pk", flat=True))
