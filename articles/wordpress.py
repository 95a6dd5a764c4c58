"""WordPress (WXR) import: a streaming, entity-refusing reader and the service that maps it onto the site.

The whole import runs in one database transaction: a file that turns out to be broken
half-way leaves no partial import behind (and the files copied so far are deleted).
Running the same file again updates every row in place, keyed by WordPress ids.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from xml.parsers import expat
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from taggit.models import Tag

from articles.models import RESERVED_SLUGS, Article, ArticleAuthor, Author, Category, Figure, TaggedArticle
from articles.related import forget_all as forget_all_related
from articles.search import refresh_search_text
from pophariini.cache import invalidation_batch
from pophariini.models import Page, Photo, Redirect
from pophariini.photos import still_from_gif
from pophariini.sanitize import clean_html, clean_text
from pophariini.slugs import slug_from

CHUNK_SIZE = 64 * 1024
FLUSH_EVERY = 200  # posts between bulk writes of their authors, tags, figures and redirects
FALLBACK_CATEGORY = ("lain-lain", "Lain-lain")
GALLERY_MARKER = "<p>[galeri]</p>"
ANONYMOUS_LOGIN = "redaksi"  # the author of posts whose dc:creator is empty
EMBED_HOSTS = ("youtube.com", "youtu.be", "spotify.com", "soundcloud.com", "bandcamp.com")


class WxrError(Exception):
    """The file cannot be imported; the message is one line meant for the person running the import."""


class WxrUnsafeError(WxrError):
    """The file declares a DOCTYPE or entities (billion laughs, external entities) and is refused."""


# --------------------------------------------------------------------------------------------
# Reading the XML


@dataclass
class WxrItem:
    """One ``<item>``: a post, page, attachment, menu item or any other post type."""

    post_id: int = 0
    post_type: str = ""
    status: str = ""
    title: str = ""
    link: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_name: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    post_modified_gmt: str = ""
    password: str = ""
    is_sticky: bool = False
    parent: int = 0
    attachment_url: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    terms: list[tuple[str, str, str]] = field(default_factory=list)  # (domain, nicename, name)
    comments: int = 0


_ITEM_TEXT_FIELDS = {
    "title": "title",
    "link": "link",
    "dc:creator": "creator",
    "content:encoded": "content",
    "excerpt:encoded": "excerpt",
    "wp:post_name": "post_name",
    "wp:post_date": "post_date",
    "wp:post_date_gmt": "post_date_gmt",
    "wp:post_modified_gmt": "post_modified_gmt",
    "wp:status": "status",
    "wp:post_type": "post_type",
    "wp:post_password": "password",
    "wp:attachment_url": "attachment_url",
}
_WXR_NAMESPACE_RE = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/(excerpt/)?$")
_KNOWN_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}


class WxrReader:
    """Streams records out of a WXR file without ever holding more than one item in memory.

    Yields ``("author" | "category" | "tag", dict)`` for the channel's lists and
    ``("item", WxrItem)`` for each item. Any DOCTYPE is refused before its internal
    subset is read, so entity bombs and external entities never get expanded or fetched.
    """

    def __init__(self, path: Path, *, on_progress: Callable[[int, int], None] | None = None):
        self.path = Path(path)
        self.on_progress = on_progress
        self.channel: dict[str, str] = {}
        self._records: deque[tuple[str, Any]] = deque()
        self._stack: list[str] = []
        self._text: list[str] = []
        self._item: WxrItem | None = None
        self._term: dict[str, str] | None = None
        self._meta_pair: dict[str, str] = {}
        self._category_attrs: dict[str, str] = {}
        self._names: dict[str, str] = {}

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.buffer_size = CHUNK_SIZE
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._refuse_doctype
        parser.EntityDeclHandler = self._refuse_entity
        parser.ExternalEntityRefHandler = self._refuse_external
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text.append
        total = self.path.stat().st_size
        done = 0
        with self.path.open("rb") as stream:
            while True:
                chunk = stream.read(CHUNK_SIZE)
                try:
                    parser.Parse(chunk, not chunk)
                except expat.ExpatError as exc:
                    reason = expat.ErrorString(exc.code)
                    raise WxrError(
                        f"XML rusak di baris {exc.lineno}, kolom {exc.offset + 1}: {reason}"
                    ) from None
                while self._records:
                    yield self._records.popleft()
                done += len(chunk)
                if self.on_progress:
                    self.on_progress(done, total)
                if not chunk:
                    break
        if "wp:wxr_version" not in self.channel:
            raise WxrError("Ini bukan berkas ekspor WordPress (WXR): tidak ada <wp:wxr_version>.")

    # expat handlers

    def _refuse_doctype(self, name, *args):
        raise WxrUnsafeError(
            f"Berkas ditolak: berisi deklarasi DOCTYPE ({name}). Ekspor WordPress tidak memakainya; "
            "DOCTYPE bisa memuat entitas berbahaya (billion laughs, entitas eksternal)."
        )

    def _refuse_entity(self, name, *args):
        raise WxrUnsafeError(f"Berkas ditolak: berisi deklarasi entitas ({name}).")

    def _refuse_external(self, *args):
        raise WxrUnsafeError("Berkas ditolak: merujuk entitas eksternal.")

    def _name(self, raw: str) -> str:
        """``"<namespace uri> local"`` → ``"wp:local"``, whichever WXR version or scheme the file uses."""
        name = self._names.get(raw)
        if name is None:
            uri, _, local = raw.rpartition(" ")
            if not uri:
                name = local
            elif match := _WXR_NAMESPACE_RE.match(uri):
                name = f"{'excerpt' if match.group(1) else 'wp'}:{local}"
            else:
                name = f"{_KNOWN_NAMESPACES.get(uri, uri)}:{local}"
            self._names[raw] = name
        return name

    def _start(self, raw_name, attrs):
        name = self._name(raw_name)
        depth = len(self._stack)
        if depth == 0 and name != "rss":
            raise WxrError(f"Ini bukan berkas ekspor WordPress (WXR): elemen akar <{name}>, bukan <rss>.")
        self._stack.append(name)
        self._text.clear()
        if depth == 2 and name == "item":
            if "wp:wxr_version" not in self.channel:
                raise WxrError("Ini bukan berkas ekspor WordPress (WXR): tidak ada <wp:wxr_version>.")
            self._item = WxrItem()
        elif depth == 2 and name in ("wp:author", "wp:category", "wp:tag", "wp:term"):
            self._term = {}
        elif depth == 3 and self._item is not None:
            if name == "category":
                self._category_attrs = {self._name(k): v for k, v in attrs.items()}
            elif name == "wp:postmeta":
                self._meta_pair = {}
            elif name == "wp:comment":
                self._item.comments += 1

    def _end(self, raw_name):
        name = self._stack.pop()
        depth = len(self._stack)
        text = "".join(self._text)
        self._text.clear()
        item = self._item
        if depth == 2:
            if name == "item":
                self._records.append(("item", item))
                self._item = None
            elif self._term is not None:
                self._records.append((name.removeprefix("wp:"), self._term))
                self._term = None
            else:
                self.channel[name] = text.strip()
        elif depth == 3 and self._term is not None:
            self._term[name.removeprefix("wp:")] = text.strip()
        elif depth == 3 and item is not None:
            self._item_field(item, name, text)
        elif depth == 4 and item is not None and self._stack[-1] == "wp:postmeta":
            self._meta_pair[name] = text

    def _item_field(self, item: WxrItem, name: str, text: str):
        attribute = _ITEM_TEXT_FIELDS.get(name)
        if attribute:
            setattr(item, attribute, text if attribute in ("content", "excerpt") else text.strip())
        elif name == "wp:post_id":
            item.post_id = int(text.strip() or 0) if text.strip().isdigit() else 0
        elif name == "wp:post_parent":
            item.parent = int(text.strip()) if text.strip().isdigit() else 0
        elif name == "wp:is_sticky":
            item.is_sticky = text.strip() == "1"
        elif name == "category":
            attrs = self._category_attrs
            item.terms.append((attrs.get("domain", ""), attrs.get("nicename", ""), text.strip()))
        elif name == "wp:postmeta":
            key = self._meta_pair.get("wp:meta_key", "").strip()
            if key:
                item.meta[key] = self._meta_pair.get("wp:meta_value", "")


# --------------------------------------------------------------------------------------------
# Converting post content


@dataclass
class FigureSpec:
    """An image found in a post: becomes a Photo (by attachment id or file path) and a Figure."""

    attachment_id: int | None
    src: str
    alt: str = ""
    caption: str = ""
    credit: str = ""


@dataclass
class ConvertedContent:
    html: str
    figures: list[FigureSpec]
    warnings: list[str]
    # A [gallery] without ids shows the images attached to the post; they are known only
    # once the whole file is read, so the body holds GALLERY_MARKER in its place until then.
    has_gallery: bool = False


# A credit written inside a caption: "… / Dok: X", "… (Foto: X)", "Foto oleh X", "… Photo by X".
_CREDIT_RE = re.compile(
    r"(?:^|\s*[/|–—]\s*|\s+-\s+|\s*\(\s*|(?<=[.!?])\s+)"
    r"(?P<credit>(?:dok(?:umentasi)?|foto|photo|kredit)\s*(?::|\.|\boleh\b|\bby\b)\s*[^()]*?\S)\)?\s*$",
    re.IGNORECASE,
)


def split_credit(text: str) -> tuple[str, str]:
    """Split ``"Caption / Dok: Someone"`` into ``("Caption", "Dok: Someone")``."""
    text = clean_text(text)
    match = _CREDIT_RE.search(text)
    if not match:
        return text, ""
    return text[: match.start()].strip(" -–—/|"), match.group("credit").strip()


def is_embed_url(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in EMBED_HOSTS)


_ATTR_RE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>\]]+))""")
_IMG_RE = re.compile(r"<img\b([^>]*)>", re.IGNORECASE)
_WP_IMAGE_CLASS_RE = re.compile(r"\bwp-image-(\d+)\b")
_IMAGE_FILE_RE = re.compile(r"\.(?:jpe?g|png|webp|gif)$", re.IGNORECASE)
_SIZE_SUFFIX_RE = re.compile(r"-\d+x\d+(?=\.\w+$)")

_EMBED_BLOCK_RE = re.compile(
    r"<!--\s*wp:(?:core-)?embed(?:/[\w-]+)?\s*(\{[\s\S]*?\})?\s*-->([\s\S]*?)<!--\s*/wp:(?:core-)?embed\S*\s*-->"
)
_COMMENT_RE = re.compile(r"<!--[\s\S]*?-->")
_EMBED_SHORTCODE_RE = re.compile(r"\[embed\b[^\]]*\]\s*([\s\S]*?)\s*\[/embed\]", re.IGNORECASE)
_MEDIA_SHORTCODE_RE = re.compile(
    r"\[(?P<name>youtube|audio|video|soundcloud|spotify|bandcamp)\b(?P<attrs>[^\]]*)\]"
    r"(?:(?P<inner>[^\[]*)\[/(?P=name)\])?",
    re.IGNORECASE,
)
_IFRAME_RE = re.compile(r"<iframe\b([^>]*)>[\s\S]*?</iframe>|<iframe\b([^>]*)/?>", re.IGNORECASE)
_FIGURE_RE = re.compile(
    r"\[caption\b(?P<cap_attrs>[^\]]*)\](?P<cap_inner>[\s\S]*?)\[/caption\]"
    r"|<dl\b[^>]*\bwp-caption\b[^>]*>(?P<dl_inner>[\s\S]*?)</dl>"
    r"|<figure\b[^>]*\bwp-block-image\b[^>]*>(?P<fig_inner>[\s\S]*?)</figure>"
    r"|\[gallery\b(?P<gal_attrs>[^\]]*)\]"
    r"|(?:<a\b[^>]*>\s*)?<img\b(?P<img_attrs>[^>]*)>(?:\s*</a>)?",
    re.IGNORECASE,
)
_SHORTCODE_PAIR_RE = re.compile(r"\[([a-z][\w-]*)\b[^\]]*\]([\s\S]*?)\[/\1\]", re.IGNORECASE)
_SHORTCODE_RE = re.compile(r"\[(/?)([a-z][\w-]*)(\s[^\]]*)?/?\]", re.IGNORECASE)
# Shortcodes WordPress and its common plugins register; an unknown "[word]" stays as text.
_KNOWN_SHORTCODES = frozenset(
    {
        "gallery", "playlist", "audio", "video", "embed", "caption", "wp_caption", "contact-form",
        "contact-form-7", "googlemaps", "instagram", "twitter", "tweet", "facebook", "vimeo", "ted",
        "polldaddy", "crowdsignal", "slideshow", "archives", "sitemap", "recipe", "code",
        "sourcecode", "wpvideo", "jetpack", "blog_subscription_form", "jetpack_subscription_form",
        "more", "nextpage", "fusion", "vc_row", "vc_column", "vc_column_text", "et_pb_section",
    }
)  # fmt: skip
_HEADING_RE = re.compile(r"<(/?)h([1-6])\b([^>]*)>", re.IGNORECASE)
_DEFINITION_RE = re.compile(r"<(/?)(dl|dt|dd)\b[^>]*>", re.IGNORECASE)
# Containers the allowlist drops: their content becomes paragraphs of its own.
_CONTAINER_RE = re.compile(
    r"</?(?:div|section|article|aside|header|footer|nav|main|figure|figcaption|details|summary|"
    r"address|center|hgroup|pre|fieldset|legend|form|audio|video|object|embed|noscript)\b[^>]*>",
    re.IGNORECASE,
)
_BARE_URL_LINE_RE = re.compile(r"^[ \t]*(https?://[^\s<>\"'\[\]]+)[ \t]*$", re.MULTILINE)
_BLOCKS = r"table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|ul|ol|li|blockquote|math|style|p|h[1-6]|hr"
_BLOCK_OPEN_RE = re.compile(rf"(<(?:{_BLOCKS})[\s/>])", re.IGNORECASE)
_BLOCK_CLOSE_RE = re.compile(rf"(</(?:{_BLOCKS})>)", re.IGNORECASE)
_BLOCK_START_RE = re.compile(rf"^</?(?:{_BLOCKS})[\s/>]", re.IGNORECASE)
# The editor (ProseMirror) keeps list items, table cells and quotes as paragraphs inside.
_NEEDS_INNER_PARAGRAPH_RE = re.compile(
    r"(<(?:li|td|th|blockquote)\b[^>]*>)|(</(?:li|td|th|blockquote)>)", re.I
)
_EMPTY_PARAGRAPH_RE = re.compile(r"<p>(?:\s|&nbsp;|\xa0|<br>)*</p>")
_BETWEEN_BLOCKS_RE = re.compile(rf"(</?(?:{_BLOCKS})\b[^>]*>)\s+(?=</?(?:{_BLOCKS})\b)", re.IGNORECASE)


def _attrs(text: str) -> dict[str, str]:
    return {
        m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in _ATTR_RE.finditer(text or "")
    }


def _text_of(fragment: str) -> str:
    return clean_text(fragment)


def _image_spec(img_attrs: str, *, attachment_id: int | None = None, caption: str = "") -> FigureSpec | None:
    attrs = _attrs(img_attrs)
    src = attrs.get("src", "").strip()
    if not src or src.startswith("data:"):
        return None
    if attachment_id is None and (match := _WP_IMAGE_CLASS_RE.search(attrs.get("class", ""))):
        attachment_id = int(match.group(1))
    caption, credit = split_credit(caption)
    return FigureSpec(
        attachment_id=attachment_id,
        src=src,
        alt=clean_text(attrs.get("alt", "")),
        caption=caption,
        credit=credit,
    )


def _embed_paragraph(url: str) -> str:
    url = html.unescape(url.strip())
    if not re.match(r"^https?://\S+$", url):
        return ""
    if is_embed_url(url):
        return f"\n\n{html.escape(url, quote=False)}\n\n"
    escaped = html.escape(url)
    return f'\n\n<a href="{escaped}">{escaped}</a>\n\n'


def _iframe_url(attrs: dict[str, str]) -> str:
    """The page URL behind a pasted player iframe, when the provider has one."""
    src = attrs.get("src", "")
    parts = urlsplit(src if "://" in src else "https:" + src)
    host = (parts.hostname or "").lower()
    if host.endswith(("youtube.com", "youtube-nocookie.com")):
        match = re.match(r"^/embed/([\w-]{11})", parts.path)
        return f"https://www.youtube.com/watch?v={match.group(1)}" if match else ""
    if host == "open.spotify.com" and parts.path.startswith("/embed/"):
        return "https://open.spotify.com/" + parts.path.removeprefix("/embed/")
    if host == "w.soundcloud.com":
        target = parse_qs(parts.query).get("url", [""])[0]
        return target if urlsplit(target).hostname in ("soundcloud.com", "api.soundcloud.com") else ""
    return ""


def autop(text: str) -> str:
    """WordPress's automatic paragraphs: blank lines separate paragraphs, single newlines are breaks."""
    text = _BLOCK_OPEN_RE.sub(r"\n\n\1", text)
    text = _BLOCK_CLOSE_RE.sub(r"\1\n\n", text)
    text = _NEEDS_INNER_PARAGRAPH_RE.sub(
        lambda m: f"{m.group(1)}\n\n" if m.group(1) else f"\n\n{m.group(2)}", text
    )
    paragraphs = []
    for chunk in re.split(r"\n[ \t]*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if _BLOCK_START_RE.match(chunk):
            paragraphs.append(chunk)
        else:
            paragraphs.append("<p>" + re.sub(r"\s*\n\s*", "<br>", chunk) + "</p>")
    return "\n".join(paragraphs)


def convert_content(raw: str, *, site_url: str = "") -> ConvertedContent:
    """Turn WordPress post content (classic or block editor) into the body the site stores.

    Images with or without captions become ``[foto N]`` paragraphs plus a FigureSpec each
    (N counts from 1 in order of appearance); embeds become bare-URL paragraphs; block
    comments and WordPress shortcodes are dropped (a paired shortcode keeps its inner
    text); the result is sanitised with the same allowlist as an editor's save.
    """
    figures: list[FigureSpec] = []
    warnings: list[str] = []
    galleries: list[bool] = []
    text = (raw or "").replace("\r\n", "\n").replace("\r", "\n")

    def embed_block(match):
        url = ""
        if match.group(1):
            try:
                url = json.loads(match.group(1)).get("url", "")
            except (ValueError, AttributeError):
                url = ""
        if not url:
            found = re.search(r"https?://[^\s<>\"']+", match.group(2))
            url = found.group(0) if found else ""
        return _embed_paragraph(url)

    text = _EMBED_BLOCK_RE.sub(embed_block, text)
    text = _COMMENT_RE.sub("", text)
    text = _EMBED_SHORTCODE_RE.sub(lambda m: _embed_paragraph(_text_of(m.group(1))), text)

    def media_shortcode(match):
        attrs = _attrs(match.group("attrs"))
        candidates = [match.group("inner") or "", *attrs.values(), match.group("attrs").strip()]
        for candidate in candidates:
            candidate = candidate.strip()
            if candidate.startswith(("http://", "https://")) and is_embed_url(candidate):
                return _embed_paragraph(candidate)
        warnings.append(f"shortcode [{match.group('name')}] tanpa tautan yang bisa disematkan dihapus")
        return ""

    text = _MEDIA_SHORTCODE_RE.sub(media_shortcode, text)

    def iframe(match):
        url = _iframe_url(_attrs(match.group(1) or match.group(2) or ""))
        if url:
            return _embed_paragraph(url)
        warnings.append("iframe yang tidak dikenal dihapus")
        return ""

    text = _IFRAME_RE.sub(iframe, text)

    def figure(match):
        specs: list[FigureSpec | None] = []
        caption_only = ""
        if match.group("cap_attrs") is not None:
            attrs = _attrs(match.group("cap_attrs"))
            inner = match.group("cap_inner")
            img = _IMG_RE.search(inner)
            caption = attrs.get("caption") or _text_of(
                re.sub(r"<a\b[^>]*>\s*<img[^>]*>\s*</a>|<img[^>]*>", "", inner)
            )
            id_match = re.match(r"attachment_(\d+)$", attrs.get("id", ""))
            attachment_id = int(id_match.group(1)) if id_match else None
            specs.append(img and _image_spec(img.group(1), attachment_id=attachment_id, caption=caption))
            caption_only = caption
        elif match.group("dl_inner") is not None or match.group("fig_inner") is not None:
            inner = match.group("dl_inner") or match.group("fig_inner") or ""
            img = _IMG_RE.search(inner)
            found = re.search(r"<(dd|figcaption)\b[^>]*>([\s\S]*?)</\1>", inner, re.IGNORECASE)
            caption = _text_of(found.group(2)) if found else ""
            specs.append(img and _image_spec(img.group(1), caption=caption))
            caption_only = caption
        elif match.group("gal_attrs") is not None:
            ids = [int(i) for i in re.findall(r"\d+", _attrs(match.group("gal_attrs")).get("ids", ""))]
            if not ids:
                if galleries:
                    warnings.append("galeri [gallery] kedua tanpa daftar ids dihapus (foto yang sama)")
                    return ""
                galleries.append(True)
                return "\n\n[galeri]\n\n"
            specs.extend(FigureSpec(attachment_id=i, src="") for i in ids)
        else:
            specs.append(_image_spec(match.group("img_attrs")))
        out = []
        for spec in specs:
            if spec is None:
                continue
            figures.append(spec)
            out.append(f"\n\n[foto {len(figures)}]\n\n")
        if not out and caption_only:
            return f"\n\n{html.escape(caption_only)}\n\n"
        return "".join(out)

    text = _FIGURE_RE.sub(figure, text)
    text = _SHORTCODE_PAIR_RE.sub(
        lambda m: (
            m.group(2)
            if m.group(1).lower() in _KNOWN_SHORTCODES or m.group(1).startswith(("vc_", "et_"))
            else m.group(0)
        ),
        text,
    )

    def shortcode(match):
        name = match.group(2).lower()
        if name == "foto":
            return match.group(0)
        if name in _KNOWN_SHORTCODES or "=" in (match.group(3) or ""):
            return ""
        return match.group(0)

    text = _SHORTCODE_RE.sub(shortcode, text)
    text = _HEADING_RE.sub(lambda m: f"<{m.group(1)}h{min(max(int(m.group(2)), 2), 4)}{m.group(3)}>", text)
    text = _DEFINITION_RE.sub(_definition_tag, text)
    text = _CONTAINER_RE.sub("\n\n", text)
    text = _BARE_URL_LINE_RE.sub(lambda m: f"\n\n{m.group(1)}\n\n", text)
    body = clean_html(autop(text))
    body = _BETWEEN_BLOCKS_RE.sub(r"\1", _EMPTY_PARAGRAPH_RE.sub("", body))
    if site_url:
        body = _relative_links(body, site_url)
    # Making links relative keeps the markup clean, so no second sanitising pass is needed.
    return ConvertedContent(
        html=body, figures=figures, warnings=list(dict.fromkeys(warnings)), has_gallery=bool(galleries)
    )


def _definition_tag(match) -> str:
    closing, tag = match.group(1), match.group(2).lower()
    if tag == "dl":
        return "\n\n"
    if tag == "dt":
        return "</strong></p>" if closing else "<p><strong>"
    return "</p>" if closing else "<p>"


def _relative_links(body: str, site_url: str) -> str:
    """Links to the old site's own address become site-relative, so they keep working after the move."""
    host = (urlsplit(site_url).hostname or "").removeprefix("www.")
    if not host:
        return body
    pattern = re.compile(rf'href="https?://(?:www\.)?{re.escape(host)}(/[^"]*)?"', re.IGNORECASE)
    return pattern.sub(lambda m: f'href="{m.group(1) or "/"}"', body)


# --------------------------------------------------------------------------------------------
# Importing


@dataclass
class ImportSummary:
    dry_run: bool = False
    posts: Counter = field(default_factory=Counter)  # published, scheduled, draft, review, private, password
    articles_created: int = 0
    articles_updated: int = 0
    pages: Counter = field(default_factory=Counter)  # published, unpublished
    photos_created: int = 0
    photos_updated: int = 0
    files_copied: int = 0
    missing_files: list[str] = field(default_factory=list)
    redirects: int = 0
    skipped: Counter = field(default_factory=Counter)  # by post type or reason
    authors_created: int = 0
    categories_created: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def never_public(self) -> int:
        return sum(self.posts[key] for key in ("draft", "review", "private", "password"))

    @property
    def total_posts(self) -> int:
        return sum(self.posts.values())


class _DryRunRollback(Exception):
    pass


def import_wxr(
    *,
    path: Path,
    media_dir: Path | None = None,
    dry_run: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Import a WordPress export into articles, photos, pages and redirects, all or nothing.

    ``media_dir`` is the old site's ``wp-content/uploads`` folder; without it every photo
    is kept without its file and listed as missing. With ``dry_run`` everything is done
    inside a transaction that is rolled back, and no file is written.
    """
    reader = WxrReader(Path(path), on_progress=on_progress)
    importer = _Importer(
        media_dir=Path(media_dir) if media_dir else None, dry_run=dry_run, channel=reader.channel
    )
    try:
        # One transaction: a file broken half-way leaves nothing behind. Cached pages are
        # invalidated once at the end rather than on each of thousands of saves.
        with transaction.atomic(), invalidation_batch():
            for kind, record in reader:
                importer.handle(kind, record)
            importer.finish()
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    except BaseException:
        importer.delete_written_files()
        raise
    return importer.summary


class _Importer:
    """Maps the reader's records onto the models, one record at a time, inside import_wxr's transaction."""

    def __init__(self, *, media_dir: Path | None, dry_run: bool, channel: dict[str, str]):
        self.media_dir = media_dir.resolve() if media_dir else None
        self.dry_run = dry_run
        self.summary = ImportSummary(dry_run=dry_run)
        self.site_url = ""
        self.channel = channel  # filled by the reader as it goes; read when the first item arrives
        self._authors: dict[str, Author] = {}
        self._categories: dict[str, Category] = {}
        # Rows for new articles, written in bulk every FLUSH_EVERY posts.
        self._pending: dict[type, list] = {ArticleAuthor: [], TaggedArticle: [], Figure: []}
        self._redirects: dict[str, str] = {}
        self._posts_since_flush = 0
        self._dated: list[Article] = []
        self._article_ids: list[int] = []  # search_text is refreshed for these once, at the end
        self._reserved = RESERVED_SLUGS | {settings.ADMIN_URL.strip("/")}
        # WordPress ids already in the database: an id not in them needs no lookup (a fresh
        # import then costs a few queries per post). Small: one integer per row.
        self._known_posts = set(
            Article.objects.filter(wp_post_id__isnull=False).values_list("wp_post_id", flat=True)
        )
        self._known_attachments = set(
            Photo.objects.filter(wp_attachment_id__isnull=False).values_list("wp_attachment_id", flat=True)
        )
        self._tags: dict[str, int] = {}  # lower-cased name -> Tag pk
        self._photos: dict[int, int] = {}  # attachment id -> Photo pk, for the photos seen in this run
        self._children: dict[int, list[int]] = {}  # post id -> ids of the images attached to it
        self._galleries: list[tuple[int, int]] = []  # (article pk, post id) holding GALLERY_MARKER
        self._stubs: set[int] = set()  # attachment ids whose Photo a post created before their item came
        self._missing: dict[int, str] = {}  # Photo pk -> file it lacks
        self._written_files: list[str] = []
        self._local_tz = ZoneInfo(settings.TIME_ZONE)

    # records

    def handle(self, kind: str, record: Any):
        if kind == "author":
            self._author(login=record.get("author_login", ""), record=record)
        elif kind == "category":
            self._category(
                nicename=record.get("category_nicename", ""), name=record.get("cat_name", ""), record=record
            )
        elif kind == "item":
            self._item(record)

    def _item(self, item: WxrItem):
        if not self.site_url:
            self.site_url = self._channel_url()
        if not item.post_id:
            self.summary.skipped["tanpa ID"] += 1
            return
        if item.post_type == "attachment":
            self._attachment(item)
        elif item.post_type == "post":
            if item.status in ("trash", "auto-draft", "inherit"):
                self.summary.skipped[f"post {item.status}"] += 1
            else:
                self._post(item)
        elif item.post_type == "page":
            if item.status in ("trash", "auto-draft", "inherit"):
                self.summary.skipped[f"page {item.status}"] += 1
            else:
                self._page(item)
        else:
            self.summary.skipped[item.post_type or "tanpa jenis"] += 1

    def _channel_url(self) -> str:
        return self.channel.get("wp:base_blog_url") or self.channel.get("link") or ""

    def finish(self):
        self.flush()
        self._fill_galleries()
        # Tags went in as bulk rows without signals; one pass gives search their names.
        refresh_search_text(self._article_ids)
        # Every stored related-cards list may now miss an imported article: all are scored
        # again on their next view.
        forget_all_related()
        self.summary.missing_files = sorted(set(self._missing.values()))

    def delete_written_files(self):
        for name in self._written_files:
            default_storage.delete(name)

    # authors and categories

    def _author(self, *, login: str, record: dict[str, str] | None = None) -> Author:
        # A post without a creator is credited to the newsroom, the same author on every run.
        login = login.strip()[:100] or ANONYMOUS_LOGIN
        if login in self._authors:
            return self._authors[login]
        author = Author.objects.filter(wp_login=login).first()
        if author is None:
            record = record or {}
            full_name = f"{record.get('author_first_name', '')} {record.get('author_last_name', '')}".strip()
            name = clean_text(record.get("author_display_name") or full_name or login.title())[:200]
            author = Author(name=name, wp_login=login, bio=clean_text(record.get("author_description", "")))
            author.save()
            self.summary.authors_created += 1
            if not record and login != ANONYMOUS_LOGIN:
                self.summary.warnings.append(f"penulis “{login}” tidak ada di daftar penulis; dibuat baru")
        self._authors[login] = author
        return author

    def _category(self, *, nicename: str, name: str, record: dict[str, str] | None = None) -> Category:
        slug = slug_from(unquote(nicename or name), max_length=100, fallback="rubrik")
        if slug in self._categories:
            return self._categories[slug]
        category = Category.objects.filter(slug=slug).first()
        if category is None:
            category = Category(
                slug=slug,
                name=clean_text(name or nicename)[:100] or slug,
                description=clean_text((record or {}).get("category_description", "")),
            )
            category.save()
            self.summary.categories_created += 1
        self._categories[slug] = category
        return category

    # dates and status

    def _parse_date(self, gmt: str, local: str) -> datetime | None:
        for value, zone in ((gmt, ZoneInfo("UTC")), (local, self._local_tz)):
            if value and not value.startswith("0000"):
                try:
                    return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
                except ValueError:
                    continue
        return None

    @staticmethod
    def _state(item: WxrItem) -> tuple[str, str]:
        """(Article status, summary key) for a post's WordPress status and password."""
        if item.password:
            return Article.Status.DRAFT, "password"
        return {
            "publish": (Article.Status.PUBLISHED, "published"),
            "future": (Article.Status.PUBLISHED, "scheduled"),
            "pending": (Article.Status.REVIEW, "review"),
            "private": (Article.Status.DRAFT, "private"),
        }.get(item.status, (Article.Status.DRAFT, "draft"))

    # posts

    def _post(self, item: WxrItem):
        status, key = self._state(item)
        written_at = self._parse_date(item.post_date_gmt, item.post_date)
        # A draft's date is kept as its creation time, not as a publish time: publishing it
        # later must not backdate it.
        publish_at = written_at if status == Article.Status.PUBLISHED else None
        if status == Article.Status.PUBLISHED and publish_at is None:
            self.summary.warnings.append(f"post {item.post_id}: tanggal tidak terbaca, dipakai waktu impor")
        if key == "published" and publish_at and publish_at > timezone.now():
            key = "scheduled"
        converted = convert_content(item.content, site_url=self.site_url)
        self.summary.warnings.extend(f"post {item.post_id}: {w}" for w in converted.warnings)

        known = item.post_id in self._known_posts
        article = Article.objects.filter(wp_post_id=item.post_id).first() if known else None
        created = article is None
        if not created:
            self.flush()  # its links may still be waiting to be written
        if created:
            article = Article(wp_post_id=item.post_id)
        title = clean_text(item.title)[:300]
        if not title:
            title = f"Tanpa judul ({item.post_id})"
            self.summary.warnings.append(f"post {item.post_id}: tanpa judul")
        article.title = title
        article.dek = clean_text(item.excerpt)
        article.body = converted.html
        article.status = status
        article.publish_at = publish_at
        article.featured = item.is_sticky
        article.seo_title = clean_text(item.meta.get("_yoast_wpseo_title", ""))[:200]
        article.seo_description = clean_text(item.meta.get("_yoast_wpseo_metadesc", ""))[:300]
        article.category = self._post_category(item)
        thumbnail = item.meta.get("_thumbnail_id", "").strip()
        article.hero_id = self._photo_by_attachment(int(thumbnail)) if thumbnail.isdigit() else None
        old_path = self._old_path(item.link)
        article.slug = self._free_slug(self._wanted_slug(item, old_path), article)
        article.save()
        self._known_posts.add(item.post_id)
        self._article_ids.append(article.pk)
        # The WordPress dates replace the ones save() sets (an import is not an editor's
        # revision), in one statement per batch.
        modified = self._parse_date(item.post_modified_gmt, "")
        article.created_at = written_at or article.created_at
        article.revised_at = modified if publish_at and modified and modified > publish_at else None
        self._dated.append(article)
        if created:
            self.summary.articles_created += 1
        else:
            self.summary.articles_updated += 1
        self.summary.posts[key] += 1

        self._set_author(article, self._author(login=item.creator), created=created)
        tags = [
            clean_text(name)[:100]
            for domain, _, name in item.terms
            if domain == "post_tag" and clean_text(name)
        ]
        self._set_tags(article, tags, created=created)
        self._set_figures(article, converted.figures, created=created)
        if converted.has_gallery:
            self._galleries.append((article.pk, item.post_id))
        if key == "published":
            # Only posts readers could reach on the old site get their old addresses back.
            new_path = article.get_absolute_url()
            self._redirect(f"/?p={item.post_id}", new_path)
            if old_path and not old_path.startswith("/?"):
                self._redirect(old_path, new_path)
        self._posts_since_flush += 1
        if self._posts_since_flush >= FLUSH_EVERY:
            self.flush()
            self._posts_since_flush = 0

    def _free_slug(self, wanted: str, article: Article) -> str:
        """``wanted`` as a slug, with a numeric suffix when another article or a site path has it."""
        base = slug_from(wanted, max_length=200, fallback="artikel")
        others = Article.objects.exclude(pk=article.pk) if article.pk else Article.objects.all()
        candidate, counter = base, 2
        while candidate in self._reserved or others.filter(slug=candidate).exists():
            suffix = f"-{counter}"
            candidate = f"{base[: 200 - len(suffix)].rstrip('-')}{suffix}"
            counter += 1
        return candidate

    def _post_category(self, item: WxrItem) -> Category:
        for domain, nicename, name in item.terms:
            if domain == "category":
                return self._category(nicename=nicename, name=name)
        return self._category(nicename=FALLBACK_CATEGORY[0], name=FALLBACK_CATEGORY[1])

    @staticmethod
    def _old_path(link: str) -> str:
        if not link:
            return ""
        parts = urlsplit(link)
        path = unquote(parts.path or "/")
        return f"{path}?{parts.query}" if parts.query else path

    @staticmethod
    def _wanted_slug(item: WxrItem, old_path: str) -> str:
        segments = [s for s in old_path.split("?")[0].split("/") if s]
        if segments and "?" not in old_path:
            return segments[-1]
        return unquote(item.post_name) or item.title

    def _set_author(self, article: Article, author: Author, *, created: bool):
        if not created:
            links = list(article.article_authors.all())
            if len(links) == 1 and links[0].author_id == author.pk:
                return
            article.article_authors.all().delete()
        self._pending[ArticleAuthor].append(ArticleAuthor(article=article, author=author, position=0))

    def _set_tags(self, article: Article, names: list[str], *, created: bool):
        # Plain rows rather than taggit's manager.set(), which took a third of the import time.
        wanted = list(dict.fromkeys(self._tag_id(name) for name in names))
        links = TaggedArticle.objects.filter(content_object=article)
        existing = set() if created else set(links.values_list("tag_id", flat=True))
        if existing - set(wanted):
            links.exclude(tag_id__in=wanted).delete()
        self._pending[TaggedArticle].extend(
            TaggedArticle(content_object=article, tag_id=tag_id)
            for tag_id in wanted
            if tag_id not in existing
        )

    def _tag_id(self, name: str) -> int:
        key = name.lower()  # tags are case-insensitive on this site (TAGGIT_CASE_INSENSITIVE)
        if key not in self._tags:
            tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
            self._tags[key] = tag.pk
        return self._tags[key]

    def _set_figures(self, article: Article, specs: list[FigureSpec], *, created: bool):
        existing = {} if created else {f.key: f for f in article.figures.all()}
        for position, spec in enumerate(specs):
            key = position + 1
            values = {
                "photo_id": self._photo_for(spec),
                "position": position,
                "caption": clean_text(spec.caption)[:500],
                "credit": clean_text(spec.credit)[:200],
            }
            figure = existing.pop(key, None)
            if figure is None:
                self._pending[Figure].append(Figure(article=article, key=key, **values))
            elif any(getattr(figure, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(figure, name, value)
                figure.save()
        if existing:
            Figure.objects.filter(pk__in=[f.pk for f in existing.values()]).delete()

    def _fill_galleries(self):
        """Put the images attached to a post where its [gallery] without ids stood."""
        for article_pk, post_id in self._galleries:
            article = Article.objects.get(pk=article_pk)
            first_key = (article.figures.aggregate(last=Max("key"))["last"] or 0) + 1
            attached = self._children.get(post_id, [])
            if not attached:
                self.summary.warnings.append(f"post {post_id}: galeri tanpa foto terlampir dihapus")
            figures = [
                Figure(article=article, key=key, position=key - 1, photo_id=self._photos[attachment_id])
                for key, attachment_id in enumerate(attached, start=first_key)
            ]
            Figure.objects.bulk_create(figures)
            placeholders = "".join(f"<p>{figure.placeholder}</p>" for figure in figures)
            # An update rather than save(): the post's WordPress dates stay as imported.
            body = clean_html(article.body.replace(GALLERY_MARKER, placeholders, 1))
            Article.objects.filter(pk=article_pk).update(body=body)

    def _redirect(self, old_path: str, new_path: str):
        if old_path == new_path or len(old_path) > 500:
            return
        if old_path not in self._redirects:
            self.summary.redirects += 1
        self._redirects[old_path] = new_path

    def flush(self):
        """Write the rows collected for the last posts in a few bulk inserts (no per-row signals)."""
        for model, rows in self._pending.items():
            model.objects.bulk_create(rows)
            rows.clear()
        if self._redirects:
            Redirect.objects.bulk_create(
                [Redirect(old_path=old, new_path=new) for old, new in self._redirects.items()],
                update_conflicts=True,
                unique_fields=["old_path"],
                update_fields=["new_path"],
            )
            self._redirects.clear()
        if self._dated:
            # The WordPress dates replace the ones save() set: one statement run for the batch
            # (bulk_update's CASE expression cost more than the inserts themselves).
            ops = connection.ops
            table = ops.quote_name(Article._meta.db_table)
            created, revised, pk = (ops.quote_name(name) for name in ("created_at", "revised_at", "id"))
            sql = f"UPDATE {table} SET {created} = %s, {revised} = %s WHERE {pk} = %s"
            rows = [
                (
                    ops.adapt_datetimefield_value(a.created_at),
                    ops.adapt_datetimefield_value(a.revised_at),
                    a.pk,
                )
                for a in self._dated
            ]
            with connection.cursor() as cursor:
                cursor.executemany(sql, rows)
            self._dated.clear()

    # pages

    def _page(self, item: WxrItem):
        converted = convert_content(item.content, site_url=self.site_url)
        body = _figures_as_captions(converted).replace(GALLERY_MARKER, "")
        old_path = self._old_path(item.link)
        if old_path and "?" not in old_path:
            segments = [slug_from(unquote(s), fallback="halaman") for s in old_path.split("/") if s]
        else:
            segments = [slug_from(unquote(item.post_name) or item.title, fallback="halaman")]
        page = Page.objects.filter(wp_post_id=item.post_id).first() or Page(wp_post_id=item.post_id)
        url = base = "/" + "/".join(segments) + "/" if segments else "/halaman/"
        if len(url) > 290:  # leaves room for a suffix within the field's 300 characters
            url = base = "/" + slug_from(segments[-1], max_length=280, fallback="halaman") + "/"
        counter = 2
        while Page.objects.filter(url=url).exclude(pk=page.pk).exists():
            url = f"{base.rstrip('/')}-{counter}/"
            counter += 1
        public = item.status == "publish" and not item.password
        page.title = clean_text(item.title)[:200] or url.strip("/")
        page.url = url
        page.body = body
        page.is_published = public
        page.save()
        self.summary.pages["published" if public else "unpublished"] += 1
        if public:
            self._redirect(f"/?p={item.post_id}", url)
            if old_path and "?" not in old_path:
                self._redirect(old_path, url)

    # photos

    def _attachment(self, item: WxrItem):
        source = item.meta.get("_wp_attached_file", "").strip() or _upload_path(item.attachment_url)
        if not _IMAGE_FILE_RE.search(source):
            self.summary.skipped["lampiran bukan gambar"] += 1
            return
        caption, credit = split_credit(item.excerpt)
        alt = clean_text(item.meta.get("_wp_attachment_image_alt", ""))
        known = item.post_id in self._photos or item.post_id in self._known_attachments
        photo = Photo.objects.filter(wp_attachment_id=item.post_id).first() if known else None
        created = photo is None
        if created:
            photo = Photo(wp_attachment_id=item.post_id)
        photo.alt_text = alt[:300] or photo.alt_text
        photo.caption = caption[:500]
        photo.credit = credit[:200]
        photo.source_path = source[:500]
        photo.save()
        if item.post_id not in self._stubs:  # a stub made for an earlier post was counted then
            self._count_photo(created)
        self._photos[item.post_id] = photo.pk
        if item.parent:
            self._children.setdefault(item.parent, []).append(item.post_id)
        self._attach_file(photo, [source])

    def _photo_by_attachment(self, attachment_id: int, *, spec: FigureSpec | None = None) -> int:
        """The Photo for a WordPress attachment, created as a stub if its item comes later in the file."""
        if attachment_id in self._photos:
            return self._photos[attachment_id]
        known = attachment_id in self._known_attachments
        photo = Photo.objects.filter(wp_attachment_id=attachment_id).first() if known else None
        if photo is None:
            source = _upload_path(spec.src) if spec and spec.src else ""
            photo = Photo(
                wp_attachment_id=attachment_id,
                alt_text=(spec.alt if spec else "")[:300],
                source_path=source[:500],
            )
            photo.save()
            self._count_photo(True)
            self._stubs.add(attachment_id)
            if source:
                self._attach_file(photo, _upload_candidates(source))
        self._photos[attachment_id] = photo.pk
        return photo.pk

    def _photo_for(self, spec: FigureSpec) -> int:
        if spec.attachment_id:
            return self._photo_by_attachment(spec.attachment_id, spec=spec)
        source = _upload_path(spec.src)[:500]
        photo = Photo.objects.filter(wp_attachment_id__isnull=True, source_path=source).first()
        if photo is None:
            photo = Photo(alt_text=spec.alt[:300], source_path=source)
            photo.save()
            self._count_photo(True)
            self._attach_file(photo, _upload_candidates(source))
        return photo.pk

    def _count_photo(self, created: bool):
        if created:
            self.summary.photos_created += 1
        else:
            self.summary.photos_updated += 1

    def _attach_file(self, photo: Photo, candidates: list[str]):
        """Copy the photo's file from the uploads folder; a missing or broken file is reported, not fatal."""
        if photo.has_file:
            self._missing.pop(photo.pk, None)
            return
        candidates = [c for c in candidates if c]
        if not candidates:
            return
        found = None
        if self.media_dir is not None:
            for candidate in candidates:
                full = (self.media_dir / candidate.lstrip("/")).resolve()
                if not full.is_relative_to(self.media_dir):
                    self.summary.warnings.append(f"berkas di luar folder media diabaikan: {candidate}")
                    continue
                if full.is_file():
                    found = full
                    break
        if found is None:
            self._missing[photo.pk] = candidates[0]
            return
        self._missing.pop(photo.pk, None)
        if self.dry_run:
            self.summary.files_copied += 1
            return
        with found.open("rb") as handle:
            still = still_from_gif(handle)
            if still is not None:
                self.summary.warnings.append(f"GIF {candidates[0]} disimpan sebagai PNG (bingkai pertama)")
            photo.image = still or File(handle, name=found.name)
            try:
                photo.save()
            except ValidationError as exc:
                photo.image = None
                self.summary.warnings.append(
                    f"berkas {candidates[0]} bukan gambar yang bisa dipakai: {exc.messages[0]}"
                )
                self._missing[photo.pk] = candidates[0]
                return
        self._written_files.append(photo.image.name)
        self.summary.files_copied += 1


def _upload_path(url: str) -> str:
    """``https://site/wp-content/uploads/2019/05/a.jpg?w=600`` → ``2019/05/a.jpg``."""
    if not url:
        return ""
    path = unquote(urlsplit(url).path)
    for marker in ("/wp-content/uploads/", "/files/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path.lstrip("/")


def _upload_candidates(path: str) -> list[str]:
    """The path as written, then the original of a resized copy (``a-300x200.jpg`` → ``a.jpg``)."""
    original = _SIZE_SUFFIX_RE.sub("", path)
    return [original, path] if original != path else [path]


def _figures_as_captions(converted: ConvertedContent) -> str:
    """Static pages have no figures: a photo's place keeps its caption as text."""

    def caption(match):
        spec = converted.figures[int(match.group(1)) - 1]
        text = " ".join(part for part in (spec.caption, spec.credit) if part)
        return f"<p>{html.escape(text)}</p>" if text else ""

    return clean_html(re.sub(r"<p>\[foto (\d+)\]</p>", caption, converted.html))
