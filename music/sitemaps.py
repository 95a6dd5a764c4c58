"""Sitemaps of the music pages: artists, releases, songs and films."""

from music.models import Artist, Film, Release, Song
from music.selectors import public
from pophariini.sitemaps import SiteSitemap


class MusicSitemap(SiteSitemap):
    changefreq = "monthly"
    model = None

    def items(self):
        return public(self.model.objects.only("slug", "updated_at")).order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ArtistSitemap(MusicSitemap):
    model = Artist


class ReleaseSitemap(MusicSitemap):
    model = Release


class SongSitemap(MusicSitemap):
    model = Song


class FilmSitemap(MusicSitemap):
    model = Film
