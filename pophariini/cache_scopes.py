"""The page cache's scopes: which page a path is, and which scopes each content write renews.

Apps declare them from their ``AppConfig.ready()`` (``articles.page_scopes``); see
``pophariini.cache``, "How it stays exact".
"""

import functools

from django.urls import Resolver404, get_urlconf, resolve

# What a write renews: the whole site, the schedule (with anything else), or scopes.
SITE = "site"
SCHEDULE = "schedule"
LISTS = "lists"
SCOPE_KEY_PREFIX = "pagecache:scope"

_object_pages: dict[str, tuple[str, str | None]] = {}
_view_scopes: dict[str, str] = {}
_writes: dict[type, object] = {}
_m2m_writes: dict[type, object] = {}


def register_object_page(view_name: str, kwarg: str, *, under: str | None = None) -> None:
    """Give each page of this URL name a scope of its own, named by its URL argument ``kwarg``.

    ``under``: a shared scope the page also stays under (``LISTS``, or one an app names for
    a kind of page, such as the music pages' ``articles.music_pages.MUSIC``), so every write
    that renews that scope renews the page too, and a write that names only its own scope
    renews it alone. None: its own scope only (an article page).
    """
    _object_pages[view_name] = (kwarg, under)
    _path_scopes.cache_clear()


def register_view_scope(view_name: str, scope: str) -> None:
    """The pages of this URL name stay under ``LISTS`` and under ``scope``, which a write may renew alone."""
    _view_scopes[view_name] = scope
    _path_scopes.cache_clear()


def object_scope(view_name: str, value) -> str:
    return f"{view_name}:{value}"


def register_writes(model, scopes) -> None:
    """``scopes(instance, kwargs, using)`` names the scopes a save or delete of ``model`` renews.

    ``kwargs`` are the signal's (``created`` for a save); None means the whole site.
    """
    _writes[model] = scopes


def register_m2m(through, scopes) -> None:
    """``scopes(sender, instance, kwargs, using)`` names the scopes an m2m change through ``through`` renews."""
    _m2m_writes[through] = scopes


@functools.lru_cache(maxsize=4096)
def _path_scopes(urlconf, path: str) -> tuple[str, ...]:
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return (LISTS,)
    if match.view_name in _view_scopes:
        return (LISTS, _view_scopes[match.view_name])
    kwarg, under = _object_pages.get(match.view_name, (None, None))
    if kwarg is None or kwarg not in match.kwargs:
        return (under or LISTS,)
    own = object_scope(match.view_name, match.kwargs[kwarg])
    return (under, own) if under else (own,)


def path_scopes(path: str) -> tuple[str, ...]:
    """The scopes a page at ``path`` is stamped with (its URL name and argument, resolved once per process)."""
    return _path_scopes(get_urlconf(), path)


def path_scope(path: str) -> str:
    """The page's own scope: the one a write renews to renew this page and no other."""
    return path_scopes(path)[-1]


def scope_key(scope: str) -> str:
    return f"{SCOPE_KEY_PREFIX}:{scope}"


def write_scopes(model, kwargs, using):
    """The scopes a post_save or post_delete of ``model`` renews; None for the whole site."""
    scopes = _writes.get(model)
    return scopes(kwargs["instance"], kwargs, using) if scopes else None


def m2m_scopes(through, kwargs, using):
    """The scopes an m2m_changed through ``through`` renews; None for the whole site."""
    scopes = _m2m_writes.get(through)
    return scopes(through, kwargs["instance"], kwargs, using) if scopes else None
