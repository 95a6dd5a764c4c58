"""One render per stale page at a time: the other readers wait for its entry (``pophariini.cache_middleware``)."""

import threading
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


def lock_and_stamp(path=PATH):
    key = page_key(RequestFactory().get(path))
    stamp = page_cache.current_state(time.time(), scopes=page_cache.path_scopes(path))[0]
    return key, cache_middleware.render_lock(key, stamp), stamp


def later(seconds, action):
    thread = threading.Thread(target=lambda: (time.sleep(seconds), action()))
    thread.start()
    return thread


@pytest.fixture
def stale(client, article):
    """The article's page, cached and then made stale by a write."""
    client.get(PATH)
    article.title = "Judul Baru Setelah Disunting"
    article.save()
    return article


def test_a_reader_waits_for_the_render_another_worker_claimed(client, stale, django_assert_num_queries):
    key, lock, stamp = lock_and_stamp()
    cache.add(lock, 1)  # another worker renders the page
    entry = (
        stamp,
        200,
        [("Content-Type", "text/html"), ("ETag", '"x"')],
        b"dari pekerja lain",
        int(time.time()),
    )
    thread = later(0.1, lambda: cache.set(key, entry))
    with django_assert_num_queries(0):
        response, body = fetch(client, PATH)
    thread.join()
    assert response["X-Page-Cache"] == "hit" and body == "dari pekerja lain"


def test_a_render_that_keeps_nothing_frees_the_waiters_at_once(client, stale):
    _key, lock, _stamp = lock_and_stamp()
    cache.add(lock, 1)
    thread = later(0.1, lambda: cache.delete(lock))
    started = time.monotonic()
    response, body = fetch(client, PATH)
    thread.join()
    assert response["X-Page-Cache"] == "miss" and "Judul Baru Setelah Disunting" in body
    assert time.monotonic() - started < cache_middleware.WAIT_SECONDS


def test_a_reader_waits_no_longer_than_the_limit(client, stale, monkeypatch):
    monkeypatch.setattr(cache_middleware, "WAIT_SECONDS", 0.2)
    _key, lock, _stamp = lock_and_stamp()
    cache.add(lock, 1)  # a render that never ends
    response, body = fetch(client, PATH)
    assert response["X-Page-Cache"] == "miss" and "Judul Baru Setelah Disunting" in body


def test_a_lock_from_before_a_write_holds_nobody(client, stale, monkeypatch):
    monkeypatch.setattr(cache_middleware, "WAIT_SECONDS", 5)
    _key, lock, _stamp = lock_and_stamp()
    cache.add(lock, 1)
    stale.title = "Judul Ketiga"
    stale.save()
    started = time.monotonic()
    response, body = fetch(client, PATH)
    assert response["X-Page-Cache"] == "miss" and "Judul Ketiga" in body
    assert time.monotonic() - started < 1


def test_the_render_frees_its_lock_when_it_keeps_the_page_and_when_it_does_not(client, stale):
    _key, lock, _stamp = lock_and_stamp()
    assert client.get(PATH)["X-Page-Cache"] == "miss"
    assert cache.get(lock) is None
    _key, missing_lock, _stamp = lock_and_stamp("/tidak-ada/")
    assert client.get("/tidak-ada/").status_code == 404
    assert cache.get(missing_lock) is None


def test_a_waiter_never_takes_an_entry_from_before_the_write(client, stale, monkeypatch):
    monkeypatch.setattr(cache_middleware, "WAIT_SECONDS", 0.3)
    key, lock, stamp = lock_and_stamp()
    cache.add(lock, 1)
    old = (("lama",), 200, [("Content-Type", "text/html")], b"halaman lama", int(time.time()))
    thread = later(0.05, lambda: cache.set(key, old))
    response, body = fetch(client, PATH)
    thread.join()
    assert "halaman lama" not in body and "Judul Baru Setelah Disunting" in body
