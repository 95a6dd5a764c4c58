"""A worker's current copy of a page, answered before Django's handler (``pophariini.cache_wsgi``)."""

import io
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from pophariini import cache as page_cache
from pophariini.cache_wsgi import CachedPageApplication

pytestmark = pytest.mark.django_db

PATH = "/ragam-soundtrack/"


def call(application, path=PATH, **environ):
    """One WSGI request; returns (status, headers dict, body bytes)."""
    path, _, query = path.partition("?")
    base = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    started = []
    body = application(
        {**base, **environ}, lambda status, headers, exc_info=None: started.append((status, headers))
    )
    try:
        content = b"".join(body)
    finally:
        if hasattr(body, "close"):
            body.close()
    status, headers = started[0]
    return status, dict(headers), content


@pytest.fixture
def django_app():
    """Django's WSGI application, keeping the test's database connection as Django's test client does.

    Its handler closes old connections at each request's start and end, which would close
    the connection holding the test's transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def fast(django_app):
    """The wrapper around a Django application that counts the requests it is given."""
    spy = mock.Mock(wraps=django_app)
    return CachedPageApplication(spy), spy


def test_a_hit_is_answered_without_django_and_is_the_middlewares_hit(article, django_app, fast):
    application, spy = fast
    assert call(django_app)[1]["X-Page-Cache"] == "miss"
    through_django = call(django_app)
    assert through_django[1]["X-Page-Cache"] == "hit"
    answered = call(application)
    assert spy.call_count == 0
    assert answered == through_django
    status, headers, content = answered
    assert status == "200 OK" and "Ragam Soundtrack dari Film Backstage" in content.decode()
    # The headers of the layers after the page cache are kept with the page.
    for name in ("X-Content-Type-Options", "Permissions-Policy", "Content-Security-Policy", "ETag"):
        assert name in headers, name
    assert headers["Cache-Control"].startswith("public, max-age=0, s-maxage=")


def test_a_write_makes_the_copy_stale_and_django_renders_the_page_again(article, django_app, fast):
    application, spy = fast
    call(django_app)
    article.title = "Judul Baru Setelah Disunting"
    article.save()
    status, headers, content = call(application)
    assert spy.call_count == 1
    assert headers["X-Page-Cache"] == "miss" and "Judul Baru Setelah Disunting" in content.decode()
    assert call(application)[2] == content and spy.call_count == 1


def test_a_page_unpublished_elsewhere_is_never_served_from_the_copy(article, django_app, fast):
    application, spy = fast
    call(django_app)
    article.status = article.Status.DRAFT
    article.save()
    assert call(application)[0].startswith("404")
    assert spy.call_count == 1


@pytest.mark.parametrize(
    "environ",
    [
        {"REQUEST_METHOD": "HEAD"},
        {"REQUEST_METHOD": "POST"},
        {"HTTP_IF_NONE_MATCH": '"abc"'},
        {"HTTP_IF_MODIFIED_SINCE": "Wed, 02 Dec 2026 00:00:00 GMT"},
        {"HTTP_COOKIE": "sessionid=abc"},
        {"HTTP_AUTHORIZATION": "Basic eDp5"},
    ],
    ids=["head", "post", "if-none-match", "if-modified-since", "session", "authorization"],
)
def test_other_requests_go_to_django(article, django_app, fast, environ):
    application, spy = fast
    call(django_app)
    call(application, **environ)
    assert spy.call_count == 1


def test_a_conditional_request_still_gets_its_304(article, django_app, fast):
    application, spy = fast
    etag = call(django_app)[1]["ETag"]
    assert call(application, HTTP_IF_NONE_MATCH=etag)[0].startswith("304")


def test_a_refused_host_gets_djangos_400(article, django_app, fast):
    application, spy = fast
    call(django_app)
    status, _headers, _content = call(application, HTTP_HOST="evil.example")
    assert status.startswith("400") and spy.call_count == 1


# PATH_INFO as WSGI servers give it: the path's bytes, one character each (ISO-8859-1).
# UTF-8 beyond ISO-8859-1 (a right-to-left override, a curly apostrophe, an emoji) must not
# reach Django already decoded by the request this wrapper builds first.
BEYOND_LATIN_1 = ["/tag/\xe2\x80\xae/", "/\xe2\x80\x99/", "/artis/\xf0\x9f\x8e\xb8/"]


@pytest.mark.parametrize("path", ["/\xff\xfe/", "/%00/", "/ragam-soundtrack/?q=%ff", *BEYOND_LATIN_1])
def test_a_malformed_request_gets_djangos_answer(article, django_app, fast, path):
    application, spy = fast
    call(django_app)
    status, _headers, _content = call(application, path)
    assert status[:3] in ("200", "400", "404") and spy.call_count <= 1


def test_tracking_parameters_share_the_page_and_its_copy(article, django_app, fast):
    application, spy = fast
    call(django_app)
    status, headers, _content = call(application, f"{PATH}?utm_source=wa&fbclid=1")
    assert status == "200 OK" and headers["X-Page-Cache"] == "hit" and spy.call_count == 0


def test_only_this_workers_copy_is_served_here(article, django_app, fast):
    """Without a copy of its own the worker reads the shared entry through the middleware."""
    application, spy = fast
    call(django_app)
    page_cache.local_pages.clear()
    assert call(application)[1]["X-Page-Cache"] == "hit" and spy.call_count == 1
    assert call(application)[1]["X-Page-Cache"] == "hit" and spy.call_count == 1


def test_a_state_to_rebuild_is_left_to_django(article, django_app, fast, django_assert_num_queries):
    """Rebuilding reads the database, which belongs inside Django's request handling."""
    application, spy = fast
    call(django_app)
    cache.delete(page_cache.STATE_KEY)
    with django_assert_num_queries(1):  # the next scheduled publish time
        assert call(application)[1]["X-Page-Cache"] == "hit"
    assert spy.call_count == 1
    call(application)
    assert spy.call_count == 1


def test_a_purge_owed_after_cache_trouble_is_left_to_django(article, django_app, fast, monkeypatch):
    application, spy = fast
    call(django_app)
    monkeypatch.setattr(page_cache.trouble, "purge_owed", True)
    assert call(application)[1]["X-Page-Cache"] == "miss"
    assert spy.call_count == 1


def test_an_unavailable_cache_is_left_to_django(article, django_app, fast, monkeypatch):
    application, spy = fast
    call(django_app)
    monkeypatch.setattr(page_cache.trouble, "resting_until", float("inf"))
    assert call(application)[1]["X-Page-Cache"] == "degraded"
    assert spy.call_count == 1


def test_the_read_beacon_passes_on_to_django_and_counts(article, fast, monkeypatch):
    from pophariini import popular

    monkeypatch.setattr(popular, "tally", popular.Tally())  # a worker's tally that has not flushed yet
    application, spy = fast
    status, headers, content = call(
        application, f"/terpopuler/baca/{article.pk}.gif", HTTP_USER_AGENT="Mozilla/5.0 Chrome/120"
    )
    assert status == "200 OK" and content == popular.PIXEL and "X-Page-Cache" not in headers
    assert spy.call_count == 1 and popular.tally.flush() == 1


@pytest.mark.parametrize(
    "path", ["/static/pophariini/admin.css", "/media/foto/a.jpg", "/terpopuler/baca/1.gif"]
)
def test_static_files_media_and_the_beacon_are_not_looked_up(fast, path):
    application, spy = fast
    with mock.patch("pophariini.cache_wsgi.current_copy", return_value=None) as lookup:
        call(application, path, HTTP_USER_AGENT="Mozilla/5.0 Chrome/120")
        call(application, "/")
    assert lookup.call_count == 1 and spy.call_count == 2


def test_the_site_serves_through_the_wrapper():
    from pophariini import wsgi

    assert isinstance(wsgi.application, CachedPageApplication)
