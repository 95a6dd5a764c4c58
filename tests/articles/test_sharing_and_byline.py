"""The article's byline (time of publication, reading time, the author's photo) and its share links."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory

pytestmark = pytest.mark.django_db


def article_html(client, **kwargs):
    article = ArticleFactory(slug="ragam-soundtrack", title="Ragam Soundtrack & Lagu", **kwargs)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_byline_gives_date_time_and_zone_as_indonesian_media_write_them(client):
    html = article_html(client, publish_at=datetime.datetime(2022, 1, 3, 2, 0, tzinfo=datetime.UTC))
    assert '<time datetime="2022-01-03T09:00:00+07:00">3 Januari 2022, 09.00 WIB</time>' in html


def test_the_byline_gives_the_reading_time(client):
    html = article_html(client, body="<p>" + "kata " * 1000 + "</p>")
    assert "5 menit baca" in html


def test_short_articles_take_a_minute(client):
    article = ArticleFactory(body="<p>Singkat.</p>")
    assert "1 menit baca" in client.get(article.get_absolute_url()).content.decode()


def test_the_byline_shows_the_first_authors_photo(client):
    author = AuthorFactory(name="Raka Dewangkara", photo=PhotoFactory(alt_text="Raka"))
    html = article_html(client, authors=[author])
    byline = re.search(r'<div class="byline">.*?</div>', html, re.S).group()
    assert '<span class="byline-photo" aria-hidden="true"><img' in byline


def share_links(html):
    block = re.search(r'<div class="share">.*?</div>', html, re.S).group()
    return dict(re.findall(r'<a class="share-(\w+)" href="([^"]+)"', block)), block


def test_share_links_are_plain_links_for_whatsapp_x_facebook_and_telegram(client):
    links, block = share_links(article_html(client))
    url = "https://pophariini.example/ragam-soundtrack/"
    assert set(links) == {"whatsapp", "x", "facebook", "telegram"}
    whatsapp = parse_qs(urlsplit(links["whatsapp"].replace("&amp;", "&")).query)
    assert whatsapp["text"] == [f"Ragam Soundtrack & Lagu {url}"]
    assert parse_qs(urlsplit(links["x"].replace("&amp;", "&")).query)["url"] == [url]
    assert parse_qs(urlsplit(links["facebook"].replace("&amp;", "&")).query)["u"] == [url]
    assert parse_qs(urlsplit(links["telegram"].replace("&amp;", "&")).query)["url"] == [url]
    assert urlsplit(links["whatsapp"]).netloc == "wa.me"
    # No third-party script: the only script is the site's own copy-link helper.
    assert re.findall(r'<script src="([^"]+)"', block) == ["/static/js/copy-link.js"]
    assert 'data-url="https://pophariini.example/ragam-soundtrack/"' in block


def test_the_copy_link_script_stays_tiny(settings):
    from pathlib import Path

    assert (Path(settings.BASE_DIR) / "static/js/copy-link.js").stat().st_size <= 2048
