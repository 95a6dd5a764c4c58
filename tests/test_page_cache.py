"""The reader page cache: served to anonymous readers only, invalidated exactly, scheduled articles on time."""

import http.client
import os
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from articles.models import Article
from pophariini import cache as page_cache
from tests.factories import (
    ArticleFactory,
    ArtistFactory,
    AuthorFactory,
    CategoryFactory,
    FigureFactory,
    PhotoFactory,
)

pytestmark = pytest.mark.django_db


def fetch(client, path, **extra):
    response = client.get(path, **extra)
    return response, response.content.decode()


@pytest.fixture
def article():
    category = CategoryFactory(name="Berita", slug="berita")
    author = AuthorFactory(name="Raka Dewangkara")
    story = ArticleFactory(
        title="Ragam Soundtrack dari Film Backstage",
        slug="ragam-soundtrack",
        category=category,
        authors=[author],
        body="<p>Pembuka.</p><p>[foto 1]</p>",
    )
    FigureFactory(article=story, photo=PhotoFactory(credit="Dok: Paragon Pictures"))
    story.artists.add(ArtistFactory(name="Vanesha Prescillia", slug="vanesha"))
    return story


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


def test_etag_changes_when_the_article_changes(client, article):
    etag = client.get("/ragam-soundtrack/")["ETag"]
    article.title = "Judul Baru"
    article.save()
    response = client.get("/ragam-soundtrack/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Judul Baru" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/", "/ragam-soundtrack/", "/kategori/berita/", "/feed/", "/sitemap-artikel.xml"]
)
def test_publishing_shows_the_article_everywhere_on_the_next_request(client, article, path):
    draft = ArticleFactory(
        title="Inheritors Rilis Pestilence", slug="inheritors", category=article.category, draft=True
    )
    assert "Inheritors Rilis Pestilence" not in fetch(client, path)[1].replace("/inheritors/", "")
    assert client.get("/inheritors/").status_code == 404
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert "inheritors" in fetch(client, path)[1]
    assert client.get("/inheritors/").status_code == 200


@pytest.mark.parametrize(
    "path", ["/", "/ragam-soundtrack/", "/kategori/berita/", "/feed/", "/artis/vanesha/"]
)
def test_an_edit_is_visible_on_every_page_on_the_next_request(client, article, path):
    assert "Ragam Soundtrack dari Film Backstage" in fetch(client, path)[1]
    article.title = "Tujuh Lagu Soundtrack Backstage"
    article.save()
    response, body = fetch(client, path)
    assert response["X-Page-Cache"] == "miss"
    assert "Tujuh Lagu Soundtrack Backstage" in body
    assert "Ragam Soundtrack dari Film Backstage" not in body


def test_unpublishing_removes_the_article_from_every_page(client, article):
    for path in ("/", "/ragam-soundtrack/", "/kategori/berita/", "/feed/"):
        client.get(path)
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get("/ragam-soundtrack/").status_code == 404
    for path in ("/", "/kategori/berita/", "/feed/"):
        assert "ragam-soundtrack" not in fetch(client, path)[1], path


def test_slug_change_redirects_the_old_address_and_relinks_lists(client, article):
    assert client.get("/ragam-soundtrack/").status_code == 200
    assert "/ragam-soundtrack/" in fetch(client, "/")[1]
    article.slug = "soundtrack-backstage"
    article.save()
    old = client.get("/ragam-soundtrack/")
    assert old.status_code == 301
    assert old["Location"] == "/soundtrack-backstage/"
    home = fetch(client, "/")[1]
    assert "/soundtrack-backstage/" in home
    assert 'href="/ragam-soundtrack/"' not in home


def test_renaming_a_linked_artist_updates_the_article_and_artist_pages(client, article):
    assert "Vanesha Prescillia" in fetch(client, "/ragam-soundtrack/")[1]
    assert "Vanesha Prescillia" in fetch(client, "/artis/vanesha/")[1]
    artist = article.artists.get()
    artist.name = "Vanesha Prescillia Sarasvati"
    artist.save()
    assert "Vanesha Prescillia Sarasvati" in fetch(client, "/ragam-soundtrack/")[1]
    assert "Vanesha Prescillia Sarasvati" in fetch(client, "/artis/vanesha/")[1]


def test_linking_an_artist_updates_the_article_page(client, article):
    assert "Sissy Prescillia" not in fetch(client, "/ragam-soundtrack/")[1]
    article.artists.add(ArtistFactory(name="Sissy Prescillia"))
    assert "Sissy Prescillia" in fetch(client, "/ragam-soundtrack/")[1]


def test_changing_a_photo_credit_updates_the_article_page(client, article):
    assert "Dok: Paragon Pictures" in fetch(client, "/ragam-soundtrack/")[1]
    photo = article.figures.get().photo
    photo.credit = "Foto: Arsip Pophariini"
    photo.save()
    body = fetch(client, "/ragam-soundtrack/")[1]
    assert "Foto: Arsip Pophariini" in body
    assert "Dok: Paragon Pictures" not in body


def test_renaming_the_author_updates_the_byline(client, article):
    assert "Raka Dewangkara" in fetch(client, "/ragam-soundtrack/")[1]
    author = article.ordered_authors[0]
    author.name = "Raka D."
    author.save()
    body = fetch(client, "/ragam-soundtrack/")[1]
    assert "Raka D." in body
    assert "Raka Dewangkara" not in body


def test_renaming_the_category_updates_article_and_category_pages(client, article):
    assert "Berita" in fetch(client, "/kategori/berita/")[1]
    category = article.category
    category.name = "Kabar Terkini"
    category.save()
    assert "Kabar Terkini" in fetch(client, "/ragam-soundtrack/")[1]
    assert "Kabar Terkini" in fetch(client, "/kategori/berita/")[1]


def test_tagging_updates_the_tag_page(client, article):
    article.tags.add("soundtrack")
    assert client.get("/tag/soundtrack/")["X-Page-Cache"] == "miss"
    other = ArticleFactory(title="Lagu Tema Film Baru", category=article.category)
    other.tags.add("soundtrack")
    assert "Lagu Tema Film Baru" in fetch(client, "/tag/soundtrack/")[1]


def test_writes_inside_a_transaction_invalidate_again_after_commit(transactional_db):
    """A process that read the new generation before the commit must not keep what it rendered."""
    with transaction.atomic():
        CategoryFactory(name="Kolom", slug="kolom")
        during = page_cache.current_state(timezone.now().timestamp())[0]
    after = page_cache.current_state(timezone.now().timestamp())[0]
    assert during != after


def test_explicit_invalidation_covers_writes_that_skip_signals(client, article):
    fetch(client, "/ragam-soundtrack/")
    Article.objects.filter(pk=article.pk).update(title="Diubah Tanpa Sinyal")
    page_cache.invalidate()
    assert "Diubah Tanpa Sinyal" in fetch(client, "/ragam-soundtrack/")[1]


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
    page_timeouts = [t for key, t in stored.items() if key.startswith(page_cache.PAGE_KEY_PREFIX)]
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
    assert client.get(f"/pratinjau/{draft.pk}/").status_code == 302


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
    return page_cache.PageCacheMiddleware(lambda request: response)(request)


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


# --- Two app processes sharing Redis -------------------------------------------------------------

REDIS_URL = "redis://127.0.0.1:6379/5"


class FormFields(HTMLParser):
    """The fields an HTML form would submit (enough for a Django admin change form)."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input" and attrs.get("type") not in ("submit", "file", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append(
                [attrs["name"], attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")]
            )
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append([self.select, attrs.get("value", "")])
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
            self.fields.append(self.textarea)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def call(port, method, path, *, cookies=None, form=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "127.0.0.1"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    body = None
    if form is not None:
        body = urlencode([tuple(pair) for pair in (form.items() if isinstance(form, dict) else form)])
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    content = response.read().decode()
    for header in response.msg.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        if cookies is not None:
            cookies[name.strip()] = rest.split(";", 1)[0]
    connection.close()
    return response, content


def redis_or_skip():
    """A client for the test Redis database; skip (or fail under REQUIRE_REDIS=1) when unreachable."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as exc:
        reason = f"Redis is not reachable at {REDIS_URL} ({exc})"
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(reason + "; REQUIRE_REDIS=1 demands it")
        pytest.skip(reason + "; set REQUIRE_REDIS=1 to make this a failure")
    return client


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


SETUP_SCRIPT = """
from django.contrib.auth import get_user_model
from articles.models import Article, ArticleAuthor, Author, Category
from music.models import Artist
get_user_model().objects.create_superuser("redaksi", "redaksi@example.com", "pw-redaksi-123")
category = Category.objects.create(name="Berita", slug="berita")
article = Article.objects.create(title="Backstage", slug="backstage", category=category, status="published")
ArticleAuthor.objects.create(article=article, author=Author.objects.create(name="Raka"))
article.artists.add(Artist.objects.create(name="Vanesha Prescillia", slug="vanesha"))
print(Artist.objects.get().pk)
"""


@pytest.fixture
def two_app_servers(tmp_path):
    """Two gunicorn processes on loopback ports sharing one SQLite file and one Redis database."""
    client = redis_or_skip()
    prefix = f"pagecache-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pophariini.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "DEBUG": "1",
        "SECRET_KEY": "two-process-test",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "CONN_MAX_AGE": "0",
    }
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, timeout=300)
    setup = subprocess.run(
        [*manage, "shell", "-c", SETUP_SCRIPT],
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    ports, servers = [free_port(), free_port()], []
    try:
        for port in ports:
            servers.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "pophariini.wsgi",
                        "-b",
                        f"127.0.0.1:{port}",
                        "-w",
                        "1",
                    ],
                    env=env,
                    cwd=settings.BASE_DIR,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        for port in ports:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if call(port, "GET", "/healthz")[0].status == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, f"app server on port {port} did not start"
                time.sleep(0.2)
        yield ports, int(setup.stdout.strip().splitlines()[-1])
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)


def test_an_edit_through_one_app_server_is_seen_through_the_other(two_app_servers):
    (editor_port, reader_port), artist_pk = two_app_servers
    first, body = call(reader_port, "GET", "/backstage/")
    assert first.status == 200 and "Vanesha Prescillia" in body
    assert call(reader_port, "GET", "/backstage/")[0].getheader("X-Page-Cache") == "hit"
    # The other process answers from the same shared entry.
    assert call(editor_port, "GET", "/backstage/")[0].getheader("X-Page-Cache") == "hit"

    cookies = {}
    admin = "/" + settings.ADMIN_URL
    _, login_page = call(editor_port, "GET", f"{admin}login/", cookies=cookies)
    login = FormFields("login-form")
    login.feed(login_page)
    fields = dict(login.fields) | {"username": "redaksi", "password": "pw-redaksi-123"}
    response, _ = call(editor_port, "POST", f"{admin}login/?next={admin}", cookies=cookies, form=fields)
    assert response.status == 302, "admin login failed"
    change_url = f"{admin}music/artist/{artist_pk}/change/"
    _, change_page = call(editor_port, "GET", change_url, cookies=cookies)
    form = FormFields("artist_form")
    form.feed(change_page)
    fields = [
        [name, "Vanesha Prescillia Sarasvati" if name == "name" else value] for name, value in form.fields
    ]
    response, content = call(editor_port, "POST", change_url, cookies=cookies, form=fields)
    assert response.status == 302, content[:2000]

    response, body = call(reader_port, "GET", "/backstage/")
    assert response.getheader("X-Page-Cache") == "miss"
    assert "Vanesha Prescillia Sarasvati" in body
    assert "Vanesha Prescillia Sarasvati" in call(reader_port, "GET", "/artis/vanesha/")[1]


def test_the_shared_file_cache_still_culls_when_it_grows(tmp_path, monkeypatch):
    from pophariini import filecache

    monkeypatch.setattr(filecache, "CULL_EVERY", 1)
    files = filecache.SharedFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}})
    for number in range(40):
        files.set(f"halaman-{number}", b"isi", 60)
    assert len(list(tmp_path.iterdir())) <= 11


def test_the_shared_file_cache_round_trips_values_uncompressed(tmp_path):
    from pophariini.filecache import SharedFileCache

    files = SharedFileCache(str(tmp_path), {})
    page = ("stamp", 200, [("Content-Type", "text/html")], b"<p>Lagu-lagu</p>" * 100, 1)
    files.set("halaman", page, 60)
    files.set("generasi", "abc", None)
    assert files.get_many(["halaman", "generasi", "tidak-ada"]) == {"halaman": page, "generasi": "abc"}
    assert files.get("tidak-ada", "bawaan") == "bawaan"
    (stored,) = [path for path in tmp_path.iterdir() if path.read_bytes().count(b"Lagu-lagu") == 100]
    assert stored.name.endswith(".raw.djcache")

    assert files.touch("halaman", 0) is True
    assert files.get_many(["halaman"]) == {}
    assert files.touch("halaman") is False


def test_the_shared_file_cache_never_reads_djangos_compressed_files(tmp_path):
    from django.core.cache.backends.filebased import FileBasedCache

    from pophariini.filecache import SharedFileCache

    FileBasedCache(str(tmp_path), {}).set("generasi", "lama", None)
    files = SharedFileCache(str(tmp_path), {})
    assert files.get("generasi") is None
    files.set("generasi", "baru", None)
    assert files.get("generasi") == "baru"
