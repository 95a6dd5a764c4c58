"""Root URL configuration. Article slugs live at the top level, so their pattern comes last."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles import sitemaps as article_sitemaps
from music import sitemaps as music_sitemaps
from pophariini import sitemaps as site_sitemaps
from pophariini import views

sitemaps = {
    "halaman": article_sitemaps.StaticSitemap,
    "halaman-statis": site_sitemaps.PageSitemap,
    "artikel": article_sitemaps.ArticleSitemap,
    "rubrik": article_sitemaps.CategorySitemap,
    "penulis": article_sitemaps.AuthorSitemap,
    "tag": article_sitemaps.TagSitemap,
    "artis": music_sitemaps.ArtistSitemap,
    "rilisan": music_sitemaps.ReleaseSitemap,
    "lagu": music_sitemaps.SongSitemap,
    "film": music_sitemaps.FilmSitemap,
}

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", views.sitemap_index, {"sitemaps": sitemaps}, name="sitemap_index"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": sitemaps}, name="sitemap_section"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("music.urls")),
    path("", include("articles.urls")),
]

handler400 = "pophariini.views.bad_request"
handler403 = "pophariini.views.permission_denied"
handler404 = "pophariini.views.page_not_found"
handler500 = "pophariini.views.server_error"

if settings.SERVE_MEDIA or settings.DEBUG:
    urlpatterns.insert(0, views.media_urlpattern())
