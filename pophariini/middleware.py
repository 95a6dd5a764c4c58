"""Site middleware: per-area Content-Security-Policy and the 404 fallback to redirects and pages."""

from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic.detail import SingleObjectMixin

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
        if path == "/" and request.GET.get("p", "").isdigit():
            candidates.insert(0, f"/?p={request.GET['p']}")
        elif not path.endswith("/"):
            candidates.append(path + "/")
        redirect = Redirect.objects.filter(old_path__in=candidates).order_by("-old_path").first()
        if (
            redirect
            and url_has_allowed_host_and_scheme(redirect.new_path, allowed_hosts=None)
            and target_answers(request, redirect.new_path)
        ):
            return HttpResponsePermanentRedirect(redirect.new_path)
        page = Page.objects.filter(url=path, is_published=True).first()
        if page:
            return TemplateResponse(request, "pophariini/page_detail.html", {"page": page}).render()
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
