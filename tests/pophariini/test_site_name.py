"""The site's name comes from the site settings editors manage: titles, share cards, JSON-LD, feeds."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from pophariini import seo
from pophariini.models import SiteSettings
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def head_of(response):
    html = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
    site_name = re.search(r'<meta property="og:site_name" content="([^"]*)"', html).group(1)
    publishers = [
        document["publisher"]["name"]
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        for document in (lambda data: data if isinstance(data, list) else [data])(json.loads(block))
        if "publisher" in document
    ]
    return title, site_name, publishers


def rename_in_the_admin(admin_client, name):
    settings_row = SiteSettings.objects.create(name="Pophariini")
    response = admin_client.post(
        reverse("admin:pophariini_sitesettings_change", args=[settings_row.pk]),
        {"name": name, "tagline": settings_row.tagline, "contact_address": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_renaming_the_site_in_the_admin_renews_a_cached_article_page(admin_client):
    article = ArticleFactory(title="Konser Akbar di Senayan")
    reader = Client()
    reader.get(article.get_absolute_url())
    cached = reader.get(article.get_absolute_url())
    assert cached["X-Page-Cache"] == "hit"
    assert head_of(cached) == (
        "Konser Akbar di Senayan | Pophariini",
        "Pophariini",
        ["Pophariini"],
    )

    rename_in_the_admin(admin_client, "Kabar Musik Kita")

    response = reader.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert head_of(response) == (
        "Konser Akbar di Senayan | Kabar Musik Kita",
        "Kabar Musik Kita",
        ["Kabar Musik Kita"],
    )
    assert "<title>Kabar Musik Kita</title>" in reader.get("/").content.decode()


def test_the_feed_and_the_website_document_carry_the_settings_name(client):
    SiteSettings.objects.create(name="Kabar Musik Kita")
    ArticleFactory()
    feed = client.get(reverse("articles:feed")).content.decode()
    assert "<title>Kabar Musik Kita</title>" in feed
    home = client.get("/").content.decode()
    assert '"@type": "WebSite", "name": "Kabar Musik Kita"' in home


def test_without_settings_the_name_is_pophariini():
    assert seo.site_name() == "Pophariini"
    assert seo.PageMeta(title="Pophariini").full_title == "Pophariini"
