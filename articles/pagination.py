"""Paginators for the article lists: totals kept in the shared cache, deep pages read by id."""

import hashlib
import math

from django.core.paginator import Page, Paginator
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode

from pophariini import cache as page_cache

PAGE_SIZE = 12

# How long a list's article count is kept at most; a content write or a scheduled
# publish makes it stale sooner (see CachedCountPaginator).
COUNT_CACHE_SECONDS = 600


class CachedCountPaginator(Paginator):
    """Django's paginator with the total read from the shared cache, stamped like a cached page.

    Django's paginator COUNTs every matching article on each render: 150 ms for the home
    page at 100,000 articles. The lists show "Halaman N dari M" and 404 past the last page,
    so they need the total; rather than a prev/next-only paginator we keep the count in
    the shared cache under a key for the list (view, path and filters, not the page
    number), stamped with the page cache's site generation and next scheduled publish
    time (``pophariini.cache.current_state``, one cache round trip). Any write a reader
    could see replaces the generation and a scheduled article going live changes the
    stamp, so a count is exact under the same rules as a cached page; writes that bypass
    signals call ``pophariini.cache.invalidate()`` as they must already. Without a key
    (search), or when the cache cannot be used, it counts as usual.
    """

    def __init__(self, *args, count_key=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        if self.count_key is None:
            return super().count
        now = timezone.now().timestamp()
        state = page_cache.current_state(now, also=[self.count_key])
        if state is None:
            # The cache cannot be used: count, as the page renders uncached anyway.
            return super().count
        stamp, next_at, found = state
        stored = found.get(self.count_key)
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == stamp:
            return stored[1]
        count = super().count
        lifetime = COUNT_CACHE_SECONDS if next_at is None else min(COUNT_CACHE_SECONDS, next_at - now)
        if lifetime >= 1:
            page_cache.cache_call(
                "set", self.count_key, (stamp, count), timeout=math.floor(lifetime), keys=[self.count_key]
            )
        return count


class LatestFirstPaginator(CachedCountPaginator):
    """A ``CachedCountPaginator`` that reads a page's ids before its cards (a "deferred join").

    ``OFFSET 84000 LIMIT 12`` on the card query makes PostgreSQL build 84,012 full rows,
    joined to their category and hero photo, and throw all but twelve away: 0.2-0.5 s
    for page 7,000 of the home page at 100,000 articles with the table in memory, up to
    1.8 s from disk. Here the page is one query of the
    form ``WHERE id IN (SELECT id ... ORDER BY ... OFFSET n LIMIT 12) ORDER BY ...``:
    the subquery skips ``n`` entries of an index that ends in the lists' order
    (``article_status_publish``, ``article_category_publish``; a tag or an author
    list hashes its link table against the former) without visiting the table, and
    only the twelve rows found are loaded, joined and prefetched. The outer query is
    the list's own queryset with that one more condition, so it keeps the list's
    filters (visibility included), ``select_related``, ``only`` and prefetches, and
    sorts the twelve rows in the list's order. That order ends in the primary key, so
    the page holds exactly the rows plain ``OFFSET`` pagination would show.

    Index-only scans (and so the list totals, which count the same index entries) rely
    on PostgreSQL's visibility map, which autovacuum keeps current: on a table that was
    never vacuumed every entry still costs a visit to the table.

    The first pages, the ones most read, keep the plain slice: skipping a few dozen rows
    costs less than the subquery (about 1 ms more per page at 100,000 articles; the two
    break even near page 10 of the busiest tag).

    For querysets ordered newest first (``latest_first()``). Search keeps the plain
    paginator: its order is a relevance score computed for every match anyway.
    """

    # Rows skipped from which a page is read by id.
    deferred_join_offset = 10 * PAGE_SIZE

    def page(self, number):
        # Django's Paginator.page(), with the slice taken by id past the first pages.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom < self.deferred_join_offset:
            return Page(self.object_list[bottom:top], number, self)
        page_ids = self.object_list.values("pk")[bottom:top]
        return Page(self.object_list.filter(pk__in=page_ids), number, self)


class CachedCountMixin:
    """List views whose paginator keeps its total in the shared cache (``CachedCountPaginator``)."""

    paginator_class = CachedCountPaginator
    cache_count = True

    def get_count_key(self):
        if not self.cache_count:
            return None
        filters = sorted(
            (name, values) for name, values in self.request.GET.lists() if name != self.page_kwarg
        )
        identity = f"{type(self).__name__}|{self.request.path}|{urlencode(filters, doseq=True)}"
        return f"listcount:{hashlib.sha256(identity.encode()).hexdigest()[:32]}"

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        return self.paginator_class(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            count_key=self.get_count_key(),
            **kwargs,
        )
