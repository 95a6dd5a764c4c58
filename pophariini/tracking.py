"""Query parameters: the ones each page reads, and the rest, dropped from a request before any view runs."""

from urllib.parse import unquote_plus

from django.http import QueryDict
from django.urls import Resolver404, resolve

# Query parameters no view reads (and every utm_*), compared in lower case: links shared
# on social media and in newsletters carry them. Dropped before the view runs, so a viral
# article's readers share one entry and no page links to them.
IGNORED_PARAMETERS = frozenset(
    {
        "_ga",
        "_gl",
        "dclid",
        "fbclid",
        "gbraid",
        "gclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "mkt_tok",
        "msclkid",
        "ref",
        "ttclid",
        "twclid",
        "wbraid",
        "yclid",
    }
)

PAGED = frozenset({"page"})
READS_NOTHING = frozenset()

# The parameters each reader page reads, by URL name; every other one is dropped before
# the view runs, so ``/?zzz=1`` is the home page itself: one cache entry, and links
# (``page_url``) that never carry it on. A named URL left out of this map keeps every
# parameter but the tracking ones (a test lists the names that must be here); so do the
# unnamed WordPress redirects, which answer 301 and are never cached.
PAGE_PARAMETERS = {
    # WordPress's /?s=, /?feed=, /?p= and /?attachment_id= are redirected (the last two by
    # the redirect fallback).
    "articles:home": frozenset({"page", "s", "feed", "p", "attachment_id"}),
    "articles:feed": READS_NOTHING,
    "articles:article_list": frozenset({"page", "category", "tag", "artist", "author", "year"}),
    "articles:search": frozenset({"page", "q"}),
    "articles:news_sitemap": READS_NOTHING,
    "articles:category_detail": PAGED,
    "articles:category_feed": READS_NOTHING,
    "articles:tag_detail": PAGED,
    "articles:tag_feed": READS_NOTHING,
    "articles:author_detail": PAGED,
    "articles:author_feed": READS_NOTHING,
    "articles:artist_feed": READS_NOTHING,
    "articles:archive_year": PAGED,
    "articles:archive_month": PAGED,
    "articles:correction_list": PAGED,
    "articles:most_read": READS_NOTHING,
    "articles:read_beacon": READS_NOTHING,
    "articles:article_preview": READS_NOTHING,
    "articles:article_detail": READS_NOTHING,
    "music:artist_detail": READS_NOTHING,
    "music:release_detail": READS_NOTHING,
    "music:song_detail": READS_NOTHING,
    "music:film_detail": READS_NOTHING,
    "healthz": READS_NOTHING,
    "robots_txt": READS_NOTHING,
    "favicon": READS_NOTHING,
    "sitemap_index": READS_NOTHING,
    # Django's sitemap view pages with ?p=.
    "sitemap_section": frozenset({"p"}),
}


def is_ignored_parameter(name: str) -> bool:
    name = name.lower()
    return name in IGNORED_PARAMETERS or name.startswith("utm_")


def parameters_read(path: str, urlconf=None) -> frozenset | None:
    """The query parameters the page at ``path`` reads, or None when no list was declared for it."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    return PAGE_PARAMETERS.get(match.view_name)


def is_kept(name: str, read: frozenset | None) -> bool:
    """Whether the parameter ``name`` reaches a page that reads ``read`` (None: all but tracking ones)."""
    if read is not None:
        return name in read
    return not is_ignored_parameter(name)


def normalise_request(request) -> None:
    """Remove the parameters the page does not read from ``QUERY_STRING`` and ``request.GET``, before any view runs.

    The other parameters keep their order and their exact encoding.
    """
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return
    read = parameters_read(request.path_info, getattr(request, "urlconf", None))
    fields = [field for field in query.split("&") if field]
    kept = [field for field in fields if is_kept(unquote_plus(field.partition("=")[0]), read)]
    if len(kept) == len(fields):
        return
    request.META["QUERY_STRING"] = "&".join(kept)
    # As Django builds request.GET: the WSGI string holds the raw bytes as ISO-8859-1.
    request.GET = QueryDict(request.META["QUERY_STRING"].encode("iso-8859-1"), encoding=request.encoding)
