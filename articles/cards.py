"""Article cards (``articles/_card.html``), each rendered once per worker for what it shows.

Cards are most of a list page: the home page shows about forty, and rendering them
was half of its template time (bench/README.md, "Cards rendered once per worker"). A
card's HTML depends only on what it shows: the article's card columns (``CARD_FIELDS``:
title, dek, publish time, category, hero photo, sponsor), its authors when it names them,
how it is shown (variant, heading level, excerpt) and the active language and time zone.
``card()`` keeps each card in the worker's memory (Django's LocMemCache, least recently
used first out) under exactly those values, so a kept card is never stale: an edit
changes a value, hence the key, and the old card ages out unseen. The page cache renews
every list when any article is written; the list is then rendered again with all of its
other cards already made.

Not kept with ``DEBUG`` on, so a developer editing the card template sees the change
at once.
"""

import hashlib

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import setting_changed
from django.db.models.fields.files import FieldFile
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from articles.models.article import CARD_FIELDS

# 1-2 kB a card: 2,000 cards hold every card of the busy lists in 2-4 MB a worker.
LOCAL_CARDS = 2000
local_cards = LocMemCache("pophariini-cards", {"TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": LOCAL_CARDS}})


def shown_values(article) -> tuple:
    """The values of ``article`` a card shows: its ``CARD_FIELDS``, following the category and hero."""
    values = []
    for path in CARD_FIELDS:
        value = article
        for name in path.split("__"):
            value = None if value is None else getattr(value, name)
        values.append(value.name if isinstance(value, FieldFile) else value)
    return tuple(values)


def card(article, *, variant="", level=3, show_excerpt=False, show_authors=False) -> str:
    """The HTML of ``article``'s card, from this worker's memory when it made the same card before."""
    context = {
        "article": article,
        "variant": variant,
        "level": level,
        "show_excerpt": show_excerpt,
        "show_authors": show_authors,
    }
    if settings.DEBUG:
        return render_to_string("articles/_card.html", context)
    authors = tuple(author.name for author in article.ordered_authors) if show_authors else ()
    identity = (
        article.pk,
        shown_values(article),
        authors,
        variant,
        level,
        bool(show_excerpt),
        get_language(),
        timezone.get_current_timezone_name(),
    )
    key = hashlib.blake2b(repr(identity).encode(), digest_size=16).hexdigest()
    html = local_cards.get(key)
    if html is None:
        html = render_to_string("articles/_card.html", context)
        local_cards.set(key, html)
    return html


@receiver(setting_changed)
def _settings_changed(**kwargs):
    # A card shows URLs, dates and media addresses that settings decide (tests override them).
    local_cards.clear()
