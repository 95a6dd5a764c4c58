"""Article search: PostgreSQL full text (``indonesian`` configuration, ranked) with a simple SQLite fallback.

Both take the same input and return a queryset of published articles, best match first.

What is searched is ``Article.search_text``: title, linked artist names, tag names, dek and
body as plain text, one per line, kept current by ``Article.save()`` and by
``refresh_search_text``, run by this concern's subscriber (``SearchText`` below, in
``pophariini.content``) for the articles a write changed, once at the end of a bulk write. On
PostgreSQL a trigger (migration 0005) turns it into ``search_vector`` with weights A (title,
artists), B (tags, dek) and C (body); a GIN index on that column answers the match, and the
rank reads the stored vector instead of parsing every article on each query.

Results are the best of a bounded candidate set: the newest ``CANDIDATE_LIMIT`` matching
articles (see ``search_articles``).
"""

import re

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from articles.models import Article, TaggedArticle, search_text_of
from pophariini import content

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
# How many of the newest matches are ranked (and counted); see search_articles(). Each
# candidate is read and tested twice per page (count, then rank): 500 keeps a common
# word's page near 30-45 ms at 100,000 articles on PostgreSQL (1,000: 40-80 ms), and
# 42 pages of results are more than readers turn.
CANDIDATE_LIMIT = 500
SEARCH_CONFIG = "indonesian"
REFRESH_BATCH = 500


def normalise_query(raw) -> str:
    """What is left of a reader's query after dropping control characters and excess length."""
    text = "".join(ch for ch in str(raw or "") if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


# A word, a "quoted phrase", either one negated with a leading minus.
_TOKEN_RE = re.compile(r'-?"[^"]*"?|\S+')


def asks_for_a_word(query) -> bool:
    """Whether the query wants at least one word, rather than only excludes some (``-gitar``).

    An exclusion alone would match nearly the whole archive and cannot use the search
    index: every article would be read to rank a list no reader wants. ``or`` joins
    alternatives and is no word of its own.
    """
    for token in _TOKEN_RE.findall(query):
        if token.startswith("-") or token.lower() == "or":
            continue
        if any(character.isalnum() for character in token):
            return True
    return False


def search_articles(raw_query, limit=CANDIDATE_LIMIT):
    """Published articles matching the query, most relevant first; none for an empty query
    or one that only excludes words.

    Only the newest ``limit`` matches are candidates: they are ranked, and they are all
    that the result holds (so its ``count()`` is at most ``limit``). Words found in nearly
    every article (“festival”, “gitar”) match some 94,000 of 100,000 articles; ranking and
    counting all of them took 0.8-1.5 s per page on PostgreSQL. The newest matches are read
    by walking the ``(status, -publish_at, -id)`` index and testing each row, which stops
    after ``limit`` hits, so the cost no longer grows with the archive; a selective query
    is answered from the GIN index as before. When there are fewer than ``limit`` matches
    the result is exact. A news site favours recent stories anyway, and a reader who wants
    an older one adds a word, which narrows the matches until it is among the candidates.
    The page says when the bound was reached (``SearchView``).
    """
    query = normalise_query(raw_query)
    published = Article.objects.published()
    if not asks_for_a_word(query):
        return published.none()
    if connection.vendor == "postgresql":
        return _postgres_search(published, query, limit)
    return _simple_search(published, query, limit)


def _newest(matches, limit):
    """The ids of the newest ``limit`` matches, as a subquery.

    Callers filter the same ``published`` queryset (one timestamp) by it, so the visibility
    rule holds for the candidates and for the result alike.
    """
    return matches.order_by("-publish_at", "-pk").values("pk")[:limit]


def _postgres_search(published, query, limit):
    from django.contrib.postgres.search import SearchQuery, SearchRank

    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    candidates = _newest(published.filter(search_vector=search_query), limit)
    return (
        published.filter(pk__in=candidates)
        .annotate(rank=SearchRank(F("search_vector"), search_query))
        .order_by("-rank", "-publish_at", "-pk")
    )


def _simple_search(published, query, limit):
    """Every term must appear in the search text (title, dek, body, a tag or a linked artist's name)
    and no ``-term`` may; articles with every term in the title come first."""
    terms, excluded = [], []
    for word in query.split()[:MAX_TERMS]:
        if word.startswith("-"):
            excluded.append(word[1:])
        else:
            terms.append(word)
    matches = published
    for term in terms:
        matches = matches.filter(search_text__icontains=term)
    for term in filter(None, excluded):
        matches = matches.exclude(search_text__icontains=term)
    title_hit = Q()
    for term in terms:
        title_hit &= Q(title__icontains=term)
    return (
        published.filter(pk__in=_newest(matches, limit))
        .annotate(title_match=ExpressionWrapper(title_hit, output_field=BooleanField()))
        .order_by(F("title_match").desc(), "-publish_at", "-pk")
    )


# Keeping search_text current


def refresh_search_text(article_ids) -> int:
    """Recompute ``search_text`` of these articles from their rows, tags and artists; returns how many."""
    ids = sorted({int(pk) for pk in article_ids if pk is not None})
    ops = connection.ops
    sql = "UPDATE {} SET {} = %s WHERE {} = %s".format(
        *(ops.quote_name(name) for name in (Article._meta.db_table, "search_text", "id"))
    )
    done = 0
    for start in range(0, len(ids), REFRESH_BATCH):
        chunk = ids[start : start + REFRESH_BATCH]
        tags: dict[int, list[str]] = {}
        for article_id, name in TaggedArticle.objects.filter(content_object_id__in=chunk).values_list(
            "content_object_id", "tag__name"
        ):
            tags.setdefault(article_id, []).append(name)
        artists: dict[int, list[str]] = {}
        for article_id, name in Article.artists.through.objects.filter(article_id__in=chunk).values_list(
            "article_id", "artist__name"
        ):
            artists.setdefault(article_id, []).append(name)
        rows = [
            (search_text_of(title, dek, body, tags.get(pk, ()), artists.get(pk, ())), pk)
            for pk, title, dek, body in Article.objects.filter(pk__in=chunk).values_list(
                "pk", "title", "dek", "body"
            )
        ]
        # One statement run per batch, no signals: search_text is no reader-visible change of
        # its own (the write that caused it has invalidated the page cache already).
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        done += len(rows)
    return done


class SearchText(content.Subscriber):
    """``Article.search_text``: the receivers below report the articles whose tags, artists or
    their names changed (``Article.save()`` keeps an article's own fields current)."""

    def connect(self):
        from taggit.models import Tag

        from music.models import Artist

        for through, name in ((TaggedArticle, "tags"), (Article.artists.through, "artists")):
            m2m_changed.connect(_tags_or_artists_changed, sender=through, dispatch_uid=f"search_text_{name}")
        for model, name in ((Artist, "artist"), (Tag, "tag")):
            pre_save.connect(_remember_name, sender=model, dispatch_uid=f"search_text_{name}_pre_save")
            post_save.connect(_renamed, sender=model, dispatch_uid=f"search_text_{name}_renamed")
            pre_delete.connect(
                _remember_articles, sender=model, dispatch_uid=f"search_text_{name}_pre_delete"
            )
            post_delete.connect(_deleted, sender=model, dispatch_uid=f"search_text_{name}_deleted")

    def renew(self, article_ids, *, using):
        refresh_search_text(article_ids)

    def renew_in_bulk(self, article_ids, batch):
        # An article saved in the block computed its text before the tag and artist rows
        # written after it without signals.
        refresh_search_text(article_ids | batch.written[Article])


search_text = SearchText()


def _tags_or_artists_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Article.tags / Article.artists changed from either side (article.tags.add, artist.articles.add)."""
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear") and instance.pk:
            search_text.changed([instance.pk])
        return
    if action == "pre_clear":
        instance._search_clear_ids = _article_ids_of(sender, instance)
    elif action in ("post_add", "post_remove"):
        search_text.changed(pk_set or ())
    elif action == "post_clear":
        search_text.changed(getattr(instance, "_search_clear_ids", ()))


def _article_ids_of(through, instance) -> list[int]:
    if through is TaggedArticle:
        return list(TaggedArticle.objects.filter(tag=instance).values_list("content_object_id", flat=True))
    return list(through.objects.filter(artist=instance).values_list("article_id", flat=True))


def _remember_name(sender, instance, raw=False, **kwargs):
    """Before an artist or tag is saved: its name in the database, to tell a rename."""
    if raw or not instance.pk:
        instance._search_old_name = None
        return
    instance._search_old_name = sender.objects.filter(pk=instance.pk).values_list("name", flat=True).first()


def _renamed(sender, instance, created, raw=False, **kwargs):
    old = getattr(instance, "_search_old_name", None)
    if raw or created or old is None or old == instance.name:
        return
    search_text.changed(_article_ids_of(_through_for(sender), instance))


def _remember_articles(sender, instance, **kwargs):
    """Before an artist or tag is deleted (its links go by cascade, with no m2m signal)."""
    instance._search_article_ids = _article_ids_of(_through_for(sender), instance)


def _deleted(sender, instance, **kwargs):
    # The cascade has removed the links by now, in the same transaction.
    search_text.changed(getattr(instance, "_search_article_ids", ()))


def _through_for(model):
    from taggit.models import Tag

    return TaggedArticle if model is Tag else Article.artists.through
