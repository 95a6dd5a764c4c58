"""Authors: the people in an article's byline, each with a page of their own."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pophariini.models import Photo, TimeStampedModel
from pophariini.sanitize import clean_text
from pophariini.slugs import slug_path, unique_slug


class Author(TimeStampedModel):
    name = models.CharField(_("nama"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)
    bio = models.TextField(_("biografi"), blank=True)
    tagline = models.CharField(
        _("tagline"), max_length=300, blank=True, help_text=_("Kutipan singkat di bawah kotak penulis.")
    )
    photo = models.ForeignKey(
        Photo, verbose_name=_("foto"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun pengguna"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
    )
    wp_login = models.CharField(_("login WordPress"), max_length=100, blank=True, editable=False)

    class Meta:
        verbose_name = _("penulis")
        verbose_name_plural = _("penulis")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_text(self.name)
        self.tagline = clean_text(self.tagline)
        if not self.slug:
            self.slug = unique_slug(Author.objects.all(), self.name, fallback="penulis", exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_path("articles:author_detail", self.slug)
