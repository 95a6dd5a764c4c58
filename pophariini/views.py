"""Site-wide views: health check, robots.txt, error pages and the hardened media view."""

import mimetypes
import posixpath
import sys

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import SitemapIndexItem
from django.core.files.storage import FileSystemStorage
from django.db import InterfaceError, OperationalError, connection
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import re_path, reverse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache

from pophariini.cache import cache_health
from pophariini.seo import PageMeta, absolute_url

# Only image types the upload validator accepts are ever served from media.
MEDIA_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


@never_cache
def healthz(request):
    """Whether this server can serve readers (the database answers) and whether it is degraded.

    200 while the database answers, with ``"status": "degraded"`` when the shared cache
    does not (pages then render uncached); 503 only without a database. The body names
    each dependency and nothing more: no address or error text (those go to the log).
    docs/production.md says how a load balancer and a person read it.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        database = False
    else:
        database = True
    cache = cache_health()
    body = {
        "status": "error" if not database else "ok" if cache else "degraded",
        "database": "ok" if database else "unreachable",
        "cache": "ok" if cache else "degraded",
    }
    return JsonResponse(body, status=200 if database else 503)


def serve_media(request, path):
    """Serve an uploaded image from MEDIA_ROOT: images only, never HTML or SVG, no listing."""
    path = posixpath.normpath(path).lstrip("/")
    extension = posixpath.splitext(path)[1].lower()
    content_type = MEDIA_TYPES.get(extension)
    if content_type is None:
        raise Http404
    try:
        # Storage.path() refuses a path that leaves MEDIA_ROOT (SuspiciousFileOperation: a 400).
        full_path = FileSystemStorage(location=settings.MEDIA_ROOT).path(path)
        handle = open(full_path, "rb")  # noqa: SIM115 - FileResponse closes it
    except (ValueError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def media_urlpattern():
    prefix = settings.MEDIA_URL.lstrip("/")
    return re_path(rf"^{prefix}(?P<path>.+)$", serve_media)


mimetypes.add_type("image/webp", ".webp")


def favicon(request):
    """The site's icon at /favicon.ico, which browsers, feed readers and crawlers ask for
    whatever a page declares: a redirect to the static file, not a rendered 404 page."""
    response = HttpResponseRedirect(static("favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


def robots_txt(request):
    """Crawlers may read everything public; previews and search results stay out.

    The admin is not named: robots.txt is the first file an attacker reads, and naming
    ``ADMIN_URL`` there would undo choosing it. Crawlers never find the admin (no public page
    links it) and its pages tell them not to index anyway (Django's ``robots`` meta tag).
    """
    lines = [
        "User-agent: *",
        "Disallow: /pratinjau/",
        "Disallow: /cari/",
        "",
        f"Sitemap: {absolute_url('/sitemap.xml')}",
        f"Sitemap: {absolute_url('/news-sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def in_admin(request):
    """Whether a staff member is inside the admin: its error pages then keep the admin's design."""
    user = getattr(request, "user", None)
    return bool(user and user.is_active and user.is_staff) and request.path.startswith(reverse("admin:index"))


def admin_error_page(request, template_name, title, status):
    context = {**admin.site.each_context(request), "title": title}
    return TemplateResponse(request, template_name, context, status=status).render()


def page_not_found(request, exception=None):
    if in_admin(request):
        return admin_error_page(request, "admin/404.html", _("Halaman tidak ditemukan"), 404)
    response = TemplateResponse(
        request,
        "pophariini/404.html",
        {"meta": PageMeta(title=_("Halaman tidak ditemukan"), noindex=True)},
        status=404,
    )
    return response.render()


def bad_request(request, exception=None):
    """A request refused as malformed (in the admin most often a form with too many fields)."""
    if in_admin(request):
        return admin_error_page(request, "admin/400.html", _("Permintaan tidak bisa diproses"), 400)
    # Django's own view renders templates/400.html without the request: it also answers a
    # bad Host header, which a template using the request would raise again.
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    """A refusal in the newsroom's language: the admin's design inside the admin, the site's elsewhere."""
    if in_admin(request):
        return admin_error_page(request, "admin/403.html", _("Akses ditolak"), 403)
    return TemplateResponse(
        request,
        "pophariini/403.html",
        {"meta": PageMeta(title=_("Akses ditolak"), noindex=True)},
        status=403,
    ).render()


def server_error(request):
    """The 500 page renders from a template alone: no database, no context processors.

    When the database is unreachable (a failover, a restart) the answer is a 503 with
    Retry-After, so load balancers and crawlers treat it as temporary.
    """
    response = HttpResponseServerError(loader.get_template("pophariini/500.html").render())
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        response.status_code = 503
        response["Retry-After"] = "30"
    return response


def sitemap_index(request, sitemaps):
    """The sitemap index, with absolute locations on SITE_URL (Django's own uses the request host)."""
    entries = []
    for section, sitemap_class in sitemaps.items():
        location = absolute_url(reverse("sitemap_section", kwargs={"section": section}))
        pages = sitemap_class().paginator.num_pages
        entries.append(SitemapIndexItem(location, None))
        entries.extend(SitemapIndexItem(f"{location}?p={page}", None) for page in range(2, pages + 1))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml; charset=utf-8"
    )
