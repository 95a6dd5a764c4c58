"""Finding music names in the database: exact, ignoring case and accents, close, or new."""

import pytest

from music.matching import NameIndex, fold, name_index, name_key
from music.models import Artist
from music.tracklist import parse_line
from tests.factories import ArtistFactory, FilmFactory, ReleaseFactory, SongFactory

pytestmark = pytest.mark.django_db


def test_names_fold_case_accents_and_punctuation():
    assert fold("Ébiet G. Ade") == "ebiet g. ade"
    assert name_key("  Sheila  on 7 ") == name_key("SHEILA ON 7") == "sheila on 7"
    assert name_key("Maliq & D’Essentials") == name_key("maliq & d'essentials")


def test_exact_comes_before_insensitive_which_comes_before_close():
    exact = ArtistFactory(name="Mocca")
    ArtistFactory(name="MOCCA")
    index = name_index()
    match = index.match("artist", "Mocca")
    assert match.level == "exact"
    assert match.chosen == index.exact("artist", "Mocca")[0]
    assert match.chosen.pk == exact.pk
    assert index.match("artist", "mócca").level == "insensitive"
    assert index.match("artist", "mocca").chosen is not None


def test_close_matches_are_offered_but_never_chosen():
    ArtistFactory(name="Vanesha Prescillia")
    ArtistFactory(name="Sheila On 7")
    index = name_index()
    misspelt = index.match("artist", "Vanessha Prescilia")
    assert misspelt.level == "close"
    assert [entry.name for entry in misspelt.candidates] == ["Vanesha Prescillia"]
    assert misspelt.chosen is None
    short = index.match("artist", "Vanesha")
    assert [entry.name for entry in short.candidates] == ["Vanesha Prescillia"]
    assert index.match("artist", "Nidji").level == "new"


def test_kinds_are_kept_apart():
    SongFactory(title="Backstage", original_artists=[])
    FilmFactory(title="Backstage")
    ReleaseFactory(title="Backstage")
    index = name_index()
    assert index.match("artist", "Backstage").level == "new"
    for kind in ("song", "film", "release"):
        assert index.match(kind, "backstage").level == "insensitive"


def test_the_index_sees_a_new_artist_at_once():
    assert name_index().match("artist", "Perunggu").level == "new"
    ArtistFactory(name="Perunggu")
    assert name_index().match("artist", "Perunggu").level == "exact"
    Artist.objects.filter(name="Perunggu").delete()
    assert name_index().match("artist", "Perunggu").level == "new"


def test_the_index_sees_rows_written_by_another_process():
    index = name_index()
    # Another process's write: no signal here, only a changed row count and latest change,
    # seen once the index is older than the check interval.
    Artist.objects.bulk_create([Artist(name="Hindia", slug="hindia")])
    assert name_index() is index
    assert name_index(max_age=0) is not index
    assert name_index().match("artist", "Hindia").level == "exact"


def test_a_known_name_with_an_ampersand_is_kept_whole_when_pasted():
    ArtistFactory(name="Maliq & D'Essentials")
    index = name_index()
    line = parse_line(
        "Dia - Maliq & D'Essentials & Mocca", is_known_name=lambda name: index.knows("artist", name)
    )
    assert line.performers == ["Maliq & D'Essentials", "Mocca"]


def test_an_index_without_names_finds_nothing():
    index = NameIndex([])
    assert index.match("artist", "Mocca").level == "new"
    assert index.close("artist", "") == []
