"""Site middleware: per-area Content-Security-Policy and the 404 fallback to redirects and pages."""

from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic.detail import SingleObjectMixin

from articles import legacy
from pophariini.models import Page, Redirect


class SiteCSPMiddleware(CSPMiddleware):
    """Strict policy for readers; the admin's editor (import maps, inline styles) gets its own."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith("/" + settings.ADMIN_URL):
            return PolicyParts(config=settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"], nonce=parts.nonce)
        return parts


class RedirectFallbackMiddleware:
    """On a 404, answer with a stored 301 (old slugs, WordPress URLs) or a static page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        return self.fallback(request) or response

    def fallback(self, request):
        path = request.path
        if "\x00" in path:
            # PostgreSQL rejects NUL in text; no stored path can contain one anyway.
            return None
        candidates = [path]
        by_id = []
        if path == "/":
            # WordPress's addresses by id on the home page: /?attachment_id=N and /?p=N.
            by_id = [
                address
                for key in ("attachment_id", "p")
                if (address := legacy.id_address(key, request.GET.get(key, "")))
            ]
        if by_id:
            candidates[:0] = by_id
        elif not path.endswith("/"):
            candidates.append(path + "/")
        redirect = Redirect.objects.filter(old_path__in=candidates).order_by("-old_path").first()
        target = self.redirect_target(request, redirect.new_path) if redirect else None
        if target is None and by_id:
            # WordPress's id addresses need no stored row: the imported post, page or photo
            # carries its WordPress id (a photo also its parent's), resolved as above.
            target = legacy.id_address_target(by_id[0])
        if target:
            return HttpResponsePermanentRedirect(target)
        page = Page.objects.filter(url=path, is_published=True).first()
        if page:
            return TemplateResponse(request, "pophariini/page_detail.html", {"page": page}).render()
        return None

    @staticmethod
    def redirect_target(request, new_path):
        """Where a stored redirect sends a reader now, or None when its target is not public."""
        if legacy.is_id_address(new_path):
            # Old attachment pages point at WordPress's id addresses, resolved per request
            # (parent while published, else the photo's file): one hop for the reader.
            return legacy.id_address_target(new_path)
        if url_has_allowed_host_and_scheme(new_path, allowed_hosts=None) and target_answers(
            request, new_path
        ):
            return new_path
        return None


def target_answers(request, path):
    """Whether the page a stored redirect points to is there for readers.

    A detail page (an article, a music page) answers only for an object its view's own
    queryset shows, so a redirect to an article taken back from publication, or to a music
    page under embargo, is not followed: it would name what is not public yet.
    """
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return True  # A static page or another stored redirect: the fallback decides there.
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not issubclass(view_class, SingleObjectMixin):
        return True
    view = view_class()
    view.setup(request, *match.args, **match.kwargs)
    try:
        view.get_object()
    except Http404:
        return False
    return True
