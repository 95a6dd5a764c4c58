"""The article, its queryset (the one rule of what a reader may see) and its ordered authors."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager

from articles.models.authors import Author
from articles.models.base import (
    PLACEHOLDER_RE,
    RESERVED_SLUGS,
    search_text_of,
    staff_user_field,
    validate_not_reserved,
)
from articles.models.taxonomy import Category, TaggedArticle
from music.models import Artist, Film, Release, Song
from pophariini.models import Photo, PlainTextModel, Redirect, TimeStampedModel
from pophariini.sanitize import EDITOR_EXTENSIONS, clean_html, clean_text
from pophariini.slugs import slug_path, unique_slug

# The body's editor: the shared rich-text set plus photos placed in the text (stored as "[foto N]").
ARTICLE_EDITOR_EXTENSIONS = {**EDITOR_EXTENSIONS, "PhotoFigure": True}

# What article cards read: loading only these keeps a dozen cards from parsing ~100 dates.
CARD_FIELDS = (
    "title",
    "slug",
    "dek",
    "status",
    "publish_at",
    "is_sponsored",
    "sponsor_name",
    "category__name",
    "category__slug",
    "hero__image",
    "hero__width",
    "hero__height",
    "hero__alt_text",
    "hero__caption",
    "hero__credit",
)


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """Articles a reader may see: published, with a publish time that has come.

        The only definition of public visibility; every view, feed, sitemap, search,
        related-content query and count starts here.
        """
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=at or timezone.now())

    def scheduled(self, at=None):
        return self.filter(status=Article.Status.PUBLISHED, publish_at__gt=at or timezone.now())

    def latest_first(self):
        return self.order_by("-publish_at", "-pk")

    def editorial(self):
        """Everything but sponsored content (advertorials)."""
        return self.filter(is_sponsored=False)

    def with_authors(self):
        return self.prefetch_related(
            Prefetch(
                "article_authors",
                queryset=ArticleAuthor.objects.select_related("author").order_by("position", "pk"),
            )
        )

    def without_search_columns(self):
        """Leave out the search index's copy of the text, which no page shows."""
        return self.defer("search_text", "search_vector")

    def for_cards(self):
        """Only the columns a card shows (``_card.html``, "Baca juga"), with its category and hero."""
        return self.select_related("category", "hero").only(*CARD_FIELDS)

    def for_listing(self):
        """What a card needs: category, hero photo and ordered authors, in three queries."""
        return self.for_cards().with_authors()

    def for_detail(self):
        """The article row with its category and hero, for the article page.

        The rest of what the page shows comes from ``articles.selectors.article_links()``
        (figures and authors, music and music box, tags, neighbours, whether it has
        corrections or ranked lists), kept in the cache under the versions of what it reads.
        """
        return self.select_related("category", "hero").without_search_columns()


class Article(PlainTextModel, TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        REVIEW = "review", _("Ditinjau")
        PUBLISHED = "published", _("Terbit")

    title = models.CharField(_("judul"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        validators=[validate_not_reserved],
        help_text=_("Alamat artikel: /slug/. Diisi otomatis dari judul bila kosong."),
    )
    dek = models.TextField(_("dek"), blank=True, help_text=_("Kalimat pembuka di bawah judul."))
    body = ProseEditorField(
        _("isi"),
        config={"extensions": ARTICLE_EDITOR_EXTENSIONS},
        sanitize=clean_html,
        blank=True,
        help_text=_(
            "Sisipkan foto dengan tombol foto di bilah alat; fotonya bisa diubah, dipindah, dan dihapus di sini. "
            "Tempel tautan YouTube, Spotify, SoundCloud, atau Bandcamp di paragraf tersendiri "
            'untuk menyematkannya. Untuk kartu "Baca Juga", tulis "Baca juga:" lalu tautan ke artikel '
            "Pophariini di paragraf tersendiri; kartu hanya tampil bila artikel itu sudah terbit."
        ),
    )
    category = models.ForeignKey(
        Category, verbose_name=_("rubrik"), on_delete=models.PROTECT, related_name="articles"
    )
    tags = TaggableManager(verbose_name=_("tag"), through=TaggedArticle, blank=True)
    hero = models.ForeignKey(
        Photo,
        verbose_name=_("foto utama"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hero_of",
    )
    authors = models.ManyToManyField(
        Author, through="ArticleAuthor", related_name="articles", verbose_name=_("penulis")
    )
    artists = models.ManyToManyField(Artist, related_name="articles", blank=True, verbose_name=_("artis"))
    songs = models.ManyToManyField(Song, related_name="articles", blank=True, verbose_name=_("lagu"))
    releases = models.ManyToManyField(Release, related_name="articles", blank=True, verbose_name=_("rilisan"))
    films = models.ManyToManyField(Film, related_name="articles", blank=True, verbose_name=_("film"))
    related = models.ManyToManyField(
        "self",
        through="RelatedArticle",
        symmetrical=False,
        related_name="picked_by",
        blank=True,
        verbose_name=_("artikel terkait pilihan"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        _("waktu terbit"),
        null=True,
        blank=True,
        help_text=_("Waktu di masa depan berarti terjadwal. Kosong saat diterbitkan berarti sekarang."),
    )
    first_published_at = models.DateTimeField(_("pertama terbit"), null=True, blank=True, editable=False)
    revised_at = models.DateTimeField(
        _("diperbarui"), null=True, blank=True, editable=False, help_text=_("Suntingan isi setelah terbit.")
    )
    featured = models.BooleanField(_("unggulan"), default=False)
    is_sponsored = models.BooleanField(
        _("konten bersponsor"),
        default=False,
        help_text=_(
            'Advertorial: berlabel di halaman dan setiap kartu, tautan keluar diberi rel="sponsored", '
            "tidak masuk sitemap berita, dan tidak dipilih otomatis sebagai artikel terkait."
        ),
    )
    sponsor_name = models.CharField(_("nama sponsor"), max_length=200, blank=True)
    seo_title = models.CharField(_("judul SEO"), max_length=200, blank=True)
    seo_description = models.CharField(_("deskripsi SEO"), max_length=300, blank=True)
    created_by = staff_user_field(_("dibuat oleh"))
    updated_by = staff_user_field(_("diubah oleh"))
    published_by = staff_user_field(_("diterbitkan oleh"))
    wp_post_id = models.PositiveBigIntegerField(
        _("ID WordPress"), null=True, blank=True, unique=True, editable=False
    )
    # What search reads (articles/search.py): title, linked artists, tags, dek and body as plain
    # text, one per line. Kept current by save() and articles.search.refresh_search_text; on
    # PostgreSQL a trigger turns it into search_vector, which a GIN index serves.
    search_text = models.TextField(editable=False, blank=True, default="")
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("artikel")
        verbose_name_plural = _("artikel")
        ordering = ["-publish_at", "-pk"]
        get_latest_by = "publish_at"
        # Editors hold it; a Kontributor does not (see articles/workflow.py).
        permissions = [("publish_article", _("Boleh menerbitkan, menjadwalkan, dan menarik artikel"))]
        indexes = [
            # Each ends in the lists' full order (newest first, id breaking ties), so a page of a
            # list is read off the index without sorting the archive.
            models.Index(fields=["status", "-publish_at", "-id"], name="article_status_publish"),
            models.Index(
                fields=["category", "status", "-publish_at", "-id"], name="article_category_publish"
            ),
            models.Index(
                fields=["featured", "status", "-publish_at", "-id"], name="article_featured_publish"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(slug__in=sorted(RESERVED_SLUGS)), name="article_slug_not_reserved"
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="article_slug_not_empty"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="article_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(is_sponsored=False) | ~Q(sponsor_name=""),
                name="article_sponsored_has_sponsor",
                violation_error_message=_("Konten bersponsor harus menyebut nama sponsornya."),
            ),
        ]

    def __str__(self):
        return self.title

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remember what was loaded so save() can tell a slug change or a real edit.
        instance._loaded = dict(zip(field_names, values, strict=False))
        return instance

    text_fields = ("title", "dek", "seo_title", "seo_description", "sponsor_name")

    def save(self, *args, **kwargs):
        self.clean_text_fields()
        self.body = clean_html(self.body)
        self.fill_defaults()
        now = timezone.now()
        if self.first_published_at is not None and self.first_published_at > now:
            # A schedule that has not come yet is no first publication: publishing now (or at
            # another time) after it was taken back starts from the new time.
            self.first_published_at = None
        if self.status == self.Status.PUBLISHED:
            if self.first_published_at is None:
                self.first_published_at = self.publish_at
            elif self.content_changed() and self.was_public():
                self.revised_at = now
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)
        self._redirect_old_slug()
        self._loaded = {f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields}

    def clean(self):
        # Model validation checks the constraints after clean(): fill what the help texts promise
        # (an empty slug comes from the title, publishing without a time means now) first.
        super().clean()
        self.fill_defaults()

    def get_absolute_url(self):
        return slug_path("articles:article_detail", self.slug)

    def fill_defaults(self):
        """A slug from the title when empty; a publish time of now when published without one."""
        if not self.slug:
            self.slug = unique_slug(
                Article.objects.all(),
                clean_text(self.title),
                fallback="tanpa-judul",
                exclude_pk=self.pk,
                reserved=RESERVED_SLUGS,
            )
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()

    def build_search_text(self):
        """``search_text`` from the fields and, for a saved article, its tags and artists in the database."""
        tags = artists = ()
        if self.pk and not self._state.adding:
            tags = TaggedArticle.objects.filter(content_object_id=self.pk).values_list("tag__name", flat=True)
            artists = Article.artists.through.objects.filter(article_id=self.pk).values_list(
                "artist__name", flat=True
            )
        return search_text_of(self.title, self.dek, self.body, tags, artists)

    def loaded(self, attname):
        return getattr(self, "_loaded", {}).get(attname)

    def content_changed(self):
        """Whether the reader-visible text differs from what was loaded from the database."""
        if not getattr(self, "_loaded", None):
            return False
        return any(self.loaded(f) != getattr(self, f) for f in ("title", "dek", "body"))

    def was_public(self):
        """Whether the loaded version was visible to readers."""
        loaded_at = self.loaded("publish_at")
        return (
            self.loaded("status") == self.Status.PUBLISHED
            and loaded_at is not None
            and loaded_at <= timezone.now()
        )

    def _redirect_old_slug(self):
        """Send the old address of a renamed public article to the new one.

        Only while the article is public: renaming a scheduled or withdrawn article must
        not publish its new address (the redirect fallback also follows a stored redirect
        only to a page that answers).
        """
        old_slug = self.loaded("slug")
        if not old_slug or old_slug == self.slug or not self.is_published:
            return
        old_path = reverse("articles:article_detail", kwargs={"slug": old_slug})
        new_path = self.get_absolute_url()
        # The new address is live again, and older redirects skip the intermediate hop.
        Redirect.objects.filter(old_path=new_path).delete()
        Redirect.objects.filter(new_path=old_path).update(new_path=new_path)
        Redirect.objects.update_or_create(old_path=old_path, defaults={"new_path": new_path})

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    @property
    def primary_author(self):
        """The first author (uses the prefetched ``article_authors`` when present)."""
        links = list(self.article_authors.all())
        return links[0].author if links else None

    @property
    def ordered_authors(self):
        return [link.author for link in self.article_authors.all()]

    @property
    def placeholders(self):
        """Figure keys referenced in the body, in order of appearance."""
        return [int(key) for key in PLACEHOLDER_RE.findall(self.body or "")]


class ArticleAuthor(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(
        Author, verbose_name=_("penulis"), on_delete=models.PROTECT, related_name="article_links"
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("penulis artikel")
        verbose_name_plural = _("penulis artikel")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="articleauthor_unique")]
        # Author pages go from an author to their articles.
        indexes = [models.Index(fields=["author", "article"], name="articleauthor_author_article")]

    def __str__(self):
        return str(self.author)
