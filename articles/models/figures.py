"""Figures: photos placed in an article's body, optionally re-captioned."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.models.article import Article
from pophariini.models import Photo
from pophariini.sanitize import clean_text


class Figure(models.Model):
    """A photo placed in an article body at ``[foto <key>]``, optionally re-captioned."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="figures")
    photo = models.ForeignKey(Photo, verbose_name=_("foto"), on_delete=models.PROTECT, related_name="figures")
    key = models.PositiveSmallIntegerField(
        _("kode"),
        blank=True,
        help_text=_("Nomor di kode [foto N]; tetap walau urutan diubah. Diisi otomatis."),
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    caption = models.CharField(
        _("keterangan"), max_length=500, blank=True, help_text=_("Kosongkan untuk memakai keterangan foto.")
    )
    credit = models.CharField(
        _("kredit"), max_length=200, blank=True, help_text=_("Kosongkan untuk memakai kredit foto.")
    )

    class Meta:
        verbose_name = _("foto dalam artikel")
        verbose_name_plural = _("foto dalam artikel")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "key"], name="figure_unique_key"),
            models.CheckConstraint(condition=Q(key__gte=1), name="figure_key_positive"),
        ]

    def __str__(self):
        return self.placeholder

    def save(self, *args, **kwargs):
        self.caption = clean_text(self.caption)
        self.credit = clean_text(self.credit)
        if not self.key:
            last = Figure.objects.filter(article_id=self.article_id).aggregate(m=models.Max("key"))["m"]
            self.key = (last or 0) + 1
        super().save(*args, **kwargs)

    @property
    def placeholder(self):
        return f"[foto {self.key}]" if self.key else ""

    @property
    def display_caption(self):
        return self.caption or self.photo.caption

    @property
    def display_credit(self):
        return self.credit or self.photo.credit
