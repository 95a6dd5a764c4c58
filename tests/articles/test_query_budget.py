"""Reader pages make a fixed number of SQL queries, whatever the number of related rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.most_read import most_read_rail
from articles.related import forget_all
from pophariini import navigation
from pophariini.content import bulk_write
from tests.factories import ArticleFactory, ArtistFactory, CategoryFactory, PhotoFactory
from tests.public_site import rich_article, soundtrack_with_tracks

pytestmark = pytest.mark.django_db

ARTICLE_PAGE_BUDGET = 12
# A view once the page's cached parts are loaded: the row and the ids of its related cards.
STEADY_ARTICLE_BUDGET = 2


def count_queries(client, url):
    # The site navigation every page shows (settings and menus) is one cached value for all
    # pages, loaded in two queries after a write to a menu, a rubric, a page or a photo
    # (pophariini.navigation): load it first, so each count is the page's own. So is the
    # most-read rail every article page shows (articles.most_read), loaded in one or two
    # queries every ten minutes or after an article write.
    navigation.cached()
    most_read_rail()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize("n", [1, 20])
def test_a_steady_article_view_makes_two_queries(client, settings, n, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    article = rich_article(n)
    client.get(article.get_absolute_url())  # scores and stores the related cards (articles.related)
    with django_assert_max_num_queries(STEADY_ARTICLE_BUDGET):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200


def test_the_first_view_stores_the_related_cards_in_at_most_three_more_queries(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = rich_article(20)
    client.get(article.get_absolute_url())  # the music box, figures and authors are cached
    forget_all()
    first = count_queries(client, article.get_absolute_url())
    again = count_queries(client, article.get_absolute_url())
    assert again < first <= again + 3


def test_article_page_query_count_does_not_grow_with_content(client):
    small = rich_article(1)
    large = rich_article(20, category=CategoryFactory(name="Ulasan", slug="ulasan"))
    assert count_queries(client, small.get_absolute_url()) == count_queries(client, large.get_absolute_url())


def test_home_query_count_does_not_grow_with_articles(client):
    category = CategoryFactory(name="Berita", slug="berita")
    ArticleFactory(category=category, featured=True, hero=PhotoFactory())
    few = count_queries(client, "/")
    with bulk_write():
        for _ in range(20):
            ArticleFactory(category=category, featured=True, hero=PhotoFactory(), authors=[])
        ArticleFactory.create_batch(5, category=CategoryFactory(name="Kolom", slug="kolom"))
    assert count_queries(client, "/") == few


@pytest.mark.parametrize("url", ["/kategori/berita/", "/artikel/", "/arsip/{year}/", "/cari/?q=kabar"])
def test_list_page_query_count_does_not_grow_with_cards(client, frozen_now, url):
    category = CategoryFactory(name="Berita", slug="berita")
    first = ArticleFactory(category=category, hero=PhotoFactory())
    # The archive's year is the Jakarta one (the clock is pinned, so every card is in it).
    url = url.format(year=timezone.localtime(first.publish_at).year)
    few = count_queries(client, url)
    with bulk_write():
        for _ in range(20):
            ArticleFactory(category=category, hero=PhotoFactory())
    assert count_queries(client, url) == few


def test_artist_page_query_count_does_not_grow_with_releases_and_articles(client):
    def build(n):
        with bulk_write():
            artist = ArtistFactory(photo=PhotoFactory())
            for _ in range(n):
                release = soundtrack_with_tracks(2)
                release.credits.create(artist=artist, role="performer")
                article = ArticleFactory(hero=PhotoFactory())
                article.artists.add(artist)
        return artist

    small, large = build(1), build(20)
    assert count_queries(client, small.get_absolute_url()) == count_queries(client, large.get_absolute_url())


def test_article_page_with_everything_linked_stays_within_budget_on_a_cold_cache(client):
    """Even with the page cache's own look-ups on an empty cache, the page keeps to twelve queries."""
    from django.core.cache import cache

    article = rich_article(20)
    client.get(article.get_absolute_url())
    cache.clear()
    assert count_queries(client, article.get_absolute_url()) <= ARTICLE_PAGE_BUDGET


def test_reader_pages_never_load_a_column_their_query_left_out(client, settings, monkeypatch):
    """Cards load only CARD_FIELDS: a template reading another column would query once per card."""
    from articles.models import Article, Category
    from pophariini.models import Photo

    settings.PAGE_CACHE_SECONDS = 0
    article = rich_article(3)
    artist = article.artists.first()
    tag = article.tags.first()
    author = article.ordered_authors[0]
    ArticleFactory(
        category=article.category, featured=True, hero=PhotoFactory(), is_sponsored=True, sponsor_name="Label"
    )
    urls = [
        "/",
        "/artikel/",
        article.category.get_absolute_url(),
        f"/tag/{tag.slug}/",
        author.get_absolute_url(),
        artist.get_absolute_url(),
        "/cari/?q=kabar",
        article.get_absolute_url(),
    ]

    def refuse(self, *args, **kwargs):
        raise AssertionError(f"{type(self).__name__} {self.pk} loaded a deferred column: {kwargs}")

    for model in (Article, Category, Photo):
        monkeypatch.setattr(model, "refresh_from_db", refuse)
    for url in urls:
        count_queries(client, url)
