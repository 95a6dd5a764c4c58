"""Compare the related-content query with a variant that gathers the candidate ids first.

Run from the project root after bench/generate.py:
    .venv/bin/python bench/related_candidates.py --articles 100000 --db postgres

``articles.selectors.related_articles`` filters on an OR of six ``pk IN (subquery)``
conditions; PostgreSQL plans that as a sequential scan of every article with hashed
subplans. The variant reads the candidate ids with one UNION query (each sliced subquery
wrapped so SQLite accepts its LIMIT), then scores ``pk IN (<ids>)`` with the same
annotations and ordering. Both must return the same cards; the script prints the
median and worst time and the query count of each over a sample of articles.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import setup_django


def union_ids(querysets):
    """The ids of several sliced ``values()`` querysets, in one query."""
    from django.db import connection

    parts, params = [], []
    for index, queryset in enumerate(querysets):
        sql, query_params = queryset.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS candidates_{index}")
        params += list(query_params)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ".join(parts), params)
        return [row[0] for row in cursor.fetchall()]


def candidates_first(article, linked, tag_ids, *, limit=6):
    """``related_articles`` with the candidate set read first (two queries instead of one)."""
    from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When

    from articles import selectors
    from articles.models import Article, RelatedArticle, TaggedArticle

    window = selectors.CANDIDATE_WINDOW
    hand_picked = RelatedArticle.objects.filter(from_article=article.pk).values("to_article")
    published = Article.objects.published().filter(Q(is_sponsored=False) | Q(pk__in=hand_picked))
    music_pairs = [
        (Article.artists.through, "artist_id", linked.artist_ids),
        (Article.songs.through, "song_id", linked.song_ids),
        (Article.releases.through, "release_id", linked.release_ids),
        (Article.films.through, "film_id", linked.film_ids),
    ]
    sources = [
        hand_picked,
        published.filter(category_id=article.category_id).latest_first().values("pk")[:window],
        published.latest_first().values("pk")[: limit + 1],
    ]
    for through, column, ids in music_pairs:
        if ids:
            sources.append(
                through.objects.filter(**{f"{column}__in": ids})
                .order_by("-article__publish_at", "-article_id")
                .values("article_id")[:window]
            )
    if tag_ids:
        sources.append(
            TaggedArticle.objects.filter(tag_id__in=tag_ids)
            .order_by("-content_object__publish_at", "-content_object_id")
            .values("content_object_id")[:window]
        )
    shared_music = Value(0)
    for through, column, ids in music_pairs:
        shared_music = shared_music + selectors._count_shared(through, column, ids)
    picked = RelatedArticle.objects.filter(from_article=article.pk, to_article=OuterRef("pk"))
    scored = (
        published.exclude(pk=article.pk)
        .filter(pk__in=union_ids(sources))
        .annotate(
            picked_position=Subquery(picked.values("position")[:1]),
            shared_music=shared_music,
            shared_tags=selectors._count_shared(TaggedArticle, "tag_id", list(tag_ids)),
            same_category=Case(When(category_id=article.category_id, then=Value(1)), default=Value(0)),
        )
        .select_related("category", "hero")
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


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--sample", type=int, default=8)
    args = parser.parse_args()
    setup_django(args.db, args.articles, PAGE_CACHE_SECONDS=0)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles import selectors
    from articles.models import Article

    rng = random.Random(3)
    ids = list(Article.objects.published().values_list("pk", flat=True))
    sample = [Article.objects.get(pk=pk) for pk in rng.sample(ids, args.sample)]
    cards = {}
    for name, function in (("current", selectors.related_articles), ("candidates first", candidates_first)):
        timings, counts, cards[name] = [], set(), []
        for article in sample:
            linked = selectors.linked_music(article)
            tag_ids = list(article.tags.values_list("pk", flat=True))
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                result = function(article, linked, tag_ids)
                timings.append((time.perf_counter() - started) * 1000)
            counts.add(len(queries.captured_queries))
            cards[name].append([card.pk for card in result])
        print(
            f"{name:<17} median {statistics.median(timings):8.1f} ms   worst {max(timings):8.1f} ms   "
            f"queries {sorted(counts)}"
        )
    print("same cards:", cards["current"] == cards["candidates first"])


if __name__ == "__main__":
    main()
