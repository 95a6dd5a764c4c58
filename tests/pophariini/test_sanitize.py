"""The rich-text allowlist: what an editor may write survives, nothing dangerous does."""

import pytest
from django_prose_editor.config import allowlist_from_extensions

from pophariini.sanitize import ALLOWED_TAGS, EDITOR_EXTENSIONS, clean_html, clean_text

KEPT = [
    "<p>Paragraf dengan <strong>tebal</strong>, <em>miring</em>, <u>garis</u> dan <s>coret</s>.</p>",
    "<h2>Subjudul</h2><h3>Lebih kecil</h3><h4>Terkecil</h4>",
    "<blockquote><p>Kutipan narasumber.</p></blockquote>",
    '<ul><li>satu</li><li>dua</li></ul><ol start="3"><li>tiga</li></ol>',
    '<table><tbody><tr><th colspan="2">Judul</th></tr><tr><td>a</td><td rowspan="1">b</td></tr></tbody></table>',
    '<p><a href="https://pophariini.com/lagu/" title="Lagu">tautan</a> dan <a href="/artis/mocca/">lokal</a></p>',
    "<p>[foto 3]</p>",
    "<p>https://www.youtube.com/watch?v=dQw4w9WgXcQ</p>",
    "<p>baris<br>baru</p><hr>",
]

XSS = [
    ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
    ('<p onclick="alert(1)">ok</p>', "<p>ok</p>"),
    ('<p><a href="javascript:alert(1)">x</a></p>', "<p><a>x</a></p>"),
    ('<p><a href="data:text/html;base64,PHNjcmlwdD4=">x</a></p>', "<p><a>x</a></p>"),
    ('<iframe src="https://evil.example/"></iframe><p>ok</p>', "<p>ok</p>"),
    ('<form action="/x"><input name="a"></form><p>ok</p>', "<p>ok</p>"),
    ('<object data="x.swf"></object><embed src="x"><p>ok</p>', "<p>ok</p>"),
    ('<svg onload="alert(1)"><circle/></svg><p>ok</p>', "<p>ok</p>"),
    ("<style>body{display:none}</style><p>ok</p>", "<p>ok</p>"),
    ('<p style="position:fixed" class="x">ok</p>', "<p>ok</p>"),
    ('<img src="x" onerror="alert(1)"><p>ok</p>', "<p>ok</p>"),
]


@pytest.mark.parametrize("html", KEPT)
def test_allowed_markup_survives_unchanged(html):
    assert clean_html(html) == html


@pytest.mark.parametrize(("dirty", "clean"), XSS)
def test_dangerous_markup_is_removed(dirty, clean):
    assert clean_html(dirty) == clean


def test_cleaning_is_idempotent():
    dirty = "<p><b>x</b><script>y</script><i>z</i></p>"
    once = clean_html(dirty)
    assert once == "<p><strong>x</strong><em>z</em></p>"
    assert clean_html(once) == once


def test_empty_editor_document_becomes_empty_string():
    assert clean_html("<p></p>") == ""
    assert clean_html("") == ""


def test_editor_offers_every_tag_the_allowlist_keeps():
    """Otherwise the editor would silently drop stored markup on the next save."""
    editor_tags = allowlist_from_extensions(EDITOR_EXTENSIONS)["tags"]
    assert editor_tags >= ALLOWED_TAGS


def test_plain_text_fields_lose_tags_and_keep_characters():
    assert clean_text("Dok: <b>Paragon</b> &amp; Co <script>x</script>") == "Dok: Paragon & Co"
