"""Hardened deployment: headers, cookies, check --deploy, login lockout, escaping, uploads."""

import json
import os
import re
import secrets
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from pophariini import security, views
from pophariini.photos import validate_image_file
from tests import factories

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
LOGIN = reverse("admin:login")


@pytest.fixture
def article():
    photo = factories.PhotoFactory()
    article = factories.ArticleFactory(
        title="Ragam Soundtrack dari Film Backstage", slug="ragam-soundtrack", hero=photo
    )
    factories.FigureFactory(article=article, photo=photo)
    return article


def reader_pages(article):
    return [
        "/",
        article.get_absolute_url(),
        article.category.get_absolute_url(),
        "/cari/?q=musik",
        "/tidak-ada/",
    ]


# Headers.


def test_reader_pages_send_the_strict_policy_and_security_headers(client, article):
    for path in reader_pages(article):
        response = client.get(path, secure=True)
        assert response.status_code in (200, 404), path
        csp = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]*)", csp).group(1)
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, path
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert response["Strict-Transport-Security"].startswith("max-age=31536000")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_admin_gets_its_own_looser_policy_for_the_editor(admin_client):
    csp = admin_client.get(reverse("admin:articles_article_add"))["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in csp
    assert "frame-ancestors 'self'" in csp


# Cookies.


def test_anonymous_reader_pages_set_no_cookie(client, article):
    for path in reader_pages(article):
        response = client.get(path, secure=True)
        assert "Set-Cookie" not in str(response.serialize_headers()), path
        assert not response.cookies, path


def test_cookies_after_login_are_secure_httponly_and_samesite(client, editor_user):
    client.get(LOGIN, secure=True)
    response = client.post(
        LOGIN, {"username": "redaksi", "password": "pw-redaksi-123", "next": "/admin/"}, secure=True
    )
    assert response.status_code == 302
    for name in ("sessionid", "csrftoken"):
        cookie = response.cookies[name]
        assert cookie["secure"] and cookie["httponly"], name
        assert cookie["samesite"] == "Lax", name


# Production settings.


def production_env(**extra):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "ENV_FILE": "",  # this environment only, never a developer's .env
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "pophariini.com",
        "SITE_URL": "https://pophariini.com",
    }
    env.update(extra)
    return env


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_only_the_documented_environment():
    result = manage("check", "--deploy", env=production_env())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    warnings = set(re.findall(r"\((\w+\.[WE]\d+)\)", output))
    assert warnings <= {"security.W005", "security.W021"}, output
    assert "0 silenced" in output


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    # ... and says what to do about it, in one line rather than at the end of a traceback.
    assert "copy .env.example to .env" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_healthz_answers_plain_http_while_pages_redirect_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    response = client.get("/")
    assert response.status_code == 301 and response["Location"].startswith("https://")


def test_admin_url_is_configurable():
    result = manage(
        "shell", "-c", "from django.urls import reverse; print(reverse('admin:index'))",
        env=production_env(ADMIN_URL="ruang-redaksi"),
    )  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == "/ruang-redaksi/", result.stderr


# Login throttling.


def fail_login(client, username="redaksi", **headers):
    return client.post(LOGIN, {"username": username, "password": "salah"}, secure=True, **headers)


def test_repeated_failed_logins_lock_out_with_a_clear_message(client, settings, editor_user):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert fail_login(client).status_code == 200
    response = fail_login(client)
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.content.decode()
    # Even the right password is refused while locked out.
    response = client.post(LOGIN, {"username": "redaksi", "password": "pw-redaksi-123"}, secure=True)
    assert response.status_code == 429


def test_behind_a_proxy_the_client_address_is_locked_out_not_the_proxys(client, settings, editor_user):
    settings.BEHIND_PROXY = True
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # An attacker rotating a forged left-most entry is still one client.
        forged = f"198.51.100.{attempt}, 203.0.113.7"
        fail_login(client, username=f"tamu{attempt}", HTTP_X_FORWARDED_FOR=forged, **proxy)
    assert fail_login(client, username="lain", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    # Another reader behind the same proxy can still log in.
    response = client.post(
        LOGIN,
        {"username": "redaksi", "password": "pw-redaksi-123"},
        secure=True,
        HTTP_X_FORWARDED_FOR="192.0.2.44",
        **proxy,
    )
    assert response.status_code == 302


def test_without_a_proxy_forwarded_for_is_ignored(client, settings, editor_user):
    settings.BEHIND_PROXY = False
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        fail_login(client, username=f"tamu{attempt}", HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}")
    assert fail_login(client, username="lain", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 429


# Escaping of titles, captions, credits and excerpts everywhere.

XSS_CORPUS = [
    "</script><script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "javascript:alert(1)",
    "' onmouseover='alert(1)",
    "<!--<script>-->",
]


class MarkupAudit(HTMLParser):
    """Collects what a payload could have injected: handlers, scripts, script URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value}>")
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") != "application/ld+json" and not attrs.get("src"):
            self.problems.append("inline <script>")
        if tag in ("svg", "iframe", "object", "embed"):
            self.problems.append(f"<{tag}>")


def assert_no_injected_markup(html):
    audit = MarkupAudit()
    audit.feed(html)
    assert not audit.problems


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_hostile_text_is_escaped_in_page_json_ld_and_feed(client, payload):
    # Typed as entities: the model decodes them and then drops whatever became a tag.
    text = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    photo = factories.PhotoFactory(alt_text=f"alt {text}", caption=f"cap {text}", credit=f"Foto: {text}")
    article = factories.ArticleFactory(title=f"Judul {text}", dek=f"Dek {text}", hero=photo)
    factories.FigureFactory(article=article, photo=photo, caption=f"Fig {text}", credit=f"Dok: {text}")
    factories.ArticleFactory(title="Kabar lain", authors=article.authors.all())
    article.refresh_from_db()
    assert article.title.startswith("Judul") and not re.search(r"<\s*/?[a-zA-Z!]", article.title)

    for path in (article.get_absolute_url(), "/", article.category.get_absolute_url()):
        page = client.get(path).content.decode()
        assert_no_injected_markup(page)
        assert "<script>alert" not in page and "<img src=x" not in page

    page = client.get(article.get_absolute_url()).content.decode()
    documents = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert documents, "the article page has JSON-LD"
    parsed = [json.loads(document) for document in documents]
    headlines = [d.get("headline") for doc in parsed for d in (doc if isinstance(doc, list) else [doc])]
    assert article.title in headlines

    feed = client.get("/feed/")
    assert feed.status_code == 200
    items = list(ET.fromstring(feed.content).iter("item"))
    assert article.title in [item.findtext("title") for item in items]
    assert "<script>alert" not in feed.content.decode() and "<img src=x" not in feed.content.decode()


BODY_CORPUS = [
    "<p>https://www.youtube.com/watch?v=dQw4w9WgXcQ</p>",
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    '<a href=" JaVaScRiPt:alert(1)">spasi</a>',
    '<a href="data:text/html,<script>alert(1)</script>">data</a>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<p title="</p><script>alert(1)</script>">atribut</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe src="https://www.youtube.com/embed/xyz"></iframe>',
    '<iframe src="https://evil.example/"></iframe>',
    "<p>tidak ditutup <strong>tebal <em>miring",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<div style="background:url(javascript:alert(1))">gaya</div>',
    "<!--><script>alert(1)</script>-->",
    '<img src=x onerror="alert(1)"//',
]
ALLOWED_FRAME_HOSTS = (
    "https://www.youtube-nocookie.com/",
    "https://open.spotify.com/",
    "https://w.soundcloud.com/",
)


@pytest.mark.parametrize("payload", BODY_CORPUS[1:])
def test_hostile_body_markup_is_harmless_on_the_article_page(client, payload):
    article = factories.ArticleFactory(body=BODY_CORPUS[0] + payload)
    assert "<script" not in article.body and "<iframe" not in article.body
    page = client.get(article.get_absolute_url()).content.decode()
    audit = MarkupAudit()
    audit.feed(page)
    # The one legitimate iframe is the YouTube embed rendered from a bare URL.
    assert [problem for problem in audit.problems if problem != "<iframe>"] == []
    frames = re.findall(r'<iframe[^>]*\ssrc="([^"]+)"', page)
    assert len(frames) == 1 and frames[0].startswith(ALLOWED_FRAME_HOSTS)


# Uploads.


def test_upload_limits_refuse_big_files_and_huge_images(settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 1000
    big = factories.image_upload("besar.png", width=400, height=400)
    with pytest.raises(ValidationError):
        validate_image_file(big)
    settings.PHOTO_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    settings.PHOTO_MAX_PIXELS = 100
    with pytest.raises(ValidationError):
        validate_image_file(factories.image_upload("lebar.jpg", width=20, height=20))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("gambar.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("halaman.html", b"<html><script>alert(1)</script></html>"),
        ("foto.jpg", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_uploads_that_are_not_real_images_are_refused(name, content):
    with pytest.raises(ValidationError):
        validate_image_file(factories.SimpleUploadedFile(name, content, content_type="image/jpeg"))


def test_served_media_is_only_ever_an_image(rf, settings):
    photo = factories.PhotoFactory()
    media = Path(settings.MEDIA_ROOT)
    (media / "evil.html").write_text("<script>alert(1)</script>")
    (media / "evil.svg").write_text('<svg onload="alert(1)"/>')
    request = rf.get("/media/")
    response = views.serve_media(request, photo.image.name)
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    for name in ("evil.html", "evil.svg", "../settings.py"):
        with pytest.raises(Http404):
            views.serve_media(request, name)


@pytest.mark.parametrize(
    ("behind_proxy", "proxies", "forwarded_for", "expected"),
    [
        (False, 1, "203.0.113.7", "10.0.0.2"),
        (True, 1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        (True, 2, "198.51.100.1, 203.0.113.7, 192.0.2.10", "203.0.113.7"),
        (True, 2, "203.0.113.7", "10.0.0.2"),
        (True, 1, "bukan-alamat", "10.0.0.2"),
    ],
)
def test_client_address_counts_trusted_proxies_from_the_right(
    rf, settings, behind_proxy, proxies, forwarded_for, expected
):
    settings.BEHIND_PROXY, settings.TRUSTED_PROXY_COUNT = behind_proxy, proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert security.client_ip(request) == expected
