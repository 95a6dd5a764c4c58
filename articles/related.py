"""Stored "Eksplor konten lain" cards: scored once, then read in one indexed query.

Scoring an article's related cards (``selectors.related_articles``) reads and ranks a
few hundred candidates: fine once, too slow for every uncached view of a large archive.
So the ranked ids are stored (``RelatedSuggestion``, ``STORED`` per article) the first
time the page is rendered, and each later render reads them joined to
``Article.objects.published()``: a stored card that is unpublished, scheduled back or
deleted afterwards never reaches a reader, whatever the stored rows say.

A stored list is dropped, and scored again on the article's next view, when:
- the article's rubric, publish time, status or sponsorship, its music, tags or
  hand-picked links change (a new title, dek or body changes no score);
- an article among its cards is unpublished, moved in time or rubric, or deleted;
- an article sharing its music is saved: the newest ``CANDIDATE_WINDOW`` articles
  linked to each kind of the saved article's music are dropped, so a new article about
  an artist shows up under that artist's recent articles;
- it holds fewer than ``STORED`` cards (a small archive), and any article is saved;
- fewer of its cards are published than it stored, or it is older than
  ``MAX_AGE`` (this is how new articles reach the cards of older articles that share
  only tags or the category with them, and how a scheduled article joins other
  articles' cards after it goes live).

The receivers report those articles to ``StoredLists``, this concern's subscriber in
``pophariini.content``. A bulk write (``pophariini.content.bulk_write()``, such as the
WordPress import) that writes articles drops every list once, at its end.

The rows are written and deleted with plain SQL, without model signals:
storing cards changes nothing a reader can see, so it must not replace the page
cache's generation.
"""

import datetime

from django.db import connections, router
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

from articles import page_scopes
from articles.models import (
    RELATED_STORED,
    Article,
    Category,
    RelatedArticle,
    RelatedSuggestion,
    TaggedArticle,
)
from articles.selectors import CANDIDATE_WINDOW, MUSIC_LINKS, RELATED_LIMIT, related_articles, union_sql
from pophariini import content, versions
from pophariini.models import Photo

STORED = RELATED_STORED
# Long enough that an archive article read about weekly (by search engines, say) is
# scored once a week, not on every view; short enough that new articles reach the cards
# of old ones that share only tags or the category with them.
MAX_AGE = datetime.timedelta(days=7)


def stored_cards(article_id, now):
    """The stored cards of an article that are published now, in order."""
    return list(
        Article.objects.published(at=now)
        .filter(suggested_in__article=article_id)
        .annotate(computed_at=F("suggested_in__computed_at"), list_length=F("suggested_in__list_length"))
        .for_cards()
        .order_by("suggested_in__position")[:STORED]
    )


def stored_card_ids(article_id, now):
    """(id, computed_at, list_length) of the same cards: what a view reads when their HTML is cached."""
    return list(
        Article.objects.published(at=now)
        .filter(suggested_in__article=article_id)
        .order_by("suggested_in__position")
        .values_list("pk", "suggested_in__computed_at", "suggested_in__list_length")[:STORED]
    )


def _fresh(stored, now):
    """Whether a stored list (``(pk, computed_at, list_length)`` rows) may be shown: every card it
    stored is still published, and it is younger than ``MAX_AGE``."""
    return bool(stored) and len(stored) == stored[0][2] and stored[0][1] > now - MAX_AGE


def _score_and_store(article, links, now):
    scored = related_articles(article, links, links.tag_ids, limit=STORED)
    store(article.pk, [card.pk for card in scored], now)
    return scored


def related_cards(article, links, *, limit=RELATED_LIMIT):
    """The article page's related cards: the stored list when fresh, else scored now and stored.

    One query when the stored list is fresh; two more (score, store) when not, three when
    the archive is too small to fill a whole stored list. The read is a dozen rows off an index.
    """
    now = timezone.now()
    stored = stored_cards(article.pk, now)
    if _fresh([(card.pk, card.computed_at, card.list_length) for card in stored], now):
        # Two readers storing different lists at once can leave a card twice.
        return list({card.pk: card for card in stored}.values())[:limit]
    return _score_and_store(article, links, now)[:limit]


# What a rendered card shows: its article, category and photo.
CARD_MODELS = [Article, Category, Photo]


def related_section(article, links, render, *, limit=RELATED_LIMIT):
    """The related cards as ``render(cards)`` returns them (the page's HTML), mostly from the cache.

    The rendered cards are kept in the cache under the versions of what a card shows
    (``CARD_MODELS``) with their ids. A view then reads only the ids of the stored cards
    that are published now, one light query: the cached HTML is used when they are the
    same cards, so a card unpublished even without a signal never shows. Otherwise (a
    list scored again, a card gone) the cards are rendered under a key naming their ids.
    On a cold cache the cards are read and rendered in the one query ``related_cards()`` makes.
    """
    language = get_language()
    loaded = []

    def load():
        cards = related_cards(article, links, limit=limit)
        loaded.append(True)
        return tuple(card.pk for card in cards), render(cards)

    shown, html = versions.cached("related-section", (article.pk, language), CARD_MODELS, load)
    if loaded:
        return html
    now = timezone.now()
    stored = stored_card_ids(article.pk, now)
    if not _fresh(stored, now):
        cards = _score_and_store(article, links, now)[:limit]
        ids = tuple(card.pk for card in cards)
        return versions.cached(
            "related-section", (article.pk, language, ids), CARD_MODELS, lambda: render(cards)
        )
    ids = tuple(dict.fromkeys(pk for pk, _computed_at, _length in stored))[:limit]
    if ids == shown:
        return html

    def load_cards():
        cards = Article.objects.published(at=now).filter(pk__in=ids).for_cards().in_bulk()
        return render([cards[pk] for pk in ids if pk in cards])

    return versions.cached("related-section", (article.pk, language, ids), CARD_MODELS, load_cards)


def store(article_id, suggested_ids, computed_at):
    """Write the article's list over the stored one, position by position, in one statement.

    (``bulk_create`` would wrap its one INSERT in a transaction: two more round trips.)
    """
    using = router.db_for_write(RelatedSuggestion)
    table = RelatedSuggestion._meta.db_table
    if suggested_ids:
        computed_at = RelatedSuggestion._meta.get_field("computed_at").get_db_prep_save(
            computed_at, connections[using]
        )
        values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(suggested_ids))
        params = []
        for position, pk in enumerate(suggested_ids):
            params += [article_id, pk, position, len(suggested_ids), computed_at]
        with connections[using].cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (article_id, suggested_id, position, list_length, computed_at) "
                f"VALUES {values} ON CONFLICT (article_id, position) DO UPDATE SET "
                "suggested_id = excluded.suggested_id, list_length = excluded.list_length, "
                "computed_at = excluded.computed_at",
                params,
            )
    if len(suggested_ids) < STORED:
        with connections[using].cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {table} WHERE article_id = %s AND position >= %s",
                [article_id, len(suggested_ids)],
            )


def forget(article_ids, *, using=None) -> set[int]:
    """Drop the stored lists these articles' changes may make wrong (see the module docstring).

    One statement, whatever the number of articles; cheap enough to run on every save.
    Returns the articles whose lists were dropped: their pages show those cards.
    """
    article_ids = [pk for pk in article_ids if pk is not None]
    if not article_ids:
        return set()
    using = using or router.db_for_write(RelatedSuggestion)
    sources = [
        Article.objects.using(using).filter(pk__in=article_ids).values("pk"),
        RelatedSuggestion.objects.using(using).filter(suggested__in=article_ids).values("article_id"),
        # Lists too short to fill (a small archive) may have room for this article.
        RelatedSuggestion.objects.using(using).filter(list_length__lt=STORED).values("article_id"),
    ]
    for through, column, _kind, _name_field in MUSIC_LINKS:
        shared = through.objects.using(using).filter(article_id__in=article_ids).values(column)
        sources.append(
            through.objects.using(using)
            .filter(**{f"{column}__in": shared})
            .order_by("-article__publish_at", "-article_id")
            .values("article_id")[:CANDIDATE_WINDOW]
        )
    sql, params = union_sql(sources)
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {RelatedSuggestion._meta.db_table} WHERE article_id IN (SELECT * FROM ({sql}) AS affected) "
            "RETURNING article_id",
            params,
        )
        return {row[0] for row in cursor.fetchall()}


def forget_all(*, using=None):
    """Drop every stored list."""
    using = using or router.db_for_write(RelatedSuggestion)
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {RelatedSuggestion._meta.db_table}")


class StoredLists(content.Subscriber):
    """Stored related lists: the receivers below report the articles whose lists a write may make wrong."""

    def connect(self):
        post_save.connect(_article_saved, sender=Article, dispatch_uid="related_article_saved")
        for through, _column, _kind, _name_field in MUSIC_LINKS:
            m2m_changed.connect(
                _links_changed, sender=through, dispatch_uid=f"related_{through._meta.model_name}"
            )
        m2m_changed.connect(_links_changed, sender=TaggedArticle, dispatch_uid="related_tags")
        post_save.connect(_hand_pick_changed, sender=RelatedArticle, dispatch_uid="related_picked_saved")
        post_delete.connect(_hand_pick_changed, sender=RelatedArticle, dispatch_uid="related_picked_deleted")

    def renew(self, article_ids, *, using):
        # The pages that showed the dropped lists are cached with them: renewed too.
        page_scopes.renew_article_pages(forget(article_ids, using=using), using=using)

    def renew_in_bulk(self, article_ids, batch):
        # Which lists the link rows a bulk writer adds without signals reach is unknown
        # (and thousands of articles would make thousands of query parameters): when the
        # block wrote articles, every list is scored again on its next view.
        if article_ids or batch.written[Article]:
            forget_all(using=batch.using)


stored_lists = StoredLists()


# What a score reads of the article row (its music and tags are link rows, reported apart).
SCORED_FIELDS = frozenset({"category_id", "publish_at", "status", "is_sponsored"})


def _article_saved(sender, instance, raw=False, using=None, created=False, **kwargs):
    # A new title, dek or body changes no score: every list stays as it is (cards are read
    # joined to the article, and the page cache renews the pages showing it).
    changed = None if created else page_scopes.changed_fields(instance)
    if not raw and (changed is None or changed & SCORED_FIELDS):
        stored_lists.changed([instance.pk], using=using)


def _links_changed(sender, instance, action, reverse, pk_set, using=None, **kwargs):
    """m2m change of an article's music or tags, from either side."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if isinstance(instance, Article):
        stored_lists.changed([instance.pk], using=using)
    elif pk_set:
        stored_lists.changed(pk_set, using=using)
    elif action == "pre_clear":
        # An artist or tag cleared of all its articles: those articles' lists go.
        column = "tag_id" if sender is TaggedArticle else f"{type(instance)._meta.model_name}_id"
        owner = "content_object_id" if sender is TaggedArticle else "article_id"
        stored_lists.changed(
            sender.objects.filter(**{column: instance.pk}).values_list(owner, flat=True), using=using
        )


def _hand_pick_changed(sender, instance, raw=False, using=None, **kwargs):
    if not raw:
        stored_lists.changed([instance.from_article_id], using=using)
