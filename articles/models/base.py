"""What the article models share: reserved slugs, figure placeholders, plain text, staff-user fields."""

import html
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from pophariini.sanitize import clean_text

# First path segments the site uses itself; an article slug may not take one.
RESERVED_SLUGS = frozenset(
    {
        "kategori", "category", "tag", "penulis", "author", "artis", "rilisan", "lagu", "film",
        "artikel", "arsip", "cari", "feed", "admin", "static", "media", "sitemap.xml",
        "news-sitemap.xml", "robots.txt", "healthz", "pratinjau", "ralat", "i18n", "page", "terpopuler",
        "wp-admin", "wp-content", "wp-includes", "wp-login.php", "xmlrpc.php", "index.php",
    }
)  # fmt: skip

# A figure placeholder in the body: "[foto 3]" alone in its paragraph.
PLACEHOLDER_RE = re.compile(r"\[foto\s+(\d{1,5})\]", re.IGNORECASE)
HTML_TAG_RE = re.compile(r"<[^>]*>")


def _plain(text) -> str:
    return " ".join(html.unescape(HTML_TAG_RE.sub(" ", PLACEHOLDER_RE.sub(" ", text or ""))).split())


def search_text_of(title, dek, body, tags, artists) -> str:
    """Five lines: title, artist names, tag names, dek, body text (the trigger weights them A, A, B, B, C)."""
    lines = [title, " ".join(sorted(artists)), " ".join(sorted(tags)), dek, body]
    return "\n".join(_plain(line) for line in lines)


def validate_not_reserved(value):
    if value in RESERVED_SLUGS or (settings.ADMIN_URL.strip("/") == value):
        raise ValidationError(
            _("Slug “%(slug)s” dipakai oleh alamat situs; pilih yang lain."), params={"slug": value}
        )


def staff_user_field(verbose_name):
    """Who did something to a row: kept when the account is removed, never edited by hand."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=verbose_name,
    )


def clean_paragraphs(text: str) -> str:
    """Plain text keeping its paragraph breaks (``clean_text`` per line, blank lines kept single)."""
    lines = [clean_text(line) for line in (text or "").splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
