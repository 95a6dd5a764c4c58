"""Reads the public article page needs beyond the article row: linked music, related cards, neighbours."""

import dataclasses
import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connections, router
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language
from taggit.models import Tag

from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Correction,
    Figure,
    RankedEntry,
    RankedSection,
    RelatedArticle,
    TaggedArticle,
)
from music.models import Release, StreamingLink
from music.selectors import annotated_tracks, assemble_tracklists, tracklist_querysets
from pophariini import versions
from pophariini.models import Photo

RELATED_LIMIT = 6
# How many of the newest articles sharing a tag, or in the category, are scored at most:
# keeps the related-content query's cost flat as the archive grows.
CANDIDATE_WINDOW = 200


# An article's links to music: link table, its music column, the kind and its name field.
MUSIC_LINKS = [
    (Article.artists.through, "artist_id", "artist", "name"),
    (Article.songs.through, "song_id", "song", "title"),
    (Article.releases.through, "release_id", "release", "title"),
    (Article.films.through, "film_id", "film", "title"),
]


class Link(NamedTuple):
    pk: int
    name: str
    slug: str


@dataclass
class ArticleLinks:
    """What the article page shows and links to beyond the article row (``article_links()``)."""

    artists: list = field(default_factory=list)
    songs: list = field(default_factory=list)
    release_ids: list = field(default_factory=list)
    films: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    figures: list = field(default_factory=list)
    authors: list = field(default_factory=list)
    has_corrections: bool = False
    has_ranked_list: bool = False
    previous: Link | None = None
    next: Link | None = None
    # The "Musik dalam artikel ini" box (``music_box()``), and its HTML when
    # ``article_links()`` was given a renderer.
    music_box: "MusicBox | None" = None
    music_box_html: str = ""

    @property
    def artist_ids(self):
        return [link.pk for link in self.artists]

    @property
    def film_ids(self):
        return [link.pk for link in self.films]

    @property
    def song_ids(self):
        return [link.pk for link in self.songs]

    @property
    def tag_ids(self):
        return [link.pk for link in self.tags]


def for_article_page(articles):
    """``articles`` loaded for the article page: the row with its category and hero.

    The rest comes from ``article_links()``, mostly from the cache: each join or
    subquery left out of this row is planning time saved on every view
    (``bench/explain.py``).
    """
    return articles.for_detail()


def _rows(parts):
    """Rows of the UNION ALL of these ``values_list()`` querysets, in one query."""
    sql, params = union_sql(parts, distinct=False)
    with connections[router.db_for_read(Article)].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _links_from(rows, links=None) -> ArticleLinks:
    links = links or ArticleLinks()
    for kind, pk, name, slug in sorted(rows, key=lambda row: (row[0], row[2].lower(), row[1])):
        link = Link(pk, name, slug)
        if kind in ("previous", "next"):
            setattr(links, kind, link)
        elif kind == "release":
            links.release_ids.append(pk)
        elif kind == "correction":
            links.has_corrections = True
        elif kind == "ranked_list":
            links.has_ranked_list = True
        else:
            getattr(links, f"{kind}s").append(link)
    return links


def music_models():
    """What the music box reads: the article's music links, the music app, photos (covers)."""
    links = [through for through, _column, _kind, _name_field in MUSIC_LINKS]
    return [*links, "music", Photo]


def _load_music(article):
    links = _links_from(
        _rows(
            [
                through.objects.filter(article_id=article.pk).values_list(
                    Value(kind), column, f"{kind}__{name_field}", f"{kind}__slug"
                )
                for through, column, kind, name_field in MUSIC_LINKS
            ]
        )
    )
    return links, music_box(article, links)


# What ``_load_surroundings()`` reads: any article's write renews it, as do tags,
# corrections and ranked lists.
SURROUNDING_MODELS = [Article, TaggedArticle, Tag, Correction, RankedSection]
# How many times a scheduled article of the category may have gone live since the last
# write to an article before ``article_links()`` simply reads the surroundings again.
SURROUNDING_STEPS = 5


def article_links(article, *, render_music_box=None) -> ArticleLinks:
    """Everything the article page reads beyond its row and its related cards, mostly from the cache.

    Three values, each kept in the cache under the versions of the models it reads
    (``pophariini.versions``), so that a write to anything else leaves it valid:
    - the music with its music box (``music_models()``: two queries, seven with a
      release or a film, after one of them was written), and the box's HTML as
      ``render_music_box(article, box)`` returns it (a soundtrack's box is the largest
      part of a page to render);
    - the figures and authors (one query);
    - the "surroundings": tags, whether the article has corrections or ranked lists, and
      the previous and next article of its category (one query). These change with any
      article's write, and with the clock when a scheduled article of the category goes
      live: the value holds that time, and past it the value is read again and kept
      under a key naming the time passed, so each such article costs one query, not one
      per view, until the next write starts over.
    """

    def load_music():
        links, box = _load_music(article)
        return links, box, render_music_box(article, box) if render_music_box and box else ""

    # The HTML also depends on the language and on whether the article is sponsored
    # (its streaming links are then marked rel="sponsored").
    identity = (article.pk, article.is_sponsored, get_language()) if render_music_box else article.pk
    music_links, box, box_html = versions.cached("music", identity, music_models(), load_music)
    figures, authors = versions.cached(
        "figures-authors",
        article.pk,
        [Figure, ArticleAuthor, Author, Photo],
        lambda: _load_figures_and_authors(article),
    )
    after = None
    for _step in range(SURROUNDING_STEPS):
        surroundings, until = versions.cached(
            "surroundings",
            (article.pk, article.category_id, article.publish_at, after),
            SURROUNDING_MODELS,
            lambda: _load_surroundings(article),
        )
        if until is None or timezone.now() < until:
            break
        after = until
    else:
        surroundings, _until = _load_surroundings(article)
    return dataclasses.replace(
        surroundings,
        artists=music_links.artists,
        songs=music_links.songs,
        release_ids=music_links.release_ids,
        films=music_links.films,
        music_box=box,
        music_box_html=box_html,
        figures=figures,
        authors=authors,
    )


def _load_surroundings(article):
    """Tags, corrections and ranked lists (whether any), previous and next article in one UNION ALL
    query, and when the category's next scheduled article goes live (None when none is scheduled).

    Previous and next are published articles of the same category, ordered by publish
    time then id; the range condition before the OR lets the index on (category,
    status, publish_at, id) be walked from the article's own position and stop at the
    first row. An article without a publish time (a draft in preview) has neither.
    """
    no_time = Cast(Value(None), output_field=DateTimeField())
    parts = [
        TaggedArticle.objects.filter(content_object_id=article.pk).values_list(
            Value("tag"), "tag_id", "tag__name", "tag__slug", no_time
        )
    ]
    parts += [
        model.objects.filter(article_id=article.pk).values_list(
            Value(kind), "pk", Value(""), Value(""), no_time
        )[:1]
        for kind, model in (("correction", Correction), ("ranked_list", RankedSection))
    ]
    if article.publish_at is not None:
        now = timezone.now()
        same_category = Article.objects.filter(category_id=article.category_id)
        visible = same_category.published(at=now)
        moment, pk = article.publish_at, article.pk
        older = (
            visible.filter(publish_at__lte=moment)
            .filter(Q(publish_at__lt=moment) | Q(publish_at=moment, pk__lt=pk))
            .order_by("-publish_at", "-pk")
        )
        newer = (
            visible.filter(publish_at__gte=moment)
            .filter(Q(publish_at__gt=moment) | Q(publish_at=moment, pk__gt=pk))
            .order_by("publish_at", "pk")
        )
        scheduled = same_category.scheduled(at=now).order_by("publish_at", "pk")
        parts += [
            queryset.values_list(Value(kind), "pk", "title", "slug", "publish_at")[:1]
            for kind, queryset in (("previous", older), ("next", newer), ("scheduled", scheduled))
        ]
    rows = _rows(parts)
    until = next((_aware(row[4]) for row in rows if row[0] == "scheduled"), None)
    return _links_from([row[:4] for row in rows if row[0] != "scheduled"]), until


def _aware(value):
    """A datetime read with a plain cursor (SQLite gives the stored text) as an aware datetime."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


# What a figure or an author box shows of a photo (``responsive_img``, ``_figure.html``).
PHOTO_FIELDS = ("id", "image", "width", "height", "alt_text", "caption", "credit")


def _load_figures_and_authors(article):
    """The article's figures and authors in one query, as instances holding only what the page shows."""
    photo = [f"photo__{name}" for name in PHOTO_FIELDS]
    figures = Figure.objects.filter(article_id=article.pk).values_list(
        Value("figure"), "position", "pk", "key", "caption", "credit", Value(""), *photo
    )
    authors = ArticleAuthor.objects.filter(article_id=article.pk).values_list(
        Value("author"),
        "position",
        "pk",
        "author_id",
        "author__name",
        "author__slug",
        "author__tagline",
        *[f"author__{name}" for name in photo],
    )
    rows = _rows([figures, authors])
    figures, authors = [], []
    for kind, position, pk, key, first, second, third, *photo_values in sorted(rows, key=lambda row: row[:3]):
        photo = Photo(**dict(zip(PHOTO_FIELDS, photo_values, strict=True))) if photo_values[0] else None
        if kind == "figure":
            figures.append(
                Figure(
                    pk=pk,
                    article=article,
                    key=key,
                    position=position,
                    caption=first,
                    credit=second,
                    photo=photo,
                )
            )
        else:
            authors.append(Author(pk=key, name=first, slug=second, tagline=third, photo=photo))
    return figures, authors


@dataclass
class MusicBox:
    films: list
    releases: list
    film_lines: list
    artists: list
    songs: list

    def __bool__(self):
        return bool(self.films or self.releases or self.film_lines or self.artists or self.songs)


def music_box(article, linked: ArticleLinks) -> MusicBox:
    """The "Musik dalam artikel ini" box: films with soundtracks, releases, then artists and songs.

    Six queries when the article links a release or a film (its releases, their tracks,
    the songs' original artists, performers, writers and streaming links), whatever the
    number of linked entities or tracks; none otherwise.
    """
    releases = []
    if linked.release_ids or linked.films:
        # The article's releases and its films' soundtracks: a UNION of two index look-ups
        # (an OR of the two made PostgreSQL scan every release).
        release_ids = (
            Article.releases.through.objects.filter(article_id=article.pk)
            .values("release_id")
            .union(
                Article.films.through.objects.filter(article_id=article.pk).values("film__soundtrack_id"),
                all=True,
            )
        )
        releases = list(
            Release.objects.filter(pk__in=release_ids)
            .select_related("cover", "film")
            .order_by("-release_date", "title", "pk")
        )
        tracks, track_credits, song_credits = tracklist_querysets(release_id__in=release_ids)
        links = StreamingLink.objects.filter(release_id__in=release_ids).order_by("position", "pk")
        assemble_tracklists(releases, annotated_tracks(tracks, track_credits, song_credits), links)
    linked_film_ids = set(linked.film_ids)
    films, shown_releases = [], []
    for release in releases:
        # A release without a film raises RelatedObjectDoesNotExist, an AttributeError.
        film = getattr(release, "film", None)
        if film is not None and film.pk in linked_film_ids:
            film.soundtrack = release
            films.append(film)
        if release.pk in linked.release_ids and film not in films:
            shown_releases.append(release)
    with_soundtrack = {film.pk for film in films}
    return MusicBox(
        films=films,
        releases=shown_releases,
        film_lines=[row for row in linked.films if row[0] not in with_soundtrack],
        artists=linked.artists,
        songs=linked.songs,
    )


def _count_shared(through, column, ids, outer="pk"):
    if not ids:
        return Value(0)
    owner = "content_object_id" if through is TaggedArticle else "article_id"
    counted = (
        through.objects.filter(**{owner: OuterRef(outer), f"{column}__in": ids})
        .values(owner)
        .annotate(shared=Count("*"))
        .values("shared")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def union_sql(querysets, *, distinct=True):
    """SQL and parameters of a UNION of several ``values()`` querysets (sliced or not);
    ``distinct=False`` keeps every row (UNION ALL).

    Each part is wrapped in ``SELECT * FROM (...)`` so SQLite accepts its ORDER BY and
    LIMIT inside a compound statement; PostgreSQL reads each part from its own index.
    """
    parts, params = [], []
    for index, queryset in enumerate(querysets):
        sql, query_params = queryset.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS union_part_{index}")
        params += list(query_params)
    return (" UNION " if distinct else " UNION ALL ").join(parts), params


def related_articles(article, linked: ArticleLinks, tag_ids, *, limit=RELATED_LIMIT):
    """The "Eksplor konten lain" cards: hand-picked, then shared music, shared tags, category, recency.

    Never the article itself, never anything unpublished, never sponsored content unless
    hand-picked; ties broken by publish time and id, so the same data always gives the
    same cards.

    Two queries whose cost does not grow with the archive. The first reads the candidate
    ids as one UNION of bounded windows, each read from an index: the hand-picked links,
    the newest ``CANDIDATE_WINDOW`` of the category, the site's newest ``limit + 1`` (they
    fill the cards up when too few articles match), and the newest ``CANDIDATE_WINDOW``
    sharing each kind of linked music and the tags. The second scores only those ids.
    (One query with an OR of ``pk IN (subquery)`` conditions gave the same cards, but
    PostgreSQL answered it with a sequential scan of every article: seconds at 100,000.)
    """
    music_pairs = [
        (through, column, getattr(linked, f"{kind}_ids"))
        for through, column, kind, _name_field in MUSIC_LINKS
    ]
    # Advertorials are never picked by the score, only by an editor's hand.
    hand_picked = RelatedArticle.objects.filter(from_article=article.pk).values("to_article")
    published = Article.objects.published().filter(Q(is_sponsored=False) | Q(pk__in=hand_picked))
    sources = [
        hand_picked,
        published.filter(category_id=article.category_id).latest_first().values("pk")[:CANDIDATE_WINDOW],
        # The site's newest fill the cards up when too few articles match at all.
        published.latest_first().values("pk")[: limit + 1],
    ]
    for through, column, ids in music_pairs:
        if ids:
            sources.append(
                through.objects.filter(**{f"{column}__in": ids})
                .order_by("-article__publish_at", "-article_id")
                .values("article_id")[:CANDIDATE_WINDOW]
            )
    if tag_ids:
        sources.append(
            TaggedArticle.objects.filter(tag_id__in=tag_ids)
            .order_by("-content_object__publish_at", "-content_object_id")
            .values("content_object_id")[:CANDIDATE_WINDOW]
        )
    candidates_sql, candidates_params = union_sql(sources)
    shared_music = Value(0)
    for through, column, ids in music_pairs:
        shared_music = shared_music + _count_shared(through, column, ids)
    picked = RelatedArticle.objects.filter(from_article=article.pk, to_article=OuterRef("pk"))
    scored = (
        # The candidates are only ids: visibility and the sponsored rule are applied here.
        published.exclude(pk=article.pk)
        .filter(pk__in=RawSQL(candidates_sql, candidates_params))
        .annotate(
            picked_position=Subquery(picked.values("position")[:1]),
            shared_music=shared_music,
            shared_tags=_count_shared(TaggedArticle, "tag_id", list(tag_ids)),
            same_category=Case(When(category_id=article.category_id, then=Value(1)), default=Value(0)),
        )
        .for_cards()
        .order_by(
            F("picked_position").asc(nulls_last=True),
            F("shared_music").desc(),
            F("shared_tags").desc(),
            F("same_category").desc(),
            "-publish_at",
            "-pk",
        )
    )
    return list(scored[:limit])


def ranked_sections(article):
    """The article's numbered lists with their entries ready to show, in five queries however long."""
    entries = RankedEntry.objects.for_display().order_by("position", "pk")
    sections = list(
        RankedSection.objects.filter(article=article.pk)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("entries", queryset=entries))
    )
    for section in sections:
        for entry in section.entries.all():
            # The entry's anchor reads its section's prefix; no query back to it.
            entry.section = section
    return sections


def article_corrections(article):
    """Corrections and right-of-reply notes, newest first."""
    return list(article.corrections.order_by("-created_at", "-pk"))
