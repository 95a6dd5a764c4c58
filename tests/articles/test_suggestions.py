"""Music suggested from an article's text: whole words, case and accents ignored, everyday words only as names."""

import pytest

from articles.suggestions import find_names, suggest_music, suggestions_for, text_blocks
from music.matching import name_index
from pophariini.demo import seed_demo
from tests.factories import ArticleFactory, ArtistFactory, FilmFactory, ReleaseFactory, SongFactory

pytestmark = pytest.mark.django_db


def names(**text):
    return [(entry.kind, entry.name) for entry, _written in find_names(text_blocks(**text))]


def test_names_are_found_as_whole_words_ignoring_case_and_accents():
    ArtistFactory(name="Sheila On 7")
    ArtistFactory(name="Ébiet G. Ade")
    ArtistFactory(name="Mocca")
    body = "<p>Lagu milik SHEILA ON 7 dan ebiet g ade, bukan Moccachino.</p>"
    assert names(body=body) == [("artist", "Sheila On 7"), ("artist", "Ébiet G. Ade")]


def test_everyday_words_are_no_names_lowercase_or_at_the_start_of_a_sentence():
    ArtistFactory(name="Dia")
    ArtistFactory(name="Kita")
    SongFactory(title="Apa Adanya", original_artists=[])
    ArtistFactory(name="Tangga")
    body = (
        "<p>Dia datang terlambat. Kita semua menunggu, dan dia tahu kita tidak marah. "
        "Apa adanya saja. Tangga di panggung itu licin!</p>"
        "<h2>Kita Semua Suka Musik Dia</h2><ul><li>Dia menyanyi</li></ul>"
    )
    assert names(title="Kita dan Dia Kembali ke Panggung", dek="Dia, kita, dan apa adanya.", body=body) == []


def test_an_everyday_word_capitalised_mid_sentence_or_quoted_is_a_name():
    ArtistFactory(name="Kita")
    ArtistFactory(name="Tangga")
    SongFactory(title="Apa Adanya", original_artists=[])
    SongFactory(title="Dia", original_artists=[])
    body = (
        "<p>Band pop Kita merilis lagu baru. Lagu itu milik Tangga.</p>"
        "<p>“Apa Adanya” dibawakan ulang. Lalu <em>Dia</em> menutup konser.</p>"
    )
    assert names(body=body) == [
        ("artist", "Kita"),
        ("artist", "Tangga"),
        ("song", "Apa Adanya"),
        ("song", "Dia"),
    ]


def test_a_longer_name_wins_over_a_name_inside_it():
    ArtistFactory(name="Sheila")
    ArtistFactory(name="Sheila On 7")
    assert names(body="<p>Konser Sheila On 7 malam ini.</p>") == [("artist", "Sheila On 7")]


def test_every_kind_is_suggested_and_linked_ones_are_left_out():
    mocca = ArtistFactory(name="Mocca")
    film = FilmFactory(title="Backstage")
    release = ReleaseFactory(title="Friends")
    song = SongFactory(title="I Remember", original_artists=[mocca])
    article = ArticleFactory(
        title="Mocca dan Film Backstage",
        dek="Album Friends kembali didengar.",
        body="<p>Lagu I Remember dinyanyikan ulang.</p>",
    )
    found = suggestions_for(article)
    assert [(s.kind, s.obj) for s in found] == [
        ("artist", mocca),
        ("film", film),
        ("release", release),
        ("song", song),
    ]
    article.artists.add(mocca)
    article.films.add(film)
    assert [(s.kind, s.obj) for s in suggestions_for(article)] == [("release", release), ("song", song)]


def test_the_seed_article_suggests_the_covered_bands_and_the_director():
    article = seed_demo()
    found = [(s.kind, s.label) for s in suggestions_for(article)]
    assert ("artist", "Sheila On 7") in found
    assert ("artist", "Tangga") in found
    assert ("artist", "Mocca") in found
    assert ("artist", "Potret") in found
    assert ("artist", "Guntur Soeharjanto") in found
    # Everything it links already is left out.
    assert ("artist", "Sissy Prescillia") not in found
    assert not [label for kind, label in found if kind == "song"]


def test_suggestions_cost_few_queries_with_thousands_of_names(django_assert_max_num_queries):
    from music.models import Artist, Song

    Artist.objects.bulk_create([Artist(name=f"Artis Nomor {n}", slug=f"artis-{n}") for n in range(3000)])
    Song.objects.bulk_create([Song(title=f"Lagu Nomor {n}", slug=f"lagu-{n}") for n in range(3000)])
    ArtistFactory(name="Mocca")
    name_index()  # built once per change of the music names
    body = "<p>" + " ".join(["Mocca tampil di Bandung bersama Artis Nomor 17."] * 200) + "</p>"
    with django_assert_max_num_queries(6):
        found = suggest_music(body=body)
    assert [s.label for s in found] == ["Mocca", "Artis Nomor 17"]
