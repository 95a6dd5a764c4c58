"""The music visibility rule (issue 15, finding 3): an entity linked only to unpublished articles is
under embargo on every public path; one no article links (reference data) or one a published
article links is public."""

import pytest
from django.test import Client

from music.models import Artist, Film, Release, Song
from music.selectors import is_public, public
from pophariini.models import Redirect
from tests import factories

pytestmark = pytest.mark.django_db

KINDS = {
    "artist": (factories.ArtistFactory, "artists", "artis", {"name": "Zqx Band Embargo"}),
    "song": (factories.SongFactory, "songs", "lagu", {"title": "Zqx Lagu Embargo"}),
    "release": (factories.ReleaseFactory, "releases", "rilisan", {"title": "Zqx Album Embargo"}),
    "film": (factories.FilmFactory, "films", "film", {"title": "Zqx Film Embargo"}),
}
UNPUBLISHED = [{"draft": True}, {"review": True}, {"scheduled": True}]


def embargoed(kind, traits):
    factory, relation, _section, fields = KINDS[kind]
    entity = factory(**fields)
    getattr(factories.ArticleFactory(**traits), relation).add(entity)
    return entity


def sitemap(client, section):
    return client.get(f"/sitemap-{section}.xml").content.decode()


@pytest.mark.parametrize("traits", UNPUBLISHED)
@pytest.mark.parametrize("kind", KINDS)
def test_an_entity_linked_only_to_unpublished_articles_is_nowhere_public(client, kind, traits):
    entity = embargoed(kind, traits)
    section = KINDS[kind][2]
    assert not is_public(entity)
    response = client.get(entity.get_absolute_url())
    assert response.status_code == 404
    assert "Zqx" not in response.content.decode()
    assert entity.get_absolute_url() not in sitemap(client, section)
    if kind == "artist":
        assert client.get(f"{entity.get_absolute_url()}feed/").status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_it_goes_public_with_its_first_published_article(client, kind):
    entity = embargoed(kind, {"draft": True})
    getattr(factories.ArticleFactory(), KINDS[kind][1]).add(entity)
    assert client.get(entity.get_absolute_url()).status_code == 200
    assert entity.get_absolute_url() in sitemap(client, KINDS[kind][2])


@pytest.mark.parametrize("kind", KINDS)
def test_reference_data_no_article_links_is_public(client, kind):
    factory, _relation, section, fields = KINDS[kind]
    entity = factory(**fields)
    assert client.get(entity.get_absolute_url()).status_code == 200
    assert entity.get_absolute_url() in sitemap(client, section)


def test_one_selector_decides_for_every_model():
    for model in (Artist, Song, Release, Film):
        assert public(model.objects.all()).count() == 0
    hidden, shown = embargoed("artist", {"draft": True}), factories.ArtistFactory()
    assert list(public(Artist.objects.all())) == [shown]
    assert is_public(shown) and not is_public(hidden)


def test_public_pages_do_not_name_what_is_under_embargo(client):
    band = factories.ArtistFactory(name="Perunggu")
    # A new album and a new member, both announced in an article not published yet.
    album = embargoed("release", {"scheduled": True})
    factories.ReleaseCreditFactory(release=album, artist=band)
    newcomer = embargoed("artist", {"scheduled": True})
    band.memberships.create(member=newcomer, role="gitar")
    song = factories.SongFactory(title="Lagu Lama", original_artists=[band])
    factories.TrackCreditFactory(track=factories.TrackFactory(song=song, release=album), artist=band)
    # A public film whose soundtrack is still under embargo.
    soundtrack = embargoed("release", {"draft": True})
    soundtrack.title = "Zqx Soundtrack Embargo"
    soundtrack.kind = Release.Kind.SOUNDTRACK
    soundtrack.save()
    film = factories.FilmFactory(title="Film Publik", soundtrack=soundtrack)
    # A public single featuring an artist under embargo.
    single = factories.ReleaseFactory(title="Singel Publik")
    factories.ReleaseCreditFactory(release=single, artist=newcomer, role="featured")

    for path in (
        band.get_absolute_url(),
        song.get_absolute_url(),
        film.get_absolute_url(),
        single.get_absolute_url(),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Zqx" not in response.content.decode(), path


def test_a_stored_redirect_to_a_music_page_under_embargo_is_not_followed(client):
    artist = embargoed("artist", {"draft": True})
    Redirect.objects.create(old_path="/artis/nama-lama/", new_path=artist.get_absolute_url())
    response = Client().get("/artis/nama-lama/")
    assert response.status_code == 404
    factories.ArticleFactory().artists.add(artist)
    assert Client().get("/artis/nama-lama/")["Location"] == artist.get_absolute_url()
