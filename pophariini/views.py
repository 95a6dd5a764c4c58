"""Site-wide views: health check and the hardened media view for single-machine installs."""

import mimetypes
import posixpath

from django.conf import settings
from django.db import connection
from django.http import FileResponse, Http404, JsonResponse
from django.urls import re_path
from django.utils._os import safe_join
from django.views.decorators.cache import never_cache

# Only image types the upload validator accepts are ever served from media.
MEDIA_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


@never_cache
def healthz(request):
    """Answer a load balancer: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def serve_media(request, path):
    """Serve an uploaded image from MEDIA_ROOT: images only, never HTML or SVG, no listing."""
    path = posixpath.normpath(path).lstrip("/")
    extension = posixpath.splitext(path)[1].lower()
    content_type = MEDIA_TYPES.get(extension)
    if content_type is None:
        raise Http404
    try:
        full_path = safe_join(settings.MEDIA_ROOT, path)
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
