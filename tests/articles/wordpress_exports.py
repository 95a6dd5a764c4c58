"""WXR exports written for the WordPress import tests, and the real exports kept beside the project."""

from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from django.conf import settings

from articles.models import Article, ArticleAuthor, Author, Category, Figure, TaggedArticle
from pophariini.models import Page, Photo, Redirect

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
    parent=0,
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
  <wp:post_parent>{parent}</wp:post_parent>
  {terms}{postmeta}
</item>"""


def attachment_item(post_id, path, *, alt="", excerpt="", parent=0, link=None, name=None):
    return wxr_item(
        post_id,
        path.rsplit("/", 1)[-1],
        parent=parent,
        link=link if link is not None else f"https://www.pophariini.com/?attachment_id={post_id}",
        name=name,
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


def table_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Article, ArticleAuthor, Author, Category, Figure, Photo, Redirect, Page, TaggedArticle)
    }
