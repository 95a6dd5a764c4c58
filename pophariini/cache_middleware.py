"""The reader page cache's middleware: serve a current page, else render the page and store it.

The rules (what is kept, under which key and stamp, how writes renew it, what happens
when the cache fails) are in ``pophariini.cache``'s docstring; this is where a request
meets them. It is the first middleware, so a page is kept with every header the site
sends and a hit skips every other layer; ``pophariini.cache_wsgi`` answers a worker's
own current copies even before Django's handler.

One render of a renewed page at a time
--------------------------------------
A write renews the pages showing what it changed, and under a newsroom's traffic every
reader of a busy page (the home page: dozens a second) would render it until the first
render is stored. So the request that finds a page's entry stale claims its render
(``cache.add()`` of a lock named after the page and its current stamp) and renders it;
while the claim lasts, other readers are answered the stale entry at once
(``X-Page-Cache: stale``, never kept by a CDN), as a CDN's stale-while-revalidate would.
A page with no entry at all is rendered by whoever asks, as before. The claim ends with
the render, or after ``RENDER_LOCK_SECONDS`` if its worker died; a newer write names a new
lock. Django's file cache's ``add()`` is not atomic across processes, so two of its
workers may now and then both render; Redis's is. Measured in bench/README.md, "Newsroom".
"""

import hashlib
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

# How long a claimed render keeps other readers on the stale entry at most (a worker killed mid-render).
RENDER_LOCK_SECONDS = 10


def render_lock(key: str, stamp) -> str:
    """The claim on rendering the page ``key`` under ``stamp``."""
    return f"{key}:rendering:{hashlib.sha256(repr(stamp).encode()).hexdigest()[:16]}"


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

        lock = None
        stale = next((entry for entry in (stored, copy) if page_cache.is_entry(entry)), None)
        if stale is not None and request.method == "GET":
            lock = render_lock(key, stamp)
            if page_cache.cache_call("add", lock, 1, timeout=RENDER_LOCK_SECONDS, keys=[lock]) is False:
                return self.serve(request, stale, now, next_at, outcome="stale")
        try:
            response = self.get_response(request)
            if request.method != "GET" or not response_is_cacheable(response):
                return response
            return self.finish(request, response, now, next_at, "miss", key=key, stamp=stamp)
        finally:
            if lock is not None:
                page_cache.cache_call("delete", lock)

    def serve(self, request, stored, now, next_at, *, outcome="hit"):
        _stamp, status, headers, content, rendered_at = stored
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = outcome
        if outcome == "stale":
            # Answered while another request renders the current page: no shared cache keeps it.
            response["Cache-Control"] = "no-cache"
        else:
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
