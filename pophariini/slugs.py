"""Slugs from titles: ASCII, diacritics folded, never empty, unique within a queryset."""

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
