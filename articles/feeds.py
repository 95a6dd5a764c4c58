"""RSS feeds of published articles: the site, and each category, tag, author and artist.

Items carry the lead photo with its caption and credit, the full body with figures and
the ranked lists whole; the lead photo also travels as an enclosure (with its real byte
size) and as ``media:content``/``media:thumbnail``. Every URL, in the item HTML too, is
absolute on SITE_URL: feed readers and RSS-to-email resolve no relative address.
"""

import logging
import re

from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles.models import (
    Article,
    Author,
    Category,
    Correction,
    Figure,
    RankedEntry,
    RankedSection,
    TaggedArticle,
)
from articles.rendering import render_body
from music.models import Artist
from music.selectors import public
from pophariini.cache import cache_call
from pophariini.renditions import pick, rendition_name
from pophariini.sanitize import clean_text
from pophariini.seo import absolute_url, site_name

logger = logging.getLogger(__name__)

FEED_SIZE = 20
ENCLOSURE_WIDTH = 960
# A rendition's name is never reused for other bytes, so its size can be kept as long as the cache likes.
SIZE_CACHE_SECONDS = 60 * 60 * 24 * 30

_URL_ATTRIBUTE_RE = re.compile(r'(\s(?:href|src|poster)=")([^"]*)"')
_SRCSET_RE = re.compile(r'(\ssrcset=")([^"]*)"')


def absolute_in(url: str, page: str) -> str:
    """``url`` as a feed reader needs it: a site path on SITE_URL, an in-page anchor on ``page``."""
    if url.startswith("#"):
        return page + url
    if url.startswith("/") and not url.startswith("//"):
        return absolute_url(url)
    return url


def absolutize(html: str, page: str) -> str:
    """Make every ``href``, ``src``, ``poster`` and ``srcset`` address in ``html`` absolute.

    ``html`` is the project's own output (templates and nh3-cleaned bodies), whose
    attributes are always double-quoted.
    """

    def attribute(match):
        return f'{match[1]}{absolute_in(match[2], page)}"'

    def srcset(match):
        candidates = []
        for candidate in match[2].split(","):
            url, _space, descriptor = candidate.strip().partition(" ")
            candidates.append(f"{absolute_in(url, page)} {descriptor}".strip())
        return f'{match[1]}{", ".join(candidates)}"'

    return _SRCSET_RE.sub(srcset, _URL_ATTRIBUTE_RE.sub(attribute, html))


def file_size(name: str) -> int | None:
    """The stored file's size in bytes: kept in the cache, read from storage once (None if unreadable)."""
    key = f"filesize:{name}"
    size = cache_call("get", key, keys=[key])
    if size is None:
        try:
            size = default_storage.size(name)
        except Exception:  # a missing file, a storage outage: the item goes without its enclosure
            logger.warning("Feed enclosure: cannot read the size of %s.", name, exc_info=True)
            return None
        cache_call("set", key, size, SIZE_CACHE_SECONDS, keys=[key])
    return size


class MediaRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the Media RSS namespace: the lead photo as ``media:content`` and ``media:thumbnail``."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": "http://search.yahoo.com/mrss/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        lead = item.get("lead")
        if not lead:
            return
        size = {"width": str(lead["width"]), "height": str(lead["height"])}
        attributes = {"url": lead["url"], "medium": "image", "type": "image/webp", **size}
        if lead["length"]:
            attributes["fileSize"] = str(lead["length"])
        handler.startElement("media:content", attributes)
        if lead["title"]:
            handler.addQuickElement("media:description", lead["title"])
        if lead["credit"]:
            handler.addQuickElement("media:credit", lead["credit"])
        handler.endElement("media:content")
        handler.addQuickElement("media:thumbnail", "", {"url": lead["url"], **size})


class ArticleFeed(Feed):
    feed_type = MediaRssFeed
    description = _("Kabar, ulasan, dan wawancara musik Indonesia.")

    def title(self, obj=None):
        name = site_name()
        return name if obj is None else f"{clean_text(str(obj))} | {name}"

    def section_path(self, obj):
        return obj.get_absolute_url() if obj is not None else "/"

    def link(self, obj=None):
        return absolute_url(self.section_path(obj))

    def feed_url(self, obj=None):
        # Every feed lives at its section's address plus "feed/".
        return absolute_url(self.section_path(obj) + "feed/")

    def filter_articles(self, queryset, obj):
        return queryset

    def items(self, obj=None):
        queryset = (
            Article.objects.published()
            .select_related("category", "hero")
            .without_search_columns()
            .latest_first()
        )
        ranked = RankedSection.objects.order_by("position", "pk").prefetch_related(
            Prefetch("entries", queryset=RankedEntry.objects.for_display().order_by("position", "pk"))
        )
        return self.filter_articles(queryset, obj).prefetch_related(
            Prefetch("figures", queryset=Figure.objects.select_related("photo").order_by("position", "pk")),
            "article_authors__author",
            Prefetch("corrections", queryset=Correction.objects.order_by("-created_at", "-pk")),
            Prefetch("ranked_sections", queryset=ranked),
        )[:FEED_SIZE]

    # Text elements carry text only: an RSS reader decodes the XML and may show a title as
    # HTML, so a tag that reached a stored value (an older row) must not reach the feed.
    def item_title(self, item):
        return clean_text(item.title)

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_description(self, item):
        html = ""
        if item.is_sponsored:
            html = format_html(
                "<p><em>{}</em></p>", _("Advertorial · %(sponsor)s") % {"sponsor": item.sponsor_name}
            )
        # Corrections head the item, as they head the article page.
        corrections = list(item.corrections.all())
        if corrections:
            html += render_to_string("articles/_corrections.html", {"corrections": corrections})
        if item.dek:
            html += format_html("<p><strong>{}</strong></p>", item.dek)
        if item.hero_id and item.hero.has_file:
            hero = item.hero
            html += render_to_string(
                "articles/_figure.html",
                {"photo": hero, "caption": hero.caption, "credit": hero.credit, "lazy": False},
            )
        html += render_body(item.body, list(item.figures.all()), sponsored=item.is_sponsored)
        sections = list(item.ranked_sections.all())
        for section in sections:
            for entry in section.entries.all():
                entry.section = section  # the entry's anchor reads its section, without a query
            html += render_to_string("articles/_ranked_section.html", {"section": section, "article": item})
        return absolutize(html, self.item_link(item))

    def item_pubdate(self, item):
        return item.first_published_at or item.publish_at

    def item_updateddate(self, item):
        return item.revised_at

    def item_author_name(self, item):
        return clean_text(", ".join(author.name for author in item.ordered_authors)) or None

    def item_categories(self, item):
        return [clean_text(item.category.name)]

    def _lead(self, item):
        """The lead photo's rendition for the enclosure and Media RSS, with its byte size, or None."""
        if not hasattr(item, "_feed_lead"):
            rendition = pick(item.hero, ENCLOSURE_WIDTH) if item.hero_id else None
            item._feed_lead = None
            if rendition is not None:
                item._feed_lead = {
                    "url": absolute_url(rendition.url),
                    "width": rendition.width,
                    "height": rendition.height,
                    "length": file_size(rendition_name(item.hero.image.name, rendition.width)),
                    "title": item.hero.caption or item.hero.alt_text,
                    "credit": item.hero.credit,
                }
        return item._feed_lead

    def item_enclosures(self, item):
        lead = self._lead(item)
        if lead is None or not lead["length"]:
            # RSS requires an enclosure's true length; without it the photo stays in media:content.
            return []
        return [Enclosure(lead["url"], str(lead["length"]), "image/webp")]

    def item_extra_kwargs(self, item):
        return {"lead": self._lead(item)}


class LatestArticlesFeed(ArticleFeed):
    pass


class CategoryFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def filter_articles(self, queryset, obj):
        return queryset.filter(category=obj)


class TagFeed(ArticleFeed):
    def get_object(self, request, slug):
        # Like the tag page: a tag only unpublished articles use stays unknown to readers.
        used = TaggedArticle.objects.filter(
            tag=OuterRef("pk"), content_object__in=Article.objects.published()
        )
        return get_object_or_404(Tag.objects.filter(Exists(used)), slug=slug)

    def title(self, obj=None):
        return f"{_('Tag')}: {clean_text(obj.name)} | {site_name()}"

    def section_path(self, obj):
        return reverse("articles:tag_detail", kwargs={"slug": obj.slug})

    def filter_articles(self, queryset, obj):
        return queryset.filter(tags=obj)


class AuthorFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def filter_articles(self, queryset, obj):
        return queryset.filter(authors=obj)


class ArtistFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(public(Artist.objects.all()), slug=slug)

    def filter_articles(self, queryset, obj):
        return queryset.filter(artists=obj)
