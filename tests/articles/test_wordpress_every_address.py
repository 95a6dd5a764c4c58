"""Every address of the theme-test export answers after an import: posts, pages, attachments, terms, authors."""

from urllib.parse import quote, unquote_to_bytes, urlsplit

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.test import override_settings
from PIL import Image

from articles.models import Article
from articles.wordpress import import_wxr
from articles.wordpress.wxr import WxrReader
from pophariini.models import Photo
from tests.articles.wordpress_exports import REAL_EXPORTS, needs_real_exports
from tests.shared_rows import rows_for_the_module

pytestmark = pytest.mark.django_db

EXPORT = REAL_EXPORTS / "themeunittestdata.wordpress.xml"


def read_export():
    """The export's items and its channel's categories, tags and authors, read by the importer's own reader."""
    items, terms = [], {"category": [], "tag": [], "author": []}
    for kind, record in WxrReader(EXPORT):
        if kind == "item":
            items.append(record)
        elif kind in terms:
            terms[kind].append(record)
    return items, terms


def uploaded_file(item):
    return item.meta.get("_wp_attached_file") or urlsplit(item.attachment_url).path.lstrip("/")


def is_image(item):
    return item.post_type == "attachment" and uploaded_file(item).lower().endswith((".jpg", ".png", ".gif"))


def old_path(link):
    parts = urlsplit(link)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def term_paths(terms):
    parents = {c["category_nicename"]: c.get("category_parent", "") for c in terms["category"]}

    def nested(nicename):
        return (nested(parents[nicename]) if parents.get(nicename) else "") + f"{nicename}/"

    return (
        [f"/category/{nested(name)}" for name in parents],
        [f"/tag/{tag['tag_slug']}/" for tag in terms["tag"]],
        [f"/author/{author['author_login']}/" for author in terms["author"]],
    )


def answer(client, path):
    """(status, where a 301 leads, that page's status); a path is sent as a browser sends it."""
    base, _, query = path.partition("?")
    # The test client would read "//greek/…" as a host: the raw path goes in PATH_INFO.
    raw = unquote_to_bytes(base).decode("iso-8859-1")  # as a WSGI server passes it
    response = client.get(base, QUERY_STRING=query, PATH_INFO=raw)
    if response.status_code != 301:
        return response.status_code, "", None
    location = response["Location"]
    if location.startswith(settings.MEDIA_URL):
        # The test server serves no media: the file must be in storage.
        return (
            301,
            location,
            200 if default_storage.exists(location.removeprefix(settings.MEDIA_URL)) else 404,
        )
    follow = client.get(location) if location.startswith("/") and not location.startswith("//") else None
    return 301, location, follow.status_code if follow else None


@pytest.fixture(scope="module")
def imported_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    """The export imported with a file for every attachment, as the old site's uploads folder holds.

    Once for the module (its tests only read): the import of the whole export takes seconds.
    """
    # The tests look at addresses, statuses and whether a photo's file is stored, never at its
    # size. The import makes a WebP rendition of each photo per width below its own
    # (pophariini.renditions): 400x225 makes two (320 and 400), a resize among them, where
    # 1600x900 made four from sixteen times the pixels, and this setup took 21 s, not 5.
    uploads = tmp_path_factory.mktemp("uploads")
    media = tmp_path_factory.mktemp("media")
    items, terms = read_export()
    for item in items:
        if is_image(item):
            name = uploaded_file(item)
            fmt = {"png": "PNG", "gif": "GIF"}.get(name.rsplit(".", 1)[-1].lower(), "JPEG")
            target = uploads / name
            target.parent.mkdir(parents=True, exist_ok=True)
            Image.new("RGB", (400, 225), (10, 120, 200)).save(target, fmt)
    with rows_for_the_module(django_db_blocker):
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
            import_wxr(path=EXPORT, media_dir=uploads)
        yield media, (items, terms)


@pytest.fixture
def imported(imported_rows, settings):
    media, imported = imported_rows
    settings.MEDIA_ROOT = media  # where the import put the photos
    return imported


@needs_real_exports
def test_every_post_page_and_attachment_address_answers_or_stays_private(client, imported):
    items, _ = imported
    public_parents = {
        item.post_id
        for item in items
        if item.post_type in ("post", "page") and item.status == "publish" and not item.password
    }
    private = []
    for item in items:
        if item.post_type not in ("post", "page", "attachment"):
            continue
        path = old_path(item.link)
        status, location, final = answer(client, path)
        public = item.status == "publish" and not item.password
        if item.post_type == "attachment":
            # A public parent, else the photo's file; a video attached to nothing was not kept.
            public = item.parent in public_parents or is_image(item)
        if public:
            assert status == 200 or (status == 301 and final == 200), (path, status, location, final)
        else:
            private.append(path)
            assert status != 200 and final != 200, (path, status, location, final)
        if item.post_type == "attachment" and item.parent in public_parents:
            # To the post or page itself, not to the photo.
            parent = old_path(next(p for p in items if p.post_id == item.parent).link)
            parent_status, parent_location, _ = answer(client, parent)
            assert location == (parent_location if parent_status == 301 else parent), path
    attachments = [item for item in items if item.post_type == "attachment"]
    assert len(attachments) == 37 and len(private) == 4
    assert "/?attachment_id=1690" in private  # besides the draft, the password one, the scheduled one


@needs_real_exports
def test_attachment_pages_go_to_their_post_or_to_the_photo_file(client, imported):
    gallery = "/2010/09/10/post-format-gallery/"
    assert answer(client, f"{gallery}dsc20050315_145007_132-2/")[1:] == ("/post-format-gallery/", 200)
    # The same page under the old site's /%postname%/ permalinks, and by its id.
    assert answer(client, "/post-format-gallery/dsc20050315_145007_132-2/")[1] == "/post-format-gallery/"
    assert answer(client, "/?attachment_id=1691")[1] == "/post-format-gallery/"
    # Attached to a page: the page.
    assert answer(client, "/about/clearing-floats/spectacles-2/")[1:] == ("/about/clearing-floats/", 200)
    # Attached to nothing: the photo's file.
    photo = Photo.objects.get(wp_attachment_id=1686)
    assert answer(client, "/?attachment_id=1686")[1] == photo.image.url
    # An audio file is no photo: its page goes to its post.
    audio = "/2010/07/02/post-format-audio/originaldixielandjazzbandwithalbernard-stlouisblues/"
    assert answer(client, audio)[1:] == ("/post-format-audio/", 200)
    assert answer(client, "/?attachment_id=821")[1] == "/post-format-audio/"


@needs_real_exports
def test_every_category_tag_and_author_address_answers(client, imported):
    items, terms = imported
    categories, tags, authors = term_paths(terms)
    published = {item.post_id for item in items if item.post_type == "post"} & set(
        Article.objects.published().values_list("wp_post_id", flat=True)
    )
    public_tags = {
        f"/tag/{quote(nicename)}/"
        for item in items
        if item.post_id in published
        for domain, nicename, _ in item.terms
        if domain == "post_tag"
    }
    for path in categories + authors + [path for path in tags if path in public_tags]:
        status, location, final = answer(client, path)
        assert status == 200 or (status == 301 and final == 200), (path, status, location, final)
    # Tags no published post carries stay unknown to readers, as on the new site.
    for path in set(tags) - public_tags:
        assert answer(client, path)[0] == 404, path
    assert len(categories) == 68 and len(authors) == 2 and len(public_tags) > 40
