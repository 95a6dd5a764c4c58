"""Queries compiled once give what their querysets give, with each call's own values."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.utils import timezone

from articles.models import Article
from pophariini.compiled import ANY_ID, ANY_SLUG, ANY_TIME, CompiledQuery, CompiledSQL
from tests.factories import ArticleFactory, CategoryFactory, PhotoFactory

pytestmark = pytest.mark.django_db


def published_by_slug():
    return CompiledQuery(
        Article.objects.published(at=ANY_TIME)
        .select_related("category", "hero")
        .only("title", "slug", "publish_at", "category__name", "hero__image", "hero__width")
        .annotate(hero_width_twice=F("hero__width") * 2)
        .filter(slug=ANY_SLUG),
        slug=ANY_SLUG,
        now=ANY_TIME,
    )


def test_fetch_builds_the_instances_the_queryset_builds():
    article = ArticleFactory(category=CategoryFactory(name="Wawancara"), hero=PhotoFactory())
    ArticleFactory()  # another article, not asked for
    now = timezone.now()

    (found,) = published_by_slug().fetch(slug=article.slug, now=now)
    (expected,) = (
        Article.objects.published(at=now)
        .select_related("category", "hero")
        .only("title", "slug", "publish_at", "category__name", "hero__image", "hero__width")
        .annotate(hero_width_twice=F("hero__width") * 2)
        .filter(slug=article.slug)
    )
    assert (found.pk, found.title, found.publish_at) == (expected.pk, expected.title, expected.publish_at)
    assert found.publish_at.tzinfo is not None  # the backend's converters ran (SQLite stores text)
    assert found.get_deferred_fields() == expected.get_deferred_fields()
    assert "body" in found.get_deferred_fields()
    assert found.category.name == "Wawancara"
    assert found.hero.image.name == expected.hero.image.name
    assert found.hero.width == expected.hero.width > 0
    assert found.hero_width_twice == 2 * expected.hero.width
    assert found._state.db == "default" and not found._state.adding


def test_each_call_gets_its_own_values():
    query = published_by_slug()
    first, second = ArticleFactory(), ArticleFactory()
    now = timezone.now()
    assert [a.pk for a in query.fetch(slug=first.slug, now=now)] == [first.pk]
    assert [a.pk for a in query.fetch(slug=second.slug, now=now)] == [second.pk]
    # The time is a value too: before the article's publish time it is not published yet.
    assert query.fetch(slug=first.slug, now=first.publish_at - timedelta(seconds=1)) == []


def test_a_draft_is_never_fetched():
    draft = ArticleFactory(status=Article.Status.DRAFT)
    assert published_by_slug().fetch(slug=draft.slug, now=timezone.now()) == []


def test_a_placeholder_missing_from_the_query_is_refused():
    with pytest.raises(ValueError, match="placeholder slug"):
        CompiledQuery(Article.objects.filter(pk=ANY_ID), slug=ANY_SLUG)


def test_compiled_sql_replaces_every_occurrence():
    table = Article._meta.db_table
    sql = f"SELECT id, %s FROM {table} WHERE id = %s OR id = %s"
    compiled = CompiledSQL(sql, ["x", ANY_ID, ANY_ID], using="default", article=ANY_ID)
    assert compiled.params(article=7) == ["x", 7, 7]
    article = ArticleFactory()
    assert compiled.rows(article=article.pk) == [(article.pk, "x")]


@pytest.mark.django_db(transaction=True)
def test_a_query_compiled_in_one_thread_runs_in_another():
    article = ArticleFactory()
    query = published_by_slug()
    found = []

    def read():
        try:
            found.extend(query.fetch(slug=article.slug, now=timezone.now()))
        finally:
            connection.close()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    assert [a.pk for a in found] == [article.pk]
