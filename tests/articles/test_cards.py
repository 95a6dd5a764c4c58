"""Article cards are rendered once per worker and never shown stale (``articles.cards``)."""

import datetime
import re
from unittest import mock

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from articles import cards
from articles.models import Article
from pophariini.content import bulk_write
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, PhotoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0


def listing(client, category):
    response = client.get(category.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def listed_cards(client, category):
    """The HTML of each card on the rubric's page (its heading names the rubric too)."""
    return "\n".join(re.findall(r'<article class="card.*?</article>', listing(client, category), re.DOTALL))


def test_the_same_card_is_rendered_once_per_worker(client):
    article = ArticleFactory(title="Kartu Sekali Jadi")
    with mock.patch("articles.cards.render_to_string", wraps=render_to_string) as render:
        first = listing(client, article.category)
        second = listing(client, article.category)
        assert client.get("/").status_code == 200
    assert "Kartu Sekali Jadi" in first and "Kartu Sekali Jadi" in second
    # Once for the rubric's list, once for the home page's lead story (another variant).
    assert render.call_count == 2


def test_a_kept_card_is_the_card_the_template_renders():
    article = ArticleFactory(hero=PhotoFactory(alt_text="Panggung"), is_sponsored=True, sponsor_name="Merek")
    article = Article.objects.for_listing().get(pk=article.pk)
    options = {"variant": "lead", "level": 2, "show_excerpt": True, "show_authors": True}
    fresh = cards.card(article, **options)
    assert cards.card(article, **options) == fresh
    assert fresh == render_to_string("articles/_card.html", {"article": article, **options})
    assert 'alt="Panggung"' in fresh and "Merek" in fresh and 'class="card card--lead"' in fresh


def rename_title(article):
    article.title = "Judul Yang Sudah Diganti"
    article.save()
    return "Judul Yang Sudah Diganti"


def rewrite_dek(article):
    article.dek = "Dek baru untuk kartu ini."
    article.save()
    return "Dek baru untuk kartu ini."


def rename_category(article):
    article.category.name = "Rubrik Berganti Nama"
    article.category.save()
    return "Rubrik Berganti Nama"


def describe_hero(article):
    article.hero.alt_text = "Penonton di bibir panggung"
    article.hero.save()
    return 'alt="Penonton di bibir panggung"'


def rename_author(article):
    author = article.article_authors.get().author
    author.name = "Penulis Berganti Nama"
    author.save()
    return "Penulis Berganti Nama"


def sponsor(article):
    article.is_sponsored = True
    article.sponsor_name = "Sponsor Baru"
    article.save()
    return "Sponsor Baru"


def move_publish_time(article):
    article.publish_at = datetime.datetime(2024, 2, 9, 3, 0, tzinfo=datetime.UTC)
    article.save()
    return "9 Februari 2024"


def bulk_retitle(article):
    # A write without model signals, as the WordPress import makes them.
    with bulk_write():
        Article.objects.filter(pk=article.pk).update(title="Judul Dari Impor Massal")
    return "Judul Dari Impor Massal"


@pytest.mark.parametrize(
    "edit",
    [
        rename_title,
        rewrite_dek,
        rename_category,
        describe_hero,
        rename_author,
        sponsor,
        move_publish_time,
        bulk_retitle,
    ],
)
def test_a_card_shows_every_edit_at_once(client, edit):
    category = CategoryFactory(name="Kabar", slug="kabar")
    article = ArticleFactory(category=category, hero=PhotoFactory(alt_text="Foto lama"), dek="Dek lama.")
    before = listed_cards(client, category)
    assert article.title in before and "Dek lama." in before
    shown = edit(Article.objects.get(pk=article.pk))
    after = listed_cards(client, Article.objects.get(pk=article.pk).category)
    assert shown in after
    assert shown not in before


def test_cards_follow_the_language():
    article = ArticleFactory(publish_at=datetime.datetime(2024, 6, 3, 3, 0, tzinfo=datetime.UTC))
    article = Article.objects.for_listing().get(pk=article.pk)
    with translation.override("id"):
        indonesian = cards.card(article)
    with translation.override("en"):
        english = cards.card(article)
    assert "3 Juni 2024" in indonesian
    assert "June 3, 2024" in english or "3 June 2024" in english


def test_authors_are_read_only_when_the_card_names_them(django_assert_num_queries):
    AuthorFactory()
    article = Article.objects.for_cards().get(pk=ArticleFactory().pk)
    with django_assert_num_queries(0):
        cards.card(article, variant="compact")


def test_with_debug_on_every_card_is_rendered_afresh(settings):
    # A developer editing the card template sees the change at once.
    settings.DEBUG = True
    article = Article.objects.for_cards().get(pk=ArticleFactory().pk)
    with mock.patch("articles.cards.render_to_string", wraps=render_to_string) as render:
        cards.card(article)
        cards.card(article)
    assert render.call_count == 2
