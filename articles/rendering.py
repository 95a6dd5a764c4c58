"""Turn a stored (sanitised) body into reader HTML: figures at their placeholders, embeds as iframes.

The stored body never holds figure markup or iframes. A paragraph holding only
``[foto N]`` becomes that figure; a paragraph holding only an allowlisted media URL
(as text, or as a link whose text is the URL) becomes a privacy-respecting iframe.
"""

import html
import re
from urllib.parse import parse_qs, quote, urlsplit

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# A whole paragraph: its inner HTML, without surrounding whitespace.
PARAGRAPH_RE = re.compile(r"<p>\s*(.*?)\s*</p>", re.DOTALL)
FIGURE_RE = re.compile(r"^\[foto\s+(\d{1,5})\]$", re.IGNORECASE)
LINK_RE = re.compile(r'^<a href="([^"]+)"[^>]*>([^<]+)</a>$')
YOUTUBE_ID_RE = re.compile(r"^[A-Za-z0-9_-]{11}$")
SPOTIFY_PATH_RE = re.compile(
    r"^/(?:intl-[a-z-]+/)?(track|album|playlist|artist|episode|show)/([A-Za-z0-9]{10,40})/?$"
)
BANDCAMP_PLAYER_RE = re.compile(r"^/EmbeddedPlayer/((?:[a-z_]+=[A-Za-z0-9_#=-]+/?)+)$")


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


def render_body(body, figures, *, append_unplaced=True):
    """Reader HTML for a sanitised ``body`` with ``figures`` (Figure objects with photos loaded).

    Figures whose placeholder is missing from the body follow it, so no photo an editor
    attached is lost; placeholders without a figure disappear.
    """
    by_key = {figure.key: figure for figure in figures}
    placed = set()

    def replace(match):
        inner = match.group(1)
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
    # The body was sanitised on save; figures and embeds are built with escaping.
    return mark_safe(rendered)
