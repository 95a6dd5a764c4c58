"""/terpopuler/: the most-read published articles of the last 24 hours and 7 days (``pophariini.popular``)."""

from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from articles.most_read import most_read_cards
from articles.views import PageMetaMixin, prefetch_authors
from pophariini import navigation, seo

LIST_SIZE = 10


class MostReadView(PageMetaMixin, TemplateView):
    template_name = "articles/most_read.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day = most_read_cards(window="day", limit=LIST_SIZE)
        week = most_read_cards(window="week", limit=LIST_SIZE)
        prefetch_authors(day + week)
        context.update(
            day=day,
            week=week,
            breadcrumbs=[(_("Beranda"), "/"), (_("Terpopuler"), self.request.path)],
        )
        return context

    def get_page_meta(self, context):
        return seo.PageMeta(
            title=_("Terpopuler"),
            description=_("Artikel %(site)s yang paling banyak dibaca dalam 24 jam dan 7 hari terakhir.")
            % {"site": seo.site_name()},
            path=self.request.path,
            image=navigation.for_request(self.request).share_image,
            jsonld=[seo.breadcrumb_list(context["breadcrumbs"])],
        )
