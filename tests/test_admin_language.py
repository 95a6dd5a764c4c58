"""Every admin page each role can reach speaks Indonesian, its 403 and 404 included; English stays English.

The pages are found through the admin's public API (``admin.site.is_registered``,
``get_model_admin``, each ``ModelAdmin.get_urls()``), so a page another change adds is
walked too, and a URL argument this walk cannot fill fails loudly instead of being skipped.
The demo newsroom the walks open is made once for the module; what a walk's actions write is
rolled back after it.
"""

import io
import json
import re

import pytest
import reversion
from axes.models import AccessFailureLog
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client, RequestFactory, override_settings
from django.urls import URLPattern, reverse
from reversion.models import Version

from articles.models import Article, Author
from pophariini.management.commands.seed_demo import DEMO_PASSWORD
from tests import factories
from tests.admin_english import english_findings, english_in, shown_pieces
from tests.shared_rows import rows_for_the_module
from tests.test_admin import INSTANCE_FACTORIES

pytestmark = pytest.mark.django_db

ADMIN_PREFIX = "/" + settings.ADMIN_URL
# Site-wide admin views that are not pages: the JavaScript catalogue (its strings are
# checked by test_javascript_catalogue_is_indonesian), the select2 JSON feed and a redirect.
NOT_PAGES = {"jsi18n", "autocomplete", "view_on_site", "login", "logout"}
# A page may answer with a redirect (followed: its message shows on the next page), a
# refusal, "not found", or 405 for a view that only takes POST; never a server error.
SERVER_ERROR = 500
# Indonesian interface words that must not show under LANGUAGE_CODE=en.
INDONESIAN_UI = [
    "Beranda",
    "Simpan",
    "Tambah",
    "Ubah",
    "Riwayat",
    "Keluar",
    "Selamat datang",
    "Pulihkan",
    "Cari",
    "Saring",
]


def _failure_log():
    # Written only with AXES_ENABLE_ACCESS_FAILURE_LOG; the admin lists it all the same.
    return AccessFailureLog.objects.create(
        username="demo", ip_address="127.0.0.1", user_agent="Firefox", http_accept="*/*", path_info="/admin/"
    )


MORE_INSTANCES = {"axes.accessfailurelog": _failure_log}


@pytest.fixture(scope="module")
def newsroom_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo newsroom (seed_demo --demo-login), an admin, and something of every kind to open;
    the media folder of their photos.

    Once for the module, in its transaction (``tests.shared_rows``): each test runs in a
    savepoint within it, so what a walk writes (its actions publish, unpublish…) is rolled
    back before the next test.
    """
    media = tmp_path_factory.mktemp("newsroom-media")
    with rows_for_the_module(django_db_blocker):
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
            people = make_newsroom()
        yield media, people


@pytest.fixture
def newsroom(newsroom_rows, settings):
    media, people = newsroom_rows
    settings.MEDIA_ROOT = media  # where the newsroom's photos are
    return people


def make_newsroom():
    with override_settings(DEBUG=True):  # --demo-login refuses to run without DEBUG
        call_command("seed_demo", demo_login=True, stdout=io.StringIO())
    user_model = get_user_model()
    people = {
        # Not "redaksi": the admin_client fixture's user, which tests beside these rows make.
        "admin": user_model.objects.create_superuser("pemred", "pemred@example.com", "pw-pemred-123"),
        "editor": user_model.objects.get(username="demo"),
        "kontributor": user_model.objects.get(username="kontributor"),
    }
    assert people["editor"].groups.filter(name="Editor").exists()
    # The Kontributor's own draft, credited to their byline: the article they can open.
    own_draft = factories.ArticleFactory(
        draft=True,
        title="Catatan dari Balik Panggung",
        authors=[Author.objects.get(user=people["kontributor"])],
        created_by=people["kontributor"],
    )
    # django-axes' logs: an accepted and a refused login through the real form (the refused
    # one by a stranger: a login, force_login's too, clears the person's own failures).
    Client().post(reverse("admin:login"), {"username": "demo", "password": DEMO_PASSWORD})
    Client().post(reverse("admin:login"), {"username": "tamu", "password": "salah"})
    for model in registered_models():
        if not model._default_manager.exists():
            factory = {**INSTANCE_FACTORIES, **MORE_INSTANCES}.get(model._meta.label_lower)
            assert factory, f"no demo object of {model._meta.label}: add a factory to INSTANCE_FACTORIES"
            factory()
        if reversion.is_registered(model):
            # A saved version to look at, and a deleted one to recover.
            with reversion.create_revision():
                model._default_manager.order_by("pk").last().save()
            with reversion.create_revision():
                gone = INSTANCE_FACTORIES[model._meta.label_lower]()
            gone.delete()
    with reversion.create_revision():
        own_draft.save()
    return people


def registered_models():
    return [model for model in apps.get_models() if admin.site.is_registered(model)]


def object_for(model_admin, user):
    """An object the person can open (their own, for a Kontributor), else any: the page then refuses."""
    request = RequestFactory().get(ADMIN_PREFIX)
    request.user = user
    visible = model_admin.get_queryset(request).order_by("-pk").first()
    return visible or model_admin.model._default_manager.order_by("-pk").first()


# django-reversion's views take positional groups: (what each one is), by URL name ending.
POSITIONAL = {"_recover": ["deleted_version_id"], "_revision": ["object_id", "version_id"]}


def url_address(pattern, model_admin, obj):
    """The address of a model admin's URL pattern, its groups filled for ``obj``."""
    regex = pattern.pattern.regex
    named = list(regex.groupindex)
    positional = None
    if regex.groups and not named:
        ending = next((end for end in POSITIONAL if pattern.name.endswith(end)), None)
        if ending is None:
            pytest.fail(f"teach this walk the positional groups of admin:{pattern.name}")
        positional = POSITIONAL[ending]
    values = [argument_value(name, pattern, model_admin, obj) for name in positional or named]
    if positional:
        return reverse(f"admin:{pattern.name}", args=values)
    return reverse(f"admin:{pattern.name}", kwargs=dict(zip(named, values, strict=True)))


def argument_value(name, pattern, model_admin, obj):
    if name in ("object_id", "id", "pk"):  # "id": UserAdmin's password form
        return obj.pk
    if name == "deleted_version_id" or (name == "version_id" and pattern.name.endswith("_recover")):
        return Version.objects.get_deleted(model_admin.model).first().pk
    if name == "version_id" and reversion.is_registered(type(obj)):
        return Version.objects.get_for_object(obj).first().pk
    pytest.fail(f"teach this walk to fill <{name}> of admin:{pattern.name}")


def admin_pages(user):
    """(url, what) for every admin page: the site's own, then each registered model's."""
    app_labels = sorted({model._meta.app_label for model in registered_models()})
    pages = [(reverse("admin:app_list", kwargs={"app_label": label}), f"app {label}") for label in app_labels]
    for pattern in admin.site.get_urls():
        if not isinstance(pattern, URLPattern) or pattern.name in NOT_PAGES | {"app_list", None}:
            continue  # the models' own URLs come next, the app lists came first; None: the catch-all
        if pattern.pattern.regex.groups:
            pytest.fail(f"teach this walk to fill the arguments of admin:{pattern.name}")
        pages.append((reverse(f"admin:{pattern.name}"), pattern.name))
    for model in registered_models():
        model_admin = admin.site.get_model_admin(model)
        obj = object_for(model_admin, user)
        for pattern in model_admin.get_urls():
            if isinstance(pattern, URLPattern) and pattern.name:
                pages.append((url_address(pattern, model_admin, obj), pattern.name))
    pages.append((f"{ADMIN_PREFIX}tidak-ada-halaman-ini/", "admin 404"))
    return pages


def findings_on(response, what):
    """Problems with one response, as lines for the failure message."""
    if response.status_code >= SERVER_ERROR:
        return [f"{what}: status {response.status_code}"]
    if "html" not in response.get("Content-Type", ""):
        return []
    return [
        f"{what} ({response.status_code}): {found}" for found in english_findings(response.content.decode())
    ]


def walk(client, user):
    """Open every page, follow each redirect, submit each add form empty and run each action."""
    found = []
    for url, what in admin_pages(user):
        response = client.get(url, follow=True)
        found += findings_on(response, f"GET {url} [{what}]")
        if response.status_code != 200:
            continue
        if what.endswith("_add"):
            # Refused for missing fields: the errors must be Indonesian too; and the "+" pop-up.
            found += findings_on(client.post(url, {}), f"POST {url} (empty)")
            found += findings_on(client.get(url, {"_popup": 1, "_to_field": "id"}), f"GET {url} (pop-up)")
        if what.endswith("_changelist"):
            # A search, the filters' counts, and the chooser pop-up behind the magnifier.
            found += findings_on(client.get(url, {"q": "zzz", "_facets": 1}), f"GET {url} (search, counts)")
            found += findings_on(client.get(url, {"_popup": 1, "_to_field": "id"}), f"GET {url} (pop-up)")
    found += run_every_action(client, user)
    found += findings_on(
        client.post(reverse("admin:password_change"), {"old_password": "salah"}), "password change refused"
    )
    found += findings_on(client.post(reverse("admin:logout")), "logged out")
    return found


def run_every_action(client, user):
    """Each changelist action on one object: its confirmation or form page, or the message after it."""
    found = []
    for model in registered_models():
        model_admin = admin.site.get_model_admin(model)
        request = RequestFactory().get(ADMIN_PREFIX)
        request.user = user
        obj = object_for(model_admin, user)
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for action in model_admin.get_actions(request):
            response = client.post(
                url, {"action": action, "_selected_action": [obj.pk], "index": 0}, follow=True
            )
            found += findings_on(response, f"action {action} on {model._meta.label}")
    return found


@pytest.mark.parametrize("role", ["admin", "editor", "kontributor"])
def test_every_admin_page_a_role_can_reach_is_indonesian(newsroom, role):
    client = Client(raise_request_exception=False)  # a 500 is listed with the rest
    client.force_login(newsroom[role])
    found = walk(client, newsroom[role])
    assert not found, f"English or broken pages for {role}:\n" + "\n".join(found)


def test_login_page_and_refused_login_are_indonesian():
    client = Client()
    found = findings_on(client.get(reverse("admin:login")), "login page")
    refused = client.post(reverse("admin:login"), {"username": "siapa", "password": "salah"})
    found += findings_on(refused, "refused login")
    assert "Masukkan" in refused.content.decode()
    assert not found, "\n".join(found)


def test_too_many_failed_logins_show_an_indonesian_admin_lockout_page():
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(reverse("admin:login"), {"username": "redaksi", "password": "salah"})
    assert response.status_code in (403, 429)
    html = response.content.decode()
    assert "Terlalu banyak percobaan masuk" in html and 'id="site-name"' in html  # the admin's design
    assert not english_findings(html), english_findings(html)


def test_a_refusal_in_the_admin_is_an_indonesian_admin_page(newsroom):
    """A Kontributor opening the accounts list gets the admin's own 403, not a bare "403 Forbidden"."""
    client = Client()
    client.force_login(newsroom["kontributor"])
    response = client.get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 403
    html = response.content.decode()
    assert 'id="site-name"' in html and "Redaksi Pophariini" in html
    assert "Akses ditolak" in html and "<h1>403 Forbidden</h1>" not in html
    assert not english_findings(html), english_findings(html)


def test_an_unknown_admin_address_is_an_indonesian_admin_404(newsroom):
    client = Client()
    client.force_login(newsroom["editor"])
    response = client.get(f"{ADMIN_PREFIX}tidak-ada-halaman-ini/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'id="site-name"' in html and "Halaman tidak ditemukan" in html
    assert not english_findings(html), english_findings(html)


def test_a_reader_404_keeps_the_site_design():
    response = Client().get("/kategori/tidak-ada/")
    assert response.status_code == 404
    assert 'id="site-name"' not in response.content.decode()


def javascript_catalogue(client):
    """The msgstrs of the admin's JavaScript catalogue (the keys are Django's English msgids)."""
    script = client.get(reverse("admin:jsi18n")).content.decode()
    found = re.search(r"const newcatalog = (\{.*?\});\n", script, re.S)
    catalogue = json.loads(found.group(1)) if found else {}  # English: Django's msgids as they are
    return [text for value in catalogue.values() for text in ([value] if isinstance(value, str) else value)]


def test_javascript_catalogue_is_indonesian(admin_client):
    """The strings the admin's widgets render (the genre picker, calendar, clock) come from here."""
    shown = javascript_catalogue(admin_client)
    assert "Pilih semua %s" in shown
    found = [f"{english_in(text)} in {text!r}" for text in shown if english_in(text)]
    found += [text for text in shown if "Pindahkan%s" in text]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "page", ["admin:index", "admin:articles_article_changelist", "admin:articles_article_add"]
)
def test_admin_pages_stay_english_under_language_code_en(settings, admin_client, page):
    settings.LANGUAGE_CODE = "en"
    html = admin_client.get(reverse(page)).content.decode()
    assert "Log out" in html and "Welcome," in html
    if page.endswith("changelist"):
        assert 'alt="Search"' in html and 'value="Search"' in html
    shown = " ".join(shown_pieces(html))
    assert [word for word in INDONESIAN_UI if word in shown] == []


def test_admin_403_404_and_csrf_refusal_are_english_under_language_code_en(settings, newsroom):
    settings.LANGUAGE_CODE = "en"
    client = Client()
    client.force_login(newsroom["kontributor"])
    refused = client.get(reverse("admin:auth_user_changelist")).content.decode()
    missing = client.get(f"{ADMIN_PREFIX}tidak-ada-halaman-ini/").content.decode()
    assert "Permission denied" in refused and "Akses ditolak" not in refused
    assert "Page not found" in missing and "Halaman tidak ditemukan" not in missing
    bad = Client().get("/", HTTP_HOST="bukan-host-kami.example").content.decode()
    assert "The request could not be processed" in bad
    csrf = Client(enforce_csrf_checks=True).post(reverse("admin:login")).content.decode()
    assert "The form could not be sent" in csrf and "Formulir" not in csrf


def test_the_javascript_catalogue_is_english_under_language_code_en(settings, admin_client):
    settings.LANGUAGE_CODE = "en"
    shown = javascript_catalogue(admin_client)
    assert not [text for text in shown if "Pilih" in text or "Pindahkan" in text]


def test_the_walk_reaches_the_pages_others_add(newsroom):
    """The walk covers reversion's pages and the article's compare view, found through get_urls()."""
    names = {what for _url, what in admin_pages(newsroom["admin"])}
    assert {"articles_article_recoverlist", "articles_article_recover", "articles_article_revision"} <= names
    assert {"articles_article_compare", "password_change", "index"} <= names
    assert Article.objects.filter(title="Catatan dari Balik Panggung").exists()
    assert Group.objects.filter(name="Kontributor").exists()


def test_a_form_refused_for_its_csrf_token_is_an_indonesian_admin_page():
    """A login form left open too long: the admin's design and Indonesian, not a bare "403 Forbidden"."""
    response = Client(enforce_csrf_checks=True).post(reverse("admin:login"), {"username": "demo"})
    assert response.status_code == 403
    html = response.content.decode()
    assert 'id="site-name"' in html and "Formulir tidak bisa dikirim" in html
    assert "403 Forbidden" not in html
    assert not english_findings(html), english_findings(html)


def test_a_form_too_large_for_the_server_is_an_indonesian_admin_page(settings, admin_client):
    """Django refuses a form with more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS with a 400."""
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    response = admin_client.post(reverse("admin:music_genre_add"), {f"kolom{n}": "x" for n in range(10)})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="site-name"' in html and "Permintaan tidak bisa diproses" in html
    assert not english_findings(html), english_findings(html)


def test_a_bad_request_outside_the_admin_is_indonesian_without_the_request():
    response = Client().get("/", HTTP_HOST="bukan-host-kami.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Permintaan tidak bisa diproses" in html and "Bad Request" not in html
