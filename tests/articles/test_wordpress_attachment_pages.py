"""Old WordPress attachment pages: to their post or page while it is public, else to the photo's file."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.wordpress import import_wxr
from pophariini.models import Page, Photo, Redirect
from tests.articles.wordpress_exports import attachment_item, table_counts, wxr_item

pytestmark = pytest.mark.django_db

SITE = "https://www.pophariini.com"


def location(client, path):
    response = client.get(path)
    assert response.status_code == 301, (path, response.status_code)
    return response["Location"]


def stage_photo(post_id=11, *, parent=10, name="foto-panggung", parent_path="/kabar-baik/"):
    """An attachment of ``parent`` whose page WordPress served under the post's address."""
    return attachment_item(
        post_id,
        "2019/05/panggung.jpg",
        parent=parent,
        name=name,
        link=f"{SITE}{parent_path}{name}/" if parent else f"{SITE}/?attachment_id={post_id}",
    )


@pytest.fixture
def import_with_files(write_wxr, uploads):
    uploads("2019/05/panggung.jpg", size=(1600, 900))

    def run(*items):
        return import_wxr(path=write_wxr(*items), media_dir=uploads.root)

    return run


def test_attachment_page_goes_to_its_published_post_by_every_old_address(client, import_with_files):
    post = wxr_item(10, link=f"{SITE}/2019/05/03/kabar-baik/", name="kabar-baik")
    import_with_files(post, stage_photo(parent_path="/2019/05/03/kabar-baik/"))

    assert Photo.objects.get().wp_parent_id == 10
    for path in (
        "/2019/05/03/kabar-baik/foto-panggung/",  # its <link>
        "/kabar-baik/foto-panggung/",  # the same page under /%postname%/ permalinks
        "/?attachment_id=11",
    ):
        assert location(client, path) == "/kabar-baik/"
    assert client.get("/kabar-baik/").status_code == 200


def test_a_numeric_attachment_name_is_reached_through_attachment(client, import_with_files):
    import_with_files(wxr_item(10, name="kabar-baik"), stage_photo(name="2"))

    assert location(client, "/kabar-baik/attachment/2/") == "/kabar-baik/"


@pytest.mark.parametrize(
    "state",
    [
        {"status": "draft", "date_gmt": "0000-00-00 00:00:00"},
        {"status": "pending"},
        {"status": "private"},
        {"status": "publish", "password": "rahasia"},
        {"status": "future", "date_gmt": "2100-01-01 00:00:00"},
    ],
)
def test_attachment_of_a_post_readers_cannot_see_goes_to_the_photo_never_to_the_post(
    client, import_with_files, state
):
    import_with_files(wxr_item(10, name="rahasia", **state), stage_photo(parent_path="/rahasia/"))
    photo = Photo.objects.get()

    for path in ("/rahasia/foto-panggung/", "/?attachment_id=11"):
        assert location(client, path) == photo.image.url
    assert not Redirect.objects.filter(new_path__contains="rahasia").exists()


def test_the_answer_follows_publication_at_request_time(client, import_with_files):
    import_with_files(wxr_item(10, name="kabar-baik", status="draft"), stage_photo())
    photo, article = Photo.objects.get(), Article.objects.get()
    assert location(client, "/kabar-baik/foto-panggung/") == photo.image.url

    article.status, article.publish_at = Article.Status.PUBLISHED, timezone.now() - timedelta(minutes=1)
    article.save()
    assert location(client, "/kabar-baik/foto-panggung/") == "/kabar-baik/"

    article.status = Article.Status.DRAFT
    article.save()
    assert location(client, "/kabar-baik/foto-panggung/") == photo.image.url


def test_attachment_of_a_page_goes_to_the_page_while_it_is_published(client, import_with_files):
    page = wxr_item(20, "Tentang", post_type="page", link=f"{SITE}/tentang/tim/", name="tim")
    import_with_files(page, stage_photo(parent=20, parent_path="/tentang/tim/"))

    assert location(client, "/tentang/tim/foto-panggung/") == "/tentang/tim/"
    Page.objects.update(is_published=False)
    assert location(client, "/tentang/tim/foto-panggung/") == Photo.objects.get().image.url


def test_attachment_without_a_public_post_or_a_file_is_not_found(client, write_wxr):
    import_wxr(
        path=write_wxr(wxr_item(10, name="rahasia", status="draft"), stage_photo(parent_path="/rahasia/"))
    )

    assert not Photo.objects.get().has_file
    assert client.get("/rahasia/foto-panggung/").status_code == 404
    assert client.get("/?attachment_id=11").status_code == 404


def test_a_file_that_is_no_photo_sends_its_page_to_the_post(client, write_wxr):
    audio = attachment_item(12, "2019/05/lagu.mp3", parent=10, name="lagu", link=f"{SITE}/kabar-baik/lagu/")
    import_wxr(path=write_wxr(wxr_item(10, name="kabar-baik"), audio))

    assert not Photo.objects.exists()
    assert location(client, "/kabar-baik/lagu/") == "/kabar-baik/"
    assert location(client, "/?attachment_id=12") == "/kabar-baik/"
    Article.objects.update(status=Article.Status.DRAFT)
    assert client.get("/kabar-baik/lagu/").status_code == 404
    assert client.get("/?attachment_id=12").status_code == 404


def test_an_attachment_never_takes_the_address_of_a_post_or_a_page(client, import_with_files):
    post = wxr_item(10, link=f"{SITE}/2019/05/03/kabar-baik/", name="kabar-baik")
    # Odd exports exist: an attachment whose link is a post's or a page's own address.
    twin = attachment_item(11, "2019/05/panggung.jpg", parent=10, link=f"{SITE}/2019/05/03/kabar-baik/")
    page = wxr_item(20, "Tim", post_type="page", link=f"{SITE}/tentang/tim/", name="tim")
    other = attachment_item(13, "2019/05/panggung.jpg", link=f"{SITE}/tentang/tim/")

    import_with_files(twin, post, page, other)
    import_with_files(twin, post, page, other)

    assert location(client, "/2019/05/03/kabar-baik/") == "/kabar-baik/"
    assert client.get("/tentang/tim/").status_code == 200


def test_a_second_import_writes_no_new_rows_and_follows_a_new_parent(client, import_with_files):
    items = [wxr_item(10, name="kabar-baik"), wxr_item(30, name="kabar-lain"), stage_photo()]
    import_with_files(*items)
    counts, rows = table_counts(), set(Redirect.objects.values_list("old_path", "new_path"))

    import_with_files(*items)
    assert table_counts() == counts
    assert set(Redirect.objects.values_list("old_path", "new_path")) == rows

    import_with_files(*items[:2], stage_photo(parent=30, parent_path="/kabar-lain/"))
    assert location(client, "/kabar-lain/foto-panggung/") == "/kabar-lain/"
    assert location(client, "/?attachment_id=11") == "/kabar-lain/"


def test_a_cached_home_page_never_answers_for_an_attachment_id(client, import_with_files):
    import_with_files(wxr_item(10, name="kabar-baik"), stage_photo())

    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200  # now from the page cache
    assert location(client, "/?attachment_id=11") == "/kabar-baik/"
    assert location(client, "/?attachment_id=11&utm_source=x") == "/kabar-baik/"


@pytest.mark.parametrize(
    "value",
    ["abc", "", "-1", "1.5", "12abc", "²", "١٢", "9" * 19, "9" * 400, "0", "99999", "11%00", " 11"],
)
def test_bad_or_unknown_attachment_ids_are_a_normal_not_found(client, import_with_files, value):
    import_with_files(wxr_item(10, name="kabar-baik"), stage_photo())

    response = client.get(f"/?attachment_id={value}")

    assert response.status_code == 404
    assert client.get(f"/?p={value}").status_code == 404
