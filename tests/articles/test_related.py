"""Related content: hand-picked first, then shared music, shared tags, same category, recency."""

import datetime

import pytest
from django.utils import timezone

from articles.models import RelatedArticle
from articles.selectors import article_links, related_articles
from tests.factories import ArticleFactory, ArtistFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def related_for(article):
    return related_articles(article, article_links(article), list(article.tags.values_list("pk", flat=True)))


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def test_order_is_hand_picked_music_tags_category_then_recency():
    berita, kolom = CategoryFactory(name="Berita", slug="berita"), CategoryFactory(name="Kolom", slug="kolom")
    artist = ArtistFactory()
    article = ArticleFactory(category=berita)
    article.artists.add(artist)
    article.tags.add("indie")

    picked = ArticleFactory(category=kolom, publish_at=days_ago(30))
    RelatedArticle.objects.create(from_article=article, to_article=picked)
    shares_music = ArticleFactory(category=kolom, publish_at=days_ago(20))
    shares_music.artists.add(artist)
    shares_tag = ArticleFactory(category=kolom, publish_at=days_ago(10))
    shares_tag.tags.add("indie")
    same_category_old = ArticleFactory(category=berita, publish_at=days_ago(5))
    same_category_new = ArticleFactory(category=berita, publish_at=days_ago(1))
    unrelated = ArticleFactory(category=kolom, publish_at=days_ago(2))

    assert related_for(article) == [
        picked,
        shares_music,
        shares_tag,
        same_category_new,
        same_category_old,
        unrelated,
    ]


def test_never_itself_never_unpublished_and_at_most_six():
    article = ArticleFactory()
    ArticleFactory.create_batch(8, category=article.category)
    draft = ArticleFactory(category=article.category, draft=True)
    RelatedArticle.objects.create(from_article=article, to_article=draft)
    cards = related_for(article)
    assert len(cards) == 6
    assert article not in cards and draft not in cards


def test_same_data_gives_the_same_answer():
    article = ArticleFactory()
    moment = days_ago(3)
    ArticleFactory.create_batch(8, category=article.category, publish_at=moment)
    assert related_for(article) == related_for(article)
    ids = [a.pk for a in related_for(article)]
    assert ids == sorted(ids, reverse=True)
