"""Music pages: an entity's details and the published articles about it."""

from django.views.generic import DetailView

from music.models import Artist, Film, Release, Song


class MusicDetailMixin:
    template_name_suffix = "_detail"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = self.object.articles.published().for_listing().latest_first()[:12]
        return context


class ArtistDetailView(MusicDetailMixin, DetailView):
    model = Artist


class ReleaseDetailView(MusicDetailMixin, DetailView):
    model = Release


class SongDetailView(MusicDetailMixin, DetailView):
    model = Song


class FilmDetailView(MusicDetailMixin, DetailView):
    model = Film
