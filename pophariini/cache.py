"""The reader page cache: whole responses for anonymous readers, invalidated exactly by a site generation.

How it stays exact
------------------
Every cached page is stored with the tokens it was rendered under, kept in the shared
cache (``CACHES["default"]``: Redis through django-redis across app servers with
``CACHE_URL``, else Django's ``FileBasedCache`` across the worker processes of one
machine), and is served only while they are current: the *site generation*, the next
scheduled publish time, and the tokens of the page's *scopes*. An article page is a scope
of its own, and so is each music page, also under a scope all music pages share
(``articles.music_pages.MUSIC``; apps name such pages with ``register_object_page()``);
every other page (home, lists, feeds, sitemaps, search) shares the scope ``LISTS``, and
some (the sitemaps) have one of their own besides (``register_view_scope()``). A hit
reads the state (generation and schedule) and the scopes' tokens in one ``get_many()``,
and serves the worker's own copy of the page (``local_pages``), or reads the shared entry
in the same round trip when it has none. An entry is a plain tuple ``(stamp, status,
headers, content, rendered_at)``, which any backend can pickle. The middleware
(``pophariini.cache_middleware``) is the first, so an entry holds every header the site
sends; a worker's own current copies are answered even before Django's handler
(``pophariini.cache_wsgi``).

A write to content a reader can see (a post_save, post_delete or m2m_changed of a model
the content apps registered in ``pophariini.content``) replaces the tokens of the scopes
it can change, which the apps declare per model with ``register_writes()`` and
``register_m2m()`` (``articles.page_scopes``: saving an article renews its page, the
pages showing it as a card or a previous/next link, the music pages listing it, and
``LISTS``; another article's page and the other music pages stay cached). A write to a
model no app declared replaces the site generation, which renews every page, and so does
a bulk write (``pophariini.content.bulk_write()``), once, at its end: a scope left out
can cost speed, never exactness.

Tokens are replaced both immediately (a request on the same database connection,
inside the same transaction, sees its own write) and again after the transaction
commits (a request in another process that read the new token before the commit may
have rendered old data under it; the second token orphans that entry). A token is
random rather than a counter so that an evicted key can never bring old entries back.

Scheduled articles appear on time without a cron job: the state holds the earliest
future ``publish_at`` of articles with status published (one indexed query), and
entries are stamped with that instant too, so the first request at or after it
recomputes the state and no longer accepts older entries; entry lifetimes and the
CDN's ``s-maxage`` are bounded by it as well. The state is derived: a write replaces
the generation (or, for an article, the schedule token), deletes the state and
rebuilds it from what its own connection sees; whoever rebuilds it (the writer, or a
request after an expiry) reads both tokens again after storing it and deletes it if
either moved meanwhile, so a state computed from rows read before a commit never
outlives the writer's renewal.

What is never cached: anything but GET/HEAD; requests carrying a session cookie (staff,
editors, anyone logged in) or an Authorization header; the admin, previews
(``/pratinjau/``), the language switch, media and the health check; and responses that
are not 200, stream, set a cookie, or say ``private``, ``no-store`` or ``no-cache``.

Cacheable answers get ``Cache-Control: public, max-age=0, s-maxage=…,
stale-while-revalidate=…`` for a CDN, an ``ETag`` and ``Last-Modified``, and a 304 to
a matching conditional request. ``X-Page-Cache`` says ``hit``, ``miss`` or ``degraded``.

Query parameters a page does not read (each page declares the ones it reads in
``pophariini.tracking.PAGE_PARAMETERS``; tracking ones such as ``utm_*`` and ``fbclid``
are never read) are removed from the request (``QUERY_STRING`` and ``request.GET``)
before any view runs: ``/?zzz=1`` is kept under the home page's key, rendered from the
request it is kept under, so its links never carry them. Not a redirect to the clean URL:
that costs every reader from social media a round trip (analytics still see the bar).

When the cache fails
--------------------
A cache is a speed-up, never a dependency. Every cache call goes through
``cache_call()``: when the backend is unavailable (``UNAVAILABLE``: a refused, reset or
timed-out Redis connection, a full, missing or read-only disk), the request renders
uncached (``X-Page-Cache: degraded``) and this worker leaves the cache alone for
``REST_SECONDS``, so a stalled Redis costs one request one socket timeout rather than
every request several. Any other error is about one entry (unreadable, or a value that
cannot be pickled): its keys are deleted so the next request stores them afresh. Either
is logged at most once every ``LOG_SECONDS`` per worker.

A content write whose invalidation fails still succeeds. The worker deletes the
generation if it can (deleting frees space, so that works on a full disk) and owes a
purge: its first request once the cache answers again starts a new generation, so a
Redis that kept its entries through an outage serves nothing older than the write. A
write in a process that never serves another request (a command) leaves entries that
expire within ``PAGE_CACHE_SECONDS``; the warning in the log says so.
"""

import contextlib
import logging
import math
import os
import socket
import threading
import time
import uuid

from django.apps import apps
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from redis.exceptions import RedisError

from pophariini import content
from pophariini.cache_rules import (
    page_cache_seconds,
)
from pophariini.cache_scopes import (  # noqa: F401  (the page cache's API for the apps)
    LISTS,
    SCHEDULE,
    SITE,
    m2m_scopes,
    object_scope,
    path_scope,
    path_scopes,
    register_m2m,
    register_object_page,
    register_view_scope,
    register_writes,
    scope_key,
    write_scopes,
)

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
SCHEDULE_KEY = "pagecache:schedule"
STATE_KEY = "pagecache:state"
# How long the computed next publish time is trusted before it is read again.
STATE_SECONDS = 60


def new_generation() -> str:
    return uuid.uuid4().hex[:16]


# The cache backend itself is unavailable: Redis refused, reset or timed out a connection
# (settings give it short socket timeouts), or the file cache's disk failed. Any other
# exception a cache call raises concerns one entry.
UNAVAILABLE = (OSError, RedisError)
# How long a worker leaves an unavailable cache alone. A stalled Redis costs a cache call
# its 0.5 s socket timeout, and a page makes up to four (page and list count, read and
# stored): without the pause a worker would spend two seconds on every request.
REST_SECONDS = 5
LOG_SECONDS = 60


class CacheTrouble:
    """This worker's record of cache failures: when to try again, what to log, a purge owed."""

    def __init__(self):
        self.lock = threading.Lock()
        self.resting_until = 0.0
        self.logged_at = None
        self.unlogged = 0
        self.purge_owed = False

    def resting(self) -> bool:
        return time.monotonic() < self.resting_until

    def record(self, exc: Exception, *, unavailable: bool) -> None:
        now = time.monotonic()
        with self.lock:
            if unavailable:
                self.resting_until = now + REST_SECONDS
            if self.logged_at is not None and now - self.logged_at < LOG_SECONDS:
                self.unlogged += 1
                return
            self.logged_at, unlogged, self.unlogged = now, self.unlogged, 0
        logger.warning(
            "Cache %s; pages render uncached (%d more cache errors in this worker since the last message).",
            "unavailable" if unavailable else "entry unreadable or unstorable",
            unlogged,
            exc_info=exc,
        )


trouble = CacheTrouble()


def cache_call(method: str, *args, keys=(), default=None, **kwargs):
    """``cache.<method>(*args, **kwargs)``, or ``default`` when the cache fails (see "When the cache fails").

    ``keys`` are deleted when the call fails on an entry rather than on the backend.
    """
    if trouble.resting():
        return default
    try:
        return getattr(cache, method)(*args, **kwargs)
    except UNAVAILABLE as exc:
        trouble.record(exc, unavailable=True)
    except Exception as exc:
        trouble.record(exc, unavailable=False)
        if keys:
            try:
                cache.delete_many(list(keys))
            except Exception as again:
                trouble.record(again, unavailable=isinstance(again, UNAVAILABLE))
    return default


def cache_health() -> bool:
    """Whether this worker can use the shared cache: a write read back, and no failure in the last seconds."""
    key = f"healthz:{socket.gethostname()}:{os.getpid()}"
    token = new_generation()
    try:
        cache.set(key, token, timeout=60)
        working = cache.get(key) == token
    except Exception as exc:
        trouble.record(exc, unavailable=True)
        return False
    return working and not trouble.resting()


def invalidate(*, schedule: bool = True, using: str = DEFAULT_DB_ALIAS) -> None:
    """Make every cached page stale, now and again once the current transaction commits.

    Content writes of models no app declared call it through ``PageCache`` below; rows
    written without model signals are covered by ``pophariini.content.bulk_write()``.
    Called directly, it is a purge.
    """
    renew_scopes({SITE}, using=using)


def renew_scopes(scopes, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Replace the tokens of ``scopes`` (``SITE``: everything), now and again after the transaction commits."""
    scopes = frozenset(scopes)
    _bump(scopes=scopes, using=using)
    if connections[using].in_atomic_block:
        transaction.on_commit(lambda: _bump(scopes=scopes, using=using), using=using)


def _bump(*, scopes, using: str = DEFAULT_DB_ALIAS) -> None:
    if trouble.resting():
        # The cache failed moments ago: the first request after the pause makes the purge.
        trouble.purge_owed = True
        return
    tokens = {scope_key(scope): new_generation() for scope in scopes - {SITE, SCHEDULE}}
    if SITE in scopes:
        tokens[GENERATION_KEY] = new_generation()
    if SITE in scopes or SCHEDULE in scopes:
        tokens[SCHEDULE_KEY] = new_generation()
    try:
        cache.set_many(tokens, timeout=None)
        if GENERATION_KEY in tokens or SCHEDULE_KEY in tokens:
            # Tokens first, then the state: a reader rebuilding it meanwhile sees them move.
            cache.delete(STATE_KEY)
            # Rebuilt here, from what this connection sees, so that readers need not.
            rebuild_state(timezone.now().timestamp(), using=using)
    except Exception as exc:
        # The write goes on. Deleting frees rather than fills, so on a full disk it still
        # works; the next reader then starts a generation, or renders uncached until it can.
        trouble.record(exc, unavailable=isinstance(exc, UNAVAILABLE))
        trouble.purge_owed = True
        with contextlib.suppress(Exception):
            cache.delete_many([GENERATION_KEY, SCHEDULE_KEY, STATE_KEY])
        return
    if SITE in scopes:
        trouble.purge_owed = False


def settle_owed_purge() -> None:
    """Make the purge a failed invalidation in this worker owes, once the cache may answer again.

    Pages and the values ``pophariini.versions`` keeps under model versions alike.
    """
    if trouble.purge_owed and not trouble.resting():
        from pophariini import versions  # it builds on this module

        _bump(scopes={SITE})
        if not trouble.purge_owed:
            versions.renew_all()


class PageCache(content.Subscriber):
    """Cached pages: a write renews the scopes it can change (the whole site when no app said which)."""

    # Renewed after the stores that pages are rendered from (search text, related cards).
    order = 1

    def connect(self) -> None:
        for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
            signal.connect(self.content_written, dispatch_uid=f"pagecache_{name}")

    def content_written(self, sender, **kwargs):
        if kwargs.get("raw") or not content.is_content(sender):
            return
        using = kwargs.get("using") or DEFAULT_DB_ALIAS
        action = kwargs.get("action")  # an m2m change's
        if action is not None and action not in ("post_add", "post_remove", "post_clear"):
            return
        if content.current_bulk_write() is not None:
            # The block renews the whole site at its end (renew_in_bulk): working out each
            # row's scopes (queries of its own) would be thrown away. A pasted tracklist
            # or a WordPress import writes hundreds of rows.
            found = None
        elif action is not None:
            found = m2m_scopes(sender, kwargs, using)
        else:
            found = write_scopes(sender, kwargs, using)
        self.changed(found or {SITE}, using=using)

    def renew(self, keys, *, using):
        renew_scopes({SITE} if SITE in keys else keys, using=using)

    def renew_in_bulk(self, keys, batch):
        renew_scopes({SITE}, using=batch.using)


page_cache = PageCache()


def next_scheduled_publish(*, using: str = DEFAULT_DB_ALIAS):
    """The earliest future ``publish_at`` among published-status articles, or None (one indexed query)."""
    article = apps.get_model("articles", "Article")
    upcoming = (
        article.objects.using(using)
        .scheduled()
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
    return upcoming.timestamp() if upcoming else None


def rebuild_state(now: float, *, using: str = DEFAULT_DB_ALIAS) -> tuple[str, float | None] | None:
    """The site generation and next scheduled publish time, read afresh and stored (see "How it stays exact")."""
    tokens = [GENERATION_KEY, SCHEDULE_KEY]
    found = cache_call("get_many", tokens, keys=tokens)
    if found is None and not trouble.resting():
        # An unreadable token was deleted: read again, it is started afresh below.
        found = cache_call("get_many", tokens, keys=tokens)
    if found is None:
        return None
    generation = found.get(GENERATION_KEY) or _ensure(GENERATION_KEY)
    schedule = found.get(SCHEDULE_KEY) or _ensure(SCHEDULE_KEY)
    if generation is None or schedule is None:
        return None
    next_at = next_scheduled_publish(using=using)
    # Short-lived: a state computed inside a transaction that later rolled back heals itself.
    lifetime = STATE_SECONDS if next_at is None else min(STATE_SECONDS, next_at - now)
    if lifetime >= 1:
        cache_call("set", STATE_KEY, (generation, next_at), timeout=math.floor(lifetime), keys=[STATE_KEY])
        if cache_call("get_many", tokens, keys=tokens) != {
            GENERATION_KEY: generation,
            SCHEDULE_KEY: schedule,
        }:
            cache_call("delete", STATE_KEY)
    return generation, next_at


def current_state(
    now: float, also=(), scopes=(LISTS,), *, rebuild: bool = True
) -> tuple[tuple, float | None, dict] | None:
    """The stamp of a page under ``scopes`` (``page_stamp()``), the next scheduled publish time and the ``also`` keys' values.

    One cache round trip (the state, the scopes' tokens and ``also``); the state is rebuilt
    when it expired, was evicted or deleted by a write, or its moment has come, and a
    missing token is started. None when the cache cannot be used: the caller works
    without it; and, with ``rebuild=False``, when either would be needed.
    """
    tokens = [scope_key(scope) for scope in scopes]
    keys = [STATE_KEY, *tokens, *also]
    found = cache_call("get_many", keys, keys=keys)
    if found is None:
        return None
    state = found.get(STATE_KEY)
    if not (isinstance(state, tuple) and len(state) == 2 and (state[1] is None or now < state[1])):
        state = rebuild_state(now) if rebuild else None
    stamp = [found.get(key) or (_ensure(key) if rebuild else None) for key in tokens]
    if state is None or None in stamp:
        return None
    generation, next_at = state
    return page_stamp((generation, *stamp), next_at), next_at, found


def page_stamp(tokens: tuple, next_at: float | None) -> tuple:
    """What a page is stored with and served under: the site generation and scope tokens, and the schedule."""
    return tokens, int(next_at) if next_at is not None else 0


def _ensure(key: str) -> str | None:
    if cache_call("add", key, new_generation(), timeout=None, keys=[key]) is None:
        return None
    return cache_call("get", key, keys=[key])


# Each worker also keeps a copy of the pages it served last in its own memory (Django's
# LocMemCache), served under the same rule: only while its stamp is current. A hit then
# reads two small keys from the shared cache rather than the page as well, which Django's
# file cache unpickles and decompresses on every read (bench/README.md, "A worker's own
# copies"). A copy never outlives the shared entry. 300 pages of 3-76 kB: 1-23 MB a worker.
LOCAL_PAGES = 300
local_pages = LocMemCache("pophariini-pages", {"OPTIONS": {"MAX_ENTRIES": LOCAL_PAGES}})
MISSING = object()


def is_current(entry, stamp) -> bool:
    """Whether a stored page was rendered under ``stamp``: the current generation, scope and schedule."""
    return isinstance(entry, tuple) and len(entry) == 5 and entry[0] == stamp


def keep_copy(key: str, entry: tuple, now: float, next_at: float | None) -> None:
    rendered_at = entry[4]
    lifetime = page_cache_seconds() - (now - rendered_at)
    if next_at is not None:
        lifetime = min(lifetime, next_at - now)
    if lifetime >= 1:
        local_pages.set(key, entry, timeout=math.floor(lifetime))
