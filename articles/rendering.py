"""Turn a stored (sanitised) body into reader HTML: figures at their placeholders, embeds as iframes.

The stored body never holds figure markup or iframes. A paragraph holding only
``[foto N]`` becomes that figure; a paragraph holding only an allowlisted media URL
(as text, or as a link whose text is the URL) becomes a privacy-respecting iframe; a
paragraph "Baca juga: <link to an article of this site>" becomes a small card of that
article when it is published, and disappears when it is not. In sponsored articles,
links to other sites get ``rel="sponsored"``.
"""

import html
import re
from urllib.parse import parse_qs, quote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from articles.models import Article
from pophariini.models import Redirect

# A whole paragraph: its inner HTML, without surrounding whitespace.
PARAGRAPH_RE = re.compile(r"<p>\s*(.*?)\s*</p>", re.DOTALL)
FIGURE_RE = re.compile(r"^\[foto\s+(\d{1,5})\]$", re.IGNORECASE)
LINK_RE = re.compile(r'^<a href="([^"]+)"[^>]*>([^<]+)</a>$')
YOUTUBE_ID_RE = re.compile(r"^[A-Za-z0-9_-]{11}$")
SPOTIFY_PATH_RE = re.compile(
    r"^/(?:intl-[a-z-]+/)?(track|album|playlist|artist|episode|show)/([A-Za-z0-9]{10,40})/?$"
)
BANDCAMP_PLAYER_RE = re.compile(r"^/EmbeddedPlayer/((?:[a-z_]+=[A-Za-z0-9_#=-]+/?)+)$")
# "Baca juga" (read also) opening a paragraph, optionally bold or italic, then ":" or a dash.
BACA_JUGA_RE = re.compile(r"^baca\s+juga\s*[:\-\u2013\u2014]?\s*", re.IGNORECASE)
# The same, cheaply, on the paragraph's HTML: only these paragraphs are looked at closely.
BACA_JUGA_START_RE = re.compile(r"^(?:<(?:strong|em|b|i|u)>\s*)*baca\s", re.IGNORECASE)
HREF_RE = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"[^>]*>(.*?)</a>', re.IGNORECASE | re.DOTALL)
ANCHOR_TAG_RE = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
HREF_ATTR_RE = re.compile(r'\bhref="([^"]*)"', re.IGNORECASE)
REL_ATTR_RE = re.compile(r'\brel="([^"]*)"', re.IGNORECASE)


def youtube_embed(host, path, query):
    video_id = ""
    if host == "youtu.be":
        video_id = path.strip("/")
    elif host in ("youtube.com", "m.youtube.com", "music.youtube.com"):
        if path == "/watch":
            video_id = parse_qs(query).get("v", [""])[0]
        elif path.startswith(("/shorts/", "/embed/", "/live/")):
            video_id = path.split("/")[2]
    if not YOUTUBE_ID_RE.match(video_id):
        return None
    return f"https://www.youtube-nocookie.com/embed/{video_id}", "YouTube", "video"


def spotify_embed(host, path, query):
    match = SPOTIFY_PATH_RE.match(path) if host == "open.spotify.com" else None
    if not match:
        return None
    kind, item = match.groups()
    size = "audio-large" if kind in ("album", "playlist", "artist", "show") else "audio"
    return f"https://open.spotify.com/embed/{kind}/{item}", "Spotify", size


def soundcloud_embed(host, path, query):
    if host not in ("soundcloud.com", "m.soundcloud.com") or path.rstrip("/").count("/") < 2:
        return None
    track_url = quote(f"https://soundcloud.com{path.rstrip('/')}", safe="")
    return (
        f"https://w.soundcloud.com/player/?url={track_url}&auto_play=false&show_comments=false",
        "SoundCloud",
        "audio",
    )


def bandcamp_embed(host, path, query):
    # Only the player URL carries the numeric album/track id an iframe needs; a plain
    # album page stays a link.
    match = BANDCAMP_PLAYER_RE.match(path) if host == "bandcamp.com" else None
    if not match:
        return None
    return f"https://bandcamp.com/EmbeddedPlayer/{match.group(1)}", "Bandcamp", "audio-large"


def embed_for(url):
    """``(iframe src, provider, size)`` for an allowlisted media URL, else ``None``."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    for embed in (youtube_embed, spotify_embed, soundcloud_embed, bandcamp_embed):
        found = embed(host, parts.path, parts.query)
        if found:
            return found
    return None


def embed_url_of(inner):
    """The URL a paragraph consists of (bare text, or a link whose text is its address)."""
    match = LINK_RE.match(inner)
    if match:
        href, text = html.unescape(match.group(1)), html.unescape(match.group(2)).strip()
        return href if text == href else None
    if "<" in inner or " " in inner:
        return None
    return html.unescape(inner)


def render_embed(src, provider, size):
    return format_html(
        '<div class="embed embed-{}"><iframe src="{}" title="{}" loading="lazy" '
        'referrerpolicy="strict-origin-when-cross-origin" '
        'sandbox="allow-scripts allow-same-origin allow-popups allow-presentation" '
        'allow="encrypted-media; picture-in-picture; fullscreen" allowfullscreen></iframe></div>',
        size,
        src,
        _("Pemutar %(provider)s") % {"provider": provider},
    )


def render_figure(figure, *, lazy=True):
    return render_to_string(
        "articles/_figure.html",
        {
            "photo": figure.photo,
            "caption": figure.display_caption,
            "credit": figure.display_credit,
            "lazy": lazy,
        },
    )


def _site_hosts():
    host = (urlsplit(settings.SITE_URL).hostname or "").lower().removeprefix("www.")
    return {host, f"www.{host}"} if host else set()


def internal_path(href):
    """The path of a link to this site (site-relative, or absolute on SITE_URL), else ``None``."""
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return None
    if not parts.scheme and not parts.netloc:
        return parts.path if parts.path.startswith("/") else None
    if parts.scheme in ("http", "https") and (parts.hostname or "").lower() in _site_hosts():
        return parts.path or "/"
    return None


def is_outbound(href):
    """Whether a link leaves the site (an absolute http(s) URL on another host)."""
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and (parts.hostname or "").lower() not in _site_hosts()


def article_slug_of(path):
    """The slug an article address names, or ``None`` for any other address."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.kwargs["slug"] if match.view_name == "articles:article_detail" else None


def baca_juga_path(inner):
    """The internal address a "Baca juga: <link>" paragraph points to, or ``None`` for other paragraphs.

    The paragraph must be the marker followed by one link to this site (a link whose
    text is the article title, or the pasted address itself) and nothing else.
    """
    if not BACA_JUGA_START_RE.match(inner):
        return None
    text = " ".join(html.unescape(strip_tags(inner)).split())
    marker = BACA_JUGA_RE.match(text)
    if not marker:
        return None
    rest = text[marker.end() :]
    links = HREF_RE.findall(inner)
    if len(links) > 1:
        return None
    if links:
        href, link_text = html.unescape(links[0][0]), " ".join(html.unescape(strip_tags(links[0][1])).split())
        if rest != link_text:
            return None
    elif rest and " " not in rest:
        href = rest
    else:
        return None
    return internal_path(href)


def baca_juga_paths(body):
    """Internal addresses of every "Baca juga" paragraph in a stored body, in order."""
    found = (baca_juga_path(match.group(1)) for match in PARAGRAPH_RE.finditer(body or ""))
    return [path for path in found if path]


def baca_juga_targets(paths):
    """``{path: published Article}`` for "Baca juga" addresses, following redirects of renamed slugs.

    One query for all targets (two more only when an address is an old slug); an
    address whose article is missing or unpublished is absent from the result.
    """
    slugs = {path: article_slug_of(path) for path in paths}
    published = Article.objects.published().for_cards()
    by_slug = {a.slug: a for a in published.filter(slug__in={s for s in slugs.values() if s})}
    missing = [path for path, slug in slugs.items() if slug not in by_slug]
    if missing:
        moved = dict(
            Redirect.objects.filter(
                old_path__in=missing + [p.rstrip("/") + "/" for p in missing]
            ).values_list("old_path", "new_path")
        )
        renamed = {
            path: article_slug_of(moved.get(path) or moved.get(path.rstrip("/") + "/") or "")
            for path in missing
        }
        renamed = {path: slug for path, slug in renamed.items() if slug}
        if renamed:
            by_slug.update({a.slug: a for a in published.filter(slug__in=set(renamed.values()))})
        slugs.update(renamed)
    return {path: by_slug[slug] for path, slug in slugs.items() if slug in by_slug}


def render_baca_juga(article):
    return render_to_string("articles/_baca_juga.html", {"article": article})


def mark_sponsored_links(rendered):
    """Add ``sponsored`` to the ``rel`` of every link that leaves the site."""

    def mark(match):
        tag = match.group(0)
        href = HREF_ATTR_RE.search(tag)
        if not href or not is_outbound(html.unescape(href.group(1))):
            return tag
        rel = REL_ATTR_RE.search(tag)
        if rel is None:
            return tag[:-1] + ' rel="sponsored">'
        values = rel.group(1).split()
        if "sponsored" in values:
            return tag
        return tag[: rel.start()] + f'rel="{" ".join([*values, "sponsored"])}"' + tag[rel.end() :]

    return ANCHOR_TAG_RE.sub(mark, rendered)


def render_body(body, figures, *, append_unplaced=True, sponsored=False):
    """Reader HTML for a sanitised ``body`` with ``figures`` (Figure objects with photos loaded).

    Figures whose placeholder is missing from the body follow it, so no photo an editor
    attached is lost; placeholders without a figure disappear. "Baca juga" paragraphs
    become cards of their published targets (no query when there are none).
    ``sponsored`` marks outbound links ``rel="sponsored"``.
    """
    by_key = {figure.key: figure for figure in figures}
    placed = set()
    targets = baca_juga_targets(paths) if (paths := baca_juga_paths(body)) else {}

    def replace(match):
        inner = match.group(1)
        path = baca_juga_path(inner)
        if path:
            target = targets.get(path)
            return render_baca_juga(target) if target else ""
        figure_match = FIGURE_RE.match(inner)
        if figure_match:
            figure = by_key.get(int(figure_match.group(1)))
            if figure is None or not figure.photo.has_file:
                return ""
            placed.add(figure.key)
            return render_figure(figure)
        url = embed_url_of(inner)
        embed = embed_for(url) if url else None
        if embed:
            return render_embed(*embed)
        return match.group(0)

    rendered = PARAGRAPH_RE.sub(replace, body or "")
    if append_unplaced:
        rendered += "".join(
            render_figure(figure) for figure in figures if figure.key not in placed and figure.photo.has_file
        )
    if sponsored:
        rendered = mark_sponsored_links(rendered)
    # The body was sanitised on save; figures, embeds and cards are built with escaping.
    return mark_safe(rendered)
