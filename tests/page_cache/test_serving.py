"""Which requests the page cache answers and stores, with what headers, and scheduled articles on time."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from pophariini import cache as page_cache
from pophariini.cache_middleware import PageCacheMiddleware
from pophariini.cache_rules import PAGE_KEY_PREFIX
from tests.factories import ArticleFactory
from tests.page_cache import fetch

pytestmark = pytest.mark.django_db


def test_second_anonymous_request_is_served_from_cache_without_queries(
    client, article, django_assert_num_queries
):
    first, body = fetch(client, "/ragam-soundtrack/")
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second, cached_body = fetch(client, "/ragam-soundtrack/")
    assert second["X-Page-Cache"] == "hit"
    assert cached_body == body


def test_every_reader_page_type_is_cached(client, article):
    paths = [
        "/",
        "/ragam-soundtrack/",
        "/kategori/berita/",
        f"/penulis/{article.ordered_authors[0].slug}/",
        "/artis/vanesha/",
        "/feed/",
        "/sitemap.xml",
        "/artikel/",
        "/cari/?q=soundtrack",
    ]
    for path in paths:
        assert client.get(path)["X-Page-Cache"] == "miss", path
        assert client.get(path)["X-Page-Cache"] == "hit", path


def test_reader_pages_carry_cdn_and_validator_headers(client, article):
    response = client.get("/ragam-soundtrack/")
    control = response["Cache-Control"]
    assert "public" in control
    assert "s-maxage=60" in control
    assert "stale-while-revalidate=30" in control
    assert response["ETag"]
    assert response["Last-Modified"]


def test_conditional_request_gets_not_modified(client, article):
    etag = client.get("/ragam-soundtrack/")["ETag"]
    again = client.get("/ragam-soundtrack/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""


def test_scheduled_article_appears_exactly_at_its_publish_time(client, article):
    now = timezone.now()
    publish_at = now + timedelta(minutes=10)
    ArticleFactory(
        title="Rilisan Terjadwal", slug="terjadwal", category=article.category, publish_at=publish_at
    )
    with mock.patch("django.utils.timezone.now", return_value=now):
        response, body = fetch(client, "/")
        assert "Rilisan Terjadwal" not in body
        assert client.get("/")["X-Page-Cache"] == "hit"
        # No shared cache may hold the page past the publish time.
        assert "s-maxage=60" in response["Cache-Control"]
    with mock.patch("django.utils.timezone.now", return_value=publish_at - timedelta(seconds=30)):
        response = client.get("/")
        assert response["X-Page-Cache"] == "hit"
        assert "s-maxage=30" in response["Cache-Control"]
        assert client.get("/terjadwal/").status_code == 404
    with mock.patch("django.utils.timezone.now", return_value=publish_at):
        response, body = fetch(client, "/")
        assert response["X-Page-Cache"] == "miss"
        assert "Rilisan Terjadwal" in body
        assert client.get("/terjadwal/").status_code == 200


def test_cached_lifetime_is_bounded_by_the_next_scheduled_publish(client, article, monkeypatch):
    ArticleFactory(category=article.category, publish_at=timezone.now() + timedelta(seconds=90))
    stored = {}
    real_set = page_cache.cache.set

    def spy(key, value, timeout=None, **kwargs):
        stored[key] = timeout
        return real_set(key, value, timeout=timeout, **kwargs)

    monkeypatch.setattr(page_cache.cache, "set", spy)
    client.get("/")
    page_timeouts = [t for key, t in stored.items() if key.startswith(PAGE_KEY_PREFIX)]
    assert page_timeouts
    assert all(t <= 90 for t in page_timeouts)


def test_staff_are_never_served_a_cached_page_and_never_fill_the_cache(admin_client, article):
    client = Client()
    fetch(client, "/ragam-soundtrack/")
    staff = admin_client.get("/ragam-soundtrack/")
    assert "X-Page-Cache" not in staff
    assert "private" in staff["Cache-Control"]

    ArticleFactory(title="Lain", slug="lain", category=article.category)
    admin_client.get("/lain/")
    assert client.get("/lain/")["X-Page-Cache"] == "miss"


def test_any_request_with_a_session_cookie_bypasses_the_cache(client, article):
    client.get("/ragam-soundtrack/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "bukan-sesi-sah"
    response = client.get("/ragam-soundtrack/")
    assert "X-Page-Cache" not in response


def test_previews_are_never_cached(admin_client):
    client = Client()
    draft = ArticleFactory(draft=True)
    preview = admin_client.get(f"/pratinjau/{draft.pk}/")
    assert preview.status_code == 200
    assert "X-Page-Cache" not in preview
    assert client.get(f"/pratinjau/{draft.pk}/").status_code == 404


def test_tracking_parameters_share_the_entry_but_real_parameters_do_not(client, article):
    client.get("/ragam-soundtrack/")
    assert client.get("/ragam-soundtrack/?utm_source=instagram&fbclid=abc")["X-Page-Cache"] == "hit"
    client.get("/cari/?q=soundtrack")
    assert client.get("/cari/?q=backstage")["X-Page-Cache"] == "miss"


def test_browser_language_shares_the_entry(client, article):
    """The site has one language, so Accept-Language must not split the cache."""
    client.get("/ragam-soundtrack/", HTTP_ACCEPT_LANGUAGE="id")
    assert client.get("/ragam-soundtrack/", HTTP_ACCEPT_LANGUAGE="en")["X-Page-Cache"] == "hit"


def test_cached_pages_keep_the_security_headers(client, article):
    first = client.get("/ragam-soundtrack/")
    hit = client.get("/ragam-soundtrack/")
    assert hit["X-Page-Cache"] == "hit"
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
        assert hit[header] == first[header], header


def call_middleware(response, *, method="GET", path="/halaman/"):
    request = getattr(RequestFactory(), method.lower())(path)
    return PageCacheMiddleware(lambda request: response)(request)


def test_responses_that_set_a_cookie_are_not_stored():
    response = HttpResponse("halo")
    response.set_cookie("pelacak", "1")
    call_middleware(response)
    assert call_middleware(HttpResponse("lain"))["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("control", ["private", "no-store", "no-cache, max-age=0"])
def test_private_and_no_store_responses_are_not_stored(control):
    response = HttpResponse("rahasia")
    response["Cache-Control"] = control
    first = call_middleware(response)
    assert "X-Page-Cache" not in first
    assert first["Cache-Control"] == control
    assert call_middleware(HttpResponse("lain"))["X-Page-Cache"] == "miss"


def test_errors_and_posts_are_not_stored():
    call_middleware(HttpResponse("tidak ada", status=404))
    call_middleware(HttpResponse("kirim"), method="POST")
    assert call_middleware(HttpResponse("lain"))["X-Page-Cache"] == "miss"


def test_head_is_answered_from_a_cached_get(client, article):
    client.get("/ragam-soundtrack/")
    assert client.head("/ragam-soundtrack/")["X-Page-Cache"] == "hit"


def test_admin_is_never_cached(admin_client):
    response = admin_client.get("/" + settings.ADMIN_URL)
    assert "X-Page-Cache" not in response


def keys_read(monkeypatch):
    """The keys every get and get_many of the shared cache reads from now on."""
    read = []
    for method in ("get", "get_many"):
        original = getattr(page_cache.cache, method)

        def spy(keys, *args, original=original, **kwargs):
            read.extend([keys] if isinstance(keys, str) else keys)
            return original(keys, *args, **kwargs)

        monkeypatch.setattr(page_cache.cache, method, spy)
    return read


def test_a_worker_serves_its_own_copy_and_reads_only_the_tokens(client, article, monkeypatch):
    fetch(client, "/ragam-soundtrack/")
    read = keys_read(monkeypatch)
    assert fetch(client, "/ragam-soundtrack/")[0]["X-Page-Cache"] == "hit"
    assert read and not [key for key in read if key.startswith(PAGE_KEY_PREFIX)]


def test_another_workers_copy_is_refused_once_a_write_renews_the_page(client, article):
    """Copies obey the shared tokens: a save in any process makes every worker's copy stale."""
    fetch(client, "/ragam-soundtrack/")
    article.title = "Ragam Soundtrack yang Diperbarui"
    article.save()
    response, body = fetch(client, "/ragam-soundtrack/")
    assert response["X-Page-Cache"] == "miss"
    assert "Ragam Soundtrack yang Diperbarui" in body


def test_a_worker_takes_a_copy_of_the_shared_entry(client, article, monkeypatch):
    fetch(client, "/ragam-soundtrack/")
    page_cache.local_pages.clear()  # another worker: nothing of its own yet
    read = keys_read(monkeypatch)
    assert fetch(client, "/ragam-soundtrack/")[0]["X-Page-Cache"] == "hit"
    assert [key for key in read if key.startswith(PAGE_KEY_PREFIX)]
    read.clear()
    assert fetch(client, "/ragam-soundtrack/")[0]["X-Page-Cache"] == "hit"
    assert read and not [key for key in read if key.startswith(PAGE_KEY_PREFIX)]


@pytest.mark.parametrize(("age", "kept"), [(300, True), (599.5, False), (900, False)])
def test_a_copy_never_outlives_the_shared_entry(settings, age, kept):
    settings.PAGE_CACHE_SECONDS = 600
    now = timezone.now().timestamp()
    entry = (("generation", "token"), 0), 200, [], b"halaman", int(now - age)
    page_cache.keep_copy("pagecache:page:umur", entry, now, None)
    assert (page_cache.local_pages.get("pagecache:page:umur") is not None) is kept
