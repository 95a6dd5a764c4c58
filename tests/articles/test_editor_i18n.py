"""The body editor's toolbar, dialogs and photo chooser speak the admin's language; its scripts are the project's own."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests import factories
from tests.pophariini.test_translations import msgids

pytestmark = pytest.mark.django_db

SCRIPTS = [
    Path(settings.BASE_DIR, "articles/static/articles/editor/photo-figure.js"),
    Path(settings.BASE_DIR, "articles/static/articles/editor/menu.js"),
    Path(settings.BASE_DIR, "pophariini/static/pophariini/photo-chooser.js"),
    Path(settings.BASE_DIR, "pophariini/static/pophariini/photo-widget.js"),
]


def catalogue(client, language):
    with translation.override(language):
        text = client.get(reverse("admin:jsi18n")).content.decode()
    return text


@pytest.mark.parametrize(
    ("english", "indonesian"),
    [
        ("paragraph", "paragraf"),
        ("insert link", "sisipkan tautan"),
        ("heading %s", "subjudul %s"),
        ("Edit Link", "Ubah tautan"),
        ("Title", "Judul"),
        ("Open in new window", "Buka di jendela baru"),
        ("Update", "Terapkan"),
        ("Cancel", "Batal"),
    ],
)
def test_prose_editor_strings_are_indonesian_in_the_admin_catalogue(admin_client, english, indonesian):
    assert f'"{english}": "{indonesian}"' in catalogue(admin_client, "id")


def test_photo_chooser_strings_are_english_under_en(admin_client):
    english = catalogue(admin_client, "en")
    assert '"Sisipkan foto": "Insert photo"' in english
    assert '"Pilih dari pustaka": "Choose from the library"' in english
    assert '"paragraph": "paragraf"' not in english


def test_every_string_of_the_scripts_is_in_both_catalogues():
    found = set()
    for script in SCRIPTS:
        found |= set(re.findall(r'gettext\(\s*"((?:[^"\\]|\\.)*)"', script.read_text()))
    assert len(found) > 40
    for language in ("id", "en"):
        catalogue = msgids(Path(settings.BASE_DIR, "locale", language, "LC_MESSAGES", "djangojs.po"))
        missing = {text.replace('\\"', '"') for text in found} - catalogue
        assert not missing, (
            f"run makemessages -d djangojs (docs/public-site.md); not in locale/{language}: {missing}"
        )


def test_scripts_load_nothing_from_other_sites():
    for script in SCRIPTS:
        imports = re.findall(r'^import .* from "([^"]+)"', script.read_text(), re.M)
        assert all(not re.match(r"^(https?:)?//", name) for name in imports), imports


def test_article_form_loads_the_editor_modules_without_unsafe_eval(admin_client):
    article = factories.ArticleFactory()
    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    page = response.content.decode()
    assert "articles/editor/photo-figure.js" in page and "articles/editor/menu.js" in page
    assert '"pophariini/photo-chooser": "/static/pophariini/photo-chooser.js"' in page
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in policy
    # The directives come in no fixed order.
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"].split()[0] == "'self'"
