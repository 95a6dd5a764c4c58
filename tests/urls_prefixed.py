"""The site's URLs under /berita/, for the test that slug paths follow a changed URLconf."""

from django.urls import include, path

urlpatterns = [path("berita/", include("pophariini.urls"))]
