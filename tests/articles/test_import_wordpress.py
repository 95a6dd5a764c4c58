"""The WordPress import: statuses, photos, figures, embeds, old URLs, pages, idempotency and safety."""

import sys
import time
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.http import HttpResponseNotFound
from django.test import RequestFactory
from django.utils import timezone
from PIL import Image

from articles.management.commands.import_wordpress import Command as ImportCommand
from articles.management.commands.import_wordpress import ProgressBar
from articles.models import Article, ArticleAuthor, Author, Category, Figure, TaggedArticle
from articles.wordpress import WxrError, import_wxr
from articles.wordpress.content import convert_content, split_credit
from articles.wordpress.wxr import WxrUnsafeError
from pophariini import cache as page_cache
from pophariini.middleware import RedirectFallbackMiddleware
from pophariini.models import Page, Photo, Redirect
from pophariini.sanitize import clean_html
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "wxr"
REAL_EXPORTS = settings.BASE_DIR.parent / "shared" / "data" / "wordpress"
needs_real_exports = pytest.mark.skipif(
    not REAL_EXPORTS.is_dir(), reason="the shared WordPress theme-test exports are not next to the project"
)


def wxr_item(
    post_id,
    title="Kabar Musik",
    *,
    post_type="post",
    status="publish",
    content="<p>Isi.</p>",
    excerpt="",
    link=None,
    name=None,
    date="2022-01-03 10:00:00",
    date_gmt="2022-01-03 03:00:00",
    creator="raka",
    password="",
    categories=(("berita", "Berita"),),
    tags=(),
    meta=None,
    attachment_url="",
):
    name = name if name is not None else f"kabar-{post_id}"
    link = link if link is not None else f"https://www.pophariini.com/{name}/"
    terms = "".join(
        f'<category domain="category" nicename="{n}"><![CDATA[{t}]]></category>' for n, t in categories
    )
    terms += "".join(
        f'<category domain="post_tag" nicename="{t.lower()}"><![CDATA[{t}]]></category>' for t in tags
    )
    postmeta = "".join(
        f"<wp:postmeta><wp:meta_key>{k}</wp:meta_key><wp:meta_value><![CDATA[{v}]]></wp:meta_value></wp:postmeta>"
        for k, v in (meta or {}).items()
    )
    return f"""
<item>
  <title>{escape(title)}</title>
  <link>{escape(link)}</link>
  <dc:creator>{creator}</dc:creator>
  <content:encoded><![CDATA[{content}]]></content:encoded>
  <excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
  <wp:post_id>{post_id}</wp:post_id>
  <wp:post_date>{date}</wp:post_date>
  <wp:post_date_gmt>{date_gmt}</wp:post_date_gmt>
  <wp:post_name>{name}</wp:post_name>
  <wp:status>{status}</wp:status>
  <wp:post_type>{post_type}</wp:post_type>
  <wp:post_password>{password}</wp:post_password>
  <wp:attachment_url>{attachment_url}</wp:attachment_url>
  {terms}{postmeta}
</item>"""


def attachment_item(post_id, path, *, alt="", excerpt=""):
    return wxr_item(
        post_id,
        path.rsplit("/", 1)[-1],
        post_type="attachment",
        status="inherit",
        content="",
        excerpt=excerpt,
        categories=(),
        attachment_url=f"https://www.pophariini.com/wp-content/uploads/{path}",
        meta={"_wp_attached_file": path, "_wp_attachment_image_alt": alt},
    )


def wxr(*items, version="1.2", scheme="https"):
    namespace = f"{scheme}://wordpress.org/export/{version}/"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="{namespace}excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{namespace}">
<channel>
<title>Pophariini</title>
<link>https://www.pophariini.com</link>
<wp:wxr_version>{version}</wp:wxr_version>
<wp:base_blog_url>https://www.pophariini.com</wp:base_blog_url>
<wp:author><wp:author_login>raka</wp:author_login>
<wp:author_display_name><![CDATA[Raka Dewangkara]]></wp:author_display_name></wp:author>
<wp:category><wp:category_nicename>berita</wp:category_nicename><wp:cat_name><![CDATA[Berita]]></wp:cat_name>
</wp:category>
{"".join(items)}
</channel>
</rss>"""


@pytest.fixture
def write_wxr(tmp_path):
    def write(*items, name="export.xml", **kwargs):
        path = tmp_path / name
        path.write_text(wxr(*items, **kwargs), encoding="utf-8")
        return path

    return write


@pytest.fixture
def uploads(tmp_path):
    """A wp-content/uploads tree with real images made by Pillow."""
    root = tmp_path / "uploads"

    def add(relative, *, size=(40, 30), fmt="JPEG", raw=None):
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if raw is not None:
            target.write_bytes(raw)
        else:
            Image.new("RGB", size, (10, 120, 200)).save(target, fmt)
        return target

    root.mkdir()
    add.root = root
    return add


def table_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Article, ArticleAuthor, Author, Category, Figure, Photo, Redirect, Page, TaggedArticle)
    }


# Real exports ------------------------------------------------------------------------------


@needs_real_exports
def test_real_classic_export_imports_posts_pages_and_keeps_unpublished_posts_private():
    summary = import_wxr(path=REAL_EXPORTS / "themeunittestdata.wordpress.xml")

    assert summary.total_posts == Article.objects.count() == 58
    assert summary.posts["draft"] == 1 and summary.posts["password"] == 1 and summary.posts["scheduled"] == 1
    assert summary.skipped["nav_menu_item"] == 70
    assert Page.objects.count() == summary.pages["published"] == 21
    public = set(Article.objects.published().values_list("wp_post_id", flat=True))
    assert 1164 not in public  # the draft
    assert 1168 not in public  # password protected
    assert not Article.objects.filter(wp_post_id=1168, status=Article.Status.PUBLISHED).exists()
    linked = Article.objects.get(wp_post_id=568)
    assert linked.body == "<p>[foto 1]</p>"
    assert linked.figures.get().caption.startswith("Chunk of resinous blackboy husk")
    assert summary.missing_files, "without --media-dir every photo file is reported missing"


@needs_real_exports
def test_real_block_export_turns_block_images_into_figures_and_drops_block_comments():
    import_wxr(path=REAL_EXPORTS / "64-block-test-data.xml")

    assert Article.objects.count() == 61
    assert not Article.objects.filter(body__contains="<!--").exists()
    assert not Article.objects.filter(body__contains="<figure").exists()
    captions = set(Figure.objects.values_list("caption", flat=True))
    assert {"Align left", "Center", "Align right"} <= captions
    assert Article.objects.filter(body__contains="<table>").exists()


@needs_real_exports
def test_both_real_exports_run_twice_without_new_rows():
    for name in ("themeunittestdata.wordpress.xml", "64-block-test-data.xml"):
        import_wxr(path=REAL_EXPORTS / name)
    first = table_counts()
    for name in ("themeunittestdata.wordpress.xml", "64-block-test-data.xml"):
        import_wxr(path=REAL_EXPORTS / name)
    assert table_counts() == first


# Formats and statuses ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "scheme"), [("1.1", "http"), ("1.1", "https"), ("1.2", "http"), ("1.2", "https")]
)
def test_wxr_versions_and_namespace_schemes_are_all_read(write_wxr, version, scheme):
    path = write_wxr(wxr_item(7, "Rilisan Baru", excerpt="Sebuah dek."), version=version, scheme=scheme)

    import_wxr(path=path)

    article = Article.objects.get(wp_post_id=7)
    assert (article.title, article.dek, article.category.slug) == ("Rilisan Baru", "Sebuah dek.", "berita")
    assert article.primary_author.name == "Raka Dewangkara"


def test_wxr_1_1_fixture_imports_post_photo_page_and_skips_menu_item():
    summary = import_wxr(path=FIXTURES / "pophariini-1.1.xml")

    article = Article.objects.get(wp_post_id=101)
    assert article.slug == "ragam-soundtrack-dari-film-backstage"
    assert list(article.tags.names()) == ["Soundtrack"]
    figure = article.figures.get()
    assert (figure.caption, figure.credit) == ("Vanesha dan Sissy Prescillia", "Dok: Paragon Pictures")
    assert article.hero == figure.photo
    assert figure.photo.alt_text == "Vanesha dan Sissy Prescillia bernyanyi"
    assert (figure.photo.caption, figure.photo.credit) == (
        "Sissy dan Vanesha Prescillia.",
        "Foto: Paragon Pictures",
    )
    assert summary.skipped["nav_menu_item"] == 1
    assert Page.objects.get(wp_post_id=301).url == "/tentang-kami/"


def test_imported_tags_are_searchable_after_the_import(write_wxr):
    from articles.search import search_articles

    import_wxr(path=write_wxr(wxr_item(7, "Kabar Musik", tags=("Shoegaze",), content="<p>Ada gitar.</p>")))
    article = Article.objects.get(wp_post_id=7)
    assert list(search_articles("shoegaze")) == [article]
    assert list(search_articles("gitar")) == [article]


def test_an_import_drops_every_stored_related_list(write_wxr):
    """Imported links are bulk rows without signals: older articles' cards are scored again."""
    from articles.models import RelatedSuggestion
    from articles.related import store

    older, other = ArticleFactory(), ArticleFactory()
    store(older.pk, [other.pk], timezone.now())
    import_wxr(path=write_wxr(wxr_item(7, "Kabar Musik", tags=("Shoegaze",))))
    assert not RelatedSuggestion.objects.exists()


def test_statuses_map_to_article_states_and_only_publish_is_public(write_wxr):
    future = (timezone.now() + timedelta(days=3)).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    path = write_wxr(
        wxr_item(1, status="publish"),
        wxr_item(2, status="future", date_gmt=future),
        wxr_item(3, status="draft", date="2021-05-01 09:30:00", date_gmt="0000-00-00 00:00:00"),
        wxr_item(4, status="pending"),
        wxr_item(5, status="private"),
        wxr_item(6, status="publish", password="rahasia"),
    )

    summary = import_wxr(path=path)

    states = {a.wp_post_id: a.status for a in Article.objects.all()}
    assert states == {1: "published", 2: "published", 3: "draft", 4: "review", 5: "draft", 6: "draft"}
    assert list(Article.objects.published().values_list("wp_post_id", flat=True)) == [1]
    assert Article.objects.get(wp_post_id=2).is_scheduled
    assert summary.posts == {
        "published": 1,
        "scheduled": 1,
        "draft": 1,
        "review": 1,
        "private": 1,
        "password": 1,
    }
    assert summary.never_public == 4


def test_scheduled_post_becomes_public_at_its_time(write_wxr):
    future = timezone.now() + timedelta(days=3)
    import_wxr(
        path=write_wxr(wxr_item(2, status="future", date_gmt=f"{future.astimezone(UTC):%Y-%m-%d %H:%M:%S}"))
    )

    assert not Article.objects.published().exists()
    assert Article.objects.published(at=future + timedelta(seconds=1)).get().wp_post_id == 2


def test_publish_time_is_read_as_gmt_and_shown_in_jakarta(write_wxr):
    import_wxr(path=write_wxr(wxr_item(1, date="2022-01-03 10:00:00", date_gmt="2022-01-03 03:00:00")))

    article = Article.objects.get()
    assert article.publish_at == datetime(2022, 1, 3, 3, 0, tzinfo=UTC)
    assert timezone.localtime(article.publish_at).strftime("%H:%M") == "10:00"


def test_draft_without_gmt_date_keeps_its_local_date_and_no_publish_time(write_wxr):
    path = write_wxr(wxr_item(3, status="draft", date="2021-05-01 09:30:00", date_gmt="0000-00-00 00:00:00"))

    import_wxr(path=path)

    draft = Article.objects.get()
    assert draft.publish_at is None
    assert timezone.localtime(draft.created_at).strftime("%Y-%m-%d %H:%M") == "2021-05-01 09:30"


def test_published_post_without_gmt_date_uses_local_post_date(write_wxr):
    import_wxr(path=write_wxr(wxr_item(1, date="2020-02-02 20:00:00", date_gmt="0000-00-00 00:00:00")))

    assert Article.objects.get().publish_at == datetime(2020, 2, 2, 13, 0, tzinfo=UTC)


def test_unknown_author_and_category_are_created(write_wxr):
    path = write_wxr(wxr_item(1, creator="tamu", categories=(("wawancara", "Wawancara"),)))

    summary = import_wxr(path=path)

    article = Article.objects.get()
    assert article.primary_author.wp_login == "tamu"
    assert article.category.name == "Wawancara"
    assert summary.categories_created == 2  # Berita from the channel list, Wawancara from the post


def test_post_without_creator_is_credited_to_one_newsroom_author_on_every_run(write_wxr):
    path = write_wxr(wxr_item(1, creator=""), wxr_item(2, creator=""))

    import_wxr(path=path)
    import_wxr(path=path)

    newsroom = Author.objects.get(wp_login="redaksi")
    assert newsroom.name == "Redaksi"
    assert set(ArticleAuthor.objects.values_list("author", flat=True)) == {newsroom.pk}


def test_post_without_category_goes_to_a_fallback_category(write_wxr):
    import_wxr(path=write_wxr(wxr_item(1, categories=())))

    assert Article.objects.get().category.slug == "lain-lain"


# Content ------------------------------------------------------------------------------------


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


def test_gallery_without_ids_shows_the_images_attached_to_the_post(write_wxr):
    content = 'Galeri konser:\n\n[gallery columns="2"]\n\nLagi:\n\n[gallery]'
    first, second = attachment_item(61, "2020/01/a.jpg"), attachment_item(62, "2020/01/b.jpg")
    first = first.replace("<wp:post_type>", "<wp:post_parent>60</wp:post_parent><wp:post_type>")
    second = second.replace("<wp:post_type>", "<wp:post_parent>60</wp:post_parent><wp:post_type>")
    path = write_wxr(wxr_item(60, content=content), first, second)

    summary = import_wxr(path=path)
    counts = table_counts()
    import_wxr(path=path)

    article = Article.objects.get()
    assert article.body == "<p>Galeri konser:</p><p>[foto 1]</p><p>[foto 2]</p><p>Lagi:</p>"
    assert [f.photo.wp_attachment_id for f in article.figures.all()] == [61, 62]
    assert any("kedua" in warning for warning in summary.warnings)
    assert table_counts() == counts
    assert article.revised_at is None


def test_revision_time_comes_from_wordpress_not_from_the_import(write_wxr):
    modified = "<wp:post_modified_gmt>2022-02-01 05:00:00</wp:post_modified_gmt><wp:post_type>"
    import_wxr(path=write_wxr(wxr_item(1, content="<p>Lama.</p>").replace("<wp:post_type>", modified)))
    import_wxr(path=write_wxr(wxr_item(1, content="<p>Baru.</p>").replace("<wp:post_type>", modified)))

    article = Article.objects.get()
    assert article.body == "<p>Baru.</p>"
    assert article.revised_at == datetime(2022, 2, 1, 5, 0, tzinfo=UTC)


# Photos -------------------------------------------------------------------------------------


def test_attachment_file_is_copied_from_media_dir(write_wxr, uploads):
    uploads("2022/01/panggung.jpg", size=(120, 80))
    path = write_wxr(
        attachment_item(20, "2022/01/panggung.jpg", alt="Band di panggung", excerpt="Konser / Dok: Label"),
        wxr_item(1, meta={"_thumbnail_id": "20"}),
    )

    summary = import_wxr(path=path, media_dir=uploads.root)

    photo = Photo.objects.get(wp_attachment_id=20)
    assert photo.has_file and (photo.width, photo.height) == (120, 80)
    assert (photo.alt_text, photo.caption, photo.credit) == ("Band di panggung", "Konser", "Dok: Label")
    assert Article.objects.get().hero == photo
    assert summary.files_copied == 1 and summary.missing_files == []


def test_image_referenced_before_its_attachment_item_gets_one_photo(write_wxr, uploads):
    uploads("2022/01/awal.jpg")
    content = '<img class="wp-image-30" src="https://www.pophariini.com/wp-content/uploads/2022/01/awal-300x200.jpg">'
    path = write_wxr(wxr_item(1, content=content), attachment_item(30, "2022/01/awal.jpg", alt="Awal"))

    summary = import_wxr(path=path, media_dir=uploads.root)

    photo = Photo.objects.get()
    assert photo.wp_attachment_id == 30 and photo.alt_text == "Awal" and photo.has_file
    assert Figure.objects.get().photo == photo
    assert (summary.photos_created, summary.photos_updated) == (1, 0)
    again = import_wxr(path=path, media_dir=uploads.root)
    assert (again.photos_created, again.photos_updated) == (0, 1)


def test_gif_attachment_is_kept_as_a_png_of_its_first_frame(write_wxr, uploads):
    target = uploads("2015/08/banner.gif", size=(90, 60), fmt="GIF")
    frames = [Image.new("P", (90, 60), colour) for colour in (3, 200)]
    frames[0].save(target, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    path = write_wxr(
        attachment_item(23, "2015/08/banner.gif", alt="Spanduk"), wxr_item(1, meta={"_thumbnail_id": "23"})
    )

    summary = import_wxr(path=path, media_dir=uploads.root)

    photo = Photo.objects.get()
    assert photo.has_file and photo.image.name.endswith(".png")
    assert (photo.width, photo.height) == (90, 60)
    with Image.open(photo.image.path) as stored:
        assert stored.format == "PNG"
    assert summary.files_copied == 1 and summary.missing_files == []
    assert any("banner.gif" in warning and "PNG" in warning for warning in summary.warnings)
    assert Article.objects.get().hero == photo


def test_missing_file_is_reported_and_photo_kept_without_file(write_wxr, uploads):
    path = write_wxr(attachment_item(21, "2021/03/hilang.jpg", alt="Hilang"))

    summary = import_wxr(path=path, media_dir=uploads.root)

    photo = Photo.objects.get()
    assert not photo.has_file and photo.alt_text == "Hilang"
    assert summary.missing_files == ["2021/03/hilang.jpg"]


def test_broken_image_file_is_reported_not_fatal(write_wxr, uploads):
    uploads("2021/03/rusak.jpg", raw=b"not an image at all")
    path = write_wxr(attachment_item(22, "2021/03/rusak.jpg"), wxr_item(1))

    summary = import_wxr(path=path, media_dir=uploads.root)

    assert not Photo.objects.get().has_file
    assert summary.missing_files == ["2021/03/rusak.jpg"]
    assert any("rusak.jpg" in warning for warning in summary.warnings)
    assert Article.objects.count() == 1


def test_attached_file_outside_the_media_dir_is_not_read(write_wxr, uploads, tmp_path):
    Image.new("RGB", (10, 10)).save(tmp_path / "luar.jpg")
    path = write_wxr(attachment_item(23, "../luar.jpg"))

    summary = import_wxr(path=path, media_dir=uploads.root)

    assert not Photo.objects.get().has_file
    assert any("di luar folder media" in warning for warning in summary.warnings)


def test_non_image_attachments_are_skipped_and_counted(write_wxr):
    summary = import_wxr(path=write_wxr(attachment_item(24, "2021/03/lagu.mp3")))

    assert Photo.objects.count() == 0
    assert summary.skipped["lampiran bukan gambar"] == 1


# Old URLs -----------------------------------------------------------------------------------


def answer_404(request):
    return HttpResponseNotFound()


def follow_fallback(path):
    return RedirectFallbackMiddleware(answer_404)(RequestFactory().get(path))


def test_link_path_becomes_the_slug_and_p_links_redirect(write_wxr):
    import_wxr(path=write_wxr(wxr_item(42, link="https://www.pophariini.com/kabar-baik/", name="kabar-baik")))

    assert Article.objects.get().slug == "kabar-baik"
    assert not Redirect.objects.filter(old_path="/kabar-baik/").exists()
    response = follow_fallback("/?p=42")
    assert (response.status_code, response["Location"]) == (301, "/kabar-baik/")


def test_old_p_link_on_the_live_site_redirects_to_the_imported_post(client, write_wxr):
    import_wxr(path=write_wxr(wxr_item(42, link="https://www.pophariini.com/kabar-baik/", name="kabar-baik")))

    response = client.get("/?p=42")

    assert (response.status_code, response["Location"]) == (301, "/kabar-baik/")
    assert client.get("/?p=9999").status_code == 404


def test_dated_permalink_redirects_to_the_new_address(write_wxr):
    import_wxr(path=write_wxr(wxr_item(43, link="https://www.pophariini.com/2019/05/03/judul-lama/")))

    assert Article.objects.get().slug == "judul-lama"
    response = follow_fallback("/2019/05/03/judul-lama/")
    assert (response.status_code, response["Location"]) == (301, "/judul-lama/")


def test_slug_collisions_get_distinct_slugs_and_redirects(write_wxr):
    ArticleFactory(slug="sama")
    path = write_wxr(
        wxr_item(1, link="https://www.pophariini.com/2019/01/sama/"),
        wxr_item(2, link="https://www.pophariini.com/2020/01/sama/"),
        wxr_item(3, link="https://www.pophariini.com/kategori/"),
    )

    import_wxr(path=path)

    slugs = dict(Article.objects.filter(wp_post_id__isnull=False).values_list("wp_post_id", "slug"))
    assert slugs == {1: "sama-2", 2: "sama-3", 3: "kategori-2"}
    assert Redirect.objects.get(old_path="/2020/01/sama/").new_path == "/sama-3/"
    assert Redirect.objects.get(old_path="/kategori/").new_path == "/kategori-2/"


def test_unpublished_posts_get_no_redirect_that_would_reveal_them(write_wxr):
    path = write_wxr(
        wxr_item(1, status="draft", link="https://www.pophariini.com/?p=1"),
        wxr_item(2, status="publish", password="x", link="https://www.pophariini.com/2020/01/rahasia/"),
    )

    import_wxr(path=path)

    assert Redirect.objects.count() == 0


# Pages and other post types -----------------------------------------------------------------


def test_pages_become_sanitised_static_pages_at_their_old_url(client):
    import_wxr(path=FIXTURES / "pophariini-1.1.xml")

    page = Page.objects.get()
    assert (page.title, page.url, page.is_published) == ("Tentang Kami", "/tentang-kami/", True)
    assert page.body == "<p>Pophariini adalah media musik Indonesia.</p><p>Kami menulis tentang musik.</p>"
    response = client.get("/tentang-kami/")
    assert response.status_code == 200
    assert "media musik Indonesia" in response.content.decode()


def test_unpublished_page_is_imported_but_not_published(write_wxr):
    import_wxr(path=write_wxr(wxr_item(9, "Redaksi", post_type="page", status="draft", name="redaksi")))

    page = Page.objects.get()
    assert page.url == "/redaksi/" and not page.is_published


def test_deeply_nested_page_gets_an_address_that_fits(write_wxr):
    link = "https://www.pophariini.com/" + "/".join(["bagian-yang-sangat-panjang-sekali"] * 12) + "/akhir/"
    import_wxr(path=write_wxr(wxr_item(9, "Dalam", post_type="page", link=link)))

    assert Page.objects.get().url == "/akhir/"
    assert (
        Redirect.objects.get(old_path=link.removeprefix("https://www.pophariini.com")).new_path == "/akhir/"
    )


def test_menu_items_and_other_post_types_are_skipped_and_counted(write_wxr):
    path = write_wxr(
        wxr_item(1, post_type="nav_menu_item"),
        wxr_item(2, post_type="nav_menu_item"),
        wxr_item(3, post_type="wp_block"),
        wxr_item(4, post_type="revision", status="inherit"),
    )

    summary = import_wxr(path=path)

    assert Article.objects.count() == 0
    assert summary.skipped == {"nav_menu_item": 2, "wp_block": 1, "revision": 1}


# Idempotency --------------------------------------------------------------------------------


def test_second_run_updates_in_place_without_duplicates(tmp_path, uploads):
    uploads("2022/01/backstage.jpg")
    first = import_wxr(path=FIXTURES / "pophariini-1.1.xml", media_dir=uploads.root)
    counts = table_counts()
    article = Article.objects.get(wp_post_id=101)
    changed = tmp_path / "changed.xml"
    changed.write_text(
        (FIXTURES / "pophariini-1.1.xml").read_text().replace("Ragam Soundtrack", "Aneka Soundtrack")
    )

    second = import_wxr(path=changed, media_dir=uploads.root)

    assert table_counts() == counts
    assert (first.articles_created, second.articles_created, second.articles_updated) == (1, 0, 1)
    article.refresh_from_db()
    assert article.title == "Aneka Soundtrack dari Film Backstage"
    assert second.files_copied == 0 and second.photos_created == 0
    assert Photo.objects.get().has_file


def test_figures_removed_from_a_post_are_removed_on_the_next_run(write_wxr):
    two = '<img src="https://x.test/wp-content/uploads/a.jpg">\n\n<img src="https://x.test/wp-content/uploads/b.jpg">'
    import_wxr(path=write_wxr(wxr_item(1, content=two)))
    import_wxr(path=write_wxr(wxr_item(1, content='<img src="https://x.test/wp-content/uploads/b.jpg">')))

    figure = Figure.objects.get()
    assert (figure.key, figure.photo.source_path) == (1, "b.jpg")
    assert Article.objects.get().body == "<p>[foto 1]</p>"


# Safety -------------------------------------------------------------------------------------


def test_billion_laughs_is_refused_quickly():
    started = time.monotonic()
    with pytest.raises(WxrUnsafeError, match="DOCTYPE"):
        import_wxr(path=FIXTURES / "billion-laughs.xml")

    assert time.monotonic() - started < 1
    assert Article.objects.count() == 0


def test_external_entity_is_refused_without_reading_the_file(tmp_path):
    secret = tmp_path / "rahasia.txt"
    secret.write_text("KATA-SANDI-RAHASIA")
    path = tmp_path / "xxe.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY bocor SYSTEM "' + secret.as_uri() + '">]>\n'
        '<rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><wp:wxr_version>1.2</wp:wxr_version><item><title>&bocor;</title>"
        "<wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>"
        "</channel></rss>"
    )

    with pytest.raises(WxrUnsafeError):
        import_wxr(path=path)

    assert not Article.objects.filter(title__contains="RAHASIA").exists()
    assert Article.objects.count() == 0


def test_malformed_xml_names_the_line_and_imports_nothing(uploads):
    with pytest.raises(WxrError, match=r"baris 20"):
        import_wxr(path=FIXTURES / "malformed.xml", media_dir=uploads.root)

    assert table_counts()["Article"] == 0
    assert Author.objects.count() == 0


def test_files_copied_before_a_failure_are_deleted(tmp_path, uploads):
    uploads("2022/01/backstage.jpg")
    broken = tmp_path / "broken.xml"
    broken.write_text((FIXTURES / "pophariini-1.1.xml").read_text().replace("</channel>", "<item></channel>"))
    media_root = Path(settings.MEDIA_ROOT)

    with pytest.raises(WxrError):
        import_wxr(path=broken, media_dir=uploads.root)

    assert Photo.objects.count() == 0
    assert not [p for p in media_root.rglob("*") if p.is_file()]


def test_a_file_that_is_not_a_wordpress_export_is_refused(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text('<?xml version="1.0"?><rss><channel><item><title>x</title></item></channel></rss>')

    with pytest.raises(WxrError, match="bukan berkas ekspor WordPress"):
        import_wxr(path=path)


def test_dry_run_reports_but_writes_nothing(uploads):
    uploads("2022/01/backstage.jpg")

    summary = import_wxr(path=FIXTURES / "pophariini-1.1.xml", media_dir=uploads.root, dry_run=True)

    assert summary.dry_run and summary.articles_created == 1 and summary.files_copied == 1
    assert set(table_counts().values()) == {0}
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


# The command --------------------------------------------------------------------------------


def test_command_prints_a_summary():
    out = StringIO()

    call_command("import_wordpress", str(FIXTURES / "pophariini-1.1.xml"), stdout=out)

    text = out.getvalue()
    assert "Impor selesai." in text
    assert "Artikel: 1 (1 baru, 0 diperbarui)" in text
    assert "Halaman statis: 1 terbit" in text
    assert "1 berkas hilang" in text
    assert "nav_menu_item: 1" in text


def test_command_dry_run_says_nothing_was_saved():
    out = StringIO()

    call_command("import_wordpress", str(FIXTURES / "pophariini-1.1.xml"), "--dry-run", stdout=out)

    assert "tidak ada yang disimpan" in out.getvalue()
    assert Article.objects.count() == 0


def test_command_lists_missing_files_when_verbose():
    out = StringIO()

    call_command("import_wordpress", str(FIXTURES / "pophariini-1.1.xml"), verbosity=2, stdout=out)

    assert "berkas hilang: 2022/01/backstage.jpg" in out.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tidak-ada.xml"], "Berkas tidak ditemukan"),
        ([str(FIXTURES / "pophariini-1.1.xml"), "--media-dir", "tidak-ada"], "Folder media tidak ditemukan"),
        ([str(FIXTURES / "malformed.xml")], "XML rusak di baris 20"),
        ([str(FIXTURES / "billion-laughs.xml")], "DOCTYPE"),
    ],
)
def test_command_fails_with_a_one_line_error(args, message):
    with pytest.raises(CommandError, match=message) as error:
        call_command("import_wordpress", *args)

    assert "\n" not in str(error.value)
    assert Article.objects.count() == 0


def test_command_reports_a_database_error_in_one_line(monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed: articles_article.slug\nDETAIL: more")

    monkeypatch.setattr(Article, "save", broken_save)

    with pytest.raises(CommandError, match="tidak ada yang diimpor: UNIQUE constraint failed") as error:
        call_command("import_wordpress", str(FIXTURES / "pophariini-1.1.xml"), stdout=StringIO())

    assert "\n" not in str(error.value)


def test_command_help_explains_in_plain_words():
    text = ImportCommand().create_parser("manage.py", "import_wordpress").format_help()

    assert "WordPress export" in text and "--media-dir" in text and "--dry-run" in text


def test_progress_bar_is_drawn_only_on_a_terminal(monkeypatch):
    drawn = StringIO()
    bar = ProgressBar(drawn, width=10)

    bar(50, 100)
    bar(100, 100)

    assert drawn.getvalue().endswith("\r[##########] 100%")
    monkeypatch.setattr("sys.stderr", StringIO())  # not a terminal: nothing but the summary
    call_command("import_wordpress", str(FIXTURES / "pophariini-1.1.xml"), stdout=StringIO())
    assert "[" not in sys.stderr.getvalue()


def test_import_invalidates_cached_pages_once_not_per_save(write_wxr, monkeypatch):
    bumps = []
    monkeypatch.setattr(page_cache, "_bump", lambda **kwargs: bumps.append(kwargs))

    import_wxr(path=write_wxr(wxr_item(1, tags=("Indie",)), wxr_item(2), attachment_item(3, "2020/01/a.jpg")))

    assert Article.objects.count() == 2
    assert len(bumps) == 1
