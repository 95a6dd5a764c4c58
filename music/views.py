"""Music pages: an artist, release, song or film with its details and the published articles about it.

``music`` never imports ``articles``: the articles arrive through the reverse relation
``articles`` that the Article model defines, narrowed with its ``published()``. Every page,
list and credit shows only public entities (``music.selectors.public()``).
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from music.models import Artist, CreditRole, Film, FilmCredit, Song, SongCredit
from music.reach import articles_about_artists, covers_of_their_songs, original_songs
from music.selectors import (
    RECORDINGS_SHOWN,
    artist_detail_prefetches,
    artist_films,
    artist_recordings,
    artist_releases,
    artist_written_songs,
    attach_tracklists,
    credits_with_artists,
    is_public,
    original_artists_prefetch,
    public,
    release_detail_queryset,
    song_versions,
)
from pophariini import navigation, seo

ARTICLES_SHOWN = 12


class MusicDetailMixin:
    """Published articles about the object, page metadata and breadcrumbs."""

    template_name_suffix = "_detail"
    section_label = ""
    image_attribute = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        articles = self.get_articles().for_listing().latest_first()
        context["articles"] = articles[:ARTICLES_SHOWN]
        # Where it was ranked ("Album Terbaik 2025 — #3"): releases, songs and artists have lists.
        rankings = getattr(self.object, "rankings", None)
        context["rankings"] = (
            list(
                rankings.on_published_articles()
                .select_related("section__article")
                .only(
                    rankings.field.name,  # the manager sets it to the object, reading the column first
                    "rank",
                    "section__title",
                    "section__anchor",
                    "section__article__title",
                    "section__article__slug",
                )
                .order_by("-section__article__publish_at", "section__position", "rank")
            )
            if rankings is not None
            else []
        )
        return context

    def get_articles(self):
        """The published articles that link the object."""
        return self.object.articles.published()

    def get_image(self):
        """The page's own photo (photo, cover, poster), else the site's share image."""
        photo = getattr(self.object, self.image_attribute) if self.image_attribute else None
        return seo.social_image(photo) or navigation.for_request(self.request).share_image

    def get_document(self, context, image):
        raise NotImplementedError

    def get_description(self):
        return ""

    def get_fallback_description(self):
        return _("%(name)s di %(site)s: profil dan artikel tentangnya.") % {
            "name": self.object,
            "site": seo.site_name(),
        }

    def render_to_response(self, context, **response_kwargs):
        image = self.get_image()
        path = self.object.get_absolute_url()
        context["breadcrumbs"] = [(_("Beranda"), "/"), (str(self.object), path)]
        context["meta"] = seo.PageMeta(
            title=str(self.object),
            description=seo.summary(self.get_description(), 40) or self.get_fallback_description(),
            path=path,
            image=image,
            jsonld=[
                self.get_document(context, image),
                seo.breadcrumb_list(context["breadcrumbs"]),
            ],
        )
        return super().render_to_response(context, **response_kwargs)


class ArtistDetailView(MusicDetailMixin, DetailView):
    image_attribute = "photo"

    @property
    def section_label(self):
        return _("Artis")

    def get_queryset(self):
        return public(Artist.objects.select_related("photo")).prefetch_related(*artist_detail_prefetches())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        artist = self.object
        recordings, more_recordings = artist_recordings(artist)
        context.update(
            original_songs=original_songs(artist),
            covered_by=covers_of_their_songs(artist),
            releases=artist_releases(artist),
            recordings=recordings,
            recordings_shown=RECORDINGS_SHOWN,
            more_recordings=more_recordings,
            written=artist_written_songs(artist),
            films=artist_films(artist),
        )
        return context

    def get_articles(self):
        # Articles about their songs, releases and films are about them too.
        return articles_about_artists([self.object], self.object.articles.model.objects.published())

    def get_description(self):
        return self.object.bio

    def get_fallback_description(self):
        return _("%(name)s di %(site)s: profil, lagu, rilisan, dan artikel tentangnya.") % {
            "name": self.object.name,
            "site": seo.site_name(),
        }

    def get_document(self, context, image):
        return seo.artist_document(self.object, image=image)


class ReleaseDetailView(MusicDetailMixin, DetailView):
    image_attribute = "cover"

    @property
    def section_label(self):
        return _("Rilisan")

    def get_queryset(self):
        return release_detail_queryset()

    def get_object(self, queryset=None):
        release = super().get_object(queryset)
        attach_tracklists([release])
        return release

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        credits = list(self.object.credits.all())
        context["performers"] = [c.artist for c in credits if c.role == CreditRole.PERFORMER]
        context["other_credits"] = [c for c in credits if c.role != CreditRole.PERFORMER]
        return context

    def get_description(self):
        return self.object.description

    def get_fallback_description(self):
        return _("Rilisan %(title)s di %(site)s: daftar lagu, kredit, tautan dengar, dan artikel.") % {
            "title": self.object.title,
            "site": seo.site_name(),
        }

    def get_document(self, context, image):
        return seo.release_document(self.object, performers=context["performers"], image=image)


class SongDetailView(MusicDetailMixin, DetailView):
    @property
    def section_label(self):
        return _("Lagu")

    def get_queryset(self):
        return public(Song.objects.all()).prefetch_related(
            original_artists_prefetch("original_artists"),
            Prefetch("credits", queryset=credits_with_artists(SongCredit, on="song")),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        credits = list(self.object.credits.all())
        versions = song_versions(self.object)
        context.update(
            composers=[c.artist for c in credits if c.role == CreditRole.COMPOSER],
            lyricists=[c.artist for c in credits if c.role == CreditRole.LYRICIST],
            arrangers=[c.artist for c in credits if c.role == CreditRole.ARRANGER],
            versions=versions,
            covers=[track for track in versions if track.cover_of],
        )
        return context

    def get_description(self):
        return self.object.notes

    def get_fallback_description(self):
        return _("Lagu “%(title)s” di %(site)s: penulis, versi rekaman, dan artikel tentangnya.") % {
            "title": self.object.title,
            "site": seo.site_name(),
        }

    def get_document(self, context, image):
        return seo.song_document(
            self.object,
            composers=context["composers"],
            lyricists=context["lyricists"],
            versions=context["versions"],
        )


class FilmDetailView(MusicDetailMixin, DetailView):
    image_attribute = "poster"

    @property
    def section_label(self):
        return _("Film")

    def get_queryset(self):
        return public(Film.objects.select_related("poster", "soundtrack__cover")).prefetch_related(
            Prefetch("credits", queryset=credits_with_artists(FilmCredit, on="film"))
        )

    def get_object(self, queryset=None):
        film = super().get_object(queryset)
        if film.soundtrack_id and not is_public(film.soundtrack):
            film.soundtrack = None  # shown, never saved: a soundtrack under embargo stays unnamed
        if film.soundtrack_id:
            attach_tracklists([film.soundtrack])
        return film

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        credits = list(self.object.credits.all())
        context.update(
            directors=[c.artist for c in credits if c.role == CreditRole.DIRECTOR],
            producers=[c.artist for c in credits if c.role == CreditRole.PRODUCER],
            cast=[c.artist for c in credits if c.role == CreditRole.CAST],
            composers=[c.artist for c in credits if c.role == CreditRole.COMPOSER],
        )
        return context

    def get_description(self):
        return self.object.synopsis

    def get_fallback_description(self):
        return _("Film %(title)s di %(site)s: soundtrack, kredit, dan artikel tentangnya.") % {
            "title": self.object.title,
            "site": seo.site_name(),
        }

    def get_document(self, context, image):
        return seo.film_document(self.object, directors=context["directors"], image=image)
