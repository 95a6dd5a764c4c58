"""A version per content model (and app), renewed by every write to it, and values cached under those versions.

Parts of a page that read a few kinds of rows (an article's figures and authors, its
music box) are kept under the versions of exactly the models they read (``cached()``),
so a write to anything else (another article, a tag, a page) leaves them valid: when
the page cache has to render a page again, most of the page is already loaded. Django's
low-level cache API, no more.

The versions are in the shared cache. The values are in each worker's own memory
(``local_values``, Django's LocMemCache) under keys naming the versions they were loaded
under, so a value is current in whichever process reads those versions. With Redis
(``CACHED_VALUES_SHARED``, on when ``CACHE_URL`` is Redis) they are kept in the shared
cache as well. A worker that lacks a value then takes the one another worker or server
loaded, so after a write each value is loaded once for the whole site instead of once
per worker (bench/README.md, "Values shared through Redis"). Not with Django's file
cache: four values an article filled it past its 1,000 entries, and its random culls
took versions and scope tokens with them. An uncached rotation over 500 articles then
never warmed: 31 ms of CPU an article, against 9 ms with nothing culled
(bench/README.md, "Values in each worker's memory").

Exactness follows the page cache's rules (``pophariini.cache``): a write replaces its
model's version at once and again once its transaction commits, so a value loaded in
another process from rows read before the commit is stored under a version that is
already gone. A version is a random token, not a counter, so an evicted version can
never bring old values back. Rows written without model signals are covered by
``pophariini.content.bulk_write()``, which renews every version at its end.

Each version is read from the shared cache once a request (``_request``): the parts of an
article page asked for the Article version four times, 25 reads (files, with Django's file
cache) for 18 versions. A process's own write drops what it renews from that
memo; a write in another process during the request is seen by the next request, as if
the request had read every version at its start.

A cache that fails (Redis down, a full disk) makes ``cached()`` load the value as if
nothing were stored: slower, never wrong, never an error page. Failures follow the page
cache's rules (``pophariini.cache``, "When the cache fails"): one log message a minute,
a pause before the worker tries the cache again, and a version that could not be renewed
is owed: the worker renews every version with the purge it makes once the cache answers.
"""

import hashlib
import uuid

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from pophariini import cache as page_cache
from pophariini import content

# How long a cached value lives at most. A deploy that changes what a value holds sets a
# new RELEASE (settings), which is part of every cache key.
CACHED_SECONDS = 3600
_MISSING = object()
# How many article pages' values a worker keeps at once. The cache drops the least recently
# used values first, so readers going round more pages than it holds find none of them: at
# 2,000 values (four a page, two for the whole site) a rotation over the 500 newest
# articles cost 21 ms of CPU a view instead of 7 (bench/README.md, "Values in each
# worker's memory"). Values average 4.5 kB pickled: 5,000 take about 22 MB a worker at most.
ARTICLE_PAGES_KEPT = 1000
LOCAL_VALUES = 5000
local_values = LocMemCache("pophariini-values", {"OPTIONS": {"MAX_ENTRIES": LOCAL_VALUES}})


# The versions read during the request being served, by label; None outside a request,
# so a command or a shell reads every version afresh.
_request = Local()


def _request_started(**kwargs):
    _request.versions = {}


def _request_finished(**kwargs):
    _request.versions = None


request_started.connect(_request_started, dispatch_uid="versions_request_started")
request_finished.connect(_request_finished, dispatch_uid="versions_request_finished")


def _forget_read(labels) -> None:
    read = getattr(_request, "versions", None)
    if read:
        for label in labels:
            read.pop(label, None)


def version_key(label: str) -> str:
    return f"version:{label}"


def _renew(labels) -> None:
    _forget_read(labels)
    cache.set_many({version_key(label): uuid.uuid4().hex[:16] for label in labels}, timeout=None)


class ModelVersions(content.Subscriber):
    """Every write to a content model replaces that model's version."""

    def connect(self) -> None:
        for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
            signal.connect(self.content_written, dispatch_uid=f"versions_{name}")

    def content_written(self, sender, **kwargs):
        if kwargs.get("raw") or not content.is_content(sender):
            return
        if kwargs.get("action", "post_add") not in ("post_add", "post_remove", "post_clear"):
            return
        # The model's version, and its app's for values that read a whole app.
        self.changed([sender._meta.label, sender._meta.app_label], using=kwargs.get("using"))

    def renew(self, keys, *, using):
        labels = sorted(keys)
        if not labels:
            return
        if page_cache.trouble.resting():
            page_cache.trouble.purge_owed = True
        else:
            try:
                _renew(labels)
            except Exception as exc:
                page_cache.trouble.record(exc, unavailable=isinstance(exc, page_cache.UNAVAILABLE))
                page_cache.trouble.purge_owed = True
        if connections[using].in_atomic_block:
            transaction.on_commit(lambda: self.renew(labels, using=DEFAULT_DB_ALIAS), using=using)

    def renew_in_bulk(self, keys, batch):
        # Rows written without signals are not in ``keys``: every version goes.
        self.renew(all_labels(), using=batch.using)


model_versions = ModelVersions()


def current(labels) -> list[str]:
    """The current version of each model or app label, in order: read from the shared cache once a
    request (one round trip for those not read yet, when all exist)."""
    read = getattr(_request, "versions", None)
    if read is None:
        read = {}
    missing = [label for label in labels if label not in read]
    if missing:
        keys = {version_key(label): label for label in missing}
        found = cache.get_many(keys)
        for key, label in keys.items():
            if key not in found:
                cache.add(key, uuid.uuid4().hex[:16], timeout=None)
                found[key] = cache.get(key)
            read[label] = found[key]
    return [read[label] for label in labels]


def cached(name: str, identity, depends_on, load):
    """``load()``'s value, kept until what it ``depends_on`` is written (or ``CACHED_SECONDS`` pass).

    ``depends_on`` holds models, and app labels for values that read many of an app's
    models (a write to any model of the app renews the app's version).

    ``identity`` says which value of ``name`` this is (an article's id, say); it must hold
    every input of ``load()`` that is not a row of what it depends on.
    """
    labels = sorted({item if isinstance(item, str) else item._meta.label for item in depends_on})
    if page_cache.trouble.resting():
        return load()
    try:
        versions = current(labels)
    except page_cache.UNAVAILABLE as exc:
        page_cache.trouble.record(exc, unavailable=True)
        return load()
    except Exception as exc:
        # An unreadable version: deleting it renews it.
        page_cache.trouble.record(exc, unavailable=False)
        _forget_read(labels)
        page_cache.cache_call("delete_many", [version_key(label) for label in labels])
        return load()
    digest = hashlib.sha256(repr((identity, versions)).encode()).hexdigest()[:32]
    key = f"cached:{name}:{digest}"
    value = local_values.get(key, _MISSING)
    if value is _MISSING:
        value = _shared_or_loaded(key, load)
        local_values.set(key, value, timeout=CACHED_SECONDS)
    return value


def _shared_or_loaded(key, load):
    """The value another process stored under ``key`` when values are shared, else ``load()``'s (then shared)."""
    if not settings.CACHED_VALUES_SHARED:
        return load()
    # An entry that fails to unpickle is deleted (``keys``) and loaded again.
    value = page_cache.cache_call("get", key, _MISSING, keys=[key], default=_MISSING)
    if value is _MISSING:
        value = load()
        page_cache.cache_call("set", key, value, timeout=CACHED_SECONDS)
    return value


def all_labels() -> set[str]:
    """Every content model's label and its app's."""
    models = content.models()
    return {model._meta.label for model in models} | {model._meta.app_label for model in models}


def renew_all() -> None:
    """Replace every version (the purge a failed renewal owes)."""
    model_versions.renew(all_labels(), using=DEFAULT_DB_ALIAS)
