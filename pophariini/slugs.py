"""Slugs from titles (ASCII, diacritics folded, never empty, unique within a queryset) and cheap paths to pages."""

import functools
import re

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.text import slugify


def slug_from(text: str, *, max_length: int = 200, fallback: str = "item") -> str:
    slug = slugify(text or "")[:max_length].strip("-")
    return slug or fallback


def unique_slug(
    queryset,
    text: str,
    *,
    max_length: int = 200,
    fallback: str = "item",
    exclude_pk=None,
    reserved=frozenset(),
) -> str:
    """Return ``slug_from(text)`` made unique in ``queryset`` by a numeric suffix."""
    base = slug_from(text, max_length=max_length, fallback=fallback)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= set(reserved)
    candidate, counter = base, 2
    while candidate in taken:
        suffix = f"-{counter}"
        candidate = f"{base[: max_length - len(suffix)].rstrip('-')}{suffix}"
        counter += 1
    return candidate


# A slug that needs no escaping in a path: the common case, and the one slug_path builds.
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_MARK = "slug-mark-0"


@functools.cache
def _path_around_slug(name: str, urlconf, prefix: str) -> tuple[str, str]:
    before, after = reverse(name, urlconf=urlconf, kwargs={"slug": _MARK}).split(_MARK)
    return before, after


def slug_path(name: str, slug: str) -> str:
    """``reverse(name, kwargs={"slug": slug})``, a tenth of the cost for a plain slug.

    A page links to dozens of articles, artists and tags; reversing each is a
    measurable part of rendering it. The path around the slug is reversed once per URL
    name (and URLconf and script prefix); any other slug goes through ``reverse()``.
    """
    if not PLAIN_SLUG.fullmatch(slug):
        return reverse(name, kwargs={"slug": slug})
    before, after = _path_around_slug(name, get_urlconf(), get_script_prefix())
    return f"{before}{slug}{after}"


@functools.cache
def _fixed_path(name: str, urlconf, prefix: str) -> str:
    return reverse(name, urlconf=urlconf)


def fixed_path(name: str) -> str:
    """``reverse(name)`` for a URL without arguments, reversed once per URLconf and script prefix."""
    return _fixed_path(name, get_urlconf(), get_script_prefix())


@receiver(setting_changed)
def _urlconf_changed(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _path_around_slug.cache_clear()
        _fixed_path.cache_clear()
