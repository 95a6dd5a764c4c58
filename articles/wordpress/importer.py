"""Importing a WordPress export into articles, photos, static pages and redirects, all or nothing."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import RESERVED_SLUGS, Article, ArticleAuthor, Author, Category, Figure, TaggedArticle
from articles.wordpress.attachments import AttachmentAddresses
from articles.wordpress.content import GALLERY_MARKER, ConvertedContent, FigureSpec, convert_content
from articles.wordpress.photos import PhotoImporter
from articles.wordpress.summary import ImportSummary
from articles.wordpress.wxr import WxrItem, WxrReader
from pophariini.content import bulk_write
from pophariini.models import Page, Redirect
from pophariini.sanitize import clean_html, clean_text
from pophariini.slugs import slug_from

FLUSH_EVERY = 200  # posts between bulk writes of their authors, tags, figures and redirects
FALLBACK_CATEGORY = ("lain-lain", "Lain-lain")
ANONYMOUS_LOGIN = "redaksi"  # the author of posts whose dc:creator is empty


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

    Everything runs in one database transaction: a file that turns out to be broken
    half-way leaves no partial import behind (and the files copied so far are deleted).
    Running the same file again updates every row in place, keyed by WordPress ids.

    ``media_dir`` is the old site's ``wp-content/uploads`` folder; without it every photo
    is kept without its file and listed as missing. With ``dry_run`` everything is done
    inside a transaction that is rolled back, and no file is written.
    """
    reader = WxrReader(Path(path), on_progress=on_progress)
    importer = _Importer(
        media_dir=Path(media_dir) if media_dir else None, dry_run=dry_run, channel=reader.channel
    )
    try:
        # One transaction: a file broken half-way leaves nothing behind. Cached pages, stored
        # related lists and search text are renewed once at the end rather than on each of
        # thousands of saves (every imported article is saved, so its bulk rows count too).
        with transaction.atomic(), bulk_write():
            for kind, record in reader:
                importer.handle(kind, record)
            importer.finish()
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    except BaseException:
        importer.photos.delete_written_files()
        raise
    return importer.summary


class _Importer:
    """Maps the reader's records onto the models, one record at a time, inside import_wxr's transaction."""

    def __init__(self, *, media_dir: Path | None, dry_run: bool, channel: dict[str, str]):
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
        self._reserved = RESERVED_SLUGS | {settings.ADMIN_URL.strip("/")}
        # WordPress ids already in the database: an id not in them needs no lookup (a fresh
        # import then costs a few queries per post). Small: one integer per row.
        self._known_posts = set(
            Article.objects.filter(wp_post_id__isnull=False).values_list("wp_post_id", flat=True)
        )
        self.photos = PhotoImporter(media_dir=media_dir, dry_run=dry_run, summary=self.summary)
        self.attachments = AttachmentAddresses()
        self._tags: dict[str, int] = {}  # lower-cased name -> Tag pk
        self._tag_slugs: dict[int, str] = {}  # Tag pk -> slug
        self._galleries: list[tuple[int, int]] = []  # (article pk, post id) holding GALLERY_MARKER
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
            is_photo = self.photos.add_attachment(item)
            self.attachments.add_attachment(
                post_id=item.post_id,
                name=item.post_name,
                link=item.link,
                parent=item.parent,
                is_photo=is_photo,
            )
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
        # After the posts' and pages' own redirects, which keep any address they share.
        self.summary.redirects += self.attachments.write()
        self._fill_galleries()
        self.summary.missing_files = self.photos.missing_files()

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
        self.attachments.add_parent(post_id=item.post_id, name=item.post_name)
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
        article.hero_id = self.photos.for_attachment(int(thumbnail)) if thumbnail.isdigit() else None
        old_path = self._old_path(item.link)
        article.slug = self._free_slug(self._wanted_slug(item, old_path), article)
        article.save()
        self._known_posts.add(item.post_id)
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
            self._tag_redirects(item)
        self._posts_since_flush += 1
        if self._posts_since_flush >= FLUSH_EVERY:
            self.flush()
            self._posts_since_flush = 0

    def _tag_redirects(self, item: WxrItem):
        """WordPress's tag slugs that differ from the tag's slug here ("alignment-2" for "alignment")."""
        for domain, nicename, name in item.terms:
            old_slug, name = unquote(nicename).strip("/"), clean_text(name)[:100]
            if domain == "post_tag" and old_slug and name:
                slug = self._tag_slugs[self._tag_id(name)]
                if slug and old_slug != slug:
                    self._redirect(f"/tag/{old_slug}/", reverse("articles:tag_detail", kwargs={"slug": slug}))

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
            self._tag_slugs[tag.pk] = tag.slug
        return self._tags[key]

    def _set_figures(self, article: Article, specs: list[FigureSpec], *, created: bool):
        existing = {} if created else {f.key: f for f in article.figures.all()}
        for position, spec in enumerate(specs):
            key = position + 1
            values = {
                "photo_id": self.photos.for_figure(spec),
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
            photo_ids = self.photos.attached_to(post_id)
            if not photo_ids:
                self.summary.warnings.append(f"post {post_id}: galeri tanpa foto terlampir dihapus")
            figures = [
                Figure(article=article, key=key, position=key - 1, photo_id=photo_id)
                for key, photo_id in enumerate(photo_ids, start=first_key)
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
        self.attachments.add_parent(post_id=item.post_id, name=item.post_name, link=item.link, is_page=True)
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


def _figures_as_captions(converted: ConvertedContent) -> str:
    """Static pages have no figures: a photo's place keeps its caption as text."""

    def caption(match):
        spec = converted.figures[int(match.group(1)) - 1]
        text = " ".join(part for part in (spec.caption, spec.credit) if part)
        return f"<p>{html.escape(text)}</p>" if text else ""

    return clean_html(re.sub(r"<p>\[foto (\d+)\]</p>", caption, converted.html))
