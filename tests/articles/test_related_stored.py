"""Stored related cards (articles.related): scored once, read stored, dropped when they may be wrong."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles import related
from articles.models import Article, RelatedArticle, RelatedSuggestion
from pophariini.cache import GENERATION_KEY
from tests.factories import ArticleFactory, ArtistFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def hours_ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


def cards(client, article):
    """The cards the page shows, in order (their titles link to them in the related section)."""
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    section = response.content.decode().partition('class="related"')[2]
    slugs = re.findall(r'class="card-title"><a href="/([^/"]+)/">', section)
    return [Article.objects.get(slug=slug) for slug in slugs]


@pytest.fixture
def archive():
    """An article and, in its category, more articles than a stored list holds."""
    category = CategoryFactory(name="Berita", slug="berita")
    article = ArticleFactory(category=category, publish_at=hours_ago(1))
    others = [
        ArticleFactory(category=category, publish_at=hours_ago(10 + index), authors=[])
        for index in range(related.STORED + 2)
    ]
    return article, others


def test_cards_are_scored_once_then_read_stored(client, archive, monkeypatch):
    article, others = archive
    first = cards(client, article)
    assert first == others[:6]
    assert RelatedSuggestion.objects.filter(article=article).count() == related.STORED

    def not_again(*args, **kwargs):
        raise AssertionError("a fresh stored list is not scored again")

    monkeypatch.setattr(related, "related_articles", not_again)
    assert cards(client, article) == first


def test_storing_cards_leaves_the_page_cache_alone(client, archive):
    article, _others = archive
    generation = cache.get(GENERATION_KEY)
    cards(client, article)
    assert RelatedSuggestion.objects.filter(article=article).exists()
    assert cache.get(GENERATION_KEY) == generation


def test_an_unpublished_card_is_gone_on_the_next_view(client, archive):
    article, others = archive
    cards(client, article)
    others[0].status = Article.Status.DRAFT
    others[0].publish_at = None
    others[0].save()
    assert cards(client, article) == others[1:7]


def test_a_card_unpublished_without_signals_is_never_shown_and_the_list_is_scored_again(client, archive):
    article, others = archive
    cards(client, article)
    Article.objects.filter(pk=others[0].pk).update(status=Article.Status.REVIEW)
    assert cards(client, article) == others[1:7]
    stored = RelatedSuggestion.objects.filter(article=article).order_by("position")
    assert others[0].pk not in stored.values_list("suggested_id", flat=True)


def test_a_card_deleted_is_replaced(client, archive):
    article, others = archive
    cards(client, article)
    others[2].delete()
    assert cards(client, article) == others[:2] + others[3:7]


def test_a_new_article_about_the_same_artist_joins_the_cards(client, archive):
    article, others = archive
    artist = ArtistFactory()
    article.artists.add(artist)
    assert cards(client, article) == others[:6]
    newcomer = ArticleFactory(category=CategoryFactory(name="Kolom", slug="kolom"), publish_at=hours_ago(30))
    newcomer.artists.add(artist)
    assert cards(client, article) == [newcomer, *others[:5]]


def test_the_articles_own_tags_and_hand_picks_are_scored_again(client, archive):
    article, others = archive
    elsewhere = CategoryFactory(name="Kolom", slug="kolom")
    tagged = ArticleFactory(category=elsewhere, publish_at=hours_ago(50))
    tagged.tags.add("jazz")
    picked = ArticleFactory(category=elsewhere, publish_at=hours_ago(60))
    cards(client, article)

    article.tags.add("jazz")
    assert cards(client, article)[0] == tagged
    RelatedArticle.objects.create(from_article=article, to_article=picked)
    assert cards(client, article)[:2] == [picked, tagged]


def test_a_full_list_takes_in_unrelated_new_articles_once_it_is_older_than_max_age(client, archive):
    article, others = archive
    cards(client, article)
    newest = ArticleFactory(category=article.category, publish_at=hours_ago(2), authors=[])
    # Shares nothing with the article but the category: the stored list stands for now.
    assert cards(client, article) == others[:6]
    RelatedSuggestion.objects.filter(article=article).update(
        computed_at=timezone.now() - related.MAX_AGE - datetime.timedelta(minutes=1)
    )
    assert cards(client, article) == [newest, *others[:5]]


def test_a_small_archive_shows_each_new_article_at_once(client):
    category = CategoryFactory(name="Berita", slug="berita")
    article = ArticleFactory(category=category)
    older = ArticleFactory(category=category, publish_at=hours_ago(5))
    assert cards(client, article) == [older]
    newer = ArticleFactory(category=category, publish_at=hours_ago(2))
    assert cards(client, article) == [newer, older]


def test_a_scheduled_article_is_no_card_before_its_time(client, archive):
    article, others = archive
    artist = ArtistFactory()
    article.artists.add(artist)
    scheduled = ArticleFactory(category=article.category, scheduled=True)
    scheduled.artists.add(artist)
    assert scheduled not in cards(client, article)
    assert not RelatedSuggestion.objects.filter(suggested=scheduled).exists()


def test_saves_inside_a_bulk_write_leave_the_lists_to_its_end(client, archive):
    from pophariini.content import bulk_write

    article, others = archive
    cards(client, article)
    with bulk_write():
        others[0].title = "Judul baru"
        others[0].save()
        assert RelatedSuggestion.objects.filter(article=article).exists()
    assert not RelatedSuggestion.objects.exists()
