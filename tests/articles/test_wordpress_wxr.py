"""Reading WordPress exports: every WXR version and namespace scheme, and the files that are refused."""

import time

import pytest

from articles.models import Article, Author
from articles.wordpress import import_wxr
from articles.wordpress.wxr import WxrError, WxrUnsafeError
from tests.articles.wordpress_exports import FIXTURES, table_counts, wxr_item

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("version", "scheme"), [("1.1", "http"), ("1.1", "https"), ("1.2", "http"), ("1.2", "https")]
)
def test_wxr_versions_and_namespace_schemes_are_all_read(write_wxr, version, scheme):
    path = write_wxr(wxr_item(7, "Rilisan Baru", excerpt="Sebuah dek."), version=version, scheme=scheme)

    import_wxr(path=path)

    article = Article.objects.get(wp_post_id=7)
    assert (article.title, article.dek, article.category.slug) == ("Rilisan Baru", "Sebuah dek.", "berita")
    assert article.primary_author.name == "Raka Dewangkara"


# Safety -----------------------------------------------------------------------------------


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


def test_a_file_that_is_not_a_wordpress_export_is_refused(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text('<?xml version="1.0"?><rss><channel><item><title>x</title></item></channel></rss>')

    with pytest.raises(WxrError, match="bukan berkas ekspor WordPress"):
        import_wxr(path=path)
