"""One render of a renewed page at a time: while it runs, other readers get the stale entry (``pophariini.cache_middleware``)."""

import time

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from pophariini import cache as page_cache
from pophariini import cache_middleware
from pophariini.cache_rules import page_key
from tests.page_cache import fetch

pytestmark = pytest.mark.django_db

PATH = "/ragam-soundtrack/"


def render_lock(path=PATH):
    """The claim a request makes now on rendering the page at ``path``."""
    stamp = page_cache.current_state(time.time(), scopes=page_cache.path_scopes(path))[0]
    return cache_middleware.render_lock(page_key(RequestFactory().get(path)), stamp)


@pytest.fixture
def renewed(client, article):
    """The article's page, cached, then renewed by a new title."""
    assert fetch(client, PATH)[0]["X-Page-Cache"] == "miss"
    article.title = "Judul Baru Setelah Disunting"
    article.save()
    return article


def test_while_another_request_renders_the_page_readers_get_the_stale_entry_at_once(client, renewed):
    cache.add(render_lock(), 1)  # another worker renders the page now
    response, body = fetch(client, PATH)
    assert response["X-Page-Cache"] == "stale"
    assert "Ragam Soundtrack dari Film Backstage" in body and "Judul Baru" not in body
    assert response["Cache-Control"] == "no-cache"  # no CDN keeps it


def test_the_request_that_finds_the_page_stale_renders_it_and_frees_its_claim(client, renewed):
    response, body = fetch(client, PATH)
    assert response["X-Page-Cache"] == "miss" and "Judul Baru Setelah Disunting" in body
    assert cache.get(render_lock()) is None
    assert fetch(client, PATH)[0]["X-Page-Cache"] == "hit"


def test_a_claim_from_before_a_newer_write_holds_nobody(client, renewed):
    cache.add(render_lock(), 1)
    renewed.title = "Judul Ketiga"
    renewed.save()
    response, body = fetch(client, PATH)
    assert response["X-Page-Cache"] == "miss" and "Judul Ketiga" in body


def test_a_render_that_fails_frees_its_claim(client, renewed, monkeypatch):
    def broken(request, *args, **kwargs):
        raise RuntimeError("render failed")

    monkeypatch.setattr("articles.views.ArticleDetailView.get", broken)
    client.raise_request_exception = False
    assert client.get(PATH).status_code == 500
    assert cache.get(render_lock()) is None


def test_a_page_never_stored_is_rendered_without_a_claim(client, article, monkeypatch):
    claims = []
    monkeypatch.setattr(cache_middleware, "render_lock", lambda *args: claims.append(args) or "lock")
    assert fetch(client, PATH)[0]["X-Page-Cache"] == "miss"
    assert claims == []
