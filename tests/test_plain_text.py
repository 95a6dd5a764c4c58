"""Plain-text fields hold text only (issue 15, finding 8): no entity decodes into a live tag, names
are cleaned like titles, and feed text elements carry no markup."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article
from pophariini.sanitize import clean_text
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db

DC = "{http://purl.org/dc/elements/1.1/}"
LIVE_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?]")

ENCODED_PAYLOADS = [
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
    "&lt;img src=x onerror=alert(1)&gt;",
    "&#60;svg onload=alert(1)&#62;",
    "<scr<script></script>ipt>alert(1)</script>",
]


@pytest.mark.parametrize("payload", ENCODED_PAYLOADS)
def test_clean_text_never_decodes_entities_into_a_tag(payload):
    assert not LIVE_TAG.search(clean_text(f"Judul {payload} akhir"))


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Rock &amp; Roll", "Rock & Roll"), ("aku <3 kamu", "aku <3 kamu"), ("<b>Indie</b> pop", "Indie pop")],
)
def test_clean_text_keeps_the_text(typed, stored):
    assert clean_text(typed) == stored


def test_a_title_typed_with_entities_is_stored_without_a_live_tag():
    article = factories.ArticleFactory(title="Konser &lt;script&gt;alert(1)&lt;/script&gt; Akbar")
    article.refresh_from_db()
    assert "<" not in article.title and article.title.startswith("Konser")


def test_author_category_and_tag_names_are_plain_text():
    author = factories.AuthorFactory(
        name="Raka &lt;b onmouseover=alert(1)&gt;", tagline="<i>Kutipan</i> saja"
    )
    category = factories.CategoryFactory(name="<script>x</script>Berita", slug="berita")
    tag = Tag.objects.create(name="&lt;img src=x onerror=alert(1)&gt;Indie")
    for obj in (author, category, tag):
        obj.refresh_from_db()
    assert author.name == "Raka" and author.tagline == "Kutipan saja"
    assert category.name == "Berita"
    assert tag.name == "Indie"


def test_feed_text_elements_carry_no_markup_even_from_an_older_row(client):
    author = factories.AuthorFactory()
    article = factories.ArticleFactory(authors=[author])
    # Rows written before the fix (or by SQL) bypass save(): the feed still sends text only.
    Article.objects.filter(pk=article.pk).update(title="<script>alert(1)</script>Judul")
    type(author).objects.filter(pk=author.pk).update(name="<img src=x onerror=alert(1)>Raka")
    type(article.category).objects.filter(pk=article.category_id).update(name="<svg onload=alert(1)>Berita")
    root = ET.fromstring(client.get("/feed/").content)
    item = root.find("channel/item")
    texts = [item.findtext("title"), item.findtext("category"), item.findtext(f"{DC}creator")]
    assert texts == ["Judul", "Berita", "Raka"]


def test_a_tag_typed_with_markup_in_the_admin_is_the_existing_tag(client, editor_user):
    factories.ArticleFactory().tags.add("Indie")
    article = factories.ArticleFactory()
    client.force_login(editor_user)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_values(client.get(url))
    data["tags"] = '"<b>Indie</b>", &lt;i&gt;Pop&lt;/i&gt;'
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert sorted(article.tags.names()) == ["Indie", "Pop"]
    assert Tag.objects.filter(name__iexact="indie").count() == 1


def test_an_article_title_that_is_only_markup_is_refused_as_empty():
    from django.core.exceptions import ValidationError

    from tests.factories import ArticleFactory

    article = ArticleFactory.build(title="<script>alert(1)</script>", slug="", category=None)
    with pytest.raises(ValidationError) as refused:
        article.clean_fields(exclude=["category", "hero"])
    assert "title" in refused.value.message_dict
