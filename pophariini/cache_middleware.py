"""The reader page cache's middleware: serve a current page, else render the page and store it.

The rules (what is kept, under which key and stamp, how writes renew it, what happens
when the cache fails) are in ``pophariini.cache``'s docstring; this is where a request
meets them. It is the first middleware, so a page is kept with every header the site
sends and a hit skips every other layer; ``pophariini.cache_wsgi`` answers a worker's
own current copies even before Django's handler.
"""

import math
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date

from pophariini import cache as page_cache
from pophariini.cache_rules import (
    add_cdn_headers,
    page_cache_seconds,
    page_key,
    passes_through,
    request_is_cacheable,
    response_is_cacheable,
)
from pophariini.tracking import normalise_request


class PageCacheMiddleware:
    """Serve and store whole reader pages; see ``pophariini.cache`` for the rules."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if passes_through(request.path_info):
            return self.get_response(request)
        if not request.path_info.startswith(f"/{settings.ADMIN_URL}"):
            normalise_request(request)
        page_cache.settle_owed_purge()
        if not request_is_cacheable(request):
            response = self.get_response(request)
            if request.method in ("GET", "HEAD") and not response.has_header("Cache-Control"):
                # A logged-in editor's page must not be kept by a shared cache on the way.
                patch_cache_control(response, private=True)
            return response

        now = timezone.now().timestamp()
        key = page_key(request)
        copy = page_cache.local_pages.get(key)
        # The shared entry is read in the same round trip only when this worker has no copy.
        state = page_cache.current_state(
            now, also=[] if copy else [key], scopes=page_cache.path_scopes(request.path_info)
        )
        if state is None:
            # The cache cannot be used: render as if it were off, still fit for a CDN.
            response = self.get_response(request)
            if request.method != "GET" or not response_is_cacheable(response):
                return response
            return self.finish(request, response, now, page_cache.next_scheduled_publish(), "degraded")

        # An entry counts only if rendered under the current generation, scope and schedule.
        stamp, next_at, found = state
        stored = copy if page_cache.is_current(copy, stamp) else found.get(key, page_cache.MISSING)
        if stored is page_cache.MISSING:
            stored = page_cache.cache_call("get", key, keys=[key])
        if page_cache.is_current(stored, stamp):
            if stored is not copy:
                page_cache.keep_copy(key, stored, now, next_at)
            return self.serve(request, stored, now, next_at)

        response = self.get_response(request)
        if request.method != "GET" or not response_is_cacheable(response):
            return response
        return self.finish(request, response, now, next_at, "miss", key=key, stamp=stamp)

    def serve(self, request, stored, now, next_at):
        _stamp, status, headers, content, rendered_at = stored
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        add_cdn_headers(response, now, next_at)
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=rendered_at, response=response
        )

    def finish(self, request, response, now, next_at, outcome, *, key=None, stamp=None):
        """Validators and CDN headers for a rendered reader page, stored under ``key`` if given."""
        if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
            response.render()
        set_response_etag(response)
        rendered_at = int(time.time())
        response["Last-Modified"] = http_date(rendered_at)
        lifetime = page_cache_seconds() if next_at is None else min(page_cache_seconds(), next_at - now)
        if key is not None and lifetime >= 1:
            headers = [(name, value) for name, value in response.items() if name.lower() != "cache-control"]
            entry = (stamp, response.status_code, headers, response.content, rendered_at)
            page_cache.cache_call("set", key, entry, timeout=math.floor(lifetime), keys=[key])
            page_cache.keep_copy(key, entry, now, next_at)
        response["X-Page-Cache"] = outcome
        add_cdn_headers(response, now, next_at)
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=rendered_at, response=response
        )
