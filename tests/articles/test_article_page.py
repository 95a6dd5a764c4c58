"""The article page: header, figures, body, tags, music box, author box, related cards and metadata."""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client, override_settings

from articles.models import Article
from pophariini import popular
from pophariini.models import ReadingCount
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, PhotoFactory
from tests.public_site import add_body_figure
from tests.shared_rows import rows_for_the_module

pytestmark = pytest.mark.django_db

SEED = "/ragam-soundtrack-dari-film-backstage/"


def json_ld(content):
    documents = []
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S):
        parsed = json.loads(block)
        documents.extend(parsed if isinstance(parsed, list) else [parsed])
    return documents


class TestTheSeedArticle:
    """The seed article's page as a reader first gets it."""

    @pytest.fixture(scope="class")
    @classmethod
    def seed(cls, django_db_setup, django_db_blocker, tmp_path_factory):
        """seed_demo's rows and the response, made once for the class's tests (tests/shared_rows.py):
        what a test writes beside them is rolled back after it. A class, not the module: the
        module's other tests make rows seed_demo has too (the Kolom rubric)."""
        with rows_for_the_module(django_db_blocker):
            with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
                call_command("seed_demo", verbosity=0)
                response = Client().get(SEED)
            assert response.status_code == 200
            yield response

    def test_header_shows_category_title_dek_indonesian_date_and_byline(self, seed):
        content = seed.content.decode()
        assert '<a href="/kategori/berita/">Berita</a>' in content
        assert content.count("<h1") == 1
        assert "3 Januari 2022" in content
        assert '<a href="/penulis/raka-dewangkara/" rel="author">Raka Dewangkara</a>' in content
        assert "diperbarui" not in content

    def test_hero_loads_eagerly_and_body_figure_lazily_each_with_caption_and_credit(self, seed, client):
        add_body_figure()
        content = client.get(SEED).content.decode()
        figures = re.findall(r"<figure.*?</figure>", content, re.S)
        assert len(figures) == 2
        hero, body_figure = figures
        assert 'fetchpriority="high"' in hero and 'loading="lazy"' not in hero
        assert 'loading="lazy"' in body_figure
        for figure in figures:
            assert '<span class="credit">Dok: Paragon Pictures</span>' in figure
            assert re.search(r'width="\d+" height="\d+"', figure)
            assert "srcset=" in figure and 'sizes="' in figure

    def test_every_image_has_alt_text(self, seed):
        # The read-count beacon is a hidden 1×1 image, rightly with an empty alt.
        for img in re.findall(r'<img (?!class="beacon")[^>]*>', seed.content.decode()):
            assert re.search(r'alt="[^"]+"', img), img

    def test_tags_link_to_tag_pages(self, seed):
        assert '<a href="/tag/soundtrack/" rel="tag">' in seed.content.decode()

    def test_music_box_lists_the_soundtrack_with_covers_and_writers(self, seed):
        content = seed.content.decode()
        box = content.split('id="musik"', 1)[1].split("</section>", 1)[0]
        assert "Musik dalam artikel ini" in content
        for title in ["Melangkah", "Seberapa Pantas", "Terbaik Untukmu", "I Remember", "Bagaikan Langit"]:
            assert title in box
        assert re.search(r"cover dari\s+<a [^>]*>Sheila On 7</a>", box)
        assert re.search(r"cover dari\s+<a [^>]*>Mocca</a>", box)
        melangkah = box.split("Melangkah", 1)[1].split("</li>", 1)[0]
        assert "Musik: Andi Rianto" in melangkah and "Monty Tiwa" in melangkah
        assert "cover dari" not in melangkah
        assert box.count('<li value="') == 7

    def test_author_box_shows_tagline_as_a_quote_and_links_to_all_articles(self, seed):
        box = seed.content.decode().split('class="author-box"', 1)[1].split("</aside>", 1)[0]
        assert '<blockquote class="tagline">' in box
        assert "Semua artikel Raka Dewangkara" in box

    def test_related_content_shows_hand_picked_articles_first(self, seed):
        section = seed.content.decode().partition('class="related"')[2]
        titles = re.findall(r'class="card-title"><a href="[^"]+">([^<]+)</a>', section)
        assert titles[:2] == [
            "6 Kuliner Berbagai Kota Pilihan Perunggu",
            "Inheritors Kolaborasi bersama Agan Dazzle di Single Pestilence",
        ]
        assert "Eksplor konten lain" in seed.content.decode()

    def test_json_ld_is_a_news_article_with_breadcrumbs(self, seed):
        article, breadcrumbs = json_ld(seed.content.decode())
        assert article["@type"] == "NewsArticle"
        assert article["headline"] == "Ragam Soundtrack dari Film Backstage"
        assert article["datePublished"].startswith("2022-01-03")
        assert article["author"][0] == {
            "@type": "Person",
            "name": "Raka Dewangkara",
            "url": "https://pophariini.example/penulis/raka-dewangkara/",
        }
        assert article["publisher"]["logo"]["url"].startswith("https://pophariini.example/")
        assert article["image"][0].startswith("https://pophariini.example/media/")
        assert breadcrumbs["@type"] == "BreadcrumbList"
        assert [item["name"] for item in breadcrumbs["itemListElement"]][1] == "Berita"

    def test_head_has_canonical_open_graph_and_twitter_card_on_site_url(self, seed):
        content = seed.content.decode()
        assert f'<link rel="canonical" href="https://pophariini.example{SEED}">' in content
        assert 'property="og:image" content="https://pophariini.example/media/' in content
        assert '<meta property="og:image:width" content="1200">' in content
        assert '<meta name="twitter:card" content="summary_large_image">' in content
        assert "example.com" not in content

    def test_reader_page_is_accessible_without_javascript(self, seed):
        content = seed.content.decode()
        # The one script allowed is the share bar's copy-link helper (under 2 kB); its button
        # stays hidden without it, and the share links are plain links.
        scripts = re.findall(r"<script(?! type=\"application/ld\+json\")[^>]*>", content)
        assert scripts == ['<script src="/static/js/copy-link.js" defer>']
        assert re.search(r'<button class="copy-link"[^>]*hidden>', content, re.S)
        assert '<a class="skip-link" href="#konten">' in content
        assert '<main id="konten"' in content and "<header" in content and "<footer" in content
        assert '<label for="cari-situs">' in content and 'id="cari-situs"' in content


def test_updated_date_shows_when_edited_after_publishing(client):
    article = ArticleFactory(publish_at=datetime.datetime(2022, 1, 3, 3, tzinfo=datetime.UTC))
    article = Article.objects.get(pk=article.pk)
    article.body = "<p>Ralat kecil.</p>"
    article.save()
    content = client.get(article.get_absolute_url()).content.decode()
    assert "diperbarui" in content


def test_authors_appear_in_their_order(client):
    first, second = AuthorFactory(name="Zaki"), AuthorFactory(name="Ayu")
    article = ArticleFactory(authors=[first, second])
    content = client.get(article.get_absolute_url()).content.decode()
    byline = content.split('class="authors"', 1)[1].split("</span>", 1)[0]
    assert byline.index("Zaki") < byline.index("Ayu")


@override_settings(SITE_URL="https://pophariini.com")
def test_absolute_urls_follow_site_url_not_the_request_host(client):
    call_command("seed_demo", verbosity=0)
    content = client.get(SEED, HTTP_HOST="localhost").content.decode()
    assert f'<link rel="canonical" href="https://pophariini.com{SEED}">' in content
    assert "http://localhost" not in content


def test_json_ld_cannot_be_broken_out_of(client):
    article = ArticleFactory()
    # Bypass save()'s text cleaning: the escaping must hold even for raw stored text.
    Article.objects.filter(pk=article.pk).update(title="Judul </script><script>alert(1)</script>")
    content = client.get(article.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in content
    assert json_ld(content)[0]["headline"].startswith("Judul </script>")


def test_seed_article_page_and_stylesheet_are_small(client):
    """The seed article with every part shown (its Terpopuler rail too): HTML ≤ 60 kB, CSS
    ≤ 20 kB (the issue allows 25), reader JavaScript ≤ 2 kB in all."""
    call_command("seed_demo", verbosity=0)
    for count, article in enumerate(Article.objects.published(), 1):
        ReadingCount.objects.create(article=article, hour=popular.current_hour(), count=count)
    content = client.get(SEED).content
    assert b'id="terpopuler"' in content and b'class="music-box"' in content
    assert len(content) <= 60 * 1024
    with open(finders.find("css/site.css"), "rb") as handle:
        assert len(handle.read()) <= 20 * 1024
    scripts = re.findall(r'<script src="/static/([^"]+)"', content.decode())
    assert sum(Path(finders.find(name)).stat().st_size for name in scripts) <= 2048


def test_article_in_another_category_links_previous_and_next(client):
    category = CategoryFactory(name="Kolom", slug="kolom")
    first = ArticleFactory(category=category, publish_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    middle = ArticleFactory(category=category, publish_at=datetime.datetime(2024, 2, 1, tzinfo=datetime.UTC))
    last = ArticleFactory(category=category, publish_at=datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC))
    ArticleFactory(publish_at=datetime.datetime(2024, 2, 15, tzinfo=datetime.UTC))
    content = client.get(middle.get_absolute_url()).content.decode()
    assert f'rel="prev" href="{first.get_absolute_url()}"' in content
    assert f'rel="next" href="{last.get_absolute_url()}"' in content


def test_english_is_available_by_setting(client, settings):
    settings.LANGUAGE_CODE = "en"
    article = ArticleFactory(hero=PhotoFactory())
    content = client.get(article.get_absolute_url()).content.decode()
    assert '<html lang="en">' in content
    assert "Skip to content" in content


def test_browser_language_does_not_switch_the_site_language(client):
    article = ArticleFactory(hero=PhotoFactory())
    content = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in content
    assert "Langsung ke konten" in content


def test_music_box_shows_linked_release_with_cover_type_date_and_links(client):
    from tests.public_site import soundtrack_with_tracks

    release = soundtrack_with_tracks(2, title="Album Kedua")
    article = ArticleFactory()
    article.releases.add(release)
    content = client.get(article.get_absolute_url()).content.decode()
    box = content.split('id="musik"', 1)[1].split("</section>", 1)[0]
    assert "Album Kedua" in box and "Soundtrack" in box
    assert "<img" in box and 'class="streaming"' in box
    assert box.count('<li value="') == 2


def test_film_without_soundtrack_is_a_line_in_the_music_box(client):
    from tests.factories import FilmFactory

    article = ArticleFactory()
    article.films.add(FilmFactory(title="Film Sunyi", slug="film-sunyi"))
    content = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="/film/film-sunyi/">Film Sunyi</a>' in content
