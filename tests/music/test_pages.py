"""Artist, release, song and film pages: their details, credits, streaming links and articles."""

import json
import re

import pytest
from django.core.management import call_command

from tests.factories import ArtistFactory, ReleaseFactory, SongFactory, TrackCreditFactory, TrackFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", verbosity=0)


def json_ld(content):
    documents = []
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S):
        parsed = json.loads(block)
        documents.extend(parsed if isinstance(parsed, list) else [parsed])
    return documents


def test_film_page_shows_director_company_and_soundtrack(client, seeded):
    response = client.get("/film/backstage/")
    content = response.content.decode()
    assert "Guntur Soeharjanto" in content and "Paragon Pictures" in content
    assert content.count('<li value="') == 7
    assert "cover dari" in content
    assert "Ragam Soundtrack dari Film Backstage" in content
    movie = json_ld(content)[0]
    assert movie["@type"] == "Movie"
    assert movie["director"][0]["name"] == "Guntur Soeharjanto"


def test_release_page_shows_tracklist_credits_and_album_json_ld(client, seeded):
    from music.models import Film

    soundtrack = Film.objects.get(slug="backstage").soundtrack
    content = client.get(soundtrack.get_absolute_url()).content.decode()
    assert "Daftar lagu" in content
    assert "Andi Rianto" in content
    album = json_ld(content)[0]
    assert album["@type"] == "MusicAlbum"
    assert album["albumProductionType"] == "SoundtrackAlbum"
    assert len(album["track"]) == 7


def test_song_page_shows_writers_and_marks_covers(client, seeded):
    content = client.get("/lagu/seberapa-pantas/").content.decode()
    assert "Sheila On 7" in content
    assert "Versi dan cover" in content
    assert ">cover<" in content
    assert json_ld(content)[0]["@type"] == "MusicComposition"


def test_a_duets_pages_name_both_original_singers_and_only_anothers_recording_is_a_cover(client):
    sissy, vanesha = ArtistFactory(name="Sissy Prescillia"), ArtistFactory(name="Vanesha Prescillia")
    melangkah = SongFactory(title="Melangkah", original_artists=[vanesha, sissy])
    soundtrack = ReleaseFactory(title="Backstage OST")
    TrackCreditFactory(track=TrackFactory(song=melangkah, release=soundtrack), artist=sissy)
    tribute = ReleaseFactory(title="Tribut")
    mocca = ArtistFactory(name="Mocca")
    TrackCreditFactory(track=TrackFactory(song=melangkah, release=tribute), artist=mocca)
    both = (
        r'<a href="/artis/sissy-prescillia/">Sissy Prescillia</a>,\s*'
        r'<a href="/artis/vanesha-prescillia/">Vanesha Prescillia</a>'
    )

    song_page = client.get(melangkah.get_absolute_url()).content.decode()
    assert re.search(r"Artis asli</dt>\s*<dd>\s*" + both, song_page)
    versions = song_page.split('id="versi"', 1)[1]
    assert re.search(r"Backstage OST</a>.*?versi asli", versions, re.S)
    assert re.search(r"Tribut</a>.*?>cover<", versions, re.S)

    assert "cover dari" not in client.get(soundtrack.get_absolute_url()).content.decode()
    assert re.search(r"cover dari\s+" + both, client.get(tribute.get_absolute_url()).content.decode())
    assert re.search(r"cover dari\s+" + both, client.get(mocca.get_absolute_url()).content.decode())


def test_artist_page_lists_recordings_and_articles(client, seeded):
    response = client.get("/artis/vanesha-prescillia/")
    content = response.content.decode()
    assert "Lagu yang dibawakan" in content and "Seberapa Pantas" in content
    assert "Ragam Soundtrack dari Film Backstage" in content
    person = json_ld(content)[0]
    assert person["@type"] == "Person"


def test_group_artist_is_a_music_group(client, seeded):
    document = json_ld(client.get("/artis/perunggu/").content.decode())[0]
    assert document["@type"] == "MusicGroup"


def test_unknown_music_page_is_404(client):
    for path in ("/artis/tidak-ada/", "/rilisan/tidak-ada/", "/lagu/tidak-ada/", "/film/tidak-ada/"):
        assert client.get(path).status_code == 404
