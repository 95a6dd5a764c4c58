"""Converting WordPress post content: captions, credits, embeds, shortcodes, paragraphs, a sanitised body."""

from datetime import datetime

import pytest
from django.contrib import admin
from django.utils import timezone

from articles.models import Article
from articles.wordpress import import_wxr
from articles.wordpress.content import convert_content, split_credit
from pophariini.sanitize import clean_html
from tests.articles.wordpress_exports import FIXTURES

pytestmark = pytest.mark.django_db


def test_caption_shortcode_inner_text_form_becomes_a_figure_with_split_credit():
    converted = convert_content(
        'Sebelum.\n\n[caption id="attachment_12" width="600"]<a href="x.jpg"><img class="wp-image-12" '
        'src="https://www.pophariini.com/wp-content/uploads/2022/01/a.jpg" alt="Penyanyi" /></a> '
        "Konser di Jakarta / Dok: Pophariini[/caption]\n\nSesudah."
    )

    assert converted.html == "<p>Sebelum.</p><p>[foto 1]</p><p>Sesudah.</p>"
    (figure,) = converted.figures
    assert (figure.attachment_id, figure.alt) == (12, "Penyanyi")
    assert (figure.caption, figure.credit) == ("Konser di Jakarta", "Dok: Pophariini")


def test_caption_shortcode_attribute_form_becomes_a_figure():
    converted = convert_content(
        '[caption id="attachment_612" caption="Panggung utama. Foto: Raka"]'
        '<img src="https://example.com/wp-content/uploads/p.jpg" alt="" />[/caption]'
    )

    assert converted.html == "<p>[foto 1]</p>"
    assert (converted.figures[0].caption, converted.figures[0].credit) == ("Panggung utama.", "Foto: Raka")


def test_old_dl_caption_and_block_image_become_figures_in_order():
    converted = convert_content(
        '<dl class="wp-caption alignnone"><dt class="wp-caption-dt"><img src="https://x.test/a.jpg" '
        'class="wp-image-5"></dt><dd class="wp-caption-dd">Lama</dd></dl>\n\n'
        '<!-- wp:image {"id":6} --><figure class="wp-block-image"><img src="https://x.test/b.jpg" '
        'class="wp-image-6" alt="Baru"/><figcaption class="wp-element-caption">Baru (Foto oleh Ani)</figcaption>'
        "</figure><!-- /wp:image -->"
    )

    assert converted.html == "<p>[foto 1]</p><p>[foto 2]</p>"
    assert [(f.attachment_id, f.caption, f.credit) for f in converted.figures] == [
        (5, "Lama", ""),
        (6, "Baru", "Foto oleh Ani"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vanesha dan Sissy / Dok: Paragon Pictures", ("Vanesha dan Sissy", "Dok: Paragon Pictures")),
        ("Foto: Raka Dewangkara", ("", "Foto: Raka Dewangkara")),
        ("Perunggu di Jakarta. Foto oleh Ani", ("Perunggu di Jakarta.", "Foto oleh Ani")),
        ("Inheritors (Dok. Inheritors)", ("Inheritors", "Dok. Inheritors")),
        ("Foto bersama para penonton", ("Foto bersama para penonton", "")),
    ],
)
def test_credit_written_inside_a_caption_is_split_off(text, expected):
    assert split_credit(text) == expected


@pytest.mark.parametrize(
    "content",
    [
        "[embed]https://www.youtube.com/watch?v=dQw4w9WgXcQ[/embed]",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=dQw4w9WgXcQ","type":"video"} -->\n'
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n</div></figure>\n<!-- /wp:embed -->",
        '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" width="560"></iframe>',
    ],
)
def test_embeds_become_a_bare_url_paragraph(content):
    converted = convert_content(f"Tonton ini:\n\n{content}\n\nSelesai.")

    assert converted.html == (
        "<p>Tonton ini:</p><p>https://www.youtube.com/watch?v=dQw4w9WgXcQ</p><p>Selesai.</p>"
    )


def test_spotify_soundcloud_and_bandcamp_urls_alone_on_a_line_stay_embeddable():
    converted = convert_content(
        "Dengarkan:\nhttps://open.spotify.com/track/abc\n\n[embed]https://soundcloud.com/band/lagu[/embed]\n\n"
        "https://band.bandcamp.com/album/rilisan"
    )

    assert converted.html == (
        "<p>Dengarkan:</p><p>https://open.spotify.com/track/abc</p><p>https://soundcloud.com/band/lagu</p>"
        "<p>https://band.bandcamp.com/album/rilisan</p>"
    )


def test_automatic_paragraphs_and_line_breaks_follow_wordpress():
    converted = convert_content("Baris satu\nbaris dua\n\nParagraf kedua\n<h1>Judul</h1>\nLanjut")

    assert converted.html == "<p>Baris satu<br>baris dua</p><p>Paragraf kedua</p><h2>Judul</h2><p>Lanjut</p>"


def test_shortcodes_are_removed_consistently_and_unknown_brackets_stay_text():
    converted = convert_content(
        '[contact-form to="a@b.c"]\n\n[playlist ids="1,2"]\n\nTeks [sic] tetap.\n\n[code]print(1)[/code]'
    )

    assert converted.html == "<p>Teks [sic] tetap.</p><p>print(1)</p>"


def test_body_is_sanitised_like_an_editors_save():
    converted = convert_content(
        '<p onclick="x()">Aman<script>alert(1)</script></p><div style="color:red">Isi</div>'
    )

    assert converted.html == "<p>Aman</p><p>Isi</p>"


def test_lists_quotes_and_tables_get_inner_paragraphs_like_the_editor():
    converted = convert_content(
        "<ul><li>Satu</li></ul>\n<blockquote>Kutipan</blockquote>\n<table><tr><td>Sel</td></tr></table>"
    )

    assert converted.html == (
        "<ul><li><p>Satu</p></li></ul><blockquote><p>Kutipan</p></blockquote>"
        "<table><tbody><tr><td><p>Sel</p></td></tr></tbody></table>"
    )


def test_links_to_the_old_site_become_site_relative():
    converted = convert_content(
        'Baca <a href="https://www.pophariini.com/kabar-lain/">ini</a>.',
        site_url="https://www.pophariini.com",
    )

    assert converted.html == '<p>Baca <a href="/kabar-lain/">ini</a>.</p>'


def test_imported_body_is_unchanged_by_saving_the_article_again():
    import_wxr(path=FIXTURES / "pophariini-1.1.xml")
    article = Article.objects.get(wp_post_id=101)
    stored = article.body

    article.save()
    article.refresh_from_db()

    assert article.body == stored == clean_html(stored)
    assert article.placeholders == [figure.key for figure in article.figures.all()]
    assert "<p>https://www.youtube.com/watch?v=dQw4w9WgXcQ</p>" in stored
    assert '<p>Lagu "Melangkah" dinyanyikan berdua.<br>Musiknya ditulis Andi Rianto.</p>' in stored


def test_imported_article_saved_unchanged_in_the_admin_form_keeps_its_content(rf, editor_user):
    import_wxr(path=FIXTURES / "pophariini-1.1.xml")
    article = Article.objects.get(wp_post_id=101)
    stored_body, figures = article.body, list(article.figures.values_list("key", "caption", "credit"))
    request = rf.get("/")
    request.user = editor_user
    form_class = admin.site._registry[Article].get_form(request, article, change=True)
    unbound = form_class(instance=article)
    data = {}
    for name in unbound.fields:
        value = unbound[name].value()
        if isinstance(value, datetime):
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"
        elif name == "tags":
            data[name] = ", ".join(tag.name for tag in value)
        else:
            data[name] = value

    form = form_class(data, instance=article)
    assert form.is_valid(), form.errors
    form.save()

    article.refresh_from_db()
    assert article.body == stored_body
    assert list(article.figures.values_list("key", "caption", "credit")) == figures
    assert list(article.tags.names()) == ["Soundtrack"]
