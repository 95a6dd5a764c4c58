"""Music entities: artists, songs (compositions), releases with tracks, films, credits, links."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from music.platforms import STREAMING_PLATFORMS, Platform, validate_platform_url
from pophariini.models import Photo, PlainTextModel, TimeStampedModel
from pophariini.slugs import slug_path, unique_slug


class SluggedModel(PlainTextModel, TimeStampedModel):
    """A public music page: a unique slug filled from the name when left blank, names kept as plain text."""

    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)

    class Meta:
        abstract = True

    def slug_source(self):
        raise NotImplementedError

    def save(self, *args, **kwargs):
        self.clean_text_fields()
        if not self.slug:
            self.slug = unique_slug(
                type(self)._default_manager.all(),
                self.slug_source(),
                fallback=self._meta.model_name,
                exclude_pk=self.pk,
            )
        super().save(*args, **kwargs)


class Genre(models.Model):
    name = models.CharField(_("nama"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("genre")
        verbose_name_plural = _("genre")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Artist(SluggedModel):
    class Kind(models.TextChoices):
        PERSON = "person", _("Perorangan")
        GROUP = "group", _("Grup")

    text_fields = ("name", "origin_city")

    name = models.CharField(_("nama"), max_length=200, db_index=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind, default=Kind.PERSON)
    bio = models.TextField(_("biografi"), blank=True)
    origin_city = models.CharField(_("kota asal"), max_length=100, blank=True)
    photo = models.ForeignKey(
        Photo,
        verbose_name=_("foto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    genres = models.ManyToManyField(Genre, verbose_name=_("genre"), blank=True, related_name="artists")
    members = models.ManyToManyField(
        "self",
        through="Membership",
        symmetrical=False,
        related_name="groups",
        blank=True,
        verbose_name=_("anggota"),
    )

    class Meta:
        verbose_name = _("artis")
        verbose_name_plural = _("artis")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def slug_source(self):
        return self.name

    def get_absolute_url(self):
        return slug_path("music:artist_detail", self.slug)


class Membership(models.Model):
    group = models.ForeignKey(
        Artist, verbose_name=_("grup"), on_delete=models.CASCADE, related_name="memberships"
    )
    member = models.ForeignKey(
        Artist, verbose_name=_("anggota"), on_delete=models.CASCADE, related_name="member_of"
    )
    role = models.CharField(_("peran"), max_length=100, blank=True, help_text=_("Misalnya vokal, gitar."))
    start_year = models.PositiveSmallIntegerField(_("sejak"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("hingga"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="membership_unique"),
            models.CheckConstraint(condition=~models.Q(group=models.F("member")), name="membership_not_self"),
        ]

    def __str__(self):
        return f"{self.member} — {self.group}"


class Link(models.Model):
    platform = models.CharField(_("platform"), max_length=20, choices=Platform)
    url = models.URLField(_("URL"), max_length=500)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.get_platform_display()}: {self.url}"

    def clean(self):
        validate_platform_url(self.platform, self.url)


class ArtistLink(Link):
    artist = models.ForeignKey(Artist, on_delete=models.CASCADE, related_name="links")

    class Meta(Link.Meta):
        verbose_name = _("tautan artis")
        verbose_name_plural = _("tautan artis")
        constraints = [models.UniqueConstraint(fields=["artist", "url"], name="artistlink_unique")]


class CreditRole(models.TextChoices):
    PERFORMER = "performer", _("Penampil")
    FEATURED = "featured", _("Artis tamu")
    COMPOSER = "composer", _("Komposer")
    LYRICIST = "lyricist", _("Penulis lirik")
    ARRANGER = "arranger", _("Penata musik")
    PRODUCER = "producer", _("Produser")
    DIRECTOR = "director", _("Sutradara")
    CAST = "cast", _("Pemeran")


SONG_ROLES = [CreditRole.COMPOSER, CreditRole.LYRICIST, CreditRole.ARRANGER]
RELEASE_ROLES = [CreditRole.PERFORMER, CreditRole.FEATURED, CreditRole.PRODUCER, CreditRole.ARRANGER]
TRACK_ROLES = [CreditRole.PERFORMER, CreditRole.FEATURED, CreditRole.ARRANGER, CreditRole.PRODUCER]
FILM_ROLES = [CreditRole.DIRECTOR, CreditRole.PRODUCER, CreditRole.CAST, CreditRole.COMPOSER]

# Credits of those who sing or play on a recording.
PERFORMING_ROLES = [CreditRole.PERFORMER, CreditRole.FEATURED]


def role_field(roles, default):
    """The role field of a credit model, offering only the roles that apply to it."""
    return models.CharField(
        _("peran"), max_length=20, choices=[(r.value, r.label) for r in roles], default=default
    )


def credit_constraints(subject, roles):
    """The rules of a credit model: one row per ``subject``, artist and role, and only ``roles``."""
    return [
        models.UniqueConstraint(fields=[subject, "artist", "role"], name=f"{subject}credit_unique"),
        models.CheckConstraint(condition=models.Q(role__in=roles), name=f"{subject}credit_role"),
    ]


class Credit(models.Model):
    """An artist's role on a song, release, track or film, in display order.

    A concrete credit adds the foreign key to what it credits, its ``ROLES`` (offered by
    ``role_field()``) and ``credit_constraints()`` in its ``Meta``.
    """

    artist = models.ForeignKey(Artist, verbose_name=_("artis"), on_delete=models.PROTECT)
    role = models.CharField(_("peran"), max_length=20, choices=CreditRole)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.artist} ({self.get_role_display()})"


class Song(SluggedModel):
    """A composition (MusicBrainz "work"); each recording of it is a Track."""

    text_fields = ("title",)

    title = models.CharField(_("judul"), max_length=300, db_index=True)
    original_artists = models.ManyToManyField(
        Artist,
        verbose_name=_("artis asli"),
        related_name="original_songs",
        blank=True,
        help_text=_(
            "Yang pertama membawakannya (untuk duet, pilih keduanya); rekaman yang tidak dibawakan "
            "satu pun dari mereka dihitung sebagai cover."
        ),
    )
    year = models.PositiveSmallIntegerField(_("tahun"), null=True, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    writers = models.ManyToManyField(Artist, through="SongCredit", related_name="written_songs", blank=True)

    class Meta:
        verbose_name = _("lagu")
        verbose_name_plural = _("lagu")
        ordering = ["title", "pk"]

    def __str__(self):
        # Choosers list songs of the same title by their original artists: prefetch them there
        # (``original_artists``), or each title costs a query.
        originals = ", ".join(artist.name for artist in self.original_artists.all()) if self.pk else ""
        return f"{self.title} — {originals}" if originals else self.title

    def slug_source(self):
        return self.title

    def get_absolute_url(self):
        return slug_path("music:song_detail", self.slug)


class SongCredit(Credit):
    ROLES = SONG_ROLES

    role = role_field(ROLES, CreditRole.COMPOSER)

    song = models.ForeignKey(Song, on_delete=models.CASCADE, related_name="credits")

    class Meta(Credit.Meta):
        verbose_name = _("kredit lagu")
        verbose_name_plural = _("kredit lagu")
        constraints = credit_constraints("song", SONG_ROLES)


class Release(SluggedModel):
    class Kind(models.TextChoices):
        ALBUM = "album", _("Album")
        EP = "ep", _("EP")
        SINGLE = "single", _("Singel")
        SOUNDTRACK = "soundtrack", _("Soundtrack")
        COMPILATION = "compilation", _("Kompilasi")

    text_fields = ("title", "label")

    title = models.CharField(_("judul"), max_length=300, db_index=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind, default=Kind.ALBUM)
    release_date = models.DateField(_("tanggal rilis"), null=True, blank=True)
    label = models.CharField(_("label"), max_length=200, blank=True)
    cover = models.ForeignKey(
        Photo, verbose_name=_("sampul"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(_("deskripsi"), blank=True)
    artists = models.ManyToManyField(Artist, through="ReleaseCredit", related_name="releases", blank=True)

    class Meta:
        verbose_name = _("rilisan")
        verbose_name_plural = _("rilisan")
        ordering = ["-release_date", "title", "pk"]

    def __str__(self):
        return self.title

    def slug_source(self):
        return self.title

    def get_absolute_url(self):
        return slug_path("music:release_detail", self.slug)


class ReleaseCredit(Credit):
    ROLES = RELEASE_ROLES

    role = role_field(ROLES, CreditRole.PERFORMER)

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="credits")

    class Meta(Credit.Meta):
        verbose_name = _("kredit rilisan")
        verbose_name_plural = _("kredit rilisan")
        constraints = credit_constraints("release", RELEASE_ROLES)


class StreamingLink(Link):
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="streaming_links")

    class Meta(Link.Meta):
        verbose_name = _("tautan streaming")
        verbose_name_plural = _("tautan streaming")
        constraints = [
            models.UniqueConstraint(fields=["release", "platform"], name="streaminglink_one_per_platform"),
        ]

    def clean(self):
        if self.platform and self.platform not in STREAMING_PLATFORMS:
            raise ValidationError({"platform": _("Pilih platform streaming.")})
        super().clean()


def recording_is_cover(*, original_artist_ids, performer_ids) -> bool:
    """The cover rule: the song has original artists and none of the recording's performers is one of them.

    ``Track.objects.with_cover_flag()`` is its database form.
    """
    originals = set(original_artist_ids)
    return bool(originals) and originals.isdisjoint(performer_ids)


class TrackQuerySet(models.QuerySet):
    def with_cover_flag(self):
        """Annotate ``cover_flag``, so the database decides ``Track.is_cover`` and no credits load.

        ``Track.cover_of`` still reads the song's original artists: prefetch
        ``song__original_artists`` where it is shown.
        """
        links = Song.original_artists.through.objects
        # Inside the credits' subquery the track is two levels out.
        originals_of_track = links.filter(song=OuterRef(OuterRef("song"))).values("artist")
        performed_by_original = TrackCredit.objects.filter(
            track=OuterRef("pk"), role__in=PERFORMING_ROLES, artist__in=originals_of_track
        )
        has_original_artists = links.filter(song=OuterRef("song"))
        return self.annotate(cover_flag=Exists(has_original_artists) & ~Exists(performed_by_original))


class Track(models.Model):
    """A recording of a Song on a Release, by one or more performers."""

    release = models.ForeignKey(
        Release, verbose_name=_("rilisan"), on_delete=models.CASCADE, related_name="tracks"
    )
    song = models.ForeignKey(Song, verbose_name=_("lagu"), on_delete=models.PROTECT, related_name="tracks")
    disc = models.PositiveSmallIntegerField(_("cakram"), default=1)
    position = models.PositiveSmallIntegerField(_("nomor"))
    duration = models.DurationField(_("durasi"), null=True, blank=True, help_text=_("Misalnya 00:03:45."))
    version = models.CharField(
        _("versi"), max_length=200, blank=True, help_text=_('Misalnya "Versi Akustik" atau "Remix".')
    )
    performers = models.ManyToManyField(Artist, through="TrackCredit", related_name="tracks", blank=True)

    objects = TrackQuerySet.as_manager()

    class Meta:
        verbose_name = _("lagu dalam rilisan")
        verbose_name_plural = _("daftar lagu")
        ordering = ["release", "disc", "position"]
        constraints = [
            models.UniqueConstraint(fields=["release", "disc", "position"], name="track_unique_position"),
            models.CheckConstraint(
                condition=models.Q(position__gte=1, disc__gte=1), name="track_position_positive"
            ),
        ]

    def __str__(self):
        # Names its release: choosers list the same song's recordings on several releases.
        return f"{self.song.title} ({self.release.title}, {self.position})"

    @property
    def performer_credits(self):
        """Credits of those who sing or play on the recording (uses prefetched credits)."""
        return [c for c in self.credits.all() if c.role in PERFORMING_ROLES]

    @property
    def is_cover(self):
        """A recording of a song with original artists, none of whom performs on it.

        A duet sung by one of its original singers is no cover; a song without original
        artists has no covers. Decided by ``cover_flag`` where a selector set it
        (``Track.objects.with_cover_flag()``, ``annotated_tracks()`` in ``music.selectors``),
        else from the song's original artists and the track's credits.
        """
        cover_flag = getattr(self, "cover_flag", None)
        if cover_flag is not None:
            return cover_flag
        return recording_is_cover(
            original_artist_ids=[artist.pk for artist in self.song.original_artists.all()],
            performer_ids=[credit.artist_id for credit in self.performer_credits],
        )

    @property
    def cover_of(self):
        """The song's original artists when the recording is a cover, else an empty list."""
        return list(self.song.original_artists.all()) if self.is_cover else []


class TrackCredit(Credit):
    ROLES = TRACK_ROLES

    role = role_field(ROLES, CreditRole.PERFORMER)

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="credits")

    class Meta(Credit.Meta):
        verbose_name = _("kredit rekaman")
        verbose_name_plural = _("kredit rekaman")
        constraints = credit_constraints("track", TRACK_ROLES)


class Film(SluggedModel):
    text_fields = ("title", "production_company")

    title = models.CharField(_("judul"), max_length=300, db_index=True)
    year = models.PositiveSmallIntegerField(_("tahun"), null=True, blank=True)
    production_company = models.CharField(_("rumah produksi"), max_length=200, blank=True)
    poster = models.ForeignKey(
        Photo, verbose_name=_("poster"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    synopsis = models.TextField(_("sinopsis"), blank=True)
    soundtrack = models.OneToOneField(
        Release,
        verbose_name=_("soundtrack"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="film",
        limit_choices_to={"kind": Release.Kind.SOUNDTRACK},
    )
    people = models.ManyToManyField(Artist, through="FilmCredit", related_name="films", blank=True)

    class Meta:
        verbose_name = _("film")
        verbose_name_plural = _("film")
        ordering = ["-year", "title", "pk"]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    def slug_source(self):
        return self.title

    def clean(self):
        if self.soundtrack_id and self.soundtrack.kind != Release.Kind.SOUNDTRACK:
            raise ValidationError({"soundtrack": _("Pilih rilisan berjenis soundtrack.")})

    def get_absolute_url(self):
        return slug_path("music:film_detail", self.slug)


class FilmCredit(Credit):
    ROLES = FILM_ROLES

    role = role_field(ROLES, CreditRole.DIRECTOR)

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="credits")

    class Meta(Credit.Meta):
        verbose_name = _("kredit film")
        verbose_name_plural = _("kredit film")
        constraints = credit_constraints("film", FILM_ROLES)
