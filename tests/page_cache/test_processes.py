"""Processes sharing the page cache: two app servers on one Redis, and the file cache a machine's workers share."""

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from bench.newsroom import FormFields  # an admin change form as a browser submits it

pytestmark = pytest.mark.django_db


REDIS_URL = "redis://127.0.0.1:6379/5"


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
other = Article.objects.create(title="Kabar Lain", slug="kabar-lain", category=category, status="published")
ArticleAuthor.objects.create(article=other, author=Author.objects.get())
print(Artist.objects.get().pk)
"""


def app_environment(folder):
    """The environment of the app servers' processes, their SQLite file and uploads in ``folder``."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pophariini.settings",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DEBUG": "1",
        "SECRET_KEY": "two-process-test",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "MEDIA_ROOT": str(folder / "media"),
        "CONN_MAX_AGE": "0",
    }


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory):
    """A SQLite file migrated and holding SETUP_SCRIPT's rows, and the artist's id: made once, copied by each test."""
    folder = tmp_path_factory.mktemp("two-app-servers")
    env = app_environment(folder) | {"CACHE_DIR": str(folder / "cache")}
    env.pop("CACHE_URL", None)
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
    return folder / "db.sqlite3", int(setup.stdout.strip().splitlines()[-1])


@pytest.fixture(params=["redis", "file"])
def two_app_servers(request, tmp_path, migrated_database):
    """Two gunicorn processes on loopback ports sharing one SQLite file and the cache: one Redis
    database, or the default file cache's folder, as the workers of one machine share it."""
    database, artist_pk = migrated_database
    shutil.copyfile(database, tmp_path / "db.sqlite3")
    env = app_environment(tmp_path)
    client = prefix = None
    if request.param == "redis":
        client = redis_or_skip()
        prefix = f"pagecache-test-{uuid.uuid4().hex[:8]}"
        env |= {"CACHE_URL": REDIS_URL, "CACHE_KEY_PREFIX": prefix}
    else:
        env.pop("CACHE_URL", None)
        env["CACHE_DIR"] = str(tmp_path / "cache")
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
        yield ports, artist_pk, client, prefix
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        keys = list(client.scan_iter(match=f"{prefix}:*")) if client else []
        if keys:
            client.delete(*keys)


def test_an_edit_through_one_app_server_is_seen_through_the_other(two_app_servers):
    (editor_port, reader_port), artist_pk, client, prefix = two_app_servers
    first, body = call(reader_port, "GET", "/backstage/")
    assert first.status == 200 and "Vanesha Prescillia" in body
    assert call(reader_port, "GET", "/backstage/")[0].getheader("X-Page-Cache") == "hit"
    if client is not None:
        # With Redis the parts kept under model versions are shared too (pophariini.versions).
        assert list(client.scan_iter(match=f"{prefix}:*cached:music:*"))
    # The other process answers from the same shared entry.
    assert call(editor_port, "GET", "/backstage/")[0].getheader("X-Page-Cache") == "hit"
    call(reader_port, "GET", "/kabar-lain/")

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
    # An article that does not show the artist stays cached.
    assert call(reader_port, "GET", "/kabar-lain/")[0].getheader("X-Page-Cache") == "hit"


def project_setting(name, **environment):
    """The value of ``pophariini.settings.<name>`` (JSON) as the project's settings build it from this environment."""
    env = {
        variable: value
        for variable, value in os.environ.items()
        if variable not in ("CACHE_URL", "CACHE_DIR", "CACHE_KEY_PREFIX", "RELEASE")
    }
    script = f"import json, pophariini.settings as s; print(json.dumps(s.{name}))"
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env | {"DEBUG": "1", **environment},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


def cache_settings(**environment):
    """``CACHES["default"]`` as the project's settings build it from this environment."""
    return project_setting("CACHES['default']", **environment)


def test_parts_of_pages_are_shared_through_redis_only(tmp_path):
    """Django's file cache culls entries at random, versions with them: there the parts stay in each worker."""
    assert project_setting("CACHED_VALUES_SHARED", CACHE_URL=REDIS_URL) is True
    assert project_setting("CACHED_VALUES_SHARED", CACHE_DIR=str(tmp_path)) is False
    assert project_setting("CACHED_VALUES_SHARED", CACHE_URL="locmem://") is False


def test_by_default_the_cache_is_djangos_file_cache_in_cache_dir_and_bounded(tmp_path):
    default = cache_settings(CACHE_DIR=str(tmp_path))
    assert default["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert default["LOCATION"] == str(tmp_path)
    assert 1000 <= default["OPTIONS"]["MAX_ENTRIES"] <= 10000


def test_a_stalled_redis_fails_a_cache_call_within_a_second():
    """A Redis that accepts connections and never answers: the request goes on without the cache."""
    from redis.exceptions import TimeoutError as RedisTimeoutError

    configured = cache_settings(CACHE_URL=REDIS_URL)
    backend = import_string(configured["BACKEND"])
    with socket.socket() as stalled:
        stalled.bind(("127.0.0.1", 0))
        stalled.listen(8)  # never accepted, never answered
        port = stalled.getsockname()[1]
        cache = backend(f"redis://127.0.0.1:{port}/0", {"OPTIONS": configured["OPTIONS"]})
        started = time.monotonic()
        with pytest.raises(RedisTimeoutError):
            cache.get_many(["pagecache:generation", "pagecache:page"])
        assert time.monotonic() - started < 1


@pytest.mark.parametrize("cache_url", ["", REDIS_URL])
def test_a_new_release_starts_every_cache_afresh(cache_url, tmp_path):
    """Pages and pickled values of the code before a deploy are never read by the code after it."""
    before = cache_settings(CACHE_URL=cache_url, CACHE_DIR=str(tmp_path), RELEASE="a1b2c3d")
    after = cache_settings(CACHE_URL=cache_url, CACHE_DIR=str(tmp_path), RELEASE="e4f5a6b")
    assert before["KEY_PREFIX"] != after["KEY_PREFIX"]
    assert "a1b2c3d" in before["KEY_PREFIX"]
    assert cache_settings(CACHE_URL=cache_url, CACHE_DIR=str(tmp_path))["KEY_PREFIX"] == "pophariini"
