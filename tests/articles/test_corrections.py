"""Corrections and right of reply (ralat / hak jawab): on the article, in JSON-LD, the feed and /ralat/."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Correction
from tests.factories import ArticleFactory, CorrectionFactory

pytestmark = pytest.mark.django_db


def news_article(response):
    for block in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    ):
        data = json.loads(block)
        for document in data if isinstance(data, list) else [data]:
            if document["@type"] in ("NewsArticle", "AdvertiserContentArticle"):
                return document
    raise AssertionError("no article document")


def test_a_correction_shows_at_the_top_of_the_article(client):
    article = ArticleFactory(body="<p>Isi artikel yang panjang.</p>")
    CorrectionFactory(article=article, text="Nama gitarisnya Adi, bukan Andi.")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Nama gitarisnya Adi, bukan Andi." in html
    assert html.index("Nama gitarisnya") < html.index("Isi artikel yang panjang.")
    assert "Ralat" in html


def test_right_of_reply_is_labelled_as_such(client):
    correction = CorrectionFactory(kind=Correction.Kind.REPLY, text="Tanggapan manajemen band.")
    html = client.get(correction.article.get_absolute_url()).content.decode()
    assert "Hak jawab" in html and "Tanggapan manajemen band." in html


def test_a_correction_moves_the_revised_time_and_date_modified(client):
    article = ArticleFactory(publish_at=timezone.now() - timedelta(days=10))
    before = news_article(client.get(article.get_absolute_url()))["dateModified"]
    correction = CorrectionFactory(article=article)
    article.refresh_from_db()
    assert article.revised_at == correction.created_at
    after = news_article(client.get(article.get_absolute_url()))["dateModified"]
    assert after != before
    assert after == timezone.localtime(correction.created_at).isoformat()


def test_a_correction_on_a_never_published_draft_does_not_invent_a_revised_time():
    article = ArticleFactory(draft=True)
    CorrectionFactory(article=article)
    article.refresh_from_db()
    assert article.revised_at is None


def test_a_correction_never_moves_the_revised_time_backwards():
    article = ArticleFactory()
    later = timezone.now() + timedelta(minutes=5)
    type(article).objects.filter(pk=article.pk).update(revised_at=later)
    CorrectionFactory(article=article)
    article.refresh_from_db()
    assert article.revised_at == later


def test_the_feed_item_carries_the_correction_and_its_updated_time(client):
    article = ArticleFactory(title="Kabar Yang Diralat")
    CorrectionFactory(article=article, text="Tanggal konsernya 12 Mei.")
    feed = client.get("/feed/").content.decode()
    item = feed[feed.index("Kabar Yang Diralat") :]
    assert "Tanggal konsernya 12 Mei." in item.split("</item>")[0]


def test_the_corrections_page_lists_recent_corrections_of_published_articles_only(client):
    shown = CorrectionFactory(article=ArticleFactory(title="Artikel Terbit"), text="Ralat yang terlihat.")
    CorrectionFactory(article=ArticleFactory(title="Artikel Draf", draft=True), text="Ralat draf.")
    CorrectionFactory(
        article=ArticleFactory(title="Artikel Terjadwal", scheduled=True), text="Ralat terjadwal."
    )
    response = client.get("/ralat/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ralat yang terlihat." in html and "Artikel Terbit" in html
    assert f'href="{shown.article.get_absolute_url()}#ralat-{shown.pk}"' in html
    assert "Ralat draf." not in html and "Artikel Draf" not in html
    assert "Ralat terjadwal." not in html


def test_the_corrections_page_puts_the_newest_first(client):
    old = CorrectionFactory(text="Ralat lama.")
    Correction.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    CorrectionFactory(text="Ralat baru.")
    html = client.get("/ralat/").content.decode()
    assert html.index("Ralat baru.") < html.index("Ralat lama.")


def test_correction_text_is_plain_text_with_paragraphs(client):
    correction = CorrectionFactory(text="<script>x()</script>Paragraf satu.\n\n\n\nParagraf <b>dua</b>.")
    assert correction.text == "Paragraf satu.\n\nParagraf dua."
    html = client.get(correction.article.get_absolute_url()).content.decode()
    assert "<p>Paragraf satu.</p>" in html and "<script>x()" not in html


def test_a_new_correction_reaches_readers_of_a_cached_page(client):
    article = ArticleFactory()
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    CorrectionFactory(article=article, text="Ralat setelah halaman tersimpan.")
    assert "Ralat setelah halaman tersimpan." in client.get(article.get_absolute_url()).content.decode()


def test_reverting_the_article_to_an_older_version_keeps_later_corrections():
    """A correction is part of the public record; going back to older text must not erase it."""
    import reversion
    from reversion.models import Version

    article = ArticleFactory(body="<p>Versi pertama.</p>")
    with reversion.create_revision():
        article.save()
    with reversion.create_revision():
        article.body = "<p>Versi kedua.</p>"
        article.save()
        correction = CorrectionFactory(article=article, text="Tanggal rilis yang benar 21 Maret.")

    Version.objects.get_for_object(article).last().revision.revert(delete=True)

    article.refresh_from_db()
    assert article.body == "<p>Versi pertama.</p>"
    assert Correction.objects.filter(pk=correction.pk).exists()
