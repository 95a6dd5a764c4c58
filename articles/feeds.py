"""RSS feeds of published articles: the site, and each category, tag, author and artist.

Items carry the full body with figures; the hero travels as an enclosure and as a
``media:thumbnail``. Every URL is absolute on SITE_URL.
"""

from django.contrib.syndication.views import Feed
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles.models import Article, Author, Category, Correction, Figure, TaggedArticle
from articles.rendering import render_body
from music.models import Artist
from music.selectors import public
from pophariini.renditions import Rendition, pick
from pophariini.sanitize import clean_text
from pophariini.seo import SITE_NAME, absolute_url

FEED_SIZE = 20
ENCLOSURE_WIDTH = 960


class MediaRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the Media RSS namespace for a thumbnail per item."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": "http://search.yahoo.com/mrss/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        thumbnail = item.get("thumbnail")
        if thumbnail:
            handler.addQuickElement(
                "media:thumbnail",
                "",
                {"url": thumbnail.url, "width": str(thumbnail.width), "height": str(thumbnail.height)},
            )


class ArticleFeed(Feed):
    feed_type = MediaRssFeed
    description = _("Kabar, ulasan, dan wawancara musik Indonesia.")

    def title(self, obj=None):
        return SITE_NAME if obj is None else f"{clean_text(str(obj))} | {SITE_NAME}"

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
        return self.filter_articles(queryset, obj).prefetch_related(
            Prefetch("figures", queryset=Figure.objects.select_related("photo").order_by("position", "pk")),
            "article_authors__author",
            Prefetch("corrections", queryset=Correction.objects.order_by("-created_at", "-pk")),
        )[:FEED_SIZE]

    # Text elements carry text only: an RSS reader decodes the XML and may show a title as
    # HTML, so a tag that reached a stored value (an older row) must not reach the feed.
    def item_title(self, item):
        return clean_text(item.title)

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_description(self, item):
        hero = ""
        if item.is_sponsored:
            hero = format_html(
                "<p><em>{}</em></p>", _("Advertorial · %(sponsor)s") % {"sponsor": item.sponsor_name}
            )
        # Corrections head the item, as they head the article page.
        corrections = list(item.corrections.all())
        if corrections:
            hero += render_to_string("articles/_corrections.html", {"corrections": corrections})
        if item.dek:
            hero += format_html("<p><strong>{}</strong></p>", item.dek)
        return hero + render_body(item.body, list(item.figures.all()), sponsored=item.is_sponsored)

    def item_pubdate(self, item):
        return item.first_published_at or item.publish_at

    def item_updateddate(self, item):
        return item.revised_at

    def item_author_name(self, item):
        return clean_text(", ".join(author.name for author in item.ordered_authors)) or None

    def item_categories(self, item):
        return [clean_text(item.category.name)]

    def _hero(self, item):
        return pick(item.hero, ENCLOSURE_WIDTH) if item.hero_id else None

    def item_enclosures(self, item):
        rendition = self._hero(item)
        if rendition is None:
            return []
        # The exact byte size would need a storage round-trip per item; 0 is what RSS readers accept.
        return [Enclosure(absolute_url(rendition.url), "0", "image/webp")]

    def item_extra_kwargs(self, item):
        rendition = self._hero(item)
        if rendition is None:
            return {}
        return {"thumbnail": Rendition(absolute_url(rendition.url), rendition.width, rendition.height)}


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
        return f"{_('Tag')}: {clean_text(obj.name)} | {SITE_NAME}"

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
