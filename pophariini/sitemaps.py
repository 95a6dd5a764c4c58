"""Sitemap base (absolute locations on SITE_URL, whatever host the request came in on) and static pages."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from pophariini.models import Page


class SiteSitemap(Sitemap):
    limit = 5000

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PageSitemap(SiteSitemap):
    """Published static pages ("Tentang Kami", "Pedoman Media Siber")."""

    changefreq = "monthly"

    def items(self):
        return Page.objects.filter(is_published=True).only("url", "updated_at").order_by("url")

    def lastmod(self, page):
        return page.updated_at
