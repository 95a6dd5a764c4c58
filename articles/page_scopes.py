"""Which cached pages a write to an article or to music can change (the page cache's scopes).

``pophariini.cache`` keeps each article page under its own scope; each music page
(artist, song, release, film) under its own scope and the shared scope ``MUSIC``; and
every other page under one shared scope, ``LISTS`` (home, rubrics, tags, authors, feeds,
sitemaps, search), the sitemaps also under ``SITEMAPS``. A write renews the scopes of the
pages it can change and leaves the rest cached; a write this module does not know (a
category, an author, a photo, a tag, a static page, a bulk write) renews the whole site,
as every write did before.

What an article page shows, and so what renews it:
- the article itself and its own rows (figures, authors, tags, music links, hand-picked
  links, ranked lists, corrections): any write to them;
- other articles as cards ("Eksplor konten lain", "Baca juga" paragraphs) and as the
  previous/next link of its rubric: a write to a shown article that changes what a card
  or a link shows (title, dek, hero, rubric, publish time, status, slug, sponsorship,
  authors), and any write that drops its stored related list (``articles.related``
  reports those through ``renew_article_pages()``);
- music: its linked artists and songs by name, and for linked releases and films (and
  ranked lists) their tracklists, credits, covers and links. A music write renews the
  articles linked to the written entity and to every release, film or ranked entry that
  shows it.
- the day's most-read headlines (``articles.most_read``): a write changing the title,
  address, rubric or visibility of an article read recently renews the whole site.

What a music page shows, and so what renews it:
- music (names, credits, tracklists, members, links, genres, covers): any music write
  renews ``MUSIC``, every music page; a new bio alone renews its artist's page only.
- published articles as cards ("Artikel tentang ini": title, dek, hero, rubric, authors,
  publish time): a song, release or film page those linking it, an artist page those
  linking the artist or a song, release or film of theirs (``music.reach``). A write
  changing what such a card shows, its authors, or a link from the article's side
  renews the pages of the linked entities and of the artists they belong to
  (``music_pages_about()``); a body edit renews none.
- the ranked lists it stands in (article title and address, section, rank): a write to
  the article renews the pages of the entities its lists rank; a write to a list or an
  entry renews ``MUSIC``.
- music under embargo (``music.selectors.public()``: hidden while every article linking
  it is unpublished) appears or goes when an article is published or withdrawn, or links
  or unlinks it: that renews the pages showing it as a music write would
  (``embargo_written()``).
Every write renews ``LISTS`` too (search and sitemaps show both). Deleting an article
renews the whole site.
"""

from django.db.models import Q
from django.db.models.signals import pre_save
from django.utils import timezone
from taggit.models import Tag

from articles import quotes
from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Category,
    Correction,
    Figure,
    RankedEntry,
    RankedSection,
    RelatedArticle,
    RelatedSuggestion,
    TaggedArticle,
)
from articles.most_read import read_recently
from articles.music_pages import (
    ARTIST_PAGE,
    FILM_PAGE,
    MUSIC,
    MUSIC_THROUGHS,
    RELEASE_PAGE,
    SONG_PAGE,
    articles_linking,
    music_pages,
    music_pages_about,
    out_of_embargo,
    releases_showing,
)
from music import models as music
from pophariini import cache as page_cache
from pophariini.content import current_bulk_write
from pophariini.models import Photo, Redirect

ARTICLE_PAGE = "articles:article_detail"
# The sitemap index and sections (``LISTS``, and this): an artist's new bio moves its lastmod.
SITEMAPS = "sitemaps"
SITE = page_cache.SITE
# Article fields no card, "Baca juga" paragraph or previous/next link shows: a save that
# changes only these renews the article's own page and the lists, not the pages showing it.
NOT_ON_CARDS = frozenset(
    {
        "body",
        "seo_title",
        "seo_description",
        "search_text",
        "search_vector",
        "updated_at",
        "revised_at",
        "updated_by_id",
        "featured",
    }
)


def article_scopes(article_ids, *, using) -> set[str]:
    """The scopes of these articles' pages."""
    ids = {pk for pk in article_ids if pk is not None}
    if not ids:
        return set()
    slugs = Article.objects.using(using).filter(pk__in=ids).values_list("slug", flat=True)
    return {page_cache.object_scope(ARTICLE_PAGE, slug) for slug in slugs}


def renew_article_pages(article_ids, *, using) -> None:
    """Renew these articles' cached pages (for ``articles.related``, whose stored lists they show)."""
    scopes = article_scopes(article_ids, using=using)
    if scopes:
        page_cache.page_cache.changed(scopes, using=using)


def showing_cards_of(article_ids, *, using) -> set[int]:
    """Articles whose pages show these articles as a related card (stored or hand-picked)."""
    stored = RelatedSuggestion.objects.using(using).filter(suggested__in=article_ids)
    picked = RelatedArticle.objects.using(using).filter(to_article__in=article_ids)
    return set(stored.values_list("article_id", flat=True)) | set(
        picked.values_list("from_article_id", flat=True)
    )


def neighbours(category_id, publish_at, pk, *, using) -> set[int]:
    """The published articles just before and after this position in its rubric (previous/next links)."""
    if publish_at is None or category_id is None:
        return set()
    same = Article.objects.using(using).published().filter(category_id=category_id).exclude(pk=pk)
    older = same.filter(Q(publish_at__lt=publish_at) | Q(publish_at=publish_at, pk__lt=pk))
    newer = same.filter(Q(publish_at__gt=publish_at) | Q(publish_at=publish_at, pk__gt=pk))
    found = {
        older.order_by("-publish_at", "-pk").values_list("pk", flat=True).first(),
        newer.order_by("publish_at", "pk").values_list("pk", flat=True).first(),
    }
    return found - {None}


def quoting(slugs, *, using) -> set[int]:
    """Articles whose body holds a "Baca juga" address of these slugs (or of their old slugs)."""
    paths = {f"/{slug}/" for slug in slugs if slug}
    if not paths:
        return set()
    paths |= set(Redirect.objects.using(using).filter(new_path__in=paths).values_list("old_path", flat=True))
    return quotes.quoting(paths, using=using)


# What the most-read rail on every article page shows of an article, or decides its visibility.
ON_THE_RAIL = frozenset({"title", "slug", "status", "publish_at", "category_id"})


# What an article's previous state must say for its old neighbours and old address.
BEFORE = ("id", "slug", "category_id", "publish_at", "status")


def loaded_before(instance) -> dict | None:
    """What the instance was loaded with (``Article.from_db``), when it holds every field ``BEFORE`` needs."""
    loaded = getattr(instance, "_loaded", None) or {}
    return loaded if all(name in loaded for name in BEFORE) else None


def remember_loaded(sender, instance, raw=False, **kwargs):
    """Read what an article showed before this save, when the instance was not loaded whole.

    Not in a bulk write: its end renews the whole site.
    """
    instance.page_scopes_before = None
    if (
        raw
        or instance.pk is None
        or instance._state.adding
        or loaded_before(instance)
        or current_bulk_write()
    ):
        return
    instance.page_scopes_before = Article.objects.filter(pk=instance.pk).values(*BEFORE).first()


def changed_fields(instance) -> set[str] | None:
    """The fields this save of a loaded article changes, or None when what it held is unknown."""
    loaded = loaded_before(instance)
    if not loaded:
        return None
    return {
        field.attname
        for field in Article._meta.concrete_fields
        if loaded.get(field.attname) != getattr(instance, field.attname)
    }


def shows_the_same_card(instance) -> bool:
    """Whether this save of a loaded article changed only what no card or link shows (a body edit)."""
    changed = changed_fields(instance)
    return changed is not None and changed <= NOT_ON_CARDS


def article_row_written(instance, kwargs, using):
    if "created" not in kwargs:
        return None  # a deleted article: cards, links and lists everywhere
    ids = {instance.pk}
    scopes = {page_cache.LISTS, page_cache.SCHEDULE}
    if kwargs["created"]:
        before = None
    elif shows_the_same_card(instance):
        return scopes | article_scopes(ids, using=using)
    elif ((changed := changed_fields(instance)) is None or changed & ON_THE_RAIL) and read_recently(
        instance.pk, using=using
    ):
        return None  # it may stand in the most-read rail of any article page (articles.most_read)
    else:
        before = loaded_before(instance) or getattr(instance, "page_scopes_before", None)
    slugs = {instance.slug}
    if before:
        slugs.add(before["slug"])
        ids |= neighbours(before["category_id"], before["publish_at"], instance.pk, using=using)
    ids |= neighbours(instance.category_id, instance.publish_at, instance.pk, using=using)
    ids |= quoting(slugs, using=using)  # a "Baca juga" address may come before its article
    scopes |= {page_cache.object_scope(ARTICLE_PAGE, slug) for slug in slugs}
    if not kwargs["created"]:  # nothing shows, links or ranks a new article yet
        ids |= showing_cards_of([instance.pk], using=using)
        scopes |= music_pages_about([instance.pk], using=using)
        if publication_changed(instance, before):
            scopes |= embargo_written(instance.pk, using=using)
    return scopes | article_scopes(ids, using=using)


def owned_rows_written(article_ids, using, *, on_cards=False):
    """Rows of these articles (figures, authors, tags, links): their pages, and cards showing them.

    ``on_cards``: the rows show on the articles' cards (authors), so the music pages listing
    the articles are renewed too.
    """
    ids = set(article_ids)
    scopes = {page_cache.LISTS} | article_scopes(ids | showing_cards_of(ids, using=using), using=using)
    return scopes | music_pages_about(ids, using=using) if on_cards else scopes


def publication_changed(instance, before) -> bool:
    """Whether this save published or withdrew the article (``published()``'s rule); unknown: it may have."""
    if not before:
        return True
    now = timezone.now()

    def public(status, publish_at):
        return status == Article.Status.PUBLISHED and publish_at is not None and publish_at <= now

    return public(before["status"], before["publish_at"]) != public(instance.status, instance.publish_at)


def embargo_written(article_id, *, links=None, using) -> set[str]:
    """The pages showing music this article's publication or links show or hide (``out_of_embargo()``).

    Renewed as by a music write (``music_written()``).
    """
    found = out_of_embargo(article_id, links=links, using=using)
    return music_written(**found, using=using) if any(found.values()) else set()


def music_written(*, artists=(), songs=(), releases=(), films=(), using):
    """Scopes of the pages showing these music entities: the articles, every music page, the lists."""
    artists, songs, releases, films = set(artists), set(songs), set(releases), set(films)
    if artists:
        films |= set(
            music.FilmCredit.objects.using(using).filter(artist__in=artists).values_list("film_id", flat=True)
        )
        songs_by = music.Song.objects.using(using).filter(
            Q(credits__artist__in=artists) | Q(original_artists__in=artists)
        )
        songs |= set(songs_by.values_list("pk", flat=True))
    releases |= releases_showing(artists=artists, songs=songs, using=using)
    # A film's soundtrack shows in the box of an article linking the film, and back.
    soundtracks = music.Film.objects.using(using).filter(Q(pk__in=films) | Q(soundtrack__in=releases))
    for film_id, soundtrack_id in soundtracks.values_list("pk", "soundtrack_id"):
        films.add(film_id)
        if soundtrack_id is not None:
            releases.add(soundtrack_id)
    ids = articles_linking(artists=artists, songs=songs, releases=releases, films=films, using=using)
    return {page_cache.LISTS, MUSIC} | article_scopes(ids, using=using)


# Each music row, by the entities whose display it is part of: kind -> its column.
MUSIC_ROWS = {
    music.Artist: {"artists": "id"},
    music.Song: {"songs": "id"},
    music.Release: {"releases": "id"},
    music.Film: {"films": "id", "releases": "soundtrack_id"},
    music.Track: {"releases": "release_id", "songs": "song_id"},
    music.TrackCredit: {"tracks": "track_id"},
    music.SongCredit: {"songs": "song_id"},
    music.ReleaseCredit: {"releases": "release_id"},
    music.FilmCredit: {"films": "film_id"},
    music.StreamingLink: {"releases": "release_id"},
}
# An artist's fields only its own page (and a sitemap's lastmod) shows: no article, no list.
ARTIST_PAGE_ONLY = frozenset({"bio", "updated_at"})
# Shown on music pages only (``MUSIC``, and ``LISTS`` for search): members, an artist's links and genres.
MUSIC_PAGES_ONLY = (music.Membership, music.ArtistLink, music.Genre)


def remember_music_before(sender, instance, raw=False, **kwargs):
    """Keep the entities a music row belonged to before this save (a track moved to another release).

    Not in a bulk write: its end renews the whole site.
    """
    instance.page_scopes_before = None
    columns = [column for column in MUSIC_ROWS.get(sender, {}).values() if column != "id"]
    if sender is music.Artist:
        columns = [field.attname for field in sender._meta.concrete_fields]
    if raw or not columns or instance.pk is None or instance._state.adding or current_bulk_write():
        return
    instance.page_scopes_before = sender.objects.filter(pk=instance.pk).values(*columns).first()


def music_row_written(instance, kwargs, using):
    if "created" not in kwargs and "id" in MUSIC_ROWS[type(instance)].values():
        # A deleted artist, song, release or film: its links went with it, unseen by signals.
        return None
    before = getattr(instance, "page_scopes_before", None) or {}
    if isinstance(instance, music.Artist) and before and not kwargs.get("created"):
        changed = {name for name, value in before.items() if getattr(instance, name) != value}
        if changed <= ARTIST_PAGE_ONLY:
            # A new bio: the artist's page, and the sitemaps' lastmod; no list shows a bio.
            return {page_cache.object_scope(ARTIST_PAGE, instance.slug), SITEMAPS}
    entities = {"artists": set(), "songs": set(), "releases": set(), "films": set(), "tracks": set()}
    for kind, column in MUSIC_ROWS[type(instance)].items():
        entities[kind] |= {getattr(instance, column), before.get(column)} - {None}
    tracks = entities.pop("tracks")
    if tracks:
        entities["releases"] |= set(
            music.Track.objects.using(using).filter(pk__in=tracks).values_list("release_id", flat=True)
        )
    return music_written(**entities, using=using)


def _article_row(attname):
    return lambda instance, kwargs, using: owned_rows_written([getattr(instance, attname)], using)


def _music_pages_only(*args):
    return {page_cache.LISTS, MUSIC}


def _new_or_site(instance, kwargs, using):
    """A new rubric, author, photo or tag shows nowhere but in lists until something links it."""
    return {page_cache.LISTS} if kwargs.get("created") else None


def redirect_written(instance, kwargs, using):
    """A redirect changes the page at its old address only (an old slug's, or a WordPress address)."""
    return {page_cache.LISTS, page_cache.path_scope(instance.old_path)}


def m2m_written(sender, instance, kwargs, using):
    """A many-to-many change of an article's music, tags, authors or hand-picked links, from either side."""
    pk_set = kwargs.get("pk_set")
    if isinstance(instance, Article):
        scopes = owned_rows_written([instance.pk], using, on_cards=sender is Article.authors.through)
        if sender not in MUSIC_THROUGHS:
            return scopes
        if pk_set is None:
            return None  # cleared: which entities went, and so which music may have come out of embargo, is unknown
        # The linked entities' pages (and the artists they belong to) list the article now, or no more.
        column = MUSIC_THROUGHS[sender]
        kind = column.removesuffix("_id")
        linked = {"artists": [], "songs": [], "releases": [], "films": []} | {f"{kind}s": [pk_set]}
        reached = {f"{kind}s": pk_set} if kind != "artist" else None
        scopes |= music_pages(**linked, reached=reached, using=using)
        return scopes | embargo_written(instance.pk, links={column: pk_set}, using=using)
    if sender in MUSIC_THROUGHS and pk_set:
        # From the music side: the articles added or removed, and the entity's own pages.
        kind = MUSIC_THROUGHS[sender].removesuffix("_id")
        return owned_rows_written(pk_set, using) | music_written(**{f"{kind}s": [instance.pk]}, using=using)
    return None


def original_artists_written(sender, instance, kwargs, using):
    if isinstance(instance, music.Song):
        return music_written(songs=[instance.pk], using=using)
    return music_written(songs=kwargs.get("pk_set") or (), artists=[instance.pk], using=using)


def register() -> None:
    """Tell the page cache which pages each article and music write can change (from ``ready()``)."""
    page_cache.register_object_page(ARTICLE_PAGE, "slug")
    # Under MUSIC, not LISTS: an article's new dek renews the music pages listing it, not
    # all of them; a new bio renews only its artist's page (and the sitemaps).
    for page in (ARTIST_PAGE, SONG_PAGE, RELEASE_PAGE, FILM_PAGE):
        page_cache.register_object_page(page, "slug", under=MUSIC)
    for sitemap in ("sitemap_index", "sitemap_section"):
        page_cache.register_view_scope(sitemap, SITEMAPS)
    pre_save.connect(remember_loaded, sender=Article, dispatch_uid="page_scopes_article_before")
    pre_save.connect(remember_music_before, dispatch_uid="page_scopes_music_before")
    writes = {
        Article: article_row_written,
        Figure: _article_row("article_id"),
        ArticleAuthor: lambda instance, kwargs, using: owned_rows_written(
            [instance.article_id], using, on_cards=True
        ),
        RelatedArticle: _article_row("from_article_id"),
        # A music page lists the ranked lists it stands in; what an entry stood for before is unknown.
        RankedSection: lambda instance, kwargs, using: (
            owned_rows_written([instance.article_id], using) | {MUSIC}
        ),
        RankedEntry: lambda instance, kwargs, using: (
            owned_rows_written(
                RankedSection.objects.using(using)
                .filter(pk=instance.section_id)
                .values_list("article_id", flat=True),
                using,
            )
            | {MUSIC}
        ),
        Correction: _article_row("article_id"),
        TaggedArticle: _article_row("content_object_id"),
        Redirect: redirect_written,
        **dict.fromkeys((Category, Author, Photo, Tag), _new_or_site),
        **dict.fromkeys(MUSIC_ROWS, music_row_written),
        **dict.fromkeys(MUSIC_PAGES_ONLY, _music_pages_only),
    }
    for model, scopes in writes.items():
        page_cache.register_writes(model, scopes)
    for through in [*MUSIC_THROUGHS, Article.tags.through, Article.authors.through, Article.related.through]:
        page_cache.register_m2m(through, m2m_written)
    page_cache.register_m2m(music.Song.original_artists.through, original_artists_written)
    page_cache.register_m2m(music.Artist.genres.through, _music_pages_only)
