"""Inline "Baca Juga" cards: a published target becomes a card, anything else disappears and is reported."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.content_checks import check_content
from articles.rendering import baca_juga_paths, render_body
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_a_baca_juga_paragraph_becomes_a_card_of_its_published_target():
    target = ArticleFactory(title="6 Kuliner Berbagai Kota Pilihan Perunggu")
    html = render_body(
        f'<p>Awal.</p><p><strong>Baca juga:</strong> <a href="https://pophariini.example/{target.slug}/">'
        f"6 Kuliner Berbagai Kota Pilihan Perunggu</a></p><p>Akhir.</p>",
        [],
    )
    assert '<aside class="baca-juga"' in html
    assert f'href="/{target.slug}/"' in html
    assert html.index("Awal.") < html.index("baca-juga") < html.index("Akhir.")
    assert "<strong>Baca juga:</strong>" not in html


@pytest.mark.parametrize(
    "paragraph",
    [
        "<p>Baca juga: {url}</p>",
        '<p>Baca Juga — <a href="{path}">Judul apa saja</a></p>',
        '<p><em>Baca juga</em>: <a href="{url}">{url}</a></p>',
    ],
)
def test_baca_juga_accepts_a_pasted_address_a_site_path_or_a_titled_link(paragraph):
    target = ArticleFactory(title="Inheritors Kolaborasi")
    path = target.get_absolute_url()
    html = render_body(paragraph.format(url=f"https://pophariini.example{path}", path=path), [])
    assert "Inheritors Kolaborasi" in html and "baca-juga" in html


@pytest.mark.parametrize("traits", [{"draft": True}, {"scheduled": True}, {"review": True}])
def test_an_unpublished_target_never_shows(traits):
    target = ArticleFactory(title="Belum Boleh Dibaca", **traits)
    html = render_body(f'<p>Baca juga: <a href="/{target.slug}/">Belum Boleh Dibaca</a></p>', [])
    assert html == ""


def test_a_missing_target_never_shows():
    assert render_body('<p>Baca juga: <a href="/tidak-ada/">Hilang</a></p>', []) == ""


def test_a_renamed_target_is_found_through_its_redirect():
    target = ArticleFactory(slug="judul-lama")
    target.slug = "judul-baru"
    target.save()
    html = render_body('<p>Baca juga: <a href="/judul-lama/">Judul lama</a></p>', [])
    assert 'href="/judul-baru/"' in html


def test_ordinary_paragraphs_and_external_links_are_left_alone():
    body = (
        '<p>Baca juga buku <a href="/kabar/">ini</a> sebelum tidur.</p>'
        '<p>Baca juga: <a href="https://example.com/x/">luar</a></p>'
    )
    assert render_body(body, []) == body
    assert baca_juga_paths(body) == []


def test_all_cards_of_a_body_cost_one_query_and_a_body_without_cards_none():
    targets = ArticleFactory.create_batch(5)
    body = "".join(f'<p>Baca juga: <a href="/{t.slug}/">{t.title}</a></p>' for t in targets)
    with CaptureQueriesContext(connection) as queries:
        html = render_body(body, [])
    assert len(queries.captured_queries) == 1
    assert html.count('class="baca-juga"') == 5
    with CaptureQueriesContext(connection) as queries:
        render_body("<p>Biasa saja.</p>", [])
    assert len(queries.captured_queries) == 0


def test_article_page_shows_the_card_and_hides_the_unpublished_one(client):
    shown = ArticleFactory(title="Terbit Duluan")
    hidden = ArticleFactory(title="Masih Draf", draft=True)
    article = ArticleFactory(
        body=f'<p>Baca juga: <a href="/{shown.slug}/">Terbit Duluan</a></p>'
        f'<p>Baca juga: <a href="/{hidden.slug}/">Masih Draf</a></p>'
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Terbit Duluan" in html and "Masih Draf" not in html


def test_check_content_reports_unpublished_and_missing_baca_juga_targets():
    draft = ArticleFactory(draft=True)
    shown = ArticleFactory()
    article = ArticleFactory(
        body=f'<p>Baca juga: <a href="/{draft.slug}/">Draf</a></p>'
        '<p>Baca juga: <a href="/sudah-dihapus/">Hilang</a></p>'
        f'<p>Baca juga: <a href="/{shown.slug}/">Terbit</a></p>'
    )
    found = sorted((f.kind, f.detail) for f in check_content() if f.article_id == article.pk)
    assert found == [
        ("baca_juga_target_missing", "/sudah-dihapus/"),
        ("baca_juga_target_unpublished", f"/{draft.slug}/"),
    ]
