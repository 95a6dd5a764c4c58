"""Site-wide models: the shared timestamp base, photos, redirects and static pages."""

import os

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from pophariini.photos import normalise_image, photo_upload_to, validate_image_file
from pophariini.sanitize import EDITOR_EXTENSIONS, clean_html, clean_text


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


class Photo(TimeStampedModel):
    image = models.ImageField(
        _("gambar"),
        upload_to=photo_upload_to,
        width_field="width",
        height_field="height",
        validators=[validate_image_file],
        blank=True,
        help_text=_("JPEG, PNG, atau WebP. Metadata EXIF/GPS dihapus saat disimpan."),
    )
    alt_text = models.CharField(
        _("teks alternatif"),
        max_length=300,
        blank=True,
        help_text=_("Apa yang terlihat di foto, untuk pembaca tunanetra. Wajib."),
    )
    caption = models.CharField(_("keterangan"), max_length=500, blank=True)
    credit = models.CharField(
        _("kredit"), max_length=200, blank=True, help_text=_('Misalnya "Dok: Paragon Pictures".')
    )
    width = models.PositiveIntegerField(_("lebar"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("tinggi"), null=True, blank=True, editable=False)
    original_name = models.CharField(
        _("nama berkas unggahan"),
        max_length=255,
        blank=True,
        editable=False,
        help_text=_("Nama berkas di komputer pengunggah; dicari di pemilih foto."),
    )
    source_path = models.CharField(
        _("berkas asal"),
        max_length=500,
        blank=True,
        help_text=_("Path berkas di situs lama (impor WordPress)."),
    )
    wp_attachment_id = models.PositiveBigIntegerField(
        _("ID lampiran WordPress"), null=True, blank=True, unique=True, editable=False
    )

    class Meta:
        verbose_name = _("foto")
        verbose_name_plural = _("foto")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.alt_text or self.caption or self.source_path or f"#{self.pk}"

    def save(self, *args, **kwargs):
        self.alt_text = clean_text(self.alt_text)
        self.caption = clean_text(self.caption)
        self.credit = clean_text(self.credit)
        upload = self.image.file if self.image and not self.image._committed else None
        if upload is not None:
            # Validate here too so that no write path (shell, import) stores a bad file.
            validate_image_file(upload)
            # Stored files get unguessable names; the uploader's name stays findable.
            self.original_name = os.path.basename(self.image.name)[:255]
            self.image = normalise_image(upload, photo_upload_to(self, self.image.name))
        elif self.image and not self.width:
            # A file stored before saving (seed, import) has not been measured yet.
            self._meta.get_field("image").update_dimension_fields(self, force=True)
        super().save(*args, **kwargs)

    @property
    def has_file(self):
        return bool(self.image) and bool(self.width)


class Redirect(models.Model):
    """A permanent redirect from a path the site no longer serves (old slugs, WordPress URLs)."""

    old_path = models.CharField(
        _("path lama"),
        max_length=500,
        unique=True,
        help_text=_('Diawali "/", misalnya "/2019/05/judul-lama/" atau "/?p=123".'),
    )
    new_path = models.CharField(_("path baru"), max_length=500)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("pengalihan")
        verbose_name_plural = _("pengalihan")
        ordering = ["old_path"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(old_path=models.F("new_path")),
                name="redirect_not_to_itself",
            )
        ]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"

    def clean(self):
        for field in ("old_path", "new_path"):
            value = getattr(self, field)
            if value and not value.startswith("/"):
                raise ValidationError({field: _('Path harus diawali "/".')})


page_url_validator = RegexValidator(
    r"^/[-a-z0-9_/]*/$",
    _('Alamat harus diawali dan diakhiri "/", huruf kecil, angka, dan tanda hubung.'),
)


class Page(TimeStampedModel):
    """A static page such as "Tentang Kami" or "Pedoman Media Siber"."""

    title = models.CharField(_("judul"), max_length=200)
    url = models.CharField(
        _("alamat"),
        max_length=300,
        unique=True,
        validators=[page_url_validator],
        help_text=_('Misalnya "/tentang-kami/".'),
    )
    body = ProseEditorField(
        _("isi"), config={"extensions": EDITOR_EXTENSIONS}, sanitize=clean_html, blank=True
    )
    is_published = models.BooleanField(_("terbit"), default=True)
    wp_post_id = models.PositiveBigIntegerField(
        _("ID WordPress"), null=True, blank=True, unique=True, editable=False
    )

    class Meta:
        verbose_name = _("halaman statis")
        verbose_name_plural = _("halaman statis")
        ordering = ["url"]

    def __str__(self):
        return f"{self.title} ({self.url})"

    def save(self, *args, **kwargs):
        self.title = clean_text(self.title)
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.url
