"""Terpopuler beside articles: the day's most read on every article page, free in the steady state, never stale on visibility."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from articles import most_read, page_scopes
from articles.models import Article
from pophariini import navigation, popular
from pophariini.content import bulk_write
from pophariini.models import ReadingCount
from tests.articles.test_query_budget import STEADY_ARTICLE_BUDGET
from tests.factories import ArticleFactory
from tests.public_site import rich_article

pytestmark = pytest.mark.django_db


def reads(article, count, hours_ago=0):
    hour = popular.current_hour() - datetime.timedelta(hours=hours_ago)
    ReadingCount.objects.create(article=article, hour=hour, count=count)


def rail(response):
    """The titles in the article page's most-read rail, in order ([] without a rail)."""
    html = response.content.decode()
    if 'id="terpopuler"' not in html:
        return []
    part = html.split('id="terpopuler"', 1)[1].split("</aside>", 1)[0]
    return [chunk.split(">", 1)[1].split("</a>", 1)[0] for chunk in part.split('<li>\n      <a href="')[1:]]


@pytest.fixture
def read_articles():
    """Three published articles read today (most first), one read only last week, and a page to read them beside."""
    with bulk_write():
        made = {
            title: ArticleFactory(title=title) for title in ("Satu", "Dua", "Tiga", "Pekan lalu", "Halaman")
        }
        for title, count in (("Satu", 30), ("Dua", 20), ("Tiga", 10), ("Halaman", 40)):
            reads(made[title], count)
        reads(made["Pekan lalu"], 99, hours_ago=72)
        # Enough stories of its own rubric that the page shows none of the read ones as a
        # related card or a previous/next link: only its rail shows them.
        ArticleFactory.create_batch(8, category=made["Halaman"].category)
    return made


def test_the_article_page_shows_the_days_most_read_but_itself(client, read_articles):
    response = client.get(read_articles["Halaman"].get_absolute_url())
    assert rail(response) == ["Satu", "Dua", "Tiga"]
    assert 'href="/terpopuler/"' in response.content.decode()
    # On another article's page the most read of all leads.
    assert rail(client.get(read_articles["Satu"].get_absolute_url())) == ["Halaman", "Dua", "Tiga"]


def test_without_reads_the_article_page_has_no_empty_rail(client):
    assert rail(client.get(ArticleFactory().get_absolute_url())) == []


def test_the_rail_costs_no_query_in_the_steady_state(
    client, settings, read_articles, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    article = rich_article(3)
    client.get(article.get_absolute_url())  # related cards scored and stored, the rail loaded
    navigation.cached()
    with django_assert_max_num_queries(STEADY_ARTICLE_BUDGET):
        response = client.get(article.get_absolute_url())
    assert rail(response)[:3] == ["Halaman", "Satu", "Dua"]


def test_new_reads_move_the_rail_after_its_ten_minutes(client, settings, read_articles):
    settings.PAGE_CACHE_SECONDS = 0
    page = ArticleFactory(title="Pembaca")
    assert rail(client.get(page.get_absolute_url()))[0] == "Halaman"
    reads(read_articles["Tiga"], 100, hours_ago=1)
    assert rail(client.get(page.get_absolute_url()))[0] == "Halaman"  # kept for its ten minutes
    later = timezone.now() + datetime.timedelta(seconds=most_read.RAIL_SECONDS)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert rail(client.get(page.get_absolute_url()))[0] == "Tiga"


@pytest.mark.parametrize(
    "change",
    [
        {"status": Article.Status.DRAFT, "publish_at": None},
        {"publish_at": timezone.now() + datetime.timedelta(days=2)},
    ],
    ids=["unpublished", "rescheduled"],
)
def test_an_article_taken_out_of_view_leaves_every_cached_article_page(client, read_articles, change):
    page = read_articles["Halaman"]
    assert "Satu" in rail(client.get(page.get_absolute_url()))
    assert client.get(page.get_absolute_url())["X-Page-Cache"] == "hit"

    satu = Article.objects.get(pk=read_articles["Satu"].pk)
    for name, value in change.items():
        setattr(satu, name, value)
    satu.save()

    response = client.get(page.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert rail(response) == ["Dua", "Tiga"]
    assert read_articles["Satu"].get_absolute_url() not in response.content.decode()


def test_a_retitled_most_read_article_is_retitled_beside_every_article(client, read_articles):
    page = read_articles["Halaman"]
    client.get(page.get_absolute_url())
    satu = Article.objects.get(pk=read_articles["Satu"].pk)
    satu.title = "Satu, judul baru"
    satu.save()
    assert rail(client.get(page.get_absolute_url()))[0] == "Satu, judul baru"


def test_a_body_edit_of_a_most_read_article_leaves_other_article_pages_cached(client, read_articles):
    page = read_articles["Halaman"]
    client.get(page.get_absolute_url())
    satu = Article.objects.get(pk=read_articles["Satu"].pk)
    satu.body = "<p>Paragraf yang diperbaiki.</p>"
    satu.save()
    assert client.get(page.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_read_article_taken_out_of_view_or_retitled_renews_the_whole_site(read_articles):
    """The rail stands on every article page: such a write renews them all (``None``: the site)."""
    for change in ({"status": Article.Status.DRAFT, "publish_at": None}, {"title": "Judul baru"}):
        satu = Article.objects.get(pk=read_articles["Satu"].pk)
        for name, value in change.items():
            setattr(satu, name, value)
        assert page_scopes.article_row_written(satu, {"created": False}, "default") is None, change


def test_a_write_no_rail_can_show_keeps_its_scopes(read_articles):
    """A body edit of a read article, a new title for an article nobody read lately."""
    satu = Article.objects.get(pk=read_articles["Satu"].pk)
    satu.body = "<p>Paragraf yang diperbaiki.</p>"
    assert page_scopes.article_row_written(satu, {"created": False}, "default") is not None
    old = Article.objects.get(pk=read_articles["Pekan lalu"].pk)
    old.title = "Judul baru"
    assert page_scopes.article_row_written(old, {"created": False}, "default") is not None
