"""What readers see: the content apps, and the one entry point that keeps stored state in step with them.

Content apps register themselves in their ``AppConfig.ready()`` with ``register(label)``,
by app rather than by model: every model of a registered app is content, its
many-to-many link tables and any model added to the app later included, unless the app
excludes it by name. ``setup_roles`` gives editors the registered apps' permissions from
the same registry.

Stored state derived from content (cached pages in ``pophariini.cache``, stored related
cards in ``articles.related``, search text in ``articles.search``) is kept current by
one ``Subscriber`` per concern, defined in that concern's module and subscribed once
from its app's ``ready()``. A subscriber's receivers report what a write changed with
``Subscriber.changed()``, which renews the state at once, or, inside ``bulk_write()``,
once at the end of the block for everything the block changed.

Bulk writers (the WordPress import, ``seed_demo``, the benchmark generator) wrap their
work in ``bulk_write()`` and call nothing else. Rows they write without model signals
(``bulk_create``, ``bulk_update``, ``QuerySet.update()``) must either belong to an
article saved in the same block (its link rows, tags, figures) or be declared with
``BulkWrite.wrote()``.
"""

import threading
from collections import defaultdict
from contextlib import contextmanager

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_delete, post_save

_excluded_by_app: dict[str, frozenset[str]] = {}
_subscribers: list["Subscriber"] = []
_local = threading.local()


def register(app_label: str, *, exclude=()) -> None:
    """Make every model of an installed app content, except the models named in ``exclude``."""
    apps.get_app_config(app_label)  # an app that is not installed fails here, at startup
    _excluded_by_app[app_label] = frozenset(name.lower() for name in exclude)
    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(_record_write, dispatch_uid=f"content_written_{name}")


def app_labels() -> list[str]:
    return sorted(_excluded_by_app)


def is_content(model) -> bool:
    excluded = _excluded_by_app.get(model._meta.app_label)
    return excluded is not None and model._meta.model_name not in excluded


def models() -> list[type]:
    """Every content model, many-to-many link tables included."""
    return [
        model
        for label in app_labels()
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if is_content(model)
    ]


class Subscriber:
    """One kind of stored state kept in step with content.

    ``connect()`` connects the model-signal receivers, which call ``changed()`` with
    keys saying what a write touched (article ids, model labels); ``renew()`` brings the
    state up to date for a set of such keys. At the end of a bulk write,
    ``renew_in_bulk()`` gets every key reported inside it and the ``BulkWrite`` itself,
    for rows written without signals.
    """

    # Ascending order of renewal at the end of a bulk write.
    order = 0

    def connect(self) -> None:
        raise NotImplementedError

    def renew(self, keys: set, *, using: str) -> None:
        raise NotImplementedError

    def renew_in_bulk(self, keys: set, batch: "BulkWrite") -> None:
        self.renew(keys, using=batch.using)

    def changed(self, keys=(), *, using: str | None = None) -> None:
        """Renew for ``keys`` now, or at the end of the bulk write in progress."""
        batch = current_bulk_write()
        if batch is None:
            self.renew(set(keys), using=using or DEFAULT_DB_ALIAS)
        else:
            batch.deferred[self].update(keys)


def subscribe(subscriber: Subscriber) -> None:
    """The registration point of every subscriber (from its app's ``ready()``)."""
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)
        subscriber.connect()


def subscribers() -> list[Subscriber]:
    return sorted(_subscribers, key=lambda subscriber: subscriber.order)


class BulkWrite:
    """What one ``bulk_write()`` block wrote, and what its subscribers deferred to its end."""

    def __init__(self, using: str):
        self.using = using
        # Content rows saved or deleted in the block (by model signals) or declared by wrote().
        self.written: dict[type, set] = defaultdict(set)
        self.deferred: dict[Subscriber, set] = defaultdict(set)

    def wrote(self, model, pks) -> None:
        """Declare rows written without model signals (``bulk_create``, ``QuerySet.update()``…)."""
        self.written[model].update(pks)

    def renew(self) -> None:
        for subscriber in subscribers():
            subscriber.renew_in_bulk(self.deferred[subscriber], self)


def current_bulk_write() -> BulkWrite | None:
    """The bulk write this thread is inside, if any."""
    return getattr(_local, "batch", None)


@contextmanager
def bulk_write(*, using: str = DEFAULT_DB_ALIAS):
    """Defer every subscriber's renewal to the end of the block: once, for all the block changed.

    Yields the ``BulkWrite``; a nested block joins the outermost. When the block fails
    inside a transaction, the transaction's owner rolls its writes back and nothing is
    renewed; outside one, what was written before the failure is renewed.
    """
    batch = current_bulk_write()
    if batch is not None:
        yield batch
        return
    batch = _local.batch = BulkWrite(using)
    try:
        yield batch
    except BaseException:
        _local.batch = None
        if not connections[using].in_atomic_block:
            batch.renew()
        raise
    _local.batch = None
    batch.renew()


def _record_write(sender, instance, raw=False, **kwargs):
    batch = current_bulk_write()
    if batch is not None and not raw and is_content(sender):
        batch.written[sender].add(instance.pk)
