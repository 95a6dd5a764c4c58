"""Tracking parameters: the query parameters no view reads, dropped from a request before any view runs."""

from urllib.parse import unquote_plus

from django.http import QueryDict

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


def is_ignored_parameter(name: str) -> bool:
    name = name.lower()
    return name in IGNORED_PARAMETERS or name.startswith("utm_")


def normalise_request(request) -> None:
    """Remove the parameters no view reads from ``QUERY_STRING`` and ``request.GET``, before any view runs.

    The other parameters keep their order and their exact encoding.
    """
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return
    fields = [field for field in query.split("&") if field]
    kept = [field for field in fields if not is_ignored_parameter(unquote_plus(field.partition("=")[0]))]
    if len(kept) == len(fields):
        return
    request.META["QUERY_STRING"] = "&".join(kept)
    # As Django builds request.GET: the WSGI string holds the raw bytes as ISO-8859-1.
    request.GET = QueryDict(request.META["QUERY_STRING"].encode("iso-8859-1"), encoding=request.encoding)
