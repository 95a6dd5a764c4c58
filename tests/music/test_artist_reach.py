"""Complete music pages and music in search: an artist's articles through their songs, releases and films;
/artikel/ filters by name; nothing unpublished ever shows."""

import re

import pytest
from django.core.management import call_command

from tests.factories import (
    ArticleFactory,
    ArtistFactory,
    FilmCreditFactory,
    FilmFactory,
    ReleaseCreditFactory,
    ReleaseFactory,
    SongCreditFactory,
    SongFactory,
    TrackCreditFactory,
    TrackFactory,
)

pytestmark = pytest.mark.django_db


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def about_section(html):
    return re.search(r'<section class="about".*?</section>', html, re.S).group()


def test_sheila_on_7s_page_lists_the_backstage_article_and_their_song(client):
    call_command("seed_demo", verbosity=0)
    html = html_of(client, "/artis/sheila-on-7/")
    assert "Ragam Soundtrack dari Film Backstage" in about_section(html)
    assert 'href="/lagu/seberapa-pantas/"' in html
    # Sissy or Vanesha's cover of it is named among the recordings by others.
    assert re.search(r"dibawakan ulang.*Seberapa Pantas", html, re.S)


@pytest.mark.parametrize(
    "link", ["artist", "original song", "written song", "recorded song", "release", "track", "film"]
)
def test_an_artist_page_lists_articles_linking_any_of_their_music(client, link):
    artist = ArtistFactory(name="Perunggu")
    article = ArticleFactory(title="Tentang mereka")
    song, release, film = SongFactory(), ReleaseFactory(), FilmFactory()
    if link == "artist":
        article.artists.add(artist)
    elif link == "original song":
        song.original_artists.add(artist)
        article.songs.add(song)
    elif link == "written song":
        SongCreditFactory(song=song, artist=artist)
        article.songs.add(song)
    elif link == "recorded song":
        TrackCreditFactory(track=TrackFactory(song=song, release=release), artist=artist)
        article.songs.add(song)
    elif link == "release":
        ReleaseCreditFactory(release=release, artist=artist)
        article.releases.add(release)
    elif link == "track":
        TrackCreditFactory(track=TrackFactory(release=release), artist=artist)
        article.releases.add(release)
    else:
        FilmCreditFactory(film=film, artist=artist)
        article.films.add(film)
    # A page the visibility rule keeps public: a published article links the artist too.
    ArticleFactory(title="Kabar lain").artists.add(artist)
    assert "Tentang mereka" in about_section(html_of(client, artist.get_absolute_url()))


@pytest.mark.parametrize("trait", ["draft", "review", "scheduled"])
def test_unpublished_articles_about_their_music_stay_off_the_artist_page(client, trait):
    artist = ArtistFactory()
    ArticleFactory(title="Terbit").artists.add(artist)
    song = SongFactory()
    song.original_artists.add(artist)
    ArticleFactory(title="Rahasia", **{trait: True}).songs.add(song)
    assert "Rahasia" not in html_of(client, artist.get_absolute_url())


def test_search_shows_matching_music_above_the_articles(client):
    call_command("seed_demo", verbosity=0)
    html = html_of(client, "/cari/?q=sheila")
    music = re.search(r'<section class="music-results".*?</section>', html, re.S).group()
    assert 'href="/artis/sheila-on-7/"' in music
    html = html_of(client, "/cari/?q=backstage")
    music = re.search(r'<section class="music-results".*?</section>', html, re.S).group()
    assert "/film/" in music and "/rilisan/" in music
    assert html.index('class="music-results"') < html.index('class="card"')
    assert 'href="/lagu/seberapa-pantas/"' in html_of(client, "/cari/?q=seberapa+pantas")


@pytest.mark.parametrize("trait", ["draft", "review", "scheduled"])
def test_search_never_names_music_only_unpublished_articles_link(client, trait):
    article = ArticleFactory(**{trait: True})
    article.artists.add(ArtistFactory(name="Band Rahasia"))
    article.songs.add(SongFactory(title="Lagu Rahasia"))
    article.releases.add(ReleaseFactory(title="Album Rahasia"))
    article.films.add(FilmFactory(title="Film Rahasia"))
    assert "music-results" not in html_of(client, "/cari/?q=rahasia")


@pytest.mark.parametrize("value", ["sheila", "Sheila On 7", "sheila-on-7", "SHEILA on 7"])
def test_the_artist_filter_matches_names(client, value):
    call_command("seed_demo", verbosity=0)
    html = html_of(client, f"/artikel/?artist={value}")
    assert "Ragam Soundtrack dari Film Backstage" in html


def test_the_filters_match_accents_and_say_what_matched_nothing(client):
    ArticleFactory(title="Kabar Béla").artists.add(ArtistFactory(name="Béla Fleck", slug="bela-fleck"))
    assert "Kabar Béla" in html_of(client, "/artikel/?artist=bela")
    assert "Kabar Béla" in html_of(client, "/artikel/?artist=B%C3%A9LA")
    html = html_of(client, "/artikel/?artist=tidak-ada-band&year=2020")
    empty = re.search(r'<p class="empty">(.*?)</p>', html, re.S).group(1)
    assert "tidak-ada-band" in empty and "2020" in empty
    assert "Belum ada artikel" not in empty


def test_tag_and_author_filters_match_names(client):
    article = ArticleFactory(title="Kabar Indie")
    article.tags.add("Indie Pop")
    author = article.ordered_authors[0]
    assert "Kabar Indie" in html_of(client, "/artikel/?tag=indie+pop")
    assert "Kabar Indie" in html_of(client, f"/artikel/?author={author.name.split()[0].lower()}")


def test_the_second_page_of_all_articles_is_indexable_and_filters_are_not(client):
    ArticleFactory.create_batch(25)
    html = html_of(client, "/artikel/?page=2")
    assert 'name="robots"' not in html
    assert '<link rel="canonical" href="https://pophariini.example/artikel/?page=2">' in html
    assert 'content="noindex, follow"' in html_of(client, "/artikel/?year=2025")


@pytest.mark.parametrize("url", ["/cari/?q=kabar", "/tidak-ada-halaman/"])
def test_every_search_landmark_has_a_name(client, url):
    html = client.get(url).content.decode()
    forms = re.findall(r"<form[^>]*role=\"search\"[^>]*>", html, re.S)
    assert len(forms) == 2
    labels = [re.search(r'aria-label="([^"]+)"', form).group(1) for form in forms]
    assert len(set(labels)) == 2
