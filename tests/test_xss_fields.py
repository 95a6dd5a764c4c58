"""Issue 15: a list of well-known XSS payloads, put in every plain-text field, reaches no page,
JSON-LD document or feed as live markup.

Each payload goes into a whole little world (an article with its photo, figure, author, rubric,
tag, correction, and the artist, song, release and film it covers) saved through the models;
a few go through the admin's forms too. Two worlds of harmless text, built once for the
module, are its neighbours on the pages. A payload must not add an element or an attribute
that the same pages do not have with harmless text (``tests.test_security.MarkupAudit`` also
looks for handlers, script URLs and inline scripts), JSON-LD must parse and hold no ``<``,
and every feed must parse, with no ``<`` in its text elements.
"""

import itertools
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse

from music.models import Artist
from pophariini.content import bulk_write
from tests import factories
from tests.admin_forms import form_values
from tests.shared_rows import rows_for_the_module
from tests.test_security import XSS_CORPUS, MarkupAudit

pytestmark = pytest.mark.django_db

# The corpus test_security.py sends through articles, widened to the usual lists' families.
PAYLOADS = [
    *XSS_CORPUS,
    "<script>alert(1)</script>",
    "<ScRiPt src=//evil.example/x.js></ScRiPt>",
    "<img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<style>@import'//evil.example/x.css'</style>",
    # Entity-encoded, once and twice, decimal and hex.
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&amp;lt;img src=x onerror=alert(1)&amp;gt;",
    "&#60;svg onload=alert(1)&#62;",
    "&#x3C;iframe src=javascript:alert(1)&#x3E;",
    "&amp;#60;script&amp;#62;alert(1)&amp;#60;/script&amp;#62;",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    # SVG and MathML.
    '"><svg/onload=alert(1)>',
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    # Broken and nested tags.
    "<img src=x onerror=alert(1)//",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "<!--><script>alert(1)</script>-->",
    # Breaking out of the places the text lands: title, JSON-LD, XML, attributes.
    "</title><script>alert(1)</script>",
    '</script><script type="text/javascript">alert(1)</script>',
    "<!--<script></script>",
    "]]><script>alert(1)</script><![CDATA[",
    "' onfocus='alert(1)' autofocus='",
    '" onmouseover="alert(1)',
]
SAFE_TEXT = "teks biasa"
LIVE_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?]")
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"

serial = itertools.count()


@bulk_write()
def build(text):
    """Every plain-text field holding ``text``; returns the pages and feeds that show them.

    In one bulk write: the stored state the pages read (cached pages, related cards, search
    text) is renewed once at its end, as after the rows one by one.
    """
    n = next(serial)
    photo = factories.PhotoFactory(
        alt_text=f"Alt {text}", caption=f"Keterangan {text}", credit=f"Foto: {text}"
    )
    author = factories.AuthorFactory(name=f"Penulis {text}", tagline=f"Moto {text}", slug=f"penulis-{n}")
    category = factories.CategoryFactory(name=f"Rubrik {text}", slug=f"rubrik-{n}")
    artist = factories.ArtistFactory(name=f"Artis {text}")
    song = factories.SongFactory(title=f"Lagu {text}")
    release = factories.ReleaseFactory(title=f"Rilisan {text}")
    film = factories.FilmFactory(title=f"Film {text}")
    factories.SongCreditFactory(song=song, artist=artist)
    factories.ReleaseCreditFactory(release=release, artist=artist)
    factories.TrackFactory(release=release, song=song)
    factories.FilmCreditFactory(film=film, artist=artist)
    article = factories.ArticleFactory(
        title=f"Judul {text}",
        dek=f"Dek {text}",
        hero=photo,
        category=category,
        authors=[author],
        body="<p>Pembuka.</p><p>[foto 1]</p>",
    )
    factories.FigureFactory(article=article, photo=photo, caption=f"Figur {text}", credit=f"Dok: {text}")
    factories.CorrectionFactory(article=article, text=f"Ralat {text}")
    article.tags.add(f"Tag {text} {n}")
    article.artists.add(artist)
    article.songs.add(song)
    article.releases.add(release)
    article.films.add(film)
    tag = article.tags.get()
    pages = {
        "article": article.get_absolute_url(),
        "home": "/",
        "list": "/artikel/",
        "category": category.get_absolute_url(),
        "tag": reverse("articles:tag_detail", kwargs={"slug": tag.slug}),
        "author": author.get_absolute_url(),
        "corrections": reverse("articles:correction_list"),
        "artist": artist.get_absolute_url(),
        "song": song.get_absolute_url(),
        "release": release.get_absolute_url(),
        "film": film.get_absolute_url(),
    }
    feeds = {
        "feed": "/feed/",
        "category_feed": f"{pages['category']}feed/",
        "tag_feed": f"{pages['tag']}feed/",
        "author_feed": f"{pages['author']}feed/",
        "artist_feed": f"{pages['artist']}feed/",
    }
    return article, pages, feeds


class Shape(MarkupAudit):
    """Every (element, attribute) pair of a document, the audit's findings, and its JSON-LD."""

    def __init__(self):
        super().__init__()
        self.pairs = set()
        self.jsonld = []
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        self.pairs.add((tag, None))
        self.pairs.update((tag, name) for name, _value in attrs)
        for name, value in attrs:
            if name in ("formaction", "data", "xlink:href", "srcdoc") and "javascript:" in (
                value or ""
            ).lower().replace(" ", ""):
                self.problems.append(f"<{tag} {name}={value}>")
        if tag == "script" and dict(attrs).get("type") == "application/ld+json":
            self._in_jsonld = True
            self.jsonld.append("")

    def handle_endtag(self, tag):
        self._in_jsonld = False

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld[-1] += data


def shape(html):
    found = Shape()
    found.feed(html)
    found.close()
    return found


def fetch(client, path, *, status=200):
    response = client.get(path)
    assert response.status_code == status, path
    return response.content.decode()


def feed_texts(content):
    """The feed parsed as XML: its text elements, and the HTML its descriptions carry."""
    root = ET.fromstring(content)
    texts, html = [], []
    for element in root.iter():
        if element.tag == CONTENT_ENCODED or (
            element.tag == "description" and element.text and "<" in element.text
        ):
            html.append(element.text or "")
        else:
            texts.append(element.text or "")
            texts.extend(element.attrib.values())
    return texts, html


def assert_no_live_markup(client, pages, feeds, allowed):
    for kind, path in pages.items():
        found = shape(fetch(client, path))
        assert found.problems == [], (kind, found.problems)
        assert found.pairs - allowed == set(), kind
        assert found.jsonld or kind not in ("article", "artist", "song", "release", "film"), kind
        for document in found.jsonld:
            assert "<" not in document, (kind, document)
            json.loads(document)
    for kind, path in feeds.items():
        texts, html = feed_texts(fetch(client, path).encode())
        for text in texts:
            assert "<" not in text, (kind, text)
        for fragment in html:
            found = shape(fragment)
            assert found.problems == [], (kind, found.problems)
            assert found.pairs - allowed == set(), kind


@pytest.fixture(scope="module")
def allowed(django_db_setup, django_db_blocker):
    """Two worlds of harmless text, so that the pages have the neighbours (previous and next
    article, related cards) the payload's world will have; and the (element, attribute) pairs
    the site's own markup uses, seen on their pages and feeds.

    The same for every test: built and seen once per module (more than thirty pages), in the
    module's transaction (``tests.shared_rows``); each test builds its payload's world beside
    them, in a savepoint rolled back after it.
    """
    pairs = set()
    with rows_for_the_module(django_db_blocker):
        with django_db_blocker.unblock():
            client = Client()
            for _article, pages, feeds in [build(SAFE_TEXT) for _world in range(2)]:
                for path in pages.values():
                    pairs |= shape(fetch(client, path)).pairs
                for path in feeds.values():
                    for fragment in feed_texts(fetch(client, path).encode())[1]:
                        pairs |= shape(fragment).pairs
        yield frozenset(pairs)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_payload_in_every_plain_text_field_reaches_no_page_json_ld_or_feed_as_markup(
    client, allowed, payload
):
    article, pages, feeds = build(payload)
    article.refresh_from_db()
    assert not LIVE_TAG.search(article.title), article.title
    assert_no_live_markup(client, pages, feeds, allowed)


@pytest.mark.parametrize(
    "payload",
    [
        "<img src=x onerror=alert(1)>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "</script><script>alert(1)</script>",
        '"><svg/onload=alert(1)>',
    ],
)
def test_a_payload_typed_in_the_admin_forms_reaches_no_page_as_markup(admin_client, allowed, payload):
    reader = Client()
    article, pages, feeds = build(SAFE_TEXT)
    artist = Artist.objects.get(articles=article)
    for url, field in (
        (reverse("admin:articles_article_change", args=[article.pk]), "title"),
        (reverse("admin:music_artist_change", args=[artist.pk]), "name"),
    ):
        data = form_values(admin_client.get(url))
        data[field] = f"Nama {payload}"
        response = admin_client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    artist.refresh_from_db()
    for value in (article.title, artist.name):
        assert value.startswith("Nama") and not LIVE_TAG.search(value), value
    # Renamed: the article and the artist keep their addresses.
    assert_no_live_markup(reader, pages, feeds, allowed)
