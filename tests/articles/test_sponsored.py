"""Sponsored content (advertorial): labelled everywhere, rel="sponsored", out of Google News, never auto-related."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Article, RelatedArticle
from articles.rendering import render_body
from articles.selectors import article_links, related_articles
from tests.factories import ArticleFactory, ArtistFactory, CategoryFactory

pytestmark = pytest.mark.django_db

SPONSORED = {"is_sponsored": True, "sponsor_name": "Kopi Nusantara"}


def related_for(article):
    return related_articles(article, article_links(article), list(article.tags.values_list("pk", flat=True)))


def test_sponsored_article_must_name_its_sponsor():
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(is_sponsored=True, sponsor_name="")
    with pytest.raises(ValidationError, match="nama sponsor"):
        Article(title="Iklan", is_sponsored=True, category=CategoryFactory()).validate_constraints()


def test_sponsored_article_page_carries_the_label_and_advertiser_json_ld(client):
    article = ArticleFactory(**SPONSORED)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Advertorial · Kopi Nusantara" in html
    blocks = [json.loads(b) for b in re.findall(r'ld\+json">(.*?)</script>', html, re.S)]
    documents = [d for block in blocks for d in (block if isinstance(block, list) else [block])]
    document = next(d for d in documents if d["@type"] == "AdvertiserContentArticle")
    assert document["sponsor"]["name"] == "Kopi Nusantara"


def test_editorial_article_page_carries_no_label(client):
    article = ArticleFactory()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Advertorial" not in html and "NewsArticle" in html


@pytest.mark.parametrize("url", ["/", "/artikel/", "/kategori/iklan/"])
def test_every_card_of_a_sponsored_article_carries_the_label(client, url):
    ArticleFactory(
        title="Seduh Kopi Sambil Dengar Vinyl",
        category=CategoryFactory(name="Iklan", slug="iklan"),
        **SPONSORED,
    )
    html = client.get(url).content.decode()
    card = html[
        html.index("Seduh Kopi Sambil Dengar Vinyl") - 600 : html.index("Seduh Kopi Sambil Dengar Vinyl")
    ]
    assert "Advertorial · Kopi Nusantara" in card


def test_outbound_links_in_a_sponsored_body_are_rel_sponsored():
    body = (
        '<p><a href="https://kopi.example/promo">Promo</a> dan '
        '<a href="https://shop.example/" rel="noopener">toko</a> dan '
        '<a href="https://pophariini.example/kabar/">kabar</a> dan <a href="/tag/indie/">indie</a></p>'
    )
    html = render_body(body, [], sponsored=True)
    assert '<a href="https://kopi.example/promo" rel="sponsored">' in html
    assert 'rel="noopener sponsored"' in html
    assert '<a href="https://pophariini.example/kabar/">' in html
    assert '<a href="/tag/indie/">' in html


def test_outbound_links_in_an_editorial_body_stay_as_they_are(client):
    article = ArticleFactory(body='<p><a href="https://kopi.example/promo">Promo</a></p>')
    assert "sponsored" not in client.get(article.get_absolute_url()).content.decode()


def test_sponsored_page_marks_its_outbound_links(client):
    article = ArticleFactory(body='<p><a href="https://kopi.example/promo">Promo</a></p>', **SPONSORED)
    assert 'rel="sponsored"' in client.get(article.get_absolute_url()).content.decode()


def test_news_sitemap_leaves_out_sponsored_articles(client):
    ArticleFactory(title="Kabar Redaksi")
    ArticleFactory(title="Kabar Sponsor", **SPONSORED)
    content = client.get("/news-sitemap.xml").content.decode()
    assert "Kabar Redaksi" in content and "Kabar Sponsor" not in content


def test_sponsored_articles_are_never_chosen_automatically_as_related():
    category = CategoryFactory()
    artist = ArtistFactory()
    article = ArticleFactory(category=category)
    article.artists.add(artist)
    article.tags.add("indie")
    advertorial = ArticleFactory(category=category, **SPONSORED)
    advertorial.artists.add(artist)
    advertorial.tags.add("indie")
    editorial = ArticleFactory(category=category)
    related = related_for(article)
    assert editorial in related
    assert advertorial not in related


def test_sponsored_articles_are_not_used_to_fill_up_related_cards():
    article = ArticleFactory(category=CategoryFactory())
    ArticleFactory.create_batch(3, **SPONSORED)
    assert related_for(article) == []


def test_a_hand_picked_sponsored_article_is_still_shown():
    article = ArticleFactory()
    advertorial = ArticleFactory(**SPONSORED)
    RelatedArticle.objects.create(from_article=article, to_article=advertorial)
    assert related_for(article)[0] == advertorial
