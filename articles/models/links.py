"""Related articles: an editor's hand-picked links and the stored computed suggestions."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.models.article import Article


class RelatedArticle(models.Model):
    """An editor's hand-picked "Eksplor konten lain" entry, shown before computed ones."""

    from_article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_links")
    to_article = models.ForeignKey(
        Article, verbose_name=_("artikel"), on_delete=models.CASCADE, related_name="related_from"
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("artikel terkait")
        verbose_name_plural = _("artikel terkait")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["from_article", "to_article"], name="relatedarticle_unique"),
            models.CheckConstraint(
                condition=~Q(from_article=models.F("to_article")), name="relatedarticle_not_self"
            ),
        ]

    def __str__(self):
        return str(self.to_article)


# Related cards stored per article: twice the six shown, room for some to be unpublished.
RELATED_STORED = 12


class RelatedSuggestion(models.Model):
    """One stored "Eksplor konten lain" card of an article, in order (``articles.related``).

    Written only by ``articles.related`` (bulk, without signals: storing cards is no
    reader-visible change) and read through ``Article.objects.published()``, so a card
    whose article is unpublished later never reaches a reader.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="suggestions")
    suggested = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="suggested_in")
    position = models.PositiveSmallIntegerField()
    # How many cards the list held when stored, and when: the same on every row of a list.
    list_length = models.PositiveSmallIntegerField()
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="relatedsuggestion_position"),
        ]
        indexes = [
            models.Index(fields=["suggested"], name="relatedsuggestion_suggested"),
            # Short lists (a small archive) are dropped whenever an article is saved.
            models.Index(
                fields=["article"],
                condition=Q(list_length__lt=RELATED_STORED),
                name="relatedsuggestion_short",
            ),
        ]

    def __str__(self):
        return f"{self.article_id} → {self.suggested_id}"


class QuotedAddress(models.Model):
    """An address of this site that a "Baca juga" paragraph of an article's body points to.

    Kept by ``articles.quotes`` in step with every written body, so the articles whose pages
    show another article as a "Baca juga" card are found through an index
    (``articles.page_scopes.quoting()``), not by reading every body in the archive.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quoted_addresses")
    # Without its closing slash (``articles.quotes.address_key()``): a pasted address may lack it.
    path = models.CharField(max_length=500)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "path"], name="quotedaddress_unique"),
        ]
        indexes = [models.Index(fields=["path"], name="quotedaddress_path")]

    def __str__(self):
        return f"{self.article_id} → {self.path}"
