"""Corrections (ralat) and rights of reply (hak jawab) shown at the top of an article."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.article import Article
from articles.models.base import clean_paragraphs, staff_user_field


class CorrectionQuerySet(models.QuerySet):
    def published(self, at=None):
        """Corrections of articles a reader may see (``Article.objects.published()`` decides)."""
        return self.filter(article__in=Article.objects.published(at=at))


class Correction(models.Model):
    """A dated correction (ralat) or right of reply (hak jawab) shown at the top of an article.

    Saving a new one marks the article as revised at that moment, so ``dateModified``,
    feeds and sitemaps move with it. Corrections are kept in the article's revisions and
    only superusers may delete them.
    """

    class Kind(models.TextChoices):
        CORRECTION = "ralat", _("Ralat")
        REPLY = "hak_jawab", _("Hak jawab")

    article = models.ForeignKey(
        Article, verbose_name=_("artikel"), on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind, default=Kind.CORRECTION)
    text = models.TextField(
        _("isi"), help_text=_("Apa yang salah dan apa yang benar, atau tanggapan pihak yang diberitakan.")
    )
    created_at = models.DateTimeField(_("waktu"), default=timezone.now, editable=False, db_index=True)
    created_by = staff_user_field(_("dibuat oleh"))

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("ralat atau hak jawab")
        verbose_name_plural = _("ralat dan hak jawab")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article_id and self.article}"

    def save(self, *args, **kwargs):
        self.text = clean_paragraphs(self.text)
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            self.mark_article_revised()

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self):
        return f"ralat-{self.pk}"

    def mark_article_revised(self):
        """Move the article's revised time to this correction (never backwards, never before publication)."""
        Article.objects.filter(pk=self.article_id, first_published_at__isnull=False).filter(
            Q(revised_at__isnull=True) | Q(revised_at__lt=self.created_at)
        ).update(revised_at=self.created_at)
        article = self._state.fields_cache.get("article")
        if article is not None and article.first_published_at is not None:
            if article.revised_at is None or article.revised_at < self.created_at:
                article.revised_at = self.created_at
            if getattr(article, "_loaded", None) is not None:
                article._loaded["revised_at"] = article.revised_at
