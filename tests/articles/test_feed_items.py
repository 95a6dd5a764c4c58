"""Feed items as feed readers need them: absolute URLs, the lead photo first, ranked lists whole, real enclosures."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.feeds import absolutize
from pophariini import navigation
from pophariini.renditions import pick, rendition_name
from tests.articles.test_ranked_lists import album_list
from tests.factories import ArticleFactory, ArtistFactory, FigureFactory, PhotoFactory

pytestmark = pytest.mark.django_db

MEDIA = "{http://search.yahoo.com/mrss/}"


def feed_item(client, title, url="/feed/"):
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # well-formed, or this raises
    return next(item for item in root.iter("item") if item.findtext("title") == title)


def relative_addresses(html):
    """Every href/src/srcset address in ``html`` that a feed reader could not resolve."""
    found = re.findall(r'\s(?:href|src)="([^"]*)"', html)
    for srcset in re.findall(r'\ssrcset="([^"]*)"', html):
        found += [candidate.strip().split(" ")[0] for candidate in srcset.split(",")]
    return [url for url in found if not url.startswith(("https://", "http://", "mailto:"))]


def test_item_html_has_only_absolute_addresses(client):
    artist = ArtistFactory(name="Sheila On 7", slug="sheila-on-7")
    figure_photo = PhotoFactory(credit="Dok: Paragon Pictures")
    article = ArticleFactory(
        title="Kabar",
        hero=PhotoFactory(caption="Vanesha dan Sissy", credit="Foto: Raka"),
        body=f'<p>Lihat <a href="{artist.get_absolute_url()}">Sheila On 7</a>.</p><p>[foto 1]</p>',
    )
    FigureFactory(article=article, photo=figure_photo, key=1)
    description = feed_item(client, "Kabar").findtext("description")
    assert 'href="https://pophariini.example/artis/sheila-on-7/"' in description
    assert 'src="https://pophariini.example/media/' in description
    assert "srcset=" in description
    assert relative_addresses(description) == []


def test_the_lead_photo_with_caption_and_credit_heads_the_body(client):
    article = ArticleFactory(
        title="Kabar", hero=PhotoFactory(caption="Vanesha dan Sissy", credit="Foto: Raka"), body="<p>Isi.</p>"
    )
    description = feed_item(client, "Kabar").findtext("description")
    lead = re.search(r"<figure.*?</figure>", description, re.S).group()
    assert article.hero.image.name.rsplit(".", 1)[0].split("/")[-1] in lead
    assert "Vanesha dan Sissy" in lead and '<span class="credit">Foto: Raka</span>' in lead
    assert description.index("<figure") < description.index("Isi.")


def test_a_ranked_list_travels_whole_with_absolute_anchors(client):
    section = album_list(3)
    description = feed_item(client, "Album Terbaik 2025").findtext("description")
    for position in (1, 2, 3):
        assert f"Album {position}" in description
        assert f"Band {position}" in description
    assert f'href="https://pophariini.example{section.article.get_absolute_url()}#1"' in description
    assert relative_addresses(description) == []


def test_the_enclosure_has_the_renditions_real_length_and_type(client):
    hero = PhotoFactory(caption="Panggung", credit="Dok: Paragon Pictures")
    ArticleFactory(title="Kabar", hero=hero)
    item = feed_item(client, "Kabar")
    rendition = pick(hero, 960)
    size = default_storage.size(rendition_name(hero.image.name, rendition.width))
    enclosure = item.find("enclosure")
    assert enclosure.get("url") == f"https://pophariini.example{rendition.url}"
    assert (enclosure.get("length"), enclosure.get("type")) == (str(size), "image/webp")
    content = item.find(f"{MEDIA}content")
    assert content.get("url") == enclosure.get("url")
    assert content.get("fileSize") == str(size)
    assert content.findtext(f"{MEDIA}credit") == "Dok: Paragon Pictures"


def test_a_missing_rendition_drops_the_enclosure_but_not_the_item(client):
    hero = PhotoFactory()
    ArticleFactory(title="Kabar", hero=hero)
    for rendition_width in (64,):
        default_storage.delete(rendition_name(hero.image.name, rendition_width))
    item = feed_item(client, "Kabar")
    assert item.find("enclosure") is None
    assert item.find(f"{MEDIA}content") is not None


def test_feed_queries_do_not_grow_with_items_and_lists(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    album_list(2)

    def count():
        # The feed's title reads the site's name from the cached navigation, which a photo
        # written since reloads (pophariini.navigation): load it first, so each count is the feed's own.
        navigation.cached()
        with CaptureQueriesContext(connection) as context:
            client.get("/feed/")
        return len(context.captured_queries)

    client.get("/feed/")  # the enclosure sizes are read once and kept
    few = count()
    for _ in range(4):
        album_list(3, hero=PhotoFactory())
    assert count() == few


def test_absolutize_leaves_absolute_and_protocol_relative_addresses_alone():
    html = '<a href="https://x.example/a">x</a><img src="//cdn.example/b.webp" srcset="/m/a.webp 320w, /m/b.webp 640w">'
    assert absolutize(html, "https://pophariini.example/a/") == (
        '<a href="https://x.example/a">x</a><img src="//cdn.example/b.webp" '
        'srcset="https://pophariini.example/m/a.webp 320w, https://pophariini.example/m/b.webp 640w">'
    )
