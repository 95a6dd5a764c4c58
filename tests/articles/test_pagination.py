"""List pagination: a page read by id (``LatestFirstPaginator``) shows what plain OFFSET would.

The dataset is built so the easy mistakes show: many articles share a publish time (only
the id orders them), and drafts, articles in review and scheduled articles sit between
the published ones in id order and, for the scheduled ones, in publish time.
"""

import datetime
import math

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.pagination import PAGE_SIZE, LatestFirstPaginator
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, PhotoFactory
from tests.shared_rows import rows_for_the_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def archive_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    """40 visible articles (26 of them published at one of two instants) and 40 hidden ones.

    Made once for the module (the tests only read them): 80 articles cost seconds.
    """
    media = tmp_path_factory.mktemp("pagination-media")
    with rows_for_the_module(django_db_blocker):
        with django_db_blocker.unblock(), override_settings(PAGE_CACHE_SECONDS=0, MEDIA_ROOT=media):
            visible = make_archive()
        yield media, visible


@pytest.fixture
def archive(archive_rows, settings, monkeypatch):
    """The module's archive; pages past the first are read by id, as pages past the tenth are in production."""
    media, visible = archive_rows
    settings.MEDIA_ROOT = media  # where the heroes' files are
    settings.PAGE_CACHE_SECONDS = 0
    monkeypatch.setattr(LatestFirstPaginator, "deferred_join_offset", PAGE_SIZE)
    return visible


def make_archive():
    berita = CategoryFactory(name="Berita", slug="berita")
    kolom = CategoryFactory(name="Kolom", slug="kolom")
    author = AuthorFactory(slug="raka")
    now = timezone.now()
    # In the middle of a year, for its archive page.
    same_time = datetime.datetime(2024, 6, 15, 12, tzinfo=datetime.UTC)
    later_same_time = same_time + datetime.timedelta(days=2)
    visible = []
    for n in range(40):
        if n % 3 == 0:
            publish_at = same_time - datetime.timedelta(days=2, hours=n)
        else:
            publish_at = same_time if n % 3 == 1 else later_same_time
        article = ArticleFactory(
            category=berita if n % 5 < 3 else kolom,
            publish_at=publish_at,
            hero=PhotoFactory() if n % 5 == 0 else None,
            authors=[author] if n % 2 else [],
        )
        if n % 2:
            article.tags.add("indie")
        visible.append(article)
        # Never shown, though it matches every list and sorts among the visible ones.
        hidden = ArticleFactory(
            category=berita if n % 2 else kolom,
            authors=[author],
            **[
                {"status": Article.Status.DRAFT, "publish_at": publish_at},
                {"status": Article.Status.REVIEW, "publish_at": publish_at},
                {"publish_at": now + datetime.timedelta(hours=n + 1)},
            ][n % 3],
        )
        hidden.tags.add("indie")
    return visible


def expected_pages(articles):
    """The articles newest first, ties broken by the higher id, in pages of PAGE_SIZE."""
    ordered = sorted(articles, key=lambda article: (article.publish_at, article.pk), reverse=True)
    return [[a.pk for a in ordered[start : start + PAGE_SIZE]] for start in range(0, len(ordered), PAGE_SIZE)]


# Which of the fixture's visible articles each list shows.
LISTS = {
    "/": lambda article: True,
    "/artikel/": lambda article: True,
    "/kategori/berita/": lambda article: article.category.slug == "berita",
    "/kategori/kolom/": lambda article: article.category.slug == "kolom",
    "/tag/indie/": lambda article: article.tags.filter(slug="indie").exists(),
    "/penulis/raka/": lambda article: article.authors.filter(slug="raka").exists(),
    "/artikel/?tag=indie&author=raka": lambda article: (
        article.tags.filter(slug="indie").exists() and article.authors.filter(slug="raka").exists()
    ),
    "/arsip/2024/": lambda article: True,
}


@pytest.mark.parametrize("url", LISTS)
def test_every_page_shows_the_cards_plain_offset_pagination_would(client, archive, url):
    wanted = [article for article in archive if LISTS[url](article)]
    pages = expected_pages(wanted)
    assert len(pages) >= 2
    separator = "&" if "?" in url else "?"
    for number, ids in enumerate(pages, start=1):
        response = client.get(f"{url}{separator}page={number}")
        assert response.status_code == 200
        assert [article.pk for article in response.context["articles"]] == ids, (url, number)
        assert response.context["paginator"].count == len(wanted)
        assert f"Halaman {number} dari {len(pages)}" in response.content.decode()
    assert client.get(f"{url}{separator}page={len(pages) + 1}").status_code == 404


@pytest.mark.parametrize("deferred_join_offset", [0, PAGE_SIZE, 1000])
@pytest.mark.parametrize("orphans", [0, 5])
def test_the_paginator_slices_like_djangos_own(archive, monkeypatch, orphans, deferred_join_offset):
    monkeypatch.setattr(LatestFirstPaginator, "deferred_join_offset", deferred_join_offset)
    queryset = Article.objects.published().for_listing().latest_first()
    plain = Paginator(queryset, PAGE_SIZE, orphans=orphans)
    by_id = LatestFirstPaginator(queryset, PAGE_SIZE, orphans=orphans)
    assert by_id.num_pages == plain.num_pages == math.ceil((40 - orphans) / PAGE_SIZE)
    for number in plain.page_range:
        assert list(by_id.page(number)) == list(plain.page(number))


CARD_SELECT = 'SELECT "articles_article"."id", "articles_article"."title"'


def card_query(client, url):
    """The query that loads a list's cards (with their category and hero)."""
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    [sql] = [q["sql"] for q in queries if q["sql"].startswith(CARD_SELECT) and "LIMIT" in q["sql"]]
    return sql


def test_a_deep_page_loads_its_cards_by_id(client, archive):
    """Only the ids are skipped past the offset, not the cards; the first page is a plain slice."""
    sql = card_query(client, "/kategori/berita/?page=2")
    assert sql.index(" IN (SELECT ") < sql.index("OFFSET")
    assert " IN (SELECT " not in card_query(client, "/kategori/berita/")


@pytest.mark.parametrize(
    ("url", "first", "last"),
    [
        ("/", 2, 4),
        ("/artikel/", 1, 4),
        ("/kategori/berita/", 1, 2),
        ("/tag/indie/", 1, 2),
        ("/penulis/raka/", 1, 2),
    ],
)
def test_the_last_page_costs_the_same_queries_as_the_first(client, archive, url, first, last):
    """(The home page's first page also shows featured articles and category blocks.)"""

    def count(page):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{url}?page={page}")
        assert response.status_code == 200
        return len(queries)

    client.get(url)  # counts the list once; later pages read the total from the cache
    assert count(last) == count(first)


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "99999999999999999999", "%00", "", "1e3"])
def test_junk_page_numbers_answer_not_found_or_the_first_page(client, archive, page):
    for url in ("/", "/kategori/berita/", "/tag/indie/", "/artikel/"):
        response = client.get(f"{url}?page={page}")
        assert response.status_code in (200, 404), (url, page)
        if response.status_code == 200:
            assert response.context["page_obj"].number == 1


def test_last_names_the_last_page(client, archive):
    response = client.get("/kategori/kolom/?page=last")
    assert response.status_code == 200
    assert not response.context["page_obj"].has_next()
