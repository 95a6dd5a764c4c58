"""Related content: hand-picked first, then shared music, shared tags, same category, recency."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article, RelatedArticle
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


def test_equal_scores_go_newest_first_then_by_the_higher_id_whatever_the_row_order():
    """The same data gives the same cards: ties are broken by publish time, then by id."""
    article = ArticleFactory()
    moment = days_ago(3)
    first = ArticleFactory(category=article.category, publish_at=moment)
    newest = ArticleFactory(category=article.category, publish_at=days_ago(1))
    second = ArticleFactory(category=article.category, publish_at=moment)
    newer = ArticleFactory(category=article.category, publish_at=days_ago(2))
    third = ArticleFactory(category=article.category, publish_at=moment)
    # Neither the order written (id ascending), nor id descending, nor time with ids ascending.
    expected = [newest, newer, third, second, first]
    assert related_for(article) == expected
    # A row written again (which PostgreSQL stores elsewhere in the table) keeps its place.
    Article.objects.filter(pk=first.pk).update(title="Ditulis ulang")
    assert related_for(article) == expected
