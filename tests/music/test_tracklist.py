"""The tracklist parser: press-release and streaming-page lines read into tracks and names."""

from datetime import timedelta

import pytest

from music.tracklist import format_duration, parse_duration, parse_line, parse_tracklist, split_names

# The seed article's soundtrack as a press release would list it.
BACKSTAGE = """\
1. Melangkah – Sissy Prescillia & Vanesha Prescillia (musik: Andi Rianto, lirik: Andi Rianto, Monty Tiwa)
2. Apa Adanya – Sissy Prescillia & Vanesha Prescillia (musik & lirik: Andi Rianto)
3. Aku Takkan Berhenti – Sissy Prescillia dan Vanesha Prescillia (cipt. Andi Rianto)
4. Seberapa Pantas - Vanesha Prescillia (cover Sheila On 7)
5. Terbaik Untukmu — Sissy Prescillia (lagu milik Tangga)
6. I Remember – Vanesha Prescillia [Mocca cover]
7. Bagaikan Langit – Sissy Prescillia (dipopulerkan oleh Potret)
"""


def test_the_seed_soundtrack_is_read_into_seven_tracks():
    lines = parse_tracklist(BACKSTAGE)
    assert [(line.position, line.title) for line in lines] == [
        (1, "Melangkah"),
        (2, "Apa Adanya"),
        (3, "Aku Takkan Berhenti"),
        (4, "Seberapa Pantas"),
        (5, "Terbaik Untukmu"),
        (6, "I Remember"),
        (7, "Bagaikan Langit"),
    ]
    assert all(line.ok for line in lines)
    sisters = ["Sissy Prescillia", "Vanesha Prescillia"]
    assert [line.performers for line in lines[:3]] == [sisters, sisters, sisters]
    melangkah = lines[0]
    assert melangkah.composers == ["Andi Rianto"]
    assert melangkah.lyricists == ["Andi Rianto", "Monty Tiwa"]
    assert not melangkah.is_cover
    assert lines[1].composers == lines[1].lyricists == ["Andi Rianto"]
    assert lines[2].composers == lines[2].lyricists == ["Andi Rianto"]
    assert [line.covered for line in lines[3:]] == [
        ["Sheila On 7"],
        ["Tangga"],
        ["Mocca"],
        ["Potret"],
    ]
    assert [line.performers for line in lines[3:]] == [
        ["Vanesha Prescillia"],
        ["Sissy Prescillia"],
        ["Vanesha Prescillia"],
        ["Sissy Prescillia"],
    ]


@pytest.mark.parametrize(
    "line",
    [
        "2. Seberapa Pantas - Sissy Prescillia (cover Sheila On 7)",
        "2) Seberapa Pantas – Sissy Prescillia (cover dari Sheila On 7)",
        "#2 Seberapa Pantas — Sissy Prescillia [Sheila On 7 cover]",
        "02 Seberapa Pantas—Sissy Prescillia (original: Sheila On 7)",
        "Track 2: “Seberapa Pantas” - Sissy Prescillia (orig. Sheila On 7)",
        "• Seberapa Pantas - Sissy Prescillia (lagu milik Sheila On 7)",
    ],
)
def test_a_cover_is_read_whatever_the_numbering_dash_and_wording(line):
    parsed = parse_line(line)
    assert parsed.ok
    assert parsed.title == "Seberapa Pantas"
    assert parsed.performers == ["Sissy Prescillia"]
    assert parsed.covered == ["Sheila On 7"]


@pytest.mark.parametrize(
    ("line", "performers", "featured"),
    [
        ("Pestilence - Inheritors feat. Agan Dazzle", ["Inheritors"], ["Agan Dazzle"]),
        ("Pestilence - Inheritors ft. Agan Dazzle", ["Inheritors"], ["Agan Dazzle"]),
        ("Pestilence (feat. Agan Dazzle) - Inheritors", ["Inheritors"], ["Agan Dazzle"]),
        ("Pestilence - Inheritors x Agan Dazzle", ["Inheritors", "Agan Dazzle"], []),
        ("Pestilence - Inheritors & Agan Dazzle", ["Inheritors", "Agan Dazzle"], []),
        ("Pestilence - Inheritors dan Agan Dazzle", ["Inheritors", "Agan Dazzle"], []),
        ("Pestilence - Inheritors, Agan Dazzle, Mocca", ["Inheritors", "Agan Dazzle", "Mocca"], []),
    ],
)
def test_names_are_split_on_feat_ft_x_ampersand_dan_and_commas(line, performers, featured):
    parsed = parse_line(line)
    assert parsed.title == "Pestilence"
    assert parsed.performers == performers
    assert parsed.featured == featured


def test_a_known_name_with_an_ampersand_stays_whole():
    known = {"Maliq & D'Essentials"}
    parsed = parse_line("Dia - Maliq & D'Essentials & Mocca", is_known_name=known.__contains__)
    assert parsed.performers == ["Maliq & D'Essentials", "Mocca"]
    assert split_names("Maliq & D'Essentials") == ["Maliq", "D'Essentials"]


@pytest.mark.parametrize(
    ("line", "duration"),
    [
        ("Melangkah - Sissy Prescillia 3:45", timedelta(minutes=3, seconds=45)),
        ("Melangkah - Sissy Prescillia (3:45)", timedelta(minutes=3, seconds=45)),
        ("Melangkah (4:05) - Sissy Prescillia", timedelta(minutes=4, seconds=5)),
        ("Melangkah - Sissy Prescillia [1:02:03]", timedelta(hours=1, minutes=2, seconds=3)),
        ("Melangkah - Sissy Prescillia", None),
    ],
)
def test_durations_are_taken_out_of_the_line(line, duration):
    parsed = parse_line(line)
    assert parsed.title == "Melangkah"
    assert parsed.performers == ["Sissy Prescillia"]
    assert parsed.duration == duration


def test_a_line_without_numbering_follows_the_previous_number_and_discs_restart_it():
    lines = parse_tracklist("5. Satu - A\nDua - A\n\nDisc 2\nTiga - A\nEmpat - A\n")
    assert [(line.disc, line.position, line.numbered) for line in lines] == [
        (1, 5, True),
        (1, 6, False),
        (2, 1, False),
        (2, 2, False),
    ]


def test_a_title_only_line_is_a_track_without_performers():
    parsed = parse_line("3. Hati-Hati")
    assert parsed.ok
    assert parsed.title == "Hati-Hati"
    assert parsed.performers == []


def test_a_hyphen_inside_a_title_splits_nothing_but_a_spaced_one_does():
    assert parse_line("Hati-Hati - Mocca").title == "Hati-Hati"
    assert parse_line("Hati-Hati - Mocca").performers == ["Mocca"]


def test_a_version_in_brackets_is_kept_apart_from_the_title():
    parsed = parse_line("Apa Adanya (Versi Akustik) - Sissy Prescillia")
    assert parsed.title == "Apa Adanya"
    assert parsed.version == "Versi Akustik"


def test_arrangers_and_producers_are_read():
    parsed = parse_line("Melangkah - Sissy Prescillia (arr. Andi Rianto; produser: Monty Tiwa)")
    assert parsed.arrangers == ["Andi Rianto"]
    assert parsed.producers == ["Monty Tiwa"]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("Tracklist:", "heading"),
        ("https://open.spotify.com/album/123", "heading"),
        ("Melangkah (musik: Andi Rianto - Sissy", "brackets"),
        ("4. – Sissy Prescillia", "no_title"),
        ("Melangkah – ", "no_performer"),
        ("----", "no_title"),
        ("4. ???? --", "no_title"),
        ("Lagu " + "x" * 300 + " - Mocca", "too_long"),
    ],
)
def test_a_line_that_cannot_be_read_says_why_and_keeps_its_text(line, problem):
    [parsed] = parse_tracklist(f"1. Melangkah - Sissy\n{line}\n")[1:]
    assert parsed.problem == problem
    assert parsed.problem_message
    assert parsed.raw == line.strip()
    assert parsed.line_number == 2
    if problem == "no_title":
        assert parsed.title == ""  # not "????" in the field beside "no title found"


def test_unreadable_lines_are_kept_between_the_tracks_and_do_not_take_a_number():
    lines = parse_tracklist("Satu - A\nDaftar lagu:\nDua - A\n")
    assert [(line.title, line.ok, line.position) for line in lines] == [
        ("Satu", True, 1),
        ("", False, None),
        ("Dua", True, 2),
    ]


def test_names_lists_every_name_once():
    parsed = parse_line("Melangkah - Sissy & Vanesha (musik: Andi, lirik: Andi, Monty) [cover Mocca]")
    assert parsed.names() == ["Sissy", "Vanesha", "Andi", "Monty", "Mocca"]


def test_durations_format_and_parse_back():
    assert format_duration(timedelta(minutes=3, seconds=5)) == "3:05"
    assert format_duration(timedelta(hours=1, seconds=1)) == "1:00:01"
    assert format_duration(None) == ""
    assert parse_duration("3:05") == timedelta(minutes=3, seconds=5)
    assert parse_duration("tiga menit") is None
