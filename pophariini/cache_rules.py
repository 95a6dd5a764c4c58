"""Which reader requests and responses the page cache keeps, under which key, with which CDN headers.

The rules of ``pophariini.cache`` that need no cache: see its docstring.
"""

import hashlib
import math
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control

from pophariini.popular import beacon_prefix
from pophariini.tracking import is_kept, parameters_read

PAGE_KEY_PREFIX = "pagecache:page"
UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache")


def page_cache_seconds() -> int:
    """How long a page stays cached at most (0 turns the page cache off)."""
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 600))


def cdn_seconds() -> tuple[int, int]:
    """``s-maxage`` and ``stale-while-revalidate`` for reader pages."""
    return (
        int(getattr(settings, "PAGE_CACHE_S_MAXAGE", 60)),
        int(getattr(settings, "PAGE_CACHE_STALE_WHILE_REVALIDATE", 30)),
    )


def passes_through(path: str) -> bool:
    """Static files, media and the read beacon: answered by the layers after the page cache, untouched."""
    return path.startswith((settings.STATIC_URL, settings.MEDIA_URL, beacon_prefix()))


def request_is_cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD") or page_cache_seconds() <= 0:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return False
    path = request.path_info
    excluded = (f"/{settings.ADMIN_URL}", "/pratinjau/", "/i18n/", settings.MEDIA_URL, settings.STATIC_URL)
    return path != "/healthz" and not path.startswith(excluded)


def response_is_cacheable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(directive in control for directive in UNCACHEABLE_DIRECTIVES):
        return False
    return "*" not in response.get("Vary", "")


def page_key(request) -> str:
    query = request.META.get("QUERY_STRING", "")
    if query:
        # Same parameters in another order, same page. Those the page does not read are
        # gone already (normalise_request()); dropped here too for callers outside the middleware.
        read = parameters_read(request.path_info, getattr(request, "urlconf", None))
        query = urlencode(
            sorted(
                (name, value)
                for name, value in parse_qsl(query, keep_blank_values=True)
                if is_kept(name, read)
            )
        )
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    language = settings.LANGUAGE_CODE
    if "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE:
        language = translation.get_language_from_request(request)
    return f"{PAGE_KEY_PREFIX}:{hashlib.sha256(f'{language}|{url}'.encode()).hexdigest()[:32]}"


def cdn_lifetimes(now: float, next_at: float | None) -> tuple[int, int]:
    """``s-maxage`` and ``stale-while-revalidate`` for a page served now."""
    s_maxage, stale = cdn_seconds()
    if next_at is not None:
        # A CDN must not hold the page past the moment a scheduled article goes live.
        s_maxage = max(0, min(s_maxage, math.floor(next_at - now)))
    return s_maxage, stale


def add_cdn_headers(response, now: float, next_at: float | None) -> None:
    if response.has_header("Cache-Control"):
        s_maxage, stale = cdn_lifetimes(now, next_at)
        patch_cache_control(response, public=True, max_age=0, s_maxage=s_maxage, stale_while_revalidate=stale)
    else:
        # A page rebuilt from the cache has none, and this runs on every hit.
        response["Cache-Control"] = cdn_cache_control(now, next_at)


def cdn_cache_control(now: float, next_at: float | None) -> str:
    """What ``patch_cache_control()`` would write on a response without the header, without parsing one."""
    s_maxage, stale = cdn_lifetimes(now, next_at)
    return f"public, max-age=0, s-maxage={s_maxage}, stale-while-revalidate={stale}"
