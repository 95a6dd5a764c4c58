"""Sitemaps of published articles and of the sections that list them."""

from django.db.models import Max
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Author, Category
from pophariini.sitemaps import SiteSitemap


class ArticleSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return (
            Article.objects.published().only("slug", "publish_at", "revised_at", "updated_at").latest_first()
        )

    def lastmod(self, item):
        return item.revised_at or item.publish_at


class SectionSitemap(SiteSitemap):
    """Categories, authors and tags that have at least one published article."""

    changefreq = "daily"
    model = None
    relation = None

    def items(self):
        published = Article.objects.published()
        return (
            self.model.objects.filter(**{f"{self.relation}__in": published})
            .annotate(latest=Max(f"{self.relation}__publish_at"))
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.latest


class CategorySitemap(SectionSitemap):
    model = Category
    relation = "articles"


class AuthorSitemap(SectionSitemap):
    model = Author
    relation = "articles"


class TagSitemap(SectionSitemap):
    model = Tag
    relation = "article"

    def location(self, item):
        return reverse("articles:tag_detail", kwargs={"slug": item.slug})


class StaticSitemap(SiteSitemap):
    changefreq = "hourly"

    def items(self):
        return ["articles:home", "articles:article_list", "articles:correction_list"]

    def location(self, item):
        return reverse(item)
