"""Terpopuler: reads counted by a beacon in batches, bots ignored, published articles only, failures harmless."""

import re
from unittest import mock

import pytest
from django.db import DatabaseError

from pophariini import popular
from pophariini.models import ReadingCount
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"


@pytest.fixture(autouse=True)
def _fresh_tally():
    popular.tally = popular.Tally()
    yield
    popular.tally = popular.Tally()


def read(client, article, times=1, agent=BROWSER):
    for _ in range(times):
        response = client.get(f"/terpopuler/baca/{article.pk}.gif", HTTP_USER_AGENT=agent)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/gif" and "no-store" in response["Cache-Control"]
        assert not response.cookies


def test_the_article_page_carries_the_beacon_and_no_script_for_it(client):
    article = ArticleFactory()
    html = client.get(article.get_absolute_url()).content.decode()
    beacon = re.search(r'<img class="beacon"[^>]*>', html).group()
    assert f'src="/terpopuler/baca/{article.pk}.gif"' in beacon and 'alt=""' in beacon


def test_reads_are_written_in_batches_not_one_write_per_read(client, django_assert_num_queries):
    article = ArticleFactory()
    with django_assert_num_queries(0):
        read(client, article, times=5)
    assert not ReadingCount.objects.exists()
    assert popular.tally.flush() == 5
    assert ReadingCount.objects.get(article=article).count == 5


def test_a_full_tally_writes_itself(client, monkeypatch):
    monkeypatch.setattr(popular, "FLUSH_READS", 3)
    article = ArticleFactory()
    read(client, article, times=3)
    assert ReadingCount.objects.get(article=article).count == 3


def test_bots_are_not_counted(client):
    article = ArticleFactory()
    for agent in ("Googlebot/2.1 (+http://www.google.com/bot.html)", "facebookexternalhit/1.1", ""):
        read(client, article, agent=agent)
    assert popular.tally.flush() == 0


def test_the_lists_name_the_most_read_published_articles(client):
    first, second = ArticleFactory(title="Paling Dibaca"), ArticleFactory(title="Kedua")
    hidden = ArticleFactory(title="Draf Rahasia", draft=True)
    read(client, first, times=3)
    read(client, second, times=1)
    read(client, hidden, times=9)
    popular.tally.flush()
    html = client.get("/terpopuler/").content.decode()
    assert html.index("Paling Dibaca") < html.index("Kedua")
    assert "Draf Rahasia" not in html
    home = client.get("/").content.decode()
    assert 'id="terpopuler"' in home and "Draf Rahasia" not in home


def test_a_database_failure_loses_a_batch_but_never_a_page(client):
    article = ArticleFactory()
    read(client, article, times=2)
    with mock.patch.object(ReadingCount.objects, "filter", side_effect=DatabaseError("down")):
        assert popular.tally.flush() == 0
        read(client, article)  # the beacon still answers
        assert client.get("/terpopuler/").status_code == 200
        assert client.get("/").status_code == 200


def test_the_beacon_passes_the_page_cache_and_is_answered_before_the_session(client, settings, monkeypatch):
    """Like a static file: the layers a read needs nothing from never run (ReadBeaconMiddleware)."""
    order = settings.MIDDLEWARE
    assert order.index("pophariini.popular.ReadBeaconMiddleware") < order.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )
    from pophariini import cache as page_cache

    monkeypatch.setattr(page_cache, "current_state", mock.Mock(side_effect=AssertionError("page cache")))
    article = ArticleFactory()
    response = client.get(f"/terpopuler/baca/{article.pk}.gif", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200 and response.content == popular.PIXEL
    assert "Content-Security-Policy" not in response and "Vary" not in response
    assert response["Content-Length"] == str(len(popular.PIXEL))
    assert popular.tally.flush() == 1


@pytest.mark.parametrize(
    "path", ["/terpopuler/baca/abc.gif", "/terpopuler/baca/", "/terpopuler/baca/1.gif/x"]
)
def test_other_addresses_under_the_beacon_go_on_to_the_site(client, path):
    assert client.get(path, HTTP_USER_AGENT=BROWSER).status_code == 404
    assert popular.tally.flush() == 0


def test_reads_of_articles_that_do_not_exist_never_cost_the_real_ones(client):
    """The beacon's address can be typed: unknown and oversized ids are dropped, the batch is written."""
    article = ArticleFactory()
    read(client, article, times=2)
    for pk in (article.pk + 1000, 10**25):
        response = client.get(f"/terpopuler/baca/{pk}.gif", HTTP_USER_AGENT=BROWSER)
        assert response.status_code == 200 and response.content == popular.PIXEL
    assert popular.tally.flush() == 2
    assert ReadingCount.objects.get().count == 2
