"""Reader pages for articles, plus the staff-only preview."""

from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from articles.models import Article, Author, Category


class HomeView(ListView):
    template_name = "pophariini/home.html"
    context_object_name = "articles"
    paginate_by = 12

    def get_queryset(self):
        return Article.objects.published().for_listing().latest_first()


class ArticleDetailView(DetailView):
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().for_detail()


@method_decorator([never_cache, staff_member_required], name="dispatch")
class ArticlePreviewView(DetailView):
    """Any article, published or not, for staff; never cached, never indexed."""

    context_object_name = "article"
    template_name = "articles/article_detail.html"

    def get_object(self, queryset=None):
        return get_object_or_404(Article.objects.for_detail(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response


class SectionListView(ListView):
    """A paginated list of published articles belonging to ``self.section``."""

    paginate_by = 12
    context_object_name = "articles"
    section_model = None
    template_name = "articles/article_list.html"

    def get_queryset(self):
        self.section = get_object_or_404(self.section_model, slug=self.kwargs["slug"])
        return self.filter_articles(Article.objects.published()).for_listing().latest_first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class CategoryDetailView(SectionListView):
    section_model = Category

    def filter_articles(self, queryset):
        return queryset.filter(category=self.section)


class AuthorDetailView(SectionListView):
    section_model = Author

    def filter_articles(self, queryset):
        return queryset.filter(authors=self.section)
