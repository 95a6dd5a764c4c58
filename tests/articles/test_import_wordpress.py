"""The WordPress import end to end: real exports, statuses and dates, re-runs, all or nothing."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, Figure
from articles.wordpress import WxrError, import_wxr
from pophariini import cache as page_cache
from pophariini.models import Page, Photo
from tests.articles.wordpress_exports import (
    FIXTURES,
    REAL_EXPORTS,
    attachment_item,
    needs_real_exports,
    table_counts,
    wxr_item,
)
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


# Real exports -----------------------------------------------------------------------------


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


def test_import_invalidates_cached_pages_once_not_per_save(write_wxr, monkeypatch):
    bumps = []
    monkeypatch.setattr(page_cache, "_bump", lambda **kwargs: bumps.append(kwargs))

    import_wxr(path=write_wxr(wxr_item(1, tags=("Indie",)), wxr_item(2), attachment_item(3, "2020/01/a.jpg")))

    assert Article.objects.count() == 2
    assert len(bumps) == 1


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


def test_revision_time_comes_from_wordpress_not_from_the_import(write_wxr):
    modified = "<wp:post_modified_gmt>2022-02-01 05:00:00</wp:post_modified_gmt><wp:post_type>"
    import_wxr(path=write_wxr(wxr_item(1, content="<p>Lama.</p>").replace("<wp:post_type>", modified)))
    import_wxr(path=write_wxr(wxr_item(1, content="<p>Baru.</p>").replace("<wp:post_type>", modified)))

    article = Article.objects.get()
    assert article.body == "<p>Baru.</p>"
    assert article.revised_at == datetime(2022, 2, 1, 5, 0, tzinfo=UTC)


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


# Idempotency ------------------------------------------------------------------------------


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


# All or nothing ---------------------------------------------------------------------------


def test_files_copied_before_a_failure_are_deleted(tmp_path, uploads):
    uploads("2022/01/backstage.jpg")
    broken = tmp_path / "broken.xml"
    broken.write_text((FIXTURES / "pophariini-1.1.xml").read_text().replace("</channel>", "<item></channel>"))
    media_root = Path(settings.MEDIA_ROOT)

    with pytest.raises(WxrError):
        import_wxr(path=broken, media_dir=uploads.root)

    assert Photo.objects.count() == 0
    assert not [p for p in media_root.rglob("*") if p.is_file()]


def test_dry_run_reports_but_writes_nothing(uploads):
    uploads("2022/01/backstage.jpg")

    summary = import_wxr(path=FIXTURES / "pophariini-1.1.xml", media_dir=uploads.root, dry_run=True)

    assert summary.dry_run and summary.articles_created == 1 and summary.files_copied == 1
    assert set(table_counts().values()) == {0}
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
