"""Each body's "Baca juga" addresses are kept as rows, so the articles quoting another are found without reading every body."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, QuotedAddress
from articles.page_scopes import quoting
from articles.wordpress import import_wxr
from pophariini.content import bulk_write
from pophariini.models import Redirect
from tests.articles.wordpress_exports import wxr_item
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def baca_juga(href, text="Artikel lain"):
    return f'<p>Baca juga: <a href="{href}">{text}</a></p>'


def stored(article):
    return set(QuotedAddress.objects.filter(article=article).values_list("path", flat=True))


def test_a_saved_body_keeps_its_baca_juga_addresses_and_nothing_else():
    article = ArticleFactory(
        body="<p>Awal.</p>"
        + baca_juga("/ragam-soundtrack/")
        + baca_juga("https://pophariini.example/kabar-lain")
        + baca_juga("https://situs-lain.example/ragam/")
        + '<p>Tautan biasa ke <a href="/artikel-biasa/">artikel</a>.</p>'
    )
    assert stored(article) == {"/ragam-soundtrack", "/kabar-lain"}


def test_an_edited_body_replaces_its_addresses():
    article = ArticleFactory(body=baca_juga("/pertama/") + baca_juga("/kedua/"))
    article = Article.objects.get(pk=article.pk)
    article.body = baca_juga("/kedua/") + baca_juga("/ketiga/")
    article.save()
    assert stored(article) == {"/kedua", "/ketiga"}
    article.body = "<p>Tanpa baca juga.</p>"
    article.save()
    assert stored(article) == set()


def test_the_articles_quoting_a_slug_are_found_through_the_rows_alone():
    quoting_article = ArticleFactory(body=baca_juga("/belum-terbit/"))
    ArticleFactory(body=baca_juga("/belum-terbit-juga/"))
    with CaptureQueriesContext(connection) as queries:
        found = quoting({"belum-terbit"}, using="default")
    # The address may come before its article, and a longer slug is another address.
    assert found == {quoting_article.pk}
    assert not any("body" in query["sql"] for query in queries.captured_queries)


def test_an_old_address_of_a_renamed_article_still_counts():
    quoting_article = ArticleFactory(body=baca_juga("/2019/05/judul-lama/"))
    Redirect.objects.create(old_path="/2019/05/judul-lama/", new_path="/judul-baru/")
    assert quoting({"judul-baru"}, using="default") == {quoting_article.pk}


def test_a_bulk_write_keeps_the_addresses_of_what_it_wrote():
    article = ArticleFactory(body=baca_juga("/lama/"))
    with bulk_write() as batch:
        Article.objects.filter(pk=article.pk).update(body=baca_juga("/baru/"))
        batch.wrote(Article, [article.pk])
        # Renewed once, at the end of the block.
        assert stored(article) == {"/lama"}
    assert stored(article) == {"/baru"}


def test_the_migration_fills_the_addresses_of_the_bodies_already_stored():
    first = ArticleFactory(body=baca_juga("/satu/"))
    second = ArticleFactory(body="<p>Awal.</p>" + baca_juga("/dua/", text="Dua"))
    ArticleFactory(body="<p>Tanpa.</p>")
    QuotedAddress.objects.all().delete()
    migration = importlib.import_module("articles.migrations.0011_quoted_address")
    migration.fill_quoted_addresses(apps, SimpleNamespace(connection=connection))
    assert set(QuotedAddress.objects.values_list("article_id", "path")) == {
        (first.pk, "/satu"),
        (second.pk, "/dua"),
    }


def test_the_wordpress_import_keeps_the_addresses_of_the_posts_it_brings(write_wxr):
    content = "<p>Awal.</p>" + baca_juga("/kabar-lain/", text="Kabar lain")
    import_wxr(path=write_wxr(wxr_item(7, "Kabar Musik", content=content)))
    article = Article.objects.get(wp_post_id=7)
    assert quoting({"kabar-lain"}, using="default") == {article.pk}
    import_wxr(path=write_wxr(wxr_item(7, "Kabar Musik", content="<p>Awal saja.</p>")))
    assert stored(article) == set()
