"""Reader pages for articles (home, article) and the staff-only preview; the lists live in ``list_views``.

Every queryset here starts from ``Article.objects.published()``; only the preview,
open to active staff only, reads unpublished articles.
"""

import datetime

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from articles import workflow
from articles.models import Article, ArticleAuthor, Category
from articles.most_read import rail_headlines
from articles.pagination import PAGE_SIZE, CachedCountMixin, LatestFirstPaginator
from articles.related import related_section
from articles.rendering import render_body
from articles.search import normalise_query
from articles.selectors import (
    article_corrections,
    article_links,
    for_article_page,
    ranked_sections,
    union_sql,
)
from pophariini import navigation, popular, seo

HOME_FEATURED = 4
HOME_PER_CATEGORY = 4
HOME_MOST_READ = 6


def prefetch_authors(articles):
    """Load ordered authors for cards from several lists in one query."""
    prefetch_related_objects(
        articles,
        Prefetch(
            "article_authors",
            queryset=ArticleAuthor.objects.select_related("author").order_by("position", "pk"),
        ),
    )


class PageMetaMixin:
    """Adds ``meta`` (a ``seo.PageMeta``) to the context for ``base.html``'s head."""

    def get_page_meta(self, context):
        raise NotImplementedError

    def render_to_response(self, context, **response_kwargs):
        # Last, so the metadata can use everything the view put in the context.
        context["meta"] = self.get_page_meta(context)
        return super().render_to_response(context, **response_kwargs)


class HomeView(CachedCountMixin, PageMetaMixin, ListView):
    """Featured articles, the latest, and a block per home-page category; later pages list the rest."""

    template_name = "pophariini/home.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE
    paginator_class = LatestFirstPaginator

    def get(self, request, *args, **kwargs):
        if "s" in request.GET:
            # WordPress searched at /?s=...
            query = normalise_query(request.GET.get("s"))
            target = reverse("articles:search") + (f"?{urlencode({'q': query})}" if query else "")
            return HttpResponsePermanentRedirect(target)
        if "feed" in request.GET:
            # WordPress's /?feed=rss2, /?feed=atom, ...: every form is the site's one feed.
            return HttpResponsePermanentRedirect(reverse("articles:feed"))
        if "p" in request.GET or "attachment_id" in request.GET:
            # WordPress's /?p=<id> and /?attachment_id=<id>: the redirect fallback answers with
            # the imported post's address, or the attachment's post or photo.
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.published().for_cards().latest_first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cards = list(context["articles"])
        # Authors are loaded for the cards that name them: every card of a later page.
        with_authors = cards
        if context["page_obj"].number == 1:
            featured = list(
                Article.objects.published().filter(featured=True).for_cards().latest_first()[:HOME_FEATURED]
            )
            blocks = self.category_blocks()
            most_read = popular.most_read(
                Article.objects.published().for_cards(), window="day", limit=HOME_MOST_READ
            )
            # The lead story is the newest featured one (else the newest of all); the next
            # featured stories stand beside it, and the latest list goes on without them.
            top = featured or cards[:1]
            shown = {article.pk for article in top}
            latest = [article for article in context["articles"] if article.pk not in shown]
            context.update(
                featured=featured,
                lead=top[0] if top else None,
                secondary=top[1:],
                latest=latest,
                # Without a most-read rail the first six latest stand in the rail instead.
                more_latest=latest if most_read else latest[6:],
                most_read=most_read,
                # A rubric section never repeats the stories at the top; one left empty goes.
                category_blocks=[
                    {**block, "articles": rest}
                    for block in blocks
                    if (rest := [article for article in block["articles"] if article.pk not in shown])
                ],
            )
            # On the first page, only the lead story and the latest list name them.
            with_authors = [*top[:1], *context["more_latest"]]
        prefetch_authors(with_authors)
        return context

    def category_blocks(self):
        """The newest few articles of each home-page category, in two queries.

        The second reads ``article IN (<UNION of one sliced query per category>)``: each
        part walks the (category, status, publish_at, id) index for a few rows, so the
        cost follows the number of home categories, not the archive (a window function
        ranking every published article of those categories took seconds at 100,000).
        """
        categories = list(Category.objects.filter(show_on_home=True).order_by("position", "name"))
        if not categories:
            return []
        published = Article.objects.published()
        newest_ids, params = union_sql(
            [
                published.filter(category_id=category.pk).latest_first().values("pk")[:HOME_PER_CATEGORY]
                for category in categories
            ]
        )
        articles = (
            published.filter(pk__in=RawSQL(newest_ids, params))
            .for_cards()
            .order_by("category_id", "-publish_at", "-pk")
        )
        by_category = {}
        for article in articles:
            by_category.setdefault(article.category_id, []).append(article)
        return [
            {"category": category, "articles": by_category[category.pk]}
            for category in categories
            if category.pk in by_category
        ]

    def get_page_meta(self, context):
        number = context["page_obj"].number
        return seo.PageMeta(
            title=seo.site_name() if number == 1 else _("Halaman %(number)s") % {"number": number},
            description=_("Kabar, ulasan, dan wawancara musik Indonesia."),
            path="/" if number == 1 else f"/?page={number}",
            image=navigation.for_request(self.request).share_image,
            jsonld=[seo.website_document()] if number == 1 else [],
        )


def render_related(cards):
    return render_to_string("articles/_related.html", {"related": cards})


def render_music_box(article, box):
    return render_to_string("articles/_music_box.html", {"music": box, "article": article})


class ArticlePageMixin(PageMetaMixin):
    context_object_name = "article"
    template_name = "articles/article_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        links = article_links(article, render_music_box=render_music_box)
        context.update(
            body=render_body(article.body, links.figures, sponsored=article.is_sponsored),
            corrections=article_corrections(article) if links.has_corrections else [],
            ranked_sections=ranked_sections(article) if links.has_ranked_list else [],
            authors=links.authors,
            tags=links.tags,
            music_box=links.music_box_html,
            related_section=related_section(article, links, render_related),
            most_read=rail_headlines(article),
            previous_article=links.previous,
            next_article=links.next,
            breadcrumbs=[
                (_("Beranda"), "/"),
                (article.category.name, article.category.get_absolute_url()),
                (article.title, article.get_absolute_url()),
            ],
        )
        return context

    def get_page_meta(self, context):
        article = self.object
        # Without a lead photo, the site's share image: social cards and Google's article results need one.
        image = seo.social_image(article.hero) or navigation.for_request(self.request).share_image
        return seo.PageMeta(
            title=article.seo_title or article.title,
            description=seo.summary(article.seo_description or article.dek, 40),
            path=article.get_absolute_url(),
            og_type="article",
            image=image,
            published=article.first_published_at or article.publish_at,
            modified=article.revised_at,
            jsonld=[
                seo.news_article(article, authors=context["authors"], image=image),
                seo.breadcrumb_list(context["breadcrumbs"]),
                *seo.item_lists(article, context["ranked_sections"]),
            ],
        )


class ArticleDetailView(ArticlePageMixin, DetailView):
    def get_queryset(self):
        return for_article_page(Article.objects.published())


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(ArticlePageMixin, DetailView):
    """Any article, published or not, for staff; never cached, never indexed.

    Anyone else gets the site's 404, not a redirect to the admin's login: the preview must
    not tell a stranger where the admin lives (``ADMIN_URL``) nor that the article exists.
    """

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_active and request.user.is_staff):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        # A Kontributor previews only their own articles (articles.workflow decides).
        visible = workflow.visible_to(self.request.user, for_article_page(Article.objects.all()))
        return get_object_or_404(visible, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)

    def get_page_meta(self, context):
        return seo.PageMeta(
            title=_("Pratinjau: %(title)s") % {"title": self.object.title},
            path=self.request.path,
            noindex=True,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response


NEWS_WINDOW = datetime.timedelta(hours=48)


def news_sitemap(request):
    """Google News sitemap: editorial articles published in the last 48 hours (at most 1,000).

    Sponsored content stays out: Google News does not take advertorials.
    """
    now = timezone.now()
    articles = (
        Article.objects.published(at=now)
        .editorial()
        .filter(publish_at__gte=now - NEWS_WINDOW)
        .only("slug", "title", "publish_at", "first_published_at")
        .latest_first()[:1000]
    )
    return TemplateResponse(
        request,
        "articles/news_sitemap.xml",
        {"articles": articles, "language": settings.LANGUAGE_CODE, "site_name": seo.site_name()},
        content_type="application/xml; charset=utf-8",
    )
