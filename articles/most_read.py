"""The most-read published articles as pages show them: the cards of /terpopuler/ and the article page's rail.

The counts come from ``pophariini.popular``. The home page and /terpopuler/ read them on
each render (both are ``LISTS`` pages, renewed by every article write). An article page
shows the day's list too, but reading it there costs no query in the steady state: the
rail is kept under the versions of the rows it shows (``pophariini.versions``), for at
most ``RAIL_SECONDS`` so that new reads move it. Its headlines appear on every article
page, so a write that could take one out of view renews the whole site
(``articles.page_scopes``, with ``read_recently()`` below).
"""

import datetime

from django.utils import timezone

from articles.models import Article, Category
from pophariini import popular, versions
from pophariini.cache_rules import page_cache_seconds
from pophariini.models import ReadingCount

RAIL_SIZE = 5
# How long the rail's list stands before the counts are read again (the page holding it
# may stand as long again in the page cache).
RAIL_SECONDS = 10 * 60


def most_read_cards(*, window: str, limit: int) -> list:
    return popular.most_read(Article.objects.published().for_cards(), window=window, limit=limit)


def _load_rail() -> list:
    headlines = (
        Article.objects.published()
        .select_related("category")
        .only("title", "slug", "status", "publish_at", "category__name", "category__slug")
    )
    # One more than shown: the article whose page shows the rail leaves it.
    return popular.most_read(headlines, window="day", limit=RAIL_SIZE + 1)


def most_read_rail() -> list:
    """The day's most-read published articles (titles, rubrics and times only), one value for every article page."""
    bucket = int(timezone.now().timestamp() // RAIL_SECONDS)
    return versions.cached("most_read_rail", bucket, [Article, Category], _load_rail)


def rail_headlines(article) -> list:
    """The rail beside ``article``: the day's most read but itself."""
    return [headline for headline in most_read_rail() if headline.pk != article.pk][:RAIL_SIZE]


def read_recently(article_id: int, *, using: str) -> bool:
    """Whether a rail on a page still cached may show this article: any read since the oldest such rail's window.

    A rail is loaded at most ``RAIL_SECONDS`` before the page holding it was rendered, the
    page stays cached at most ``page_cache_seconds()``, and the day's window starts on a
    whole hour: every article such a rail shows was read after that moment.
    """
    margin = datetime.timedelta(seconds=RAIL_SECONDS + page_cache_seconds()) + datetime.timedelta(hours=1)
    since = popular.current_hour() - popular.WINDOWS["day"] - margin
    return ReadingCount.objects.using(using).filter(article_id=article_id, hour__gt=since).exists()
