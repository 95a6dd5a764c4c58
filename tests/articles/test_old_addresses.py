"""Old WordPress addresses that are not stored redirects: AMP, comment feeds, feed variants, uploads."""

import pytest

from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory, image_upload

pytestmark = pytest.mark.django_db


def redirect_target(client, path):
    response = client.get(path)
    assert response.status_code == 301, (path, response.status_code)
    return response["Location"]


@pytest.mark.parametrize("suffix", ["amp/", "feed/"])
def test_amp_and_comment_feed_addresses_go_to_the_published_article(client, suffix):
    ArticleFactory(slug="ragam-soundtrack")
    assert redirect_target(client, f"/ragam-soundtrack/{suffix}") == "/ragam-soundtrack/"


@pytest.mark.parametrize("trait", ["draft", "review", "scheduled"])
@pytest.mark.parametrize("suffix", ["amp/", "feed/"])
def test_amp_and_comment_feed_addresses_of_unpublished_articles_are_not_found(client, trait, suffix):
    ArticleFactory(slug="rahasia", **{trait: True})
    assert client.get(f"/rahasia/{suffix}").status_code == 404
    assert client.get(f"/tidak-ada/{suffix}").status_code == 404


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/feed/rss2/", "/feed/"),
        ("/feed/atom/", "/feed/"),
        ("/feed/rdf/", "/feed/"),
        ("/kategori/berita/feed/rss2/", "/kategori/berita/feed/"),
    ],
)
def test_feed_variants_go_to_the_one_feed(client, path, target):
    assert redirect_target(client, path) == target


@pytest.mark.parametrize("query", ["feed=rss2", "feed=atom", "feed=comments-rss2"])
def test_query_string_feeds_go_to_the_site_feed(client, query):
    assert redirect_target(client, f"/?{query}") == "/feed/"
    assert client.get("/feed/").status_code == 200


def test_tag_pages_of_wordpress_keep_working(client):
    assert redirect_target(client, "/tag/indie/page/2/") == "/tag/indie/?page=2"


def test_an_upload_goes_to_the_photos_current_file(client):
    photo = PhotoFactory(image=image_upload(width=1600, height=900), source_path="2019/05/vanesha.jpg")
    assert redirect_target(client, "/wp-content/uploads/2019/05/vanesha.jpg") == photo.image.url


def test_a_resized_upload_goes_to_the_nearest_rendition_at_least_as_wide(client):
    PhotoFactory(image=image_upload(width=1600, height=900), source_path="2019/05/vanesha.jpg")
    target = redirect_target(client, "/wp-content/uploads/2019/05/vanesha-600x338.jpg")
    assert target.endswith("-640w.webp")
    assert redirect_target(client, "/wp-content/uploads/2019/05/vanesha-1024x576.jpg").endswith("-1200w.webp")


def test_a_resized_copy_imported_as_its_own_photo_goes_to_that_photo(client):
    photo = PhotoFactory(image=image_upload(width=300, height=200), source_path="2019/05/kecil-300x200.jpg")
    assert redirect_target(client, "/wp-content/uploads/2019/05/kecil-300x200.jpg") == photo.image.url


def test_unknown_uploads_and_photos_without_a_file_are_not_found(client):
    PhotoFactory(image=None, source_path="2019/05/hilang.jpg")
    assert client.get("/wp-content/uploads/2019/05/hilang.jpg").status_code == 404
    assert client.get("/wp-content/uploads/2019/05/tidak-ada-300x200.jpg").status_code == 404
    assert client.get("/wp-content/uploads/2019/05/a%00.jpg").status_code == 404


def test_uploads_on_object_storage_go_to_the_storage_url(client, settings):
    photo = PhotoFactory(image=image_upload(width=800, height=600), source_path="2020/01/poster.png")
    settings.MEDIA_URL = "https://cdn.pophariini.example/media/"
    assert redirect_target(client, "/wp-content/uploads/2020/01/poster.png") == (
        f"https://cdn.pophariini.example/media/{photo.image.name}"
    )


def test_an_author_address_by_wordpress_login_goes_to_the_author_page(client):
    author = AuthorFactory(name="Raka Dewangkara", wp_login="raka")
    assert (
        redirect_target(client, "/author/raka/") == author.get_absolute_url() == "/penulis/raka-dewangkara/"
    )
    assert redirect_target(client, "/author/raka/feed/") == "/penulis/raka-dewangkara/feed/"
    assert redirect_target(client, "/author/raka-dewangkara/?page=2") == "/penulis/raka-dewangkara/?page=2"
    assert client.get("/author/raka/", follow=True).status_code == 200
