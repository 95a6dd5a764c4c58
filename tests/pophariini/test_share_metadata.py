"""Every indexable page has a share image and a meta description; NewsArticle always has an image."""

import json
import re

import pytest

from pophariini.models import SiteSettings
from tests.factories import (
    ArticleFactory,
    ArtistFactory,
    CategoryFactory,
    PhotoFactory,
    SongFactory,
    image_upload,
)

pytestmark = pytest.mark.django_db

DEFAULT_IMAGE = "https://pophariini.example/static/img/share.png"


def meta(html, attribute, name):
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return found and found.group(1)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def news_article(html):
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        for document in data if isinstance(data, list) else [data]:
            if document["@type"] in ("NewsArticle", "AdvertiserContentArticle"):
                return document
    raise AssertionError("no NewsArticle")


def test_an_article_without_a_lead_photo_shares_the_site_image(client):
    article = ArticleFactory(hero=None)
    html = page(client, article.get_absolute_url())
    assert meta(html, "property", "og:image") == DEFAULT_IMAGE
    assert meta(html, "name", "twitter:image") == DEFAULT_IMAGE
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert news_article(html)["image"] == [DEFAULT_IMAGE]


def test_the_editors_share_image_replaces_the_built_in_one(client):
    SiteSettings.objects.create(share_image=PhotoFactory(image=image_upload(width=1400, height=735)))
    article = ArticleFactory(hero=None)
    html = page(client, article.get_absolute_url())
    image = meta(html, "property", "og:image")
    assert image.startswith("https://pophariini.example/media/renditions/") and image.endswith("-1200w.webp")
    assert news_article(html)["image"] == [image]


def test_an_article_with_a_lead_photo_shares_it(client):
    article = ArticleFactory(hero=PhotoFactory())
    html = page(client, article.get_absolute_url())
    assert "/media/renditions/" in meta(html, "property", "og:image")


@pytest.mark.parametrize(
    "path", ["/", "/kategori/berita/", "/tag/indie/", "/artikel/?page=1", "/arsip/{year}/"]
)
def test_list_pages_have_an_image_and_a_description(client, path):
    category = CategoryFactory(name="Berita", slug="berita", description="")
    article = ArticleFactory(category=category, hero=None)
    article.tags.add("indie")
    html = page(client, path.format(year=article.publish_at.year))
    assert meta(html, "property", "og:image") == DEFAULT_IMAGE
    assert meta(html, "name", "description")


def test_a_list_shares_its_first_lead_photo(client):
    category = CategoryFactory(name="Berita", slug="berita")
    ArticleFactory(category=category, hero=PhotoFactory())
    html = page(client, "/kategori/berita/")
    assert "/media/renditions/" in meta(html, "property", "og:image")


def test_rubric_tag_and_archive_descriptions_name_the_section(client, frozen_now):
    category = CategoryFactory(name="Wawancara", slug="wawancara", description="")
    article = ArticleFactory(category=category)
    article.tags.add("Shoegaze")
    assert "Wawancara" in meta(page(client, "/kategori/wawancara/"), "name", "description")
    assert "Shoegaze" in meta(page(client, "/tag/shoegaze/"), "name", "description")
    assert "Juni 2025" in meta(page(client, "/arsip/2025/6/"), "name", "description")


def test_artist_and_song_pages_have_an_image_and_a_description(client):
    artist = ArtistFactory(name="Sheila On 7", bio="", photo=None)
    song = SongFactory(title="Seberapa Pantas", notes="")
    # Music pages are public once a published article links them.
    article = ArticleFactory()
    article.artists.add(artist)
    article.songs.add(song)
    for url, name in (
        (artist.get_absolute_url(), "Sheila On 7"),
        (song.get_absolute_url(), "Seberapa Pantas"),
    ):
        html = page(client, url)
        assert meta(html, "property", "og:image") == DEFAULT_IMAGE
        assert name in meta(html, "name", "description")
    artist.photo = PhotoFactory()
    artist.save()
    assert "/media/renditions/" in meta(page(client, artist.get_absolute_url()), "property", "og:image")
