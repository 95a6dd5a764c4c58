"""Streaming and social platforms: their names, the hosts their links live on, and the check of a link."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Platform(models.TextChoices):
    SPOTIFY = "spotify", "Spotify"
    APPLE_MUSIC = "apple_music", "Apple Music"
    YOUTUBE_MUSIC = "youtube_music", "YouTube Music"
    YOUTUBE = "youtube", "YouTube"
    JOOX = "joox", "JOOX"
    DEEZER = "deezer", "Deezer"
    BANDCAMP = "bandcamp", "Bandcamp"
    SOUNDCLOUD = "soundcloud", "SoundCloud"
    INSTAGRAM = "instagram", "Instagram"
    TIKTOK = "tiktok", "TikTok"
    X = "x", "X (Twitter)"
    FACEBOOK = "facebook", "Facebook"
    WEBSITE = "website", _("Situs web")


# Hosts each platform serves from; a link must be on one of them (or a subdomain).
PLATFORM_DOMAINS = {
    Platform.SPOTIFY: ("open.spotify.com", "spotify.link"),
    Platform.APPLE_MUSIC: ("music.apple.com",),
    Platform.YOUTUBE_MUSIC: ("music.youtube.com",),
    Platform.YOUTUBE: ("youtube.com", "youtu.be"),
    Platform.JOOX: ("joox.com",),
    Platform.DEEZER: ("deezer.com", "deezer.page.link"),
    Platform.BANDCAMP: ("bandcamp.com",),
    Platform.SOUNDCLOUD: ("soundcloud.com",),
    Platform.INSTAGRAM: ("instagram.com",),
    Platform.TIKTOK: ("tiktok.com",),
    Platform.X: ("x.com", "twitter.com"),
    Platform.FACEBOOK: ("facebook.com",),
}
STREAMING_PLATFORMS = [
    Platform.SPOTIFY, Platform.APPLE_MUSIC, Platform.YOUTUBE_MUSIC, Platform.YOUTUBE,
    Platform.JOOX, Platform.DEEZER, Platform.BANDCAMP, Platform.SOUNDCLOUD,
]  # fmt: skip


def validate_platform_url(platform: str, url: str) -> None:
    """Raise ValidationError unless ``url`` is an https link on ``platform``'s own domain."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError({"url": _("Masukkan URL lengkap yang diawali https://.")})
    domains = PLATFORM_DOMAINS.get(platform)
    if not domains:
        return
    host = parts.hostname.lower()
    if host.startswith("www."):
        host = host[4:]
    # YouTube Music is also a YouTube host; a bandcamp artist lives on <name>.bandcamp.com.
    if not any(host == domain or host.endswith("." + domain) for domain in domains):
        raise ValidationError(
            {
                "url": _("URL ini bukan alamat %(platform)s (%(domains)s).")
                % {"platform": Platform(platform).label, "domains": ", ".join(domains)}
            }
        )
