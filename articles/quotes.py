"""Which addresses each article's "Baca juga" paragraphs point to (``QuotedAddress``), kept in step with its body.

A "Baca juga" paragraph shows another article as a card (``articles.rendering``), so
that article's save must renew the quoting article's cached page. Finding the quoting
articles by a substring search of every body read the whole archive on every save that
changed a card: 50-80 ms of PostgreSQL at 10,000 articles of the benchmark's short
bodies, and ten times that at 100,000 (bench/README.md, "Baca juga addresses in a
table"). The addresses are now rows, read through an index.

Kept like the search text (``articles.search``): a save of an article renews its rows
(``Subscriber.changed()``), and a bulk write renews those of every article it wrote, at
its end. An address is stored as ``baca_juga_paths()`` reads it, without its closing
slash; a link to another site is no address of this one. Which host is this site's comes
from ``SITE_URL``: after a move to a new host, absolute links to it written before the move
get their rows when their bodies are next saved; until then a save of the article they
quote renews their pages only when the cached copies expire (``PAGE_CACHE_SECONDS``).
"""

from django.db.models.signals import post_save

from articles.models import Article, QuotedAddress
from articles.rendering import baca_juga_paths
from pophariini import content

# The longest address kept: an article's address or an old WordPress one is far shorter.
LONGEST = QuotedAddress._meta.get_field("path").max_length
BATCH = 500


def address_key(path: str) -> str:
    """How an address is stored and looked up: without its closing slash."""
    return path.rstrip("/") or "/"


def quoted_in(body: str) -> set[str]:
    """The keys of the addresses ``body``'s "Baca juga" paragraphs point to."""
    return {key for path in baca_juga_paths(body) if len(key := address_key(path)) <= LONGEST}


def renew_quotes(article_ids, *, using) -> None:
    """Bring the ``QuotedAddress`` rows of these articles in line with their bodies."""
    ids = sorted({pk for pk in article_ids if pk is not None})
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        wanted = {
            (pk, key)
            for pk, body in Article.objects.using(using).filter(pk__in=chunk).values_list("pk", "body")
            for key in quoted_in(body)
        }
        rows = QuotedAddress.objects.using(using).filter(article_id__in=chunk)
        stored = {(row.article_id, row.path): row.pk for row in rows.only("article_id", "path")}
        gone = [pk for pair, pk in stored.items() if pair not in wanted]
        if gone:
            QuotedAddress.objects.using(using).filter(pk__in=gone).delete()
        QuotedAddress.objects.using(using).bulk_create(
            [QuotedAddress(article_id=pk, path=key) for pk, key in sorted(wanted - stored.keys())]
        )


def quoting(paths, *, using) -> set[int]:
    """Articles whose "Baca juga" paragraphs point to any of these addresses."""
    keys = {address_key(path) for path in paths if path}
    if not keys:
        return set()
    return set(QuotedAddress.objects.using(using).filter(path__in=keys).values_list("article_id", flat=True))


class Quotes(content.Subscriber):
    def connect(self):
        post_save.connect(_article_saved, sender=Article, dispatch_uid="quotes_article_saved")

    def renew(self, article_ids, *, using):
        renew_quotes(article_ids, using=using)

    def renew_in_bulk(self, article_ids, batch):
        # Articles written without signals (bulk_create, QuerySet.update()) are declared.
        renew_quotes(article_ids | batch.written[Article], using=batch.using)


quotes = Quotes()


def _article_saved(sender, instance, created, **kwargs):
    # A body as it was loaded (``Article.loaded()``; None when not loaded) keeps its addresses.
    if created or instance.loaded("body") != instance.body:
        quotes.changed([instance.pk], using=kwargs["using"])
