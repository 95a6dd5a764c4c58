"""Most-read articles ("Terpopuler"): counting reads cheaply and safely, and reading the counts back.

How a read is counted: the article page carries a 1×1 image (``/terpopuler/baca/<pk>.gif``).
Its answer is never cached (``no-store``), so reads are counted behind the page cache and
a CDN alike, with no reader script and no cookie; requests from known bots are ignored and
nothing about the reader (address, agent) is stored.

Writes are batched: each worker process adds reads to an in-memory tally and writes it
as one transaction of per-(article, hour) increments every ``FLUSH_SECONDS`` or
``FLUSH_READS`` reads, whichever comes first. A database or cache failure loses that
batch's counts (logged) and never fails a request: the beacon always answers its GIF, and
the lists fall back to nothing, which the pages show as the latest articles instead.
"""

import datetime
import functools
import logging
import re
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F, Sum
from django.http import HttpResponse
from django.urls import Resolver404, get_script_prefix, resolve, reverse
from django.utils import timezone

from pophariini.models import ReadingCount

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 30
# The largest id a database key holds (a 64-bit integer): a longer number is no article.
MAX_ID = 2**63 - 1
FLUSH_READS = 200
WINDOWS = {"day": datetime.timedelta(hours=24), "week": datetime.timedelta(days=7)}
# A transparent 1×1 GIF.
PIXEL = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
BOT_RE = re.compile(
    r"bot|crawl|spider|slurp|fetch|preview|facebookexternalhit|whatsapp|telegram|headless|lighthouse|curl|wget|python",
    re.IGNORECASE,
)


class Tally:
    """This worker's reads not yet written: ``{(article_id, hour): reads}``."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reads = Counter()
        self.since = time.monotonic()

    def add(self, article_id: int, hour: datetime.datetime) -> None:
        with self.lock:
            self.reads[(article_id, hour)] += 1
            due = sum(self.reads.values()) >= FLUSH_READS or time.monotonic() - self.since >= FLUSH_SECONDS
        if due:
            self.flush()

    def flush(self) -> int:
        """Write the tally in one transaction; return how many reads were written (0 on failure)."""
        with self.lock:
            batch, self.reads, self.since = self.reads, Counter(), time.monotonic()
        if not batch:
            return 0
        try:
            with transaction.atomic():
                # A beacon address anyone can type: reads of an article that does not exist
                # are dropped here, or the batch's real reads would fail with them.
                articles = ReadingCount._meta.get_field("article").related_model.objects
                known = set(
                    articles.filter(pk__in={article_id for article_id, _ in batch}).values_list(
                        "pk", flat=True
                    )
                )
                batch = Counter({key: reads for key, reads in batch.items() if key[0] in known})
                for (article_id, hour), reads in sorted(batch.items()):
                    updated = ReadingCount.objects.filter(article_id=article_id, hour=hour).update(
                        count=F("count") + reads
                    )
                    if not updated:
                        ReadingCount.objects.create(article_id=article_id, hour=hour, count=reads)
        except DatabaseError:
            # An article deleted meanwhile, a database outage: these counts are lost, readers see nothing.
            logger.warning("Reading counts not written (%d reads).", sum(batch.values()), exc_info=True)
            return 0
        return sum(batch.values())


tally = Tally()


def current_hour() -> datetime.datetime:
    return timezone.now().replace(minute=0, second=0, microsecond=0)


def is_bot(request) -> bool:
    agent = request.headers.get("User-Agent", "")
    return not agent or bool(BOT_RE.search(agent))


class ReadBeaconMiddleware:
    """Answer the read beacon ahead of the session, login and CSP layers.

    Behind a CDN the beacon is the one request of a read that reaches the app, so it is
    answered as WhiteNoise answers a static file: before the layers it does not need. The
    page cache, the first middleware, lets it pass on its address alone (it would read its
    state for an answer it never keeps). In one process through Django's WSGI handler:
    259 µs a beacon through the whole stack, 81 µs from here (bench/README.md, "Server
    settings and the ceiling"). The URLconf still names the beacon's address, for
    ``{% url %}``, and serves it if this middleware is left out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(beacon_prefix()):
            try:
                match = resolve(path)
            except Resolver404:
                match = None
            if match is not None and match.func is count_read:
                return count_read(request, **match.kwargs)
        return self.get_response(request)


def beacon_prefix() -> str:
    """The beacon's path as ``path_info`` has it, without the article's number: ``/terpopuler/baca/``."""
    return _beacon_prefix(settings.ROOT_URLCONF)


@functools.lru_cache(maxsize=8)
def _beacon_prefix(urlconf) -> str:
    address = reverse("articles:read_beacon", args=[0], urlconf=urlconf)
    return "/" + address.removeprefix(get_script_prefix()).removesuffix("0.gif")


def count_read(request, pk):
    """The beacon: count one read of article ``pk`` (unless a bot asked) and answer a GIF."""
    if not is_bot(request) and request.method == "GET" and int(pk) <= MAX_ID:
        try:
            tally.add(int(pk), current_hour())
        except Exception:  # counting is a nicety: a failure here must never reach the reader
            logger.warning("Reading count failed.", exc_info=True)
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    # Set here: answered ahead of CommonMiddleware, which would (else gunicorn chunks it).
    response["Content-Length"] = len(PIXEL)
    response["X-Robots-Tag"] = "noindex"
    return response


def most_read(published, *, window: str = "day", limit: int = 5) -> list:
    """The ``published`` articles read most in the window ("day" or "week"), most read first.

    ``published`` is the reader's queryset (``Article.objects.published()`` with what the
    list shows loaded). Two queries; an empty list when the counts cannot be read.
    """
    since = current_hour() - WINDOWS[window]
    try:
        totals = list(
            ReadingCount.objects.filter(hour__gt=since, article__in=published.values("pk"))
            .values("article_id")
            .annotate(reads=Sum("count"))
            .order_by("-reads", "-article_id")[:limit]
        )
        if not totals:
            return []
        articles = {
            article.pk: article for article in published.filter(pk__in=[t["article_id"] for t in totals])
        }
    except DatabaseError:
        logger.warning("Reading counts unreadable; Terpopuler falls back.", exc_info=True)
        return []
    result = []
    for total in totals:
        article = articles.get(total["article_id"])
        if article is not None:
            article.reads = total["reads"]
            result.append(article)
    return result
