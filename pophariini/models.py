"""Site-wide models: the shared timestamp base, photos, redirects, static pages, site settings and menus."""

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


class PlainTextModel(models.Model):
    """A model whose ``text_fields`` are stored as plain text (``clean_text``): titles, names.

    Cleaned before validation, so a value that was only markup is refused as empty; the
    model's ``save()`` calls ``clean_text_fields()`` too, for writes that skip validation.
    """

    text_fields = ()

    class Meta:
        abstract = True

    def clean_text_fields(self):
        for name in self.text_fields:
            setattr(self, name, clean_text(getattr(self, name)))

    def clean_fields(self, exclude=None):
        self.clean_text_fields()
        super().clean_fields(exclude=exclude)


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
    # The post or page the attachment belonged to. Its old attachment page sends readers to
    # that parent while it is public, else to this photo's file: a choice made per request
    # (articles.legacy.attachment_address), which a stored Redirect row cannot express.
    wp_parent_id = models.PositiveBigIntegerField(
        _("ID induk WordPress"), null=True, blank=True, editable=False
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


class SiteSettings(models.Model):
    """The one row of settings editors manage: the site's name, logo, social accounts, contact, share image."""

    SINGLETON_PK = 1

    name = models.CharField(_("nama situs"), max_length=100, default="Pophariini")
    tagline = models.CharField(
        _("slogan"), max_length=200, blank=True, default="Kabar, ulasan, dan wawancara musik Indonesia."
    )
    logo = models.ForeignKey(
        Photo,
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Tanpa logo, nama situs ditulis sebagai teks."),
    )
    share_image = models.ForeignKey(
        Photo,
        verbose_name=_("gambar bagikan bawaan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Dipakai saat dibagikan ke media sosial bila halaman tidak punya foto sendiri (1200×630)."
        ),
    )
    contact_email = models.EmailField(_("surel redaksi"), blank=True)
    contact_address = models.TextField(_("alamat redaksi"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    tiktok_url = models.URLField(_("TikTok"), blank=True)
    spotify_url = models.URLField(_("Spotify"), blank=True)

    class Meta:
        verbose_name = _("pengaturan situs")
        verbose_name_plural = _("pengaturan situs")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="site_settings_single_row")]

    def __str__(self):
        return str(_("Pengaturan situs"))

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        self.name = clean_text(self.name)
        self.tagline = clean_text(self.tagline)
        super().save(*args, **kwargs)

    @property
    def social_accounts(self):
        """``(platform, url)`` for each account the site has, in a fixed order."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in ("instagram_url", "x_url", "facebook_url", "youtube_url", "tiktok_url", "spotify_url")
            if getattr(self, name)
        ]


class MenuItem(models.Model):
    """An entry of the header or footer menu: a rubric, a static page or a link, in the editors' order."""

    class Menu(models.TextChoices):
        HEADER = "header", _("Menu utama (atas)")
        FOOTER = "footer", _("Kaki halaman")

    menu = models.CharField(_("menu"), max_length=10, choices=Menu.choices, default=Menu.HEADER)
    position = models.PositiveIntegerField(_("urutan"), default=0)
    label = models.CharField(
        _("teks tautan"),
        max_length=100,
        blank=True,
        help_text=_("Kosongkan untuk memakai nama rubrik atau halaman."),
    )
    category = models.ForeignKey(
        "articles.Category",
        verbose_name=_("rubrik"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    page = models.ForeignKey(
        Page,
        verbose_name=_("halaman statis"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    url = models.URLField(
        _("tautan luar"), blank=True, help_text=_('Alamat lengkap, misalnya "https://open.spotify.com/…".')
    )

    class Meta:
        verbose_name = _("item menu")
        verbose_name_plural = _("menu navigasi")
        ordering = ["menu", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(category__isnull=False, page__isnull=True, url="")
                    | models.Q(category__isnull=True, page__isnull=False, url="")
                    | (models.Q(category__isnull=True, page__isnull=True) & ~models.Q(url=""))
                ),
                name="menu_item_one_target",
            )
        ]

    def __str__(self):
        return self.text

    def clean(self):
        targets = [bool(self.category_id), bool(self.page_id), bool(self.url)]
        if sum(targets) != 1:
            raise ValidationError(_("Pilih tepat satu tujuan: rubrik, halaman statis, atau tautan luar."))
        if self.url and not self.label:
            raise ValidationError({"label": _("Tautan luar perlu teks tautan.")})

    def save(self, *args, **kwargs):
        self.label = clean_text(self.label)
        super().save(*args, **kwargs)

    @property
    def text(self):
        if self.label:
            return self.label
        if self.category_id:
            return self.category.name
        if self.page_id:
            return self.page.title
        return self.url

    @property
    def href(self):
        if self.category_id:
            return self.category.get_absolute_url()
        if self.page_id:
            return self.page.get_absolute_url()
        return self.url

    @property
    def is_external(self):
        return bool(self.url)


class ReadingCount(models.Model):
    """How often an article was read in one hour (Asia/Jakarta clock), for "Terpopuler".

    Written in batches by ``pophariini.popular``; nothing about the reader is stored.
    Not content: a count never invalidates cached pages.
    """

    article = models.ForeignKey(
        "articles.Article", verbose_name=_("artikel"), on_delete=models.CASCADE, related_name="+"
    )
    hour = models.DateTimeField(_("jam"))
    count = models.PositiveIntegerField(_("jumlah dibaca"), default=0)

    class Meta:
        verbose_name = _("jumlah dibaca")
        verbose_name_plural = _("jumlah dibaca")
        constraints = [models.UniqueConstraint(fields=["article", "hour"], name="reading_count_article_hour")]
        indexes = [models.Index(fields=["hour", "article"], name="reading_count_hour")]

    def __str__(self):
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H}: {self.count}"
