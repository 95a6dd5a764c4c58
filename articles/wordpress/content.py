"""Converting WordPress post content (classic or block editor) into the body HTML the site stores."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from pophariini.sanitize import clean_html, clean_text

GALLERY_MARKER = "<p>[galeri]</p>"
EMBED_HOSTS = ("youtube.com", "youtu.be", "spotify.com", "soundcloud.com", "bandcamp.com")


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
