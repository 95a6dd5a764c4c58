"""Ranked lists in an article ("the best albums of the year"): sections and their numbered entries."""

from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models.article import Article
from articles.models.base import clean_paragraphs
from music.models import (
    PERFORMING_ROLES,
    Artist,
    ArtistLink,
    CreditRole,
    Release,
    ReleaseCredit,
    Song,
    StreamingLink,
    Track,
    TrackCredit,
)
from pophariini.content import bulk_write
from pophariini.models import Photo
from pophariini.sanitize import clean_text


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
        if moved:
            # bulk_update sends no signal: declared, the rows renew readers' cached pages.
            with bulk_write() as batch:
                RankedEntry.objects.bulk_update(moved, ["rank"])
                batch.wrote(RankedEntry, [entry.pk for entry in moved])
        return len(moved)


def _in_order(lookup, queryset, to_attr):
    """A prefetch of ``lookup`` in the editors' order (position, then id) into ``to_attr``."""
    return Prefetch(lookup, queryset=queryset.order_by("position", "pk"), to_attr=to_attr)


class RankedEntryQuerySet(models.QuerySet):
    def on_published_articles(self, at=None):
        """Entries of lists inside articles a reader may see: where an artist or release was ranked."""
        return self.filter(section__article__in=Article.objects.published(at=at))

    def for_display(self):
        """What a list row shows (cover or photo, artists, label, year, links) in a fixed number of queries."""
        return self.select_related(
            "photo",
            "release__cover",
            "song",
            "artist__photo",
            "track__song",
            "track__release__cover",
        ).prefetch_related(
            # Queries for recordings run only when a list has some.
            _in_order(
                "track__credits",
                TrackCredit.objects.filter(role__in=PERFORMING_ROLES).select_related("artist"),
                "ranked_performer_credits",
            ),
            _in_order("track__release__streaming_links", StreamingLink.objects.all(), "ordered_links"),
            _in_order(
                "release__credits",
                ReleaseCredit.objects.filter(role=CreditRole.PERFORMER).select_related("artist"),
                "performer_credits",
            ),
            _in_order("release__streaming_links", StreamingLink.objects.all(), "ordered_links"),
            _in_order("artist__links", ArtistLink.objects.all(), "ordered_links"),
            # A ranked song is shown with its original artists (a duet's two singers).
            "song__original_artists",
        )


class RankedEntry(models.Model):
    """A release, song, recording or artist at a rank in a list, with a short text written for the list."""

    section = models.ForeignKey(
        RankedSection, verbose_name=_("daftar"), on_delete=models.CASCADE, related_name="entries"
    )
    position = models.PositiveSmallIntegerField(
        _("urutan"), default=0, help_text=_("Peringkat dihitung ulang dari urutan ini setiap kali disimpan.")
    )
    rank = models.PositiveSmallIntegerField(_("peringkat"), default=0, editable=False)
    # Exactly one of the four is set (see the constraint). PROTECT: deleting a ranked
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
    track = models.ForeignKey(
        Track,
        verbose_name=_("rekaman"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rankings",
        help_text=_("Satu lagu dalam rilisan, misalnya versi cover di soundtrack film."),
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
                    Q(release__isnull=False, song__isnull=True, artist__isnull=True, track__isnull=True)
                    | Q(release__isnull=True, song__isnull=False, artist__isnull=True, track__isnull=True)
                    | Q(release__isnull=True, song__isnull=True, artist__isnull=False, track__isnull=True)
                    | Q(release__isnull=True, song__isnull=True, artist__isnull=True, track__isnull=False)
                ),
                name="rankedentry_exactly_one_subject",
                violation_error_message=_("Pilih tepat satu: rilisan, lagu, rekaman, atau artis."),
            ),
            # NULLs are distinct, so each holds only among entries of that kind.
            models.UniqueConstraint(fields=["section", "release"], name="rankedentry_unique_release"),
            models.UniqueConstraint(fields=["section", "song"], name="rankedentry_unique_song"),
            models.UniqueConstraint(fields=["section", "artist"], name="rankedentry_unique_artist"),
            models.UniqueConstraint(fields=["section", "track"], name="rankedentry_unique_track"),
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
        return self.release or self.song or self.track or self.artist

    @property
    def title(self):
        """What the entry's heading says: a recording is its song's title, with its version."""
        if self.track_id:
            version = self.track.version
            return f"{self.track.song.title} ({version})" if version else self.track.song.title
        return str(self.subject or "")

    @property
    def url(self):
        """Where the heading links: a recording's song page lists it among the song's versions."""
        if self.track_id:
            return self.track.song.get_absolute_url()
        return self.subject.get_absolute_url()

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
        if self.track_id:
            return self.track.release.cover
        if self.artist_id:
            return self.artist.photo
        return None

    @property
    def artists(self):
        """Who made the ranked thing (needs ``for_display()``)."""
        if self.release_id:
            return [credit.artist for credit in getattr(self.release, "performer_credits", [])]
        if self.track_id:
            credits = getattr(self.track, "ranked_performer_credits", None)
            if credits is None:
                credits = self.track.performer_credits
            return [credit.artist for credit in credits]
        if self.song_id:
            return list(self.song.original_artists.all())
        return []

    @property
    def links(self):
        if self.release_id:
            return getattr(self.release, "ordered_links", [])
        if self.track_id:
            return getattr(self.track.release, "ordered_links", [])
        if self.artist_id:
            return getattr(self.artist, "ordered_links", [])
        return []
