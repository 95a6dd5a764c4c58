"""The article page's cached parts (tags, corrections, ranked lists, neighbours) follow every write and the clock."""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from articles.models import TaggedArticle
from articles.most_read import most_read_rail
from articles.wordpress import import_wxr
from pophariini.content import bulk_write
from tests.articles.wordpress_exports import wxr_item
from tests.factories import ArticleFactory, CategoryFactory, CorrectionFactory, RankedEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def queries(client, article):
    with CaptureQueriesContext(connection) as context:
        page(client, article)
    return len(context.captured_queries)


def next_link(article):
    return f'rel="next" href="{article.get_absolute_url()}"'


def with_a_card(article):
    """Another public article, so the article's stored related list is not empty (and kept)."""
    ArticleFactory(category=CategoryFactory(name="Kolom", slug="kolom"))
    return article


def test_a_steady_view_reads_only_the_article_and_its_stored_cards(client):
    article = with_a_card(ArticleFactory())
    article.tags.add("Shoegaze")
    page(client, article)
    assert queries(client, article) == 2


def test_a_tag_added_renamed_or_removed_shows_on_the_next_view(client):
    article = ArticleFactory()
    page(client, article)
    article.tags.add("Gitar Akustik")
    assert "Gitar Akustik" in page(client, article)
    tag = Tag.objects.get(name="Gitar Akustik")
    tag.name = "Gitar Listrik"
    tag.save()
    html = page(client, article)
    assert "Gitar Listrik" in html and "Gitar Akustik" not in html
    article.tags.remove(tag)
    assert "Gitar Listrik" not in page(client, article)


def test_a_correction_and_a_ranked_list_show_on_the_next_view(client):
    article = ArticleFactory()
    page(client, article)
    CorrectionFactory(article=article, text="Nama gitarisnya Arya, bukan Aria.")
    assert "Nama gitarisnya Arya" in page(client, article)
    RankedEntryFactory(section__article=article, section__title="Lima Lagu Hujan")
    assert "Lima Lagu Hujan" in page(client, article)


def test_tags_written_in_bulk_show_once_the_bulk_write_ends(client):
    article = ArticleFactory()
    page(client, article)
    tag = Tag.objects.create(name="Tanpa Sinyal", slug="tanpa-sinyal")
    with bulk_write():
        TaggedArticle.objects.bulk_create([TaggedArticle(content_object=article, tag=tag)])
    assert "Tanpa Sinyal" in page(client, article)


def test_a_wordpress_import_that_changes_an_articles_tags_shows_them(client, write_wxr):
    import_wxr(path=write_wxr(wxr_item(7, "Kabar Musik", tags=("Shoegaze",))))
    from articles.models import Article

    article = Article.objects.get(wp_post_id=7)
    assert "Shoegaze" in page(client, article)
    import_wxr(path=write_wxr(wxr_item(7, "Kabar Musik", tags=("Dreampop",))))
    html = page(client, article)
    assert "Dreampop" in html and "Shoegaze" not in html


def test_a_newer_article_of_the_category_becomes_next_on_the_next_view(client):
    category = CategoryFactory(name="Berita", slug="berita")
    article = ArticleFactory(category=category, publish_at=timezone.now() - datetime.timedelta(hours=2))
    page(client, article)
    newer = ArticleFactory(category=category, publish_at=timezone.now() - datetime.timedelta(hours=1))
    assert next_link(newer) in page(client, article)
    newer.delete()
    assert 'rel="next"' not in page(client, article)


def test_a_scheduled_article_becomes_next_at_its_time_for_one_query(client):
    """No write happens when a scheduled article goes live: the cached value knows its time."""
    category = CategoryFactory(name="Berita", slug="berita")
    article = ArticleFactory(category=category, publish_at=timezone.now() - datetime.timedelta(hours=2))
    scheduled = ArticleFactory(category=category, scheduled=True)
    page(client, with_a_card(article))
    steady = queries(client, article)
    assert steady == 2
    assert next_link(scheduled) not in page(client, article)
    later = scheduled.publish_at + datetime.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        # The most-read rail, one value for every article page, is loaded again every ten
        # minutes (articles.most_read): load it first, so the count is this page's own.
        most_read_rail()
        assert queries(client, article) == steady + 1
        assert next_link(scheduled) in page(client, article)
        assert queries(client, article) == steady


def test_templates_are_compiled_once_per_process(settings):
    """The project leaves ``loaders`` unset, so Django wraps them in its cached loader."""
    from django.template import engines

    assert "loaders" not in settings.TEMPLATES[0]["OPTIONS"]
    engine = engines["django"].engine
    assert [type(loader).__name__ for loader in engine.template_loaders] == ["Loader"]
    assert type(engine.template_loaders[0]).__module__ == "django.template.loaders.cached"
    assert engine.get_template("articles/_card.html") is engine.get_template("articles/_card.html")
