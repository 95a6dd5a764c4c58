"""The site's URLs plus ``/bench/bytes/<n>/``: a trivial view, the Django ceiling for throughput."""

from django.http import HttpResponse
from django.urls import include, path

PAYLOAD = b"x" * (1 << 20)


def bytes_view(request, size):
    """``size`` bytes of text through the full middleware stack; never stored by the page cache."""
    response = HttpResponse(PAYLOAD[:size], content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("bench/bytes/<int:size>/", bytes_view),
    path("", include("pophariini.urls")),
]

from pophariini.urls import handler404, handler500  # noqa: E402, F401
