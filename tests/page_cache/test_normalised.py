"""Tracking parameters (utm_*, fbclid, gclid…) neither get cache entries of their own nor reach a page's links."""

import pytest
from django.test import Client

from pophariini import cache as page_cache
from tests.factories import ArticleFactory
from tests.page_cache import fetch

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_pages_of_articles(article):
    ArticleFactory.create_batch(14, category=article.category)


@pytest.mark.parametrize("path", ["/", "/artikel/", "/kategori/berita/"])
def test_tracking_parameters_never_reach_the_page_another_reader_gets(two_pages_of_articles, path):
    attacker, reader = Client(), Client()
    response, body = fetch(attacker, f"{path}?utm_source=POISONED&fbclid=x")
    assert response.status_code == 200
    assert "POISONED" not in body and "fbclid" not in body
    assert "?page=2" in body

    response, body = fetch(reader, path)
    assert response["X-Page-Cache"] == "hit"
    assert "POISONED" not in body and "fbclid" not in body


def test_tracking_parameters_are_dropped_and_the_others_kept_in_order(two_pages_of_articles):
    body = fetch(Client(), "/artikel/?gclid=1&category=berita&utm_medium=social&msclkid=2&page=1")[1]
    assert "gclid" not in body and "utm_medium" not in body and "msclkid" not in body
    assert "?category=berita&amp;page=2" in body


def test_a_view_sees_the_normalised_request(rf):
    seen = {}

    def view(request):
        seen.update(query=request.META["QUERY_STRING"], get=request.GET.dict(), full=request.get_full_path())
        from django.http import HttpResponse

        return HttpResponse("ok", headers={"Cache-Control": "no-store"})

    request = rf.get("/artikel/?utm_source=x&q=caf%C3%A9&UTM_CAMPAIGN=y&fbclid=z&ref=t&page=2")
    page_cache.PageCacheMiddleware(view)(request)
    assert seen["query"] == "q=caf%C3%A9&page=2"
    assert seen["get"] == {"q": "café", "page": "2"}
    assert seen["full"] == "/artikel/?q=caf%C3%A9&page=2"


def test_tracking_parameters_share_the_clean_pages_entry(client, article):
    assert client.get("/ragam-soundtrack/")["X-Page-Cache"] == "miss"
    for query in ("?utm_source=ig", "?fbclid=abc&gclid=d", "?utm_campaign=a&utm_medium=b"):
        assert client.get(f"/ragam-soundtrack/{query}")["X-Page-Cache"] == "hit", query
