"""Root URL configuration. Article slugs live at the top level, so their pattern comes last."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from pophariini import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("music.urls")),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA or settings.DEBUG:
    urlpatterns.insert(0, views.media_urlpattern())
