"""Article search: PostgreSQL full text (``indonesian`` configuration, ranked) with a simple SQLite fallback.

Both take the same input and return a queryset of published articles, best match first.
"""

from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce

from articles.models import Article, TaggedArticle

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
SEARCH_CONFIG = "indonesian"


def normalise_query(raw) -> str:
    """What is left of a reader's query after dropping control characters and excess length."""
    text = "".join(ch for ch in str(raw or "") if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def search_articles(raw_query):
    """Published articles matching the query, most relevant first; none for an empty query."""
    query = normalise_query(raw_query)
    published = Article.objects.published()
    if not query:
        return published.none()
    if connection.vendor == "postgresql":
        return _postgres_search(published, query)
    return _simple_search(published, query)


def _postgres_search(published, query):
    from django.contrib.postgres.aggregates import StringAgg
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    tag_names = (
        TaggedArticle.objects.filter(content_object_id=OuterRef("pk"))
        .values("content_object_id")
        .annotate(names=StringAgg("tag__name", " "))
        .values("names")
    )
    artist_names = (
        Article.artists.through.objects.filter(article_id=OuterRef("pk"))
        .values("article_id")
        .annotate(names=StringAgg("artist__name", " "))
        .values("names")
    )
    vector = (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector(
            Coalesce(Subquery(artist_names), Value(""), output_field=TextField()),
            weight="A",
            config=SEARCH_CONFIG,
        )
        + SearchVector("dek", weight="B", config=SEARCH_CONFIG)
        + SearchVector(
            Coalesce(Subquery(tag_names), Value(""), output_field=TextField()),
            weight="B",
            config=SEARCH_CONFIG,
        )
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return (
        published.annotate(search=vector, rank=SearchRank(vector, search_query))
        .filter(search=search_query)
        .order_by("-rank", "-publish_at", "-pk")
    )


def _simple_search(published, query):
    """Every term must appear in the title, dek, body, a tag or a linked artist's name."""
    terms = query.split()[:MAX_TERMS]
    for term in terms:
        in_tags = TaggedArticle.objects.filter(content_object_id=OuterRef("pk"), tag__name__icontains=term)
        in_artists = Article.artists.through.objects.filter(
            article_id=OuterRef("pk"), artist__name__icontains=term
        )
        published = published.filter(
            Q(title__icontains=term)
            | Q(dek__icontains=term)
            | Q(body__icontains=term)
            | Exists(in_tags)
            | Exists(in_artists)
        )
    title_hit = Q()
    for term in terms:
        title_hit &= Q(title__icontains=term)
    return published.annotate(title_match=ExpressionWrapper(title_hit, output_field=BooleanField())).order_by(
        F("title_match").desc(), "-publish_at", "-pk"
    )
