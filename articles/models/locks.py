"""Soft edit locks: who has an article's form open, so a second editor is told before typing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.article import Article


class EditLock(models.Model):
    """One row per article open in the admin: the holder renews it while the page stays open.

    A lock whose ``renewed_at`` is older than ``articles.locks.LOCK_SECONDS`` has expired by
    itself (a closed tab, a crashed browser). It only informs: saving is guarded by the
    form's stale-save check, never by this row. A table rather than the cache, so every
    process and server sees the same holder and a cache outage changes nothing.
    """

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="edit_lock",
        verbose_name=_("artikel"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("penyunting")
    )
    since = models.DateTimeField(_("sejak"))
    renewed_at = models.DateTimeField(_("terakhir diperbarui"))

    class Meta:
        verbose_name = _("kunci suntingan")
        verbose_name_plural = _("kunci suntingan")

    def __str__(self):
        return f"{self.article_id}: {self.user_id}"
