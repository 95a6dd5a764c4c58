"""check_content: what it reports, how it exits, and its JSON output."""

import json
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from articles.content_checks import check_content
from articles.management.commands.check_content import Command as CheckCommand
from pophariini.models import Photo, Redirect
from tests.factories import ArticleFactory, FigureFactory, PhotoFactory

pytestmark = pytest.mark.django_db


def kinds():
    return sorted((finding.kind, finding.detail) for finding in check_content())


def test_clean_content_has_no_findings_and_exits_zero():
    figure = FigureFactory()
    figure.article.body = "<p>Teks.</p><p>[foto 1]</p>"
    figure.article.save()
    out = StringIO()

    call_command("check_content", stdout=out)

    assert check_content() == []
    assert "Tidak ada masalah konten." in out.getvalue()


@pytest.mark.parametrize(
    ("photo_fields", "figure_fields", "expected"),
    [
        ({"alt_text": ""}, {}, "figure_missing_alt"),
        ({"caption": ""}, {"caption": ""}, "figure_missing_caption"),
        ({"credit": ""}, {"credit": ""}, "figure_missing_credit"),
    ],
)
def test_figures_lacking_alt_caption_or_credit_are_reported(photo_fields, figure_fields, expected):
    figure = FigureFactory(photo=PhotoFactory(**photo_fields), **figure_fields)
    figure.article.body = "<p>[foto 1]</p>"
    figure.article.save()

    assert kinds() == [(expected, "[foto 1]")]


def test_figure_caption_override_counts_as_a_caption():
    figure = FigureFactory(photo=PhotoFactory(caption=""), caption="Keterangan khusus artikel")
    figure.article.body = "<p>[foto 1]</p>"
    figure.article.save()

    assert kinds() == []


def test_placeholder_without_a_figure_is_reported():
    ArticleFactory(body="<p>Awal.</p><p>[foto 4]</p>")

    assert kinds() == [("placeholder_without_figure", "[foto 4]")]


def test_links_to_missing_and_unpublished_articles_are_reported(settings):
    settings.SITE_URL = "https://pophariini.example"
    ArticleFactory(slug="terbit")
    ArticleFactory(slug="masih-draf", draft=True)
    ArticleFactory(slug="nanti", scheduled=True)
    Redirect.objects.create(old_path="/2019/01/lama/", new_path="/terbit/")
    ArticleFactory(
        slug="sumber",
        body=(
            '<p><a href="/terbit/">ok</a> <a href="https://pophariini.example/2019/01/lama/">lewat redirect</a> '
            '<a href="/kategori/berita/">rubrik</a> <a href="https://example.org/tidak-ada/">situs lain</a> '
            '<a href="/tidak-ada/">hilang</a> <a href="https://www.pophariini.example/masih-draf/">draf</a> '
            '<a href="/nanti/">terjadwal</a></p>'
        ),
    )

    assert kinds() == [
        ("link_to_missing_article", "/tidak-ada/"),
        ("link_to_unpublished_article", "/masih-draf/"),
        ("link_to_unpublished_article", "/nanti/"),
    ]


def test_photos_without_file_or_with_a_deleted_file_are_reported():
    PhotoFactory(image=None, source_path="2019/05/lama.jpg")
    gone = PhotoFactory()
    default_storage.delete(gone.image.name)
    PhotoFactory()

    assert kinds() == [("photo_file_missing", gone.image.name), ("photo_without_file", "2019/05/lama.jpg")]


def test_command_exits_one_and_lists_findings_by_article():
    article = ArticleFactory(title="Kabar Perunggu", body="<p>[foto 2]</p>")
    out = StringIO()

    with pytest.raises(CommandError) as error:
        call_command("check_content", stdout=out)

    assert error.value.returncode == 1
    assert f"Artikel #{article.pk} Kabar Perunggu" in out.getvalue()
    assert "kode foto tanpa foto: [foto 2]" in out.getvalue()


def test_command_json_output_is_machine_readable():
    article = ArticleFactory(body="<p>[foto 2]</p>")
    Photo.objects.create(source_path="x.jpg", alt_text="x")
    out = StringIO()

    with pytest.raises(CommandError):
        call_command("check_content", "--format", "json", stdout=out)

    payload = json.loads(out.getvalue())
    assert payload["count"] == 2
    assert [(f["kind"], f["article_id"]) for f in payload["findings"]] == [
        ("placeholder_without_figure", article.pk),
        ("photo_without_file", None),
    ]


def test_command_rejects_an_unknown_format():
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("check_content", "--format", "xml")


def test_command_help_explains_in_plain_words():
    text = CheckCommand().create_parser("manage.py", "check_content").format_help()

    assert "teks alternatif" in text and "status 1" in text and "--format" in text
