"""RSS feeds and sitemaps: full content with figures, absolute URLs on SITE_URL, published only."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import ArticleFactory, ArtistFactory, AuthorFactory, CategoryFactory, PhotoFactory
from tests.public_site import add_body_figure

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def test_site_feed_carries_full_content_with_figures_and_a_hero_enclosure(client):
    call_command("seed_demo", verbosity=0)
    add_body_figure()
    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    item = next(i for i in root.iter("item") if i.findtext("title") == "Ragam Soundtrack dari Film Backstage")
    assert item.findtext("link") == "https://pophariini.example/ragam-soundtrack-dari-film-backstage/"
    description = item.findtext("description")
    assert "<figure" in description and "Dok: Paragon Pictures" in description
    enclosure = item.find("enclosure")
    assert enclosure.get("url").startswith("https://pophariini.example/media/")
    assert enclosure.get("type") == "image/webp"
    assert item.find("{http://search.yahoo.com/mrss/}thumbnail") is not None


@pytest.mark.parametrize("kind", ["category", "tag", "author", "artist"])
def test_section_feeds_list_only_that_sections_articles(client, kind):
    category = CategoryFactory(name="Wawancara", slug="wawancara")
    author = AuthorFactory(slug="ayu")
    artist = ArtistFactory(slug="mocca")
    inside = ArticleFactory(title="Di dalam", category=category, authors=[author])
    inside.tags.add("indie")
    inside.artists.add(artist)
    ArticleFactory(title="Di luar")
    path = {
        "category": "/kategori/wawancara/feed/",
        "tag": "/tag/indie/feed/",
        "author": "/penulis/ayu/feed/",
        "artist": "/artis/mocca/feed/",
    }[kind]
    root = ET.fromstring(client.get(path).content)
    assert [i.findtext("title") for i in root.iter("item")] == ["Di dalam"]
    atom_link = root.find("channel/{http://www.w3.org/2005/Atom}link")
    assert atom_link.get("href") == f"https://pophariini.example{path}"


def test_sitemap_index_and_sections_use_site_url(client):
    call_command("seed_demo", verbosity=0)
    index = ET.fromstring(client.get("/sitemap.xml", HTTP_HOST="localhost").content)
    locations = [loc.text for loc in index.iterfind("sm:sitemap/sm:loc", NS)]
    assert "https://pophariini.example/sitemap-artikel.xml" in locations
    assert "https://pophariini.example/sitemap-artis.xml" in locations
    articles = ET.fromstring(client.get("/sitemap-artikel.xml", HTTP_HOST="localhost").content)
    urls = {
        u.findtext("sm:loc", namespaces=NS): u.findtext("sm:lastmod", namespaces=NS)
        for u in articles.iterfind("sm:url", NS)
    }
    assert urls["https://pophariini.example/ragam-soundtrack-dari-film-backstage/"].startswith("2022-01-03")
    films = client.get("/sitemap-film.xml").content.decode()
    assert "https://pophariini.example/film/backstage/" in films


def test_the_pages_sitemap_lists_home_the_archive_and_corrections(client):
    pages = client.get("/sitemap-halaman.xml", HTTP_HOST="localhost").content.decode()
    for path in ("/", "/artikel/", "/ralat/"):
        assert f"<loc>https://pophariini.example{path}</loc>" in pages


def test_news_sitemap_holds_only_the_last_48_hours(client):
    fresh = ArticleFactory(title="Baru terbit", hero=PhotoFactory())
    ArticleFactory(title="Sudah lama", publish_at=timezone.now() - datetime.timedelta(hours=49))
    root = ET.fromstring(client.get("/news-sitemap.xml").content)
    titles = [t.text for t in root.iterfind("sm:url/news:news/news:title", NS)]
    assert titles == ["Baru terbit"]
    assert (
        root.findtext("sm:url/sm:loc", namespaces=NS)
        == f"https://pophariini.example{fresh.get_absolute_url()}"
    )
    assert root.findtext("sm:url/news:news/news:publication/news:language", namespaces=NS) == "id"


def test_robots_txt_points_at_the_sitemaps(client):
    content = client.get("/robots.txt").content.decode()
    assert "Sitemap: https://pophariini.example/sitemap.xml" in content
    assert "Sitemap: https://pophariini.example/news-sitemap.xml" in content
    assert "admin" not in content  # robots.txt does not name the admin's address
