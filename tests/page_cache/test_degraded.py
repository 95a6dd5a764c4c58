"""A cache in trouble (Redis down or stalled, a broken or full disk, unreadable entries) never breaks a page or a save."""

import errno
import logging
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache.backends.filebased import FileBasedCache
from django.db import OperationalError, connection
from django.test import Client

from pophariini import cache as page_cache
from tests.admin_forms import form_values
from tests.page_cache import fetch
from tests.page_cache.test_processes import cache_settings, free_port

pytestmark = pytest.mark.django_db

READER_PATHS = [
    "/",
    "/ragam-soundtrack/",
    "/artikel/",
    "/kategori/berita/",
    "/artis/vanesha/",
    "/feed/",
    "/sitemap.xml",
    "/cari/?q=soundtrack",
]


@pytest.fixture(scope="module")
def redis_options():
    """The backend and connection options the project's settings give a Redis cache."""
    return cache_settings(CACHE_URL="redis://127.0.0.1:6379/13")


def use_redis(settings, port, configured):
    settings.CACHES = {
        "default": {
            "BACKEND": configured["BACKEND"],
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "KEY_PREFIX": "degraded-test",
            "OPTIONS": configured["OPTIONS"],
        }
    }


@pytest.fixture
def redis_down(settings, redis_options):
    """The cache is the project's Redis backend on a port where nothing listens (connection refused)."""
    use_redis(settings, free_port(), redis_options)


@pytest.fixture
def own_redis(settings, redis_options, tmp_path):
    """A redis-server of this test's own on a spare port, which the test may stop and resume."""
    port = free_port()
    try:
        server = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        pytest.skip("redis-server is not installed")
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
    use_redis(settings, port, redis_options)
    yield server
    server.send_signal(signal.SIGCONT)
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def broken_cache_folder(settings, tmp_path):
    """The file cache's folder cannot be created, read or written (its parent is a file)."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(blocker / "cache"),
        }
    }


@pytest.fixture
def file_cache(settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    return tmp_path / "cache"


def save_in_admin(client, article, title):
    url = f"/admin/articles/article/{article.pk}/change/"
    values = form_values(client.get(url))
    values["title"] = title
    return client.post(url, values)


def health(client):
    response = client.get("/healthz")
    return response.status_code, response.json()


@pytest.mark.parametrize("trouble", ["redis_down", "broken_cache_folder"])
def test_reader_pages_render_uncached_while_the_cache_is_unavailable(client, article, trouble, request):
    request.getfixturevalue(trouble)
    for path in READER_PATHS:
        for _ in range(2):
            response = client.get(path)
            assert response.status_code == 200, path
            assert response["X-Page-Cache"] == "degraded", path
    # Still a page a CDN may keep for a moment, with validators.
    response = client.get("/ragam-soundtrack/")
    assert "s-maxage=60" in response["Cache-Control"]
    assert client.get("/ragam-soundtrack/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


@pytest.mark.parametrize("trouble", ["redis_down", "broken_cache_folder"])
def test_a_content_save_succeeds_while_the_cache_is_unavailable(admin_client, article, trouble, request):
    request.getfixturevalue(trouble)
    assert save_in_admin(admin_client, article, "Judul Saat Cache Mati").status_code == 302
    article.refresh_from_db()
    assert article.title == "Judul Saat Cache Mati"
    assert "Judul Saat Cache Mati" in fetch(Client(), "/ragam-soundtrack/")[1]


@pytest.mark.parametrize("trouble", ["redis_down", "broken_cache_folder"])
def test_healthz_says_degraded_and_still_200_while_the_cache_is_unavailable(client, trouble, request):
    request.getfixturevalue(trouble)
    status, body = health(client)
    assert status == 200
    assert body == {"status": "degraded", "database": "ok", "cache": "degraded"}


def test_healthz_says_ok_when_database_and_cache_work(client, file_cache):
    assert health(client) == (200, {"status": "ok", "database": "ok", "cache": "ok"})


def test_healthz_is_503_only_when_the_database_cannot_serve_readers(client, redis_down, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    status, body = health(client)
    assert status == 503
    assert body == {"status": "error", "database": "unreachable", "cache": "degraded"}


def test_healthz_names_no_cache_address_or_error_detail(client, redis_down):
    text = client.get("/healthz").content.decode()
    assert "127.0.0.1" not in text and "refused" not in text.lower()


def test_cache_trouble_is_logged_at_most_once_a_minute_per_worker(client, article, redis_down, caplog):
    clock = [1000.0]
    with mock.patch("pophariini.cache.time.monotonic", lambda: clock[0]), caplog.at_level(logging.WARNING):
        for _ in range(5):
            assert client.get("/").status_code == 200
            clock[0] += 6  # past the pause between attempts: every request tries the cache again
        assert len([r for r in caplog.records if r.name == "pophariini.cache"]) == 1
        clock[0] += 60
        assert client.get("/").status_code == 200
    messages = [r.getMessage() for r in caplog.records if r.name == "pophariini.cache"]
    assert len(messages) == 2
    assert "uncached" in messages[0]


def test_after_an_unavailable_cache_the_worker_leaves_it_alone_for_a_few_seconds(client, article, redis_down):
    calls = []
    real_get_many = page_cache.cache.get_many

    def counted(*args, **kwargs):
        calls.append(args)
        return real_get_many(*args, **kwargs)

    with mock.patch.object(page_cache.cache, "get_many", counted):
        for path in ("/", "/ragam-soundtrack/", "/", "/ragam-soundtrack/"):
            assert client.get(path).status_code == 200
    # One attempt, then pages (and the parts kept under model versions) render uncached
    # without waiting on the cache again.
    assert len(calls) == 1


def test_a_stalled_redis_costs_a_reader_at_most_one_timeout(client, article, own_redis):
    assert client.get("/ragam-soundtrack/")["X-Page-Cache"] == "miss"
    own_redis.send_signal(signal.SIGSTOP)
    try:
        started = time.monotonic()
        for path in READER_PATHS:
            assert client.get(path).status_code == 200, path
        # Half a second for the first timeout; the rest render without trying the cache.
        assert time.monotonic() - started < 3
    finally:
        own_redis.send_signal(signal.SIGCONT)


def test_a_save_while_redis_is_stalled_is_seen_once_redis_answers_again(
    admin_client, article, own_redis, monkeypatch
):
    """Redis keeps its entries through a stall: the purge the save could not make is made when it answers."""
    reader = Client()
    fetch(reader, "/ragam-soundtrack/")
    assert reader.get("/ragam-soundtrack/")["X-Page-Cache"] == "hit"
    own_redis.send_signal(signal.SIGSTOP)
    try:
        assert save_in_admin(admin_client, article, "Judul Setelah Redis Macet").status_code == 302
    finally:
        own_redis.send_signal(signal.SIGCONT)
    # The worker's pause after the failure is over.
    monkeypatch.setattr(page_cache.trouble, "resting_until", 0.0)
    response, body = fetch(reader, "/ragam-soundtrack/")
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "miss"
    assert "Judul Setelah Redis Macet" in body
    assert fetch(reader, "/ragam-soundtrack/")[0]["X-Page-Cache"] == "hit"


def test_a_redis_killed_and_restarted_leaves_pages_and_saves_working(
    admin_client, article, own_redis, settings
):
    reader = Client()
    assert reader.get("/")["X-Page-Cache"] == "miss"
    own_redis.kill()
    own_redis.wait(timeout=10)
    assert reader.get("/").status_code == 200
    assert save_in_admin(admin_client, article, "Judul Saat Redis Mati").status_code == 302
    assert health(reader)[1]["cache"] == "degraded"


def test_a_full_disk_never_serves_a_page_older_than_a_save(admin_client, article, file_cache, monkeypatch):
    """Reads still work on a full disk; an edit must still make the cached page stale."""
    reader = Client()
    fetch(reader, "/ragam-soundtrack/")
    assert reader.get("/ragam-soundtrack/")["X-Page-Cache"] == "hit"

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with mock.patch.object(FileBasedCache, "set", disk_full):
        assert save_in_admin(admin_client, article, "Judul Saat Disk Penuh").status_code == 302
        monkeypatch.setattr(page_cache.trouble, "resting_until", 0.0)
        response, body = fetch(reader, "/ragam-soundtrack/")
        assert response.status_code == 200
        assert "Judul Saat Disk Penuh" in body
        assert health(reader)[1]["cache"] == "degraded"
    # Space again: pages are cached again.
    monkeypatch.setattr(page_cache.trouble, "resting_until", 0.0)
    assert reader.get("/ragam-soundtrack/")["X-Page-Cache"] == "miss"
    assert reader.get("/ragam-soundtrack/")["X-Page-Cache"] == "hit"


def test_unreadable_entries_render_the_page_and_are_replaced(client, article, file_cache):
    first, body = fetch(client, "/ragam-soundtrack/")
    for entry in Path(file_cache).iterdir():
        entry.write_bytes(b"not a cache entry")
    response, again = fetch(client, "/ragam-soundtrack/")
    assert response.status_code == 200 and again == body
    # The broken entries were dropped, not left to fail every request.
    assert fetch(client, "/ragam-soundtrack/")[0]["X-Page-Cache"] == "miss"
    assert fetch(client, "/ragam-soundtrack/")[0]["X-Page-Cache"] == "hit"


def test_an_artist_renamed_while_redis_is_stalled_shows_on_the_article_once_redis_answers(
    article, own_redis, monkeypatch
):
    """The music box is kept under the artists' version: a renewal lost in the stall is made up."""
    reader = Client()
    assert "Vanesha Prescillia" in fetch(reader, "/ragam-soundtrack/")[1]
    artist = article.artists.get()
    own_redis.send_signal(signal.SIGSTOP)
    try:
        artist.name = "Vanesha Prescillia Sarasvati"
        artist.save()
    finally:
        own_redis.send_signal(signal.SIGCONT)
    monkeypatch.setattr(page_cache.trouble, "resting_until", 0.0)
    assert "Vanesha Prescillia Sarasvati" in fetch(reader, "/ragam-soundtrack/")[1]
    assert page_cache.trouble.purge_owed is False
