"""A worker's own copy of a cached page, answered before Django's request handling.

``PageCacheMiddleware`` is the first middleware, so a hit skips every other layer; what is
left of a hit is Django's handler around it (the request object, the request signals,
the response object and its headers). Measured under gunicorn with the shipped
configuration, that handler is what held cached pages at 54-58 % of a one-file Django
project returning the same bytes; the WhiteNoise stylesheet, served from the third
middleware, reached only about 70 % of it (bench/README.md, "Cached pages before
Django's handler"). So ``pophariini.wsgi`` wraps Django's application in
``CachedPageApplication``, which answers the commonest hit itself: a plain GET whose page
this worker holds under a current stamp. It decides with the page cache's own rules and
state (``pophariini.cache_rules``, ``pophariini.cache.current_state()``) and sends the
stored status, headers and bytes, with the CDN headers and ``X-Page-Cache: hit`` that the
middleware would add. Everything else goes to Django unchanged and the middleware serves
it as before: no copy in this worker (the shared entry is read there), a state to
rebuild or a token to start, a purge owed after cache trouble, HEAD and conditional
requests (304s), a session cookie, a host Django would refuse; and static files, media and
the read beacon, which no page cache keeps.
"""

import time
from http import HTTPStatus

from django.core.handlers.wsgi import WSGIRequest

from pophariini import cache as page_cache
from pophariini.cache_rules import cdn_cache_control, page_key, passes_through, request_is_cacheable

# Requests the middleware answers with a 304 when they match.
CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")


def current_copy(request) -> tuple[str, list, bytes] | None:
    """This worker's copy of the page ``request`` asks for, as WSGI status, headers and body, while it is current."""
    if page_cache.trouble.purge_owed or not request_is_cacheable(request):
        return None
    key = page_key(request)
    copy = page_cache.local_pages.get(key)
    if copy is None:
        return None
    now = time.time()
    state = page_cache.current_state(now, scopes=page_cache.path_scopes(request.path_info), rebuild=False)
    if state is None or not page_cache.is_current(copy, state[0]):
        return None
    _stamp, status, headers, content, _rendered_at = copy
    headers = [*headers, ("Cache-Control", cdn_cache_control(now, state[1])), ("X-Page-Cache", "hit")]
    return f"{status} {HTTPStatus(status).phrase}", headers, content


class CachedPageApplication:
    """WSGI: serve a current copy of a cached page (``current_copy()``), else the wrapped Django application."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if (
            environ.get("REQUEST_METHOD") == "GET"
            and not any(name in environ for name in CONDITIONAL)
            and not passes_through(environ.get("PATH_INFO", ""))
        ):
            try:
                # A copy: WSGIRequest writes the decoded path back into the environ it is
                # given, and Django's handler could not decode that path again (a 500 for
                # any character beyond ISO-8859-1, such as an emoji in an old link).
                hit = current_copy(WSGIRequest({**environ}))
            except Exception:
                # A host Django refuses, a malformed path or header: its handler answers it
                # (400 and the like), with its logging and error pages.
                hit = None
            if hit is not None:
                status, headers, content = hit
                start_response(status, headers)
                return [content]
        return self.application(environ, start_response)
