"""Content checks for editors: figures without alt text, caption or credit, orphan placeholders,
internal links to missing or unpublished articles, "Baca juga" cards readers cannot see, and photos
whose file is gone."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.urls import Resolver404, resolve

from articles.models import PLACEHOLDER_RE, Article, Figure
from articles.rendering import baca_juga_paths, baca_juga_targets
from pophariini.models import Page, Photo, Redirect


@dataclass(frozen=True)
class Finding:
    """One problem: ``kind`` is stable for machines, ``message`` is for people."""

    kind: str
    message: str
    article_id: int | None = None
    article_title: str = ""
    article_status: str = ""
    photo_id: int | None = None
    detail: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


KINDS = {
    "figure_missing_alt": "foto tanpa teks alternatif",
    "figure_missing_caption": "foto tanpa keterangan",
    "figure_missing_credit": "foto tanpa kredit",
    "hero_missing_alt": "foto utama tanpa teks alternatif",
    "placeholder_without_figure": "kode foto tanpa foto",
    "link_to_missing_article": "tautan internal ke artikel atau halaman yang tidak ada",
    "link_to_unpublished_article": "tautan ke artikel yang belum terbit",
    "photo_without_file": "foto tanpa berkas",
    "photo_file_missing": "berkas foto hilang dari penyimpanan",
    "baca_juga_target_missing": "kartu Baca Juga ke artikel yang tidak ada (tidak tampil)",
    "baca_juga_target_unpublished": "kartu Baca Juga ke artikel yang belum terbit (tidak tampil)",
}

_HREF_RE = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def check_content() -> list[Finding]:
    """Run every check; findings come ordered by article, then photos."""
    return [*check_articles(), *check_photos()]


def check_articles(queryset=None) -> Iterator[Finding]:
    """Check every article, or only those of ``queryset`` (the admin desk checks the ones in its queues)."""
    articles = (
        (Article.objects.all() if queryset is None else queryset)
        .select_related("hero")
        .only("pk", "title", "status", "publish_at", "body", "hero__alt_text")
        .prefetch_related(
            Prefetch("figures", queryset=Figure.objects.select_related("photo").order_by("position", "pk"))
        )
        .order_by("pk")
    )
    # Links are checked together at the end; keep only what a finding needs, not the bodies.
    pending_links: list[tuple[Article, str, str]] = []  # (article, href, slug)
    pending_cards: list[tuple[Article, str]] = []  # (article, path) of "Baca juga" paragraphs
    for article in articles.iterator(chunk_size=500):
        yield from _figure_findings(article, list(article.figures.all()))
        cards = baca_juga_paths(article.body)
        summary = Article(pk=article.pk, title=article.title, status=article.status)
        pending_cards += [(summary, path) for path in cards]
        for href in _internal_hrefs(article.body):
            slug = _article_slug(href)
            # A "Baca juga" link is reported once, as the card it is.
            if slug and href not in cards:
                pending_links.append((summary, href, slug))
    yield from _link_findings(pending_links)
    yield from _baca_juga_findings(pending_cards)


def _baca_juga_findings(cards: list[tuple[Article, str]]) -> Iterator[Finding]:
    """Cards whose target readers cannot see: the renderer hides them, editors should know."""
    shown = baca_juga_targets({path for _, path in cards})
    for article, path in cards:
        if path in shown:
            continue
        slug = _article_slug(path)
        known = bool(slug) and Article.objects.filter(slug=slug).exists()
        kind = "baca_juga_target_unpublished" if known else "baca_juga_target_missing"
        yield _finding(kind, article, path)


def _finding(kind: str, article: Article, detail: str, *, photo_id: int | None = None) -> Finding:
    return Finding(
        photo_id=photo_id,
        kind=kind,
        message=f"{KINDS[kind]}: {detail}",
        article_id=article.pk,
        article_title=article.title,
        article_status=article.status,
        detail=detail,
    )


def _figure_findings(article: Article, figures: list[Figure]) -> Iterator[Finding]:
    if article.hero_id and not article.hero.alt_text:
        yield _finding("hero_missing_alt", article, f"foto #{article.hero_id}", photo_id=article.hero_id)
    for figure in figures:
        label = figure.placeholder
        if not figure.photo.alt_text:
            yield _finding("figure_missing_alt", article, label, photo_id=figure.photo_id)
        if not figure.display_caption:
            yield _finding("figure_missing_caption", article, label, photo_id=figure.photo_id)
        if not figure.display_credit:
            yield _finding("figure_missing_credit", article, label, photo_id=figure.photo_id)
    keys = {figure.key for figure in figures}
    for key in dict.fromkeys(int(k) for k in PLACEHOLDER_RE.findall(article.body or "")):
        if key not in keys:
            yield _finding("placeholder_without_figure", article, f"[foto {key}]")


def _site_prefixes() -> tuple[str, ...]:
    parts = urlsplit(settings.SITE_URL)
    host = (parts.hostname or "").removeprefix("www.")
    if not host:
        return ()
    port = f":{parts.port}" if parts.port else ""
    return tuple(f"{scheme}://{www}{host}{port}" for scheme in ("http", "https") for www in ("", "www."))


def _internal_hrefs(body: str) -> Iterable[str]:
    prefixes = _site_prefixes()
    for href in _HREF_RE.findall(body or ""):
        if href.startswith("/") and not href.startswith("//"):
            yield href
        else:
            for prefix in prefixes:
                if href.lower().startswith(prefix.lower()):
                    yield href[len(prefix) :] or "/"
                    break


def _article_slug(path: str) -> str:
    """The article slug an internal address leads to, following stored redirects.

    "" for addresses of other pages (categories, static pages, …); for an address that
    leads nowhere, the last slug or path tried, which the caller then reports missing.
    """
    path = unquote(urlsplit(path).path) or "/"
    target = path
    for _ in range(3):
        try:
            match = resolve(path)
        except Resolver404:
            match = None
        if match and match.view_name == "articles:article_detail":
            target = match.kwargs["slug"]
            if Article.objects.filter(slug=target).exists():
                return target
        elif match:
            return ""
        redirect = Redirect.objects.filter(old_path__in=[path, path.rstrip("/") + "/"]).first()
        if redirect is None:
            break
        path = target = redirect.new_path
    if Page.objects.filter(url=path).exists():
        return ""
    return target


def _link_findings(links: list[tuple[Article, str, str]]) -> Iterator[Finding]:
    slugs = {slug for _, _, slug in links}
    known = set(Article.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    public = set(Article.objects.published().filter(slug__in=slugs).values_list("slug", flat=True))
    for article, href, slug in links:
        if slug not in known:
            yield _finding("link_to_missing_article", article, href)
        elif slug not in public:
            yield _finding("link_to_unpublished_article", article, href)


def check_photos() -> Iterator[Finding]:
    for photo in Photo.objects.only("pk", "image", "source_path", "alt_text").order_by("pk").iterator():
        if not photo.image:
            kind, detail = "photo_without_file", photo.source_path or f"#{photo.pk}"
        elif not default_storage.exists(photo.image.name):
            kind, detail = "photo_file_missing", photo.image.name
        else:
            continue
        yield Finding(
            kind=kind, message=f"{KINDS[kind]}: foto #{photo.pk} ({detail})", photo_id=photo.pk, detail=detail
        )
