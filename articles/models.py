"""Authors, categories, articles with their figures, authorship and hand-picked related links."""

import html
import re

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from music.models import Artist, ArtistLink, CreditRole, Film, Release, ReleaseCredit, Song, StreamingLink
from pophariini.cache import invalidate
from pophariini.models import Photo, Redirect, TimeStampedModel
from pophariini.sanitize import EDITOR_EXTENSIONS, clean_html, clean_text
from pophariini.slugs import slug_path, unique_slug

# First path segments the site uses itself; an article slug may not take one.
RESERVED_SLUGS = frozenset(
    {
        "kategori", "category", "tag", "penulis", "author", "artis", "rilisan", "lagu", "film",
        "artikel", "arsip", "cari", "feed", "admin", "static", "media", "sitemap.xml",
        "news-sitemap.xml", "robots.txt", "healthz", "pratinjau", "ralat", "i18n", "page",
        "wp-admin", "wp-content", "wp-includes", "wp-login.php", "xmlrpc.php", "index.php",
    }
)  # fmt: skip

# A figure placeholder in the body: "[foto 3]" alone in its paragraph.
PLACEHOLDER_RE = re.compile(r"\[foto\s+(\d{1,5})\]", re.IGNORECASE)
HTML_TAG_RE = re.compile(r"<[^>]*>")


def _plain(text) -> str:
    return " ".join(html.unescape(HTML_TAG_RE.sub(" ", PLACEHOLDER_RE.sub(" ", text or ""))).split())


def search_text_of(title, dek, body, tags, artists) -> str:
    """Five lines: title, artist names, tag names, dek, body text (the trigger weights them A, A, B, B, C)."""
    lines = [title, " ".join(sorted(artists)), " ".join(sorted(tags)), dek, body]
    return "\n".join(_plain(line) for line in lines)


def validate_not_reserved(value):
    if value in RESERVED_SLUGS or (settings.ADMIN_URL.strip("/") == value):
        raise ValidationError(
            _("Slug “%(slug)s” dipakai oleh alamat situs; pilih yang lain."), params={"slug": value}
        )


def staff_user_field(verbose_name):
    """Who did something to a row: kept when the account is removed, never edited by hand."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=verbose_name,
    )


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
        if not self.slug:
            self.slug = unique_slug(Author.objects.all(), self.name, fallback="penulis", exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_path("articles:author_detail", self.slug)


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

        The rest of what the page shows comes in one query each from
        ``articles.selectors``: ``figures_and_authors`` and ``article_links`` (music, tags,
        neighbours, whether there are corrections or ranked lists).
        """
        return self.select_related("category", "hero").without_search_columns()


class Article(TimeStampedModel):
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
        config={"extensions": EDITOR_EXTENSIONS},
        sanitize=clean_html,
        blank=True,
        help_text=_(
            "Letakkan foto dengan menulis kodenya, misalnya [foto 1], di paragraf tersendiri. "
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

    def save(self, *args, **kwargs):
        self.title = clean_text(self.title)
        self.dek = clean_text(self.dek)
        self.seo_title = clean_text(self.seo_title)
        self.seo_description = clean_text(self.seo_description)
        self.sponsor_name = clean_text(self.sponsor_name)
        self.body = clean_html(self.body)
        if not self.slug:
            self.slug = unique_slug(
                Article.objects.all(),
                self.title,
                fallback="tanpa-judul",
                exclude_pk=self.pk,
                reserved=RESERVED_SLUGS,
            )
        now = timezone.now()
        if self.status == self.Status.PUBLISHED:
            if self.publish_at is None:
                self.publish_at = now
            if self.first_published_at is None:
                self.first_published_at = self.publish_at
            elif self.content_changed() and self.was_public():
                self.revised_at = now
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)
        self._redirect_old_slug()
        self._loaded = {f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields}

    def get_absolute_url(self):
        return slug_path("articles:article_detail", self.slug)

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
        old_slug = self.loaded("slug")
        if not old_slug or old_slug == self.slug or self.first_published_at is None:
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


def clean_paragraphs(text: str) -> str:
    """Plain text keeping its paragraph breaks (``clean_text`` per line, blank lines kept single)."""
    lines = [clean_text(line) for line in (text or "").splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


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


class RankedSection(models.Model):
    """One numbered list in an article ("Album", "EP"); an article may carry several."""

    article = models.ForeignKey(
        Article, verbose_name=_("artikel"), on_delete=models.CASCADE, related_name="ranked_sections"
    )
    title = models.CharField(
        _("judul bagian"),
        max_length=200,
        blank=True,
        help_text=_("Misalnya “Album” atau “EP”. Boleh kosong bila artikel hanya punya satu daftar."),
    )
    anchor = models.SlugField(
        _("awalan jangkar"),
        max_length=40,
        blank=True,
        help_text=_(
            "Kosong: entri bisa ditautkan sebagai #10. Bila artikel punya beberapa daftar, isi daftar "
            "lainnya, misalnya “ep” untuk #ep-3."
        ),
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("daftar peringkat")
        verbose_name_plural = _("daftar peringkat")
        ordering = ["position", "pk"]
        constraints = [
            # Entry anchors are unique on the page only if each list's prefix is.
            models.UniqueConstraint(
                fields=["article", "anchor"],
                name="rankedsection_unique_anchor",
                violation_error_message=_("Setiap daftar dalam satu artikel perlu awalan jangkar berbeda."),
            ),
        ]

    def __str__(self):
        if self.title:
            return self.title
        return gettext("Daftar peringkat #%(pk)s") % {"pk": self.pk} if self.pk else ""

    def save(self, *args, **kwargs):
        self.title = clean_text(self.title)
        super().save(*args, **kwargs)

    def renumber(self):
        """Ranks 1…N in the editors' order (``position``, then id); writes only the rows that moved."""
        entries = list(self.entries.order_by("position", "pk").only("pk", "rank"))
        moved = []
        for rank, entry in enumerate(entries, start=1):
            if entry.rank != rank:
                entry.rank = rank
                moved.append(entry)
        RankedEntry.objects.bulk_update(moved, ["rank"])
        if moved:
            # bulk_update sends no signal; readers' cached pages show the old numbers.
            invalidate(schedule=False)
        return len(moved)


class RankedEntryQuerySet(models.QuerySet):
    def on_published_articles(self, at=None):
        """Entries of lists inside articles a reader may see: where an artist or release was ranked."""
        return self.filter(section__article__in=Article.objects.published(at=at))

    def for_display(self):
        """What a list row shows (cover or photo, artists, label, year, links) in a fixed number of queries."""
        return self.select_related(
            "photo", "release__cover", "song__original_artist", "artist__photo"
        ).prefetch_related(
            Prefetch(
                "release__credits",
                queryset=ReleaseCredit.objects.filter(role=CreditRole.PERFORMER)
                .select_related("artist")
                .order_by("position", "pk"),
                to_attr="performer_credits",
            ),
            Prefetch(
                "release__streaming_links",
                queryset=StreamingLink.objects.order_by("position", "pk"),
                to_attr="ordered_links",
            ),
            Prefetch(
                "artist__links",
                queryset=ArtistLink.objects.order_by("position", "pk"),
                to_attr="ordered_links",
            ),
        )


class RankedEntry(models.Model):
    """A release, song or artist at a rank in a list, with a short text written for the list."""

    section = models.ForeignKey(
        RankedSection, verbose_name=_("daftar"), on_delete=models.CASCADE, related_name="entries"
    )
    position = models.PositiveSmallIntegerField(
        _("urutan"), default=0, help_text=_("Peringkat dihitung ulang dari urutan ini setiap kali disimpan.")
    )
    rank = models.PositiveSmallIntegerField(_("peringkat"), default=0, editable=False)
    # Exactly one of the three is set (see the constraint). PROTECT: deleting a ranked
    # release would silently renumber a published list.
    release = models.ForeignKey(
        Release,
        verbose_name=_("rilisan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rankings",
    )
    song = models.ForeignKey(
        Song, verbose_name=_("lagu"), null=True, blank=True, on_delete=models.PROTECT, related_name="rankings"
    )
    artist = models.ForeignKey(
        Artist,
        verbose_name=_("artis"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rankings",
    )
    text = models.TextField(_("ulasan singkat"), blank=True)
    photo = models.ForeignKey(
        Photo,
        verbose_name=_("foto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Kosongkan untuk memakai sampul rilisan atau foto artis."),
    )

    objects = RankedEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entri peringkat")
        verbose_name_plural = _("entri peringkat")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(release__isnull=False, song__isnull=True, artist__isnull=True)
                    | Q(release__isnull=True, song__isnull=False, artist__isnull=True)
                    | Q(release__isnull=True, song__isnull=True, artist__isnull=False)
                ),
                name="rankedentry_exactly_one_subject",
                violation_error_message=_("Pilih tepat satu: rilisan, lagu, atau artis."),
            ),
            # NULLs are distinct, so each holds only among entries of that kind.
            models.UniqueConstraint(fields=["section", "release"], name="rankedentry_unique_release"),
            models.UniqueConstraint(fields=["section", "song"], name="rankedentry_unique_song"),
            models.UniqueConstraint(fields=["section", "artist"], name="rankedentry_unique_artist"),
        ]
        indexes = [models.Index(fields=["section", "position"], name="rankedentry_section_position")]

    def __str__(self):
        return f"#{self.rank} {self.subject}" if self.rank else str(self.subject or "")

    def save(self, *args, **kwargs):
        self.text = clean_paragraphs(self.text)
        if not self.rank and self.section_id:
            # Appended rows rank last until the section is renumbered.
            last = RankedEntry.objects.filter(section_id=self.section_id).aggregate(m=models.Max("rank"))["m"]
            self.rank = (last or 0) + 1
        super().save(*args, **kwargs)

    @property
    def subject(self):
        return self.release or self.song or self.artist

    @property
    def anchor(self):
        """The fragment id of this row on the article page: "10", or "ep-3" in a prefixed list."""
        prefix = self.section.anchor
        return f"{prefix}-{self.rank}" if prefix else str(self.rank)

    @property
    def image(self):
        if self.photo_id:
            return self.photo
        if self.release_id:
            return self.release.cover
        if self.artist_id:
            return self.artist.photo
        return None

    @property
    def artists(self):
        """Who made the ranked thing (needs ``for_display()``)."""
        if self.release_id:
            return [credit.artist for credit in getattr(self.release, "performer_credits", [])]
        if self.song_id and self.song.original_artist_id:
            return [self.song.original_artist]
        return []

    @property
    def links(self):
        if self.release_id:
            return getattr(self.release, "ordered_links", [])
        if self.artist_id:
            return getattr(self.artist, "ordered_links", [])
        return []
