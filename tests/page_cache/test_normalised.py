"""Parameters a page does not read (utm_*, fbclid, any unknown one) neither get cache entries of their own nor reach its links."""

import pytest
from django.test import Client

from pophariini.cache_middleware import PageCacheMiddleware
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

    request = rf.get("/cari/?utm_source=x&q=caf%C3%A9&UTM_CAMPAIGN=y&fbclid=z&ref=t&page=2")
    PageCacheMiddleware(view)(request)
    assert seen["query"] == "q=caf%C3%A9&page=2"
    assert seen["get"] == {"q": "café", "page": "2"}
    assert seen["full"] == "/cari/?q=caf%C3%A9&page=2"


def test_tracking_parameters_share_the_clean_pages_entry(client, article):
    assert client.get("/ragam-soundtrack/")["X-Page-Cache"] == "miss"
    for query in ("?utm_source=ig", "?fbclid=abc&gclid=d", "?utm_campaign=a&utm_medium=b"):
        assert client.get(f"/ragam-soundtrack/{query}")["X-Page-Cache"] == "hit", query


@pytest.mark.parametrize(
    "path, ignored",
    [
        ("/", "?zzz=1"),
        ("/kategori/berita/", "?foo=bar"),
        ("/ragam-soundtrack/", "?x=1"),
        ("/ragam-soundtrack/", "?q=soundtrack&page=3"),
        ("/artikel/", "?q=anything&zzz=1"),
        ("/feed/", "?page=2"),
        ("/artis/vanesha/", "?page=2&zzz=1"),
    ],
)
def test_parameters_a_page_does_not_read_share_the_clean_pages_entry(client, article, path, ignored):
    clean = client.get(path)
    assert clean["X-Page-Cache"] == "miss"
    response = client.get(f"{path}{ignored}")
    assert response["X-Page-Cache"] == "hit"
    assert response.content == clean.content


@pytest.mark.parametrize("path", ["/", "/kategori/berita/", "/artikel/?category=berita"])
def test_parameters_a_page_does_not_read_never_reach_its_links(two_pages_of_articles, path):
    joiner = "&" if "?" in path else "?"
    response, body = fetch(Client(), f"{path}{joiner}zzz=POISONED")
    assert response["X-Page-Cache"] == "miss"
    assert "POISONED" not in body and "zzz" not in body
    assert "page=2" in body


def test_parameters_a_page_reads_still_make_their_own_entries(two_pages_of_articles):
    client = Client()
    client.get("/artikel/")
    assert client.get("/artikel/?category=berita")["X-Page-Cache"] == "miss"
    assert client.get("/artikel/?page=2")["X-Page-Cache"] == "miss"
    assert client.get("/artikel/?page=2&zzz=1")["X-Page-Cache"] == "hit"
    client.get("/")
    assert client.get("/?page=2")["X-Page-Cache"] == "miss"


def test_every_reader_url_name_declares_the_parameters_it_reads():
    """A new page must say what it reads, or every unknown parameter would make it a cache entry."""
    from django.urls import URLPattern, URLResolver, get_resolver

    from pophariini.tracking import PAGE_PARAMETERS

    def names(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin":
                    continue
                yield from names(
                    entry.url_patterns, f"{prefix}{entry.namespace}:" if entry.namespace else prefix
                )
            elif isinstance(entry, URLPattern) and entry.name:
                yield f"{prefix}{entry.name}"

    declared = set(PAGE_PARAMETERS)
    assert set(names(get_resolver().url_patterns)) - declared == set()
