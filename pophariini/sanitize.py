"""The one HTML allowlist for rich text, applied on every save (admin, import, seed, shell).

What survives: paragraphs, line breaks, h2-h4 headings, emphasis, links (http, https,
mailto, site-relative), block quotes, lists, tables and horizontal rules. Figures and
embeds are not HTML in the stored body: a figure is a ``[foto N]`` paragraph and an
embed is a bare URL alone in its paragraph; both become markup only when rendered.
Everything else (scripts, styles, event handlers, iframes, forms, objects, SVG,
``javascript:`` and ``data:`` URLs, classes and inline styles) is removed.
"""

import html
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "em", "u", "s", "sub", "sup",
    "a", "blockquote", "ul", "ol", "li", "hr",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel", "target"},
    "ol": {"start"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# The rich-text editor offers exactly what the allowlist keeps, so a body opened and
# saved unchanged in the admin comes back unchanged.
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "HardBreak": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": True, "protocols": ["http", "https", "mailto"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
}

_body_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel=None,
    strip_comments=True,
)


# The editor writes <strong> and <em>; old markup's <b> and <i> become the same.
_LEGACY_TAGS = re.compile(r"<(/?)(b|i)(?=[\s>/])", re.IGNORECASE)


def _modern_tag(match):
    return f"<{match.group(1)}{'strong' if match.group(2).lower() == 'b' else 'em'}"


def clean_html(html: str) -> str:
    """Return ``html`` reduced to the rich-text allowlist."""
    if not html:
        return ""
    cleaned = _body_cleaner.clean(_LEGACY_TAGS.sub(_modern_tag, html)).strip()
    # ProseMirror saves an empty document as one empty paragraph.
    if cleaned in {"<p></p>", "<p><br></p>"}:
        return ""
    return cleaned


def clean_text(text: str) -> str:
    """Reduce a plain-text field (titles, captions, credits, deks, names) to its text.

    Entities are decoded and tags dropped until neither changes anything, so the stored
    value holds ``&`` rather than ``&amp;`` and no tag at all: ``&lt;script&gt;`` (even
    encoded twice) is decoded and then removed like ``<script>``, never stored live. A
    ``<`` that starts no tag ("aku <3 kamu") stays. Templates escape the text on output.
    """
    if not text:
        return ""
    for _round in range(5):
        cleaned = html.unescape(_strip_tags(html.unescape(text)))
        if cleaned == text:
            break
        text = cleaned
    else:
        # Still changing after five rounds: only a crafted value nests that deep.
        text = _strip_tags(text).replace("<", "").replace(">", "")
    return " ".join(text.split())


def _strip_tags(text):
    return nh3.clean(text, tags=set(), clean_content_tags={"script", "style"})
