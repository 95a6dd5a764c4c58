"""Reader pages are structurally accessible: one h1, landmarks, skip link, labelled fields, alt text, unique ids."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.shared_rows import rows_for_the_module

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Structure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.ids, self.tags = [], [], Counter(), Counter()
        self.labels, self.fields, self.images_without_alt = set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags[tag] += 1
        if "id" in attrs:
            self.ids[attrs["id"]] += 1
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.fields.append(attrs.get("id"))
        # The read-count beacon (pophariini.popular) is a hidden 1×1 image: empty alt is right for it.
        if tag == "img" and not attrs.get("alt") and attrs.get("class") != "beacon":
            self.images_without_alt.append(attrs.get("src"))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
            return
        self.stack.pop()


PAGES = [
    "/",
    "/ragam-soundtrack-dari-film-backstage/",
    "/kategori/berita/",
    "/artikel/",
    "/artis/vanesha-prescillia/",
    "/film/backstage/",
    "/lagu/seberapa-pantas/",
    "/penulis/raka-dewangkara/",
    "/cari/?q=soundtrack",
    "/halaman-yang-tidak-ada/",
]


@pytest.fixture(scope="module")
def seeded_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content (seed_demo), made once for the pages this module reads; its media folder."""
    media = tmp_path_factory.mktemp("seed-media")
    with rows_for_the_module(django_db_blocker):
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
            call_command("seed_demo", verbosity=0)
        yield media


@pytest.fixture
def seeded(seeded_rows, settings):
    settings.MEDIA_ROOT = seeded_rows  # where the seed put its photos


@pytest.mark.parametrize("path", PAGES)
def test_reader_page_structure(client, seeded, path):
    response = client.get(path)
    parser = Structure()
    parser.feed(response.content.decode())
    assert parser.errors == []
    assert parser.stack == []
    assert parser.tags["h1"] == 1
    assert parser.tags["main"] == 1 and parser.tags["header"] >= 1 and parser.tags["footer"] == 1
    assert [name for name, count in parser.ids.items() if count > 1] == []
    assert all(field in parser.labels for field in parser.fields), parser.fields
    assert parser.images_without_alt == []
    assert 'class="skip-link" href="#konten"' in response.content.decode()
    assert not response.cookies, "anonymous reader pages set no cookie"
