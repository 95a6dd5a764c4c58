"""Reader lists of articles: rubric, tag and author pages, archives, the filtered list, search, corrections.

Every queryset here starts from ``Article.objects.published()``.
"""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import ListView
from taggit.models import Tag

from articles.filters import ArticleFilter
from articles.models import Article, Author, Category, Correction
from articles.music_search import music_results
from articles.pagination import PAGE_SIZE, CachedCountMixin, LatestFirstPaginator
from articles.search import CANDIDATE_LIMIT, asks_for_a_word, normalise_query, search_articles
from articles.views import PageMetaMixin, prefetch_authors
from pophariini import navigation, seo


def paged(title, path, number):
    """Title and canonical path of page ``number`` of a list: page 1 is the list itself."""
    if number == 1:
        return title, path
    return _("%(title)s, halaman %(number)s") % {"title": title, "number": number}, f"{path}?page={number}"


class ArticleListMixin(CachedCountMixin, PageMetaMixin):
    """A paginated list of published article cards under a heading."""

    paginate_by = PAGE_SIZE
    context_object_name = "articles"
    template_name = "articles/article_list.html"
    feed_url = None

    def published(self):
        return Article.objects.published().for_listing().latest_first()

    def get_heading(self):
        raise NotImplementedError

    def get_description(self):
        return ""

    def get_image(self, context):
        """The first lead photo among the page's cards, else the site's share image."""
        for article in context["object_list"]:
            image = seo.social_image(article.hero) if article.hero_id else None
            if image is not None:
                return image
        return navigation.for_request(self.request).share_image

    def get_breadcrumbs(self):
        return [(_("Beranda"), "/"), (self.get_heading(), self.request.path)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=self.get_heading(),
            description=self.get_description(),
            feed_url=self.feed_url,
            breadcrumbs=self.get_breadcrumbs(),
        )
        return context

    def get_fallback_description(self):
        return _("%(heading)s: kabar, ulasan, dan wawancara musik Indonesia di %(site)s.") % {
            "heading": self.get_heading(),
            "site": seo.site_name(),
        }

    def get_meta_description(self):
        """What search results show under the title: the section's own text, else a sentence about it."""
        return seo.summary(self.get_description(), 40) or self.get_fallback_description()

    def get_page_meta(self, context):
        title, path = paged(self.get_heading(), self.request.path, context["page_obj"].number)
        return seo.PageMeta(
            title=title,
            description=self.get_meta_description(),
            path=path,
            image=self.get_image(context),
            jsonld=[seo.breadcrumb_list(context["breadcrumbs"])],
        )


class SectionListView(ArticleListMixin, ListView):
    """Articles of one section (category, tag, author) found by the slug in the URL."""

    section_model = None
    feed_name = None
    paginator_class = LatestFirstPaginator

    def get_section(self):
        return get_object_or_404(self.section_model, slug=self.kwargs["slug"])

    def get_queryset(self):
        self.section = self.get_section()
        if self.feed_name:
            self.feed_url = reverse(self.feed_name, kwargs={"slug": self.section.slug})
        return self.filter_articles(self.published())

    def get_heading(self):
        return str(self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class CategoryDetailView(SectionListView):
    section_model = Category
    feed_name = "articles:category_feed"

    def filter_articles(self, queryset):
        return queryset.filter(category=self.section)

    def get_description(self):
        return self.section.description

    def get_fallback_description(self):
        return _("Artikel rubrik %(category)s di %(site)s: kabar, ulasan, dan wawancara musik Indonesia.") % {
            "category": self.section.name,
            "site": seo.site_name(),
        }


class TagDetailView(SectionListView):
    section_model = Tag
    feed_name = "articles:tag_feed"
    # A tag only drafts use stays unknown to readers.
    allow_empty = False

    def filter_articles(self, queryset):
        return queryset.filter(tags=self.section)

    def get_heading(self):
        return _("Tag: %(tag)s") % {"tag": self.section.name}

    def get_fallback_description(self):
        return _("Artikel %(site)s tentang %(tag)s: kabar, ulasan, dan wawancara musik Indonesia.") % {
            "tag": self.section.name,
            "site": seo.site_name(),
        }


class AuthorDetailView(SectionListView):
    section_model = Author
    feed_name = "articles:author_feed"
    template_name = "articles/author_detail.html"

    def get_section(self):
        return get_object_or_404(Author.objects.select_related("photo"), slug=self.kwargs["slug"])

    def filter_articles(self, queryset):
        return queryset.filter(authors=self.section)

    def get_description(self):
        return self.section.bio

    def get_fallback_description(self):
        return _("Tulisan %(author)s di %(site)s.") % {
            "author": self.section.name,
            "site": seo.site_name(),
        }

    def get_page_meta(self, context):
        meta = super().get_page_meta(context)
        meta.og_type = "profile"
        meta.image = seo.social_image(self.section.photo) or meta.image
        return meta


class ArchiveView(ArticleListMixin, ListView):
    """Articles published in a year, or in a month of it (Asia/Jakarta calendar)."""

    paginator_class = LatestFirstPaginator

    def get_queryset(self):
        year, month = self.kwargs["year"], self.kwargs.get("month")
        if not 1990 <= year <= 2100 or (month is not None and not 1 <= month <= 12):
            raise Http404
        zone = timezone.get_current_timezone()
        start = datetime.datetime(year, month or 1, 1, tzinfo=zone)
        if month is None:
            end = start.replace(year=year + 1)
        elif month == 12:
            end = start.replace(year=year + 1, month=1)
        else:
            end = start.replace(month=month + 1)
        self.start = start
        return self.published().filter(publish_at__gte=start, publish_at__lt=end)

    def get_heading(self):
        return _("Arsip %(period)s") % {"period": self.period()}

    def period(self):
        if self.kwargs.get("month"):
            return date_format(self.start, "YEAR_MONTH_FORMAT")
        return str(self.kwargs["year"])

    def get_fallback_description(self):
        return _("Artikel %(site)s yang terbit pada %(period)s.") % {
            "site": seo.site_name(),
            "period": self.period(),
        }


class ArticleListView(ArticleListMixin, ListView):
    """/artikel/: every published article, filterable by category, tag, artist, author and year."""

    template_name = "articles/article_filter.html"
    paginator_class = LatestFirstPaginator

    def get_queryset(self):
        # ?page= turns pages, it filters nothing: page 2 of the list is indexable like page 1.
        data = self.request.GET.copy()
        data.pop("page", None)
        self.filterset = ArticleFilter(data or None, queryset=self.published())
        return self.filterset.qs

    def get_heading(self):
        return _("Semua artikel")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(filter=self.filterset, **kwargs)
        applied = self.filterset.applied()
        if applied:
            context["empty_message"] = _("Tidak ada artikel yang cocok dengan saringan %(filters)s.") % {
                "filters": ", ".join(f"{label} “{value}”" for label, value in applied)
            }
        return context

    def get_page_meta(self, context):
        meta = super().get_page_meta(context)
        if self.filterset.is_bound:
            # Filtered variants are for readers, not for the index.
            meta.noindex = True
        return meta


class SearchView(ArticleListMixin, ListView):
    """/cari/: the best of the newest ``candidate_limit`` matches (``search_articles``).

    The paginator counts those candidates only, so a word found in nearly every article
    costs no more than the bound; the page then says there are at least that many and
    that adding a word narrows them.
    """

    template_name = "articles/search.html"
    # Readers' queries are endless in variety; their counts are not worth keeping.
    cache_count = False
    candidate_limit = CANDIDATE_LIMIT

    def get_queryset(self):
        self.query = normalise_query(self.request.GET.get("q"))
        return search_articles(self.query, limit=self.candidate_limit).for_cards()

    def get_heading(self):
        if self.query:
            return _("Hasil pencarian “%(query)s”") % {"query": self.query}
        return _("Cari artikel")

    def paginate_queryset(self, queryset, page_size):
        result = super().paginate_queryset(queryset, page_size)
        prefetch_authors(result[2])
        return result

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, **kwargs)
        context["candidate_limit"] = self.candidate_limit
        context["results_capped"] = context["paginator"].count >= self.candidate_limit
        context["only_exclusions"] = bool(self.query) and not asks_for_a_word(self.query)
        first_page = context["page_obj"] is None or context["page_obj"].number == 1
        context["music_groups"] = music_results(self.query) if self.query and first_page else []
        return context

    def get_page_meta(self, context):
        meta = super().get_page_meta(context)
        meta.noindex = True
        return meta


class CorrectionListView(PageMetaMixin, ListView):
    """/ralat/: the latest corrections and right-of-reply notes on published articles."""

    template_name = "articles/correction_list.html"
    context_object_name = "corrections"
    paginate_by = 20

    def get_queryset(self):
        return (
            Correction.objects.published().select_related("article__category").order_by("-created_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [(_("Beranda"), "/"), (_("Ralat dan hak jawab"), self.request.path)]
        return context

    def get_page_meta(self, context):
        title, path = paged(_("Ralat dan hak jawab"), self.request.path, context["page_obj"].number)
        return seo.PageMeta(
            title=title,
            description=_("Koreksi dan hak jawab yang dimuat redaksi Pophariini pada artikelnya."),
            path=path,
            jsonld=[seo.breadcrumb_list(context["breadcrumbs"])],
        )
