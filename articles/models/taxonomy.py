"""Where an article is filed: its rubric (category) and its tags."""

from django.db import models
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag, TaggedItemBase

from pophariini.models import TimeStampedModel
from pophariini.sanitize import clean_text
from pophariini.slugs import slug_path, unique_slug


class Category(TimeStampedModel):
    name = models.CharField(_("nama"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    description = models.TextField(_("deskripsi"), blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    show_on_home = models.BooleanField(_("tampil di beranda"), default=True)

    class Meta:
        verbose_name = _("rubrik")
        verbose_name_plural = _("rubrik")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_text(self.name)
        if not self.slug:
            self.slug = unique_slug(Category.objects.all(), self.name, fallback="rubrik", exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_path("articles:category_detail", self.slug)


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("tag artikel")
        verbose_name_plural = _("tag artikel")
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="taggedarticle_unique")]
        # Tag pages and related-content scoring go from a tag to its articles.
        indexes = [models.Index(fields=["tag", "content_object"], name="taggedarticle_tag_article")]


@receiver(pre_save, sender=Tag, dispatch_uid="articles_tag_plain_name")
def keep_tag_names_plain(sender, instance, **kwargs):
    """Tag names are plain text on every write path (taggit's own model has no hook of its own)."""
    instance.name = clean_text(instance.name)
