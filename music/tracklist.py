"""Read a pasted tracklist (press release or streaming-page style) into tracks with names, one per line.

Pure text work: no database. ``parse_tracklist()`` turns each non-blank line into a
``ParsedLine``; a line it cannot read keeps its text and says why (``problem``), so the
editor can fill it in by hand. Names stay as written; ``music.matching`` finds them in the
database. Understood, for example::

    1. Melangkah – Sissy Prescillia & Vanesha Prescillia (musik: Andi Rianto, lirik: Monty Tiwa)
    2. Seberapa Pantas - Sissy Prescillia (cover Sheila On 7)
    03) I Remember — Vanesha Prescillia [Mocca cover] 3:45
    Pestilence (feat. Agan Dazzle) - Inheritors
    Disc 2
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils.translation import gettext_lazy as _

# Why a line was not read as a track (``ParsedLine.problem``), shown beside the line.
PROBLEMS = {
    "brackets": _("Tanda kurung tidak berpasangan."),
    "no_title": _("Judul lagu tidak ditemukan."),
    "no_performer": _("Ada tanda pisah, tetapi tidak ada nama penampil sesudahnya."),
    "heading": _("Tampaknya judul bagian atau catatan, bukan lagu."),
    "too_long": _("Judul terlalu panjang (paling banyak 300 karakter)."),
}
TITLE_MAX = 300

DASHES = "-–—‒―−"
# Title and performers: a dash with space on both sides ("Judul - Nama"), or a long dash
# even without spaces ("Judul—Nama"); a hyphen inside a word ("Hati-Hati") splits nothing.
PERFORMER_SEPARATOR = re.compile(rf"\s+[{DASHES}]+\s+|\s*[–—―]\s*|\s+(?:by|oleh)\s+", re.IGNORECASE)
# Between names: commas, "&", "+", "/", and the words x, dan, and, with, vs.
NAME_SEPARATOR = re.compile(r"(\s*(?:[,;/&+]|\s(?:x|×|dan|and|with|vs\.?)\s)\s*)", re.IGNORECASE)
FEATURING = re.compile(r"\s*\b(?:feat\.?|ft\.?|featuring)(?:\s+|(?<=\.))", re.IGNORECASE)

BULLET = re.compile(r"^[•·*▪►‣◦]\s*|^[-–—]\s+")
NUMBERING = re.compile(
    r"^(?:(?:track|trek|lagu)\s*)?#?(?P<number>\d{1,3})\s*[.):]\s*"  # "1." "1)" "1:" "#1." "Track 1:"
    r"|^(?:(?:track|trek|lagu)\s*|#)(?P<number2>\d{1,3})\s+"  # "#1 " "Track 1 "
    r"|^(?P<number3>0\d)\s+"  # "01 " (zero-padded, as streaming pages write)
    r"|^(?P<number4>\d{1,3})\s+[-–—]\s+",  # "1 - Judul"
    re.IGNORECASE,
)
DISC = re.compile(r"^(?:disc|disk|cd|cakram|side|sisi)\s*(\d{1,2})\s*:?$", re.IGNORECASE)
DURATION = re.compile(r"(?<![\d:])(?:(\d{1,2}):)?(\d{1,2}):([0-5]\d)(?![\d:])")
BRACKETS = re.compile(r"\(([^()\[\]]*)\)|\[([^()\[\]]*)\]")
QUOTES = "\"'“”‘’«»„"

# Credits inside brackets: "musik: A, lirik: B", "musik & lirik: A", "cipt. A", "arr. C".
ROLE_WORDS = {
    "composer": r"musik|music|komposer|composer|komposisi|lagu",
    "songwriter": r"cipt\.?|ciptaan|pencipta|penulis lagu|songwriters?|written by|ditulis oleh|ditulis",
    "lyricist": r"lirik|lyrics?|lyricists?|penulis lirik|kata-kata",
    "arranger": r"aransemen|arr\.?|arranger|arranged by|penata musik",
    "producer": r"produser|producer|prod\.?|produced by|diproduseri(?: oleh)?",
}
ROLE_WORD = "|".join(f"(?:{words})" for words in ROLE_WORDS.values())
# One credit: one or more role words ("musik & lirik"), a colon, dot or space, then names.
CREDIT = re.compile(
    rf"(?P<roles>(?:{ROLE_WORD})(?:\s*(?:&|/|dan|and|,)\s*(?:{ROLE_WORD}))*)\s*(?::|(?<=\.)|\s+(?:oleh|by)?)\s*",
    re.IGNORECASE,
)
COVER_BEFORE = re.compile(
    r"^(?:cover(?:\s+(?:dari|of|by|lagu|version of))?|versi cover|lagu milik|milik|dipopulerkan(?: oleh)?"
    r"|populer(?: oleh)?|orig(?:inal)?\.?(?:\s+(?:by|oleh|artist|artis))?|aslinya|asli|originally(?: by| performed by)?"
    r"|dinyanyikan ulang dari|daur ulang(?: dari)?)\s*[:.]?\s+(?P<names>.+)$",
    re.IGNORECASE,
)
COVER_AFTER = re.compile(r"^(?P<names>.+?)\s+cover$", re.IGNORECASE)
FEATURED_GROUP = re.compile(r"^(?:feat\.?|ft\.?|featuring|bersama|with)\s*(?P<names>.+)$", re.IGNORECASE)


# The fields of a track line that hold artist names, in the order they appear on a line.
NAME_FIELDS = ("performers", "featured", "composers", "lyricists", "arrangers", "producers", "covered")


@dataclass
class TrackLine:
    """What one tracklist line says of its track: read by the parser (``ParsedLine``) and
    confirmed by the editor in the paste preview (``music.paste.Row``)."""

    line_number: int
    raw: str
    disc: int = 1
    position: int | None = None
    title: str = ""
    version: str = ""
    duration: timedelta | None = None
    performers: list[str] = field(default_factory=list)
    featured: list[str] = field(default_factory=list)
    composers: list[str] = field(default_factory=list)
    lyricists: list[str] = field(default_factory=list)
    arrangers: list[str] = field(default_factory=list)
    producers: list[str] = field(default_factory=list)
    # The original artists when the line says the track is a cover.
    covered: list[str] = field(default_factory=list)

    def names(self) -> list[str]:
        """Every artist name on the line, once each, in order of appearance."""
        seen = []
        for name_field in NAME_FIELDS:
            for name in getattr(self, name_field):
                if name not in seen:
                    seen.append(name)
        return seen


@dataclass
class ParsedLine(TrackLine):
    """One pasted line: the track it describes, or the ``problem`` that kept it from being read."""

    numbered: bool = False
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def problem_message(self):
        return PROBLEMS.get(self.problem, "")

    @property
    def is_cover(self) -> bool:
        return bool(self.covered)


def parse_tracklist(text: str, *, is_known_name: Callable[[str], bool] | None = None) -> list[ParsedLine]:
    """Every non-blank line of ``text`` as a ``ParsedLine``, numbered in order per disc.

    A line without a number gets the one after the previous line's. ``is_known_name``
    (optional) says whether a name exists as written, so a name containing "&" or "dan"
    ("Maliq & D'Essentials") is kept whole instead of split in two.
    """
    lines = []
    disc, last_position = 1, 0
    for line_number, raw in enumerate(text.splitlines(), 1):
        stripped = " ".join(raw.split())
        if not stripped:
            continue
        disc_match = DISC.match(stripped)
        if disc_match:
            disc, last_position = int(disc_match.group(1)) or 1, 0
            continue
        parsed = parse_line(stripped, line_number=line_number, is_known_name=is_known_name)
        parsed.raw = raw.strip()
        parsed.disc = disc
        if parsed.ok:
            if parsed.position is None:
                parsed.position = last_position + 1
            last_position = parsed.position
        lines.append(parsed)
    return lines


def parse_line(line: str, *, line_number: int = 1, is_known_name=None) -> ParsedLine:
    """One tracklist line (see the module docstring for the forms understood)."""
    parsed = ParsedLine(line_number=line_number, raw=line)
    text = BULLET.sub("", line.strip())
    numbering = NUMBERING.match(text)
    if numbering:
        number = next(value for value in numbering.groupdict().values() if value)
        parsed.position, parsed.numbered = int(number) or None, True
        text = text[numbering.end() :]

    if "://" in text or (text.endswith(":") and not PERFORMER_SEPARATOR.search(text)):
        parsed.problem = "heading"
        return parsed

    text = _take_duration(text, parsed)
    text = _take_bracket_groups(text, parsed, is_known_name)
    if text is None:
        parsed.problem = "brackets"
        return parsed

    separator = PERFORMER_SEPARATOR.search(text)
    if separator:
        title, performers = text[: separator.start()], text[separator.end() :]
        performers = performers.strip(" " + DASHES)
        if not performers:
            parsed.problem = "no_performer"
        featuring = FEATURING.search(performers)
        if featuring:
            parsed.featured += split_names(performers[featuring.end() :], is_known_name)
            performers = performers[: featuring.start()]
        parsed.performers = split_names(performers, is_known_name)
    else:
        title = text
    featuring = FEATURING.search(title)
    if featuring:
        parsed.featured += split_names(title[featuring.end() :], is_known_name)
        title = title[: featuring.start()]

    parsed.title = title.strip().strip(QUOTES + DASHES + " ,.").strip()
    if not parsed.problem:
        if not any(character.isalnum() for character in parsed.title):
            # "????" is no title: the preview leaves the field empty for the editor to fill.
            parsed.problem, parsed.title = "no_title", ""
        elif len(parsed.title) > TITLE_MAX:
            parsed.problem = "too_long"
    return parsed


def split_names(text: str, is_known_name=None) -> list[str]:
    """Names separated by commas, "&", "x", "dan"…; a run that ``is_known_name`` knows stays whole."""
    pieces = NAME_SEPARATOR.split(text.strip(" " + QUOTES))
    names, separators = pieces[0::2], pieces[1::2]
    result = []
    start = 0
    while start < len(names):
        end = start
        if is_known_name:
            # The longest run of pieces, joined with the separators between them, that exists.
            for candidate_end in range(len(names) - 1, start, -1):
                joined = names[start] + "".join(
                    separators[i] + names[i + 1] for i in range(start, candidate_end)
                )
                if is_known_name(_clean_name(joined)):
                    end = candidate_end
                    break
            else:
                end = start
            if end > start:
                result.append(
                    _clean_name(
                        names[start] + "".join(separators[i] + names[i + 1] for i in range(start, end))
                    )
                )
                start = end + 1
                continue
        result.append(_clean_name(names[start]))
        start += 1
    return [name for name in result if name]


def format_duration(duration: timedelta | None) -> str:
    """``3:45`` (or ``1:02:03``) for a duration, empty for none."""
    if duration is None:
        return ""
    seconds = int(duration.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def parse_duration(text: str) -> timedelta | None:
    """``3:45`` or ``1:02:03`` as a duration; ``None`` when ``text`` is not one."""
    match = DURATION.fullmatch(text.strip())
    if not match:
        return None
    hours, minutes, seconds = (int(part) if part else 0 for part in match.groups())
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


def _clean_name(name: str) -> str:
    return " ".join(name.split()).strip(QUOTES + " .,;:" + DASHES)


def _take_duration(text: str, parsed: ParsedLine) -> str:
    """Take the last duration on the line (with brackets that hold only it) out of ``text``."""
    matches = list(DURATION.finditer(text))
    if not matches:
        return text
    match = matches[-1]
    parsed.duration = parse_duration(match.group(0))
    before, after = text[: match.start()], text[match.end() :]
    before = re.sub(r"[(\[]\s*$", "", before)
    after = re.sub(r"^\s*[)\]]", "", after)
    return f"{before.rstrip(' ' + DASHES + '|·')} {after.lstrip()}".strip()


def _take_bracket_groups(text: str, parsed: ParsedLine, is_known_name) -> str | None:
    """Read credits, covers, guests and versions out of the line's brackets; ``None`` if unbalanced."""
    pieces, start = [], 0
    for match in BRACKETS.finditer(text):
        content = (match.group(1) if match.group(1) is not None else match.group(2)).strip()
        kept = _read_group(content, parsed, is_known_name, at_title_end=_ends_title(text, match))
        pieces += [text[start : match.start()], f"({content})" if kept else ""]
        start = match.end()
    remaining = "".join([*pieces, text[start:]])
    # Kept groups are balanced: any bracket that breaks the balance is an unmatched one.
    if _unbalanced(remaining):
        return None
    return " ".join(remaining.replace(" ,", ",").split())


def _unbalanced(text: str) -> bool:
    depth = 0
    for character in text:
        if character in "([":
            depth += 1
        elif character in ")]":
            depth -= 1
            if depth < 0:
                return True
    return depth != 0


def _ends_title(text: str, match: re.Match) -> bool:
    """Whether a bracket group comes right before the title/performers separator or the line's end."""
    rest = text[match.end() :]
    return not rest.strip() or bool(PERFORMER_SEPARATOR.match(rest)) or rest.lstrip().startswith(("(", "["))


def _read_group(content: str, parsed: ParsedLine, is_known_name, *, at_title_end: bool) -> bool:
    """Record what one bracket group says; True when it is part of the title and stays there."""
    if not content:
        return False
    if parse_duration(content):
        parsed.duration = parse_duration(content)
        return False
    cover = COVER_BEFORE.match(content) or COVER_AFTER.match(content)
    if cover:
        parsed.covered += split_names(cover.group("names"), is_known_name)
        return False
    featured = FEATURED_GROUP.match(content)
    if featured:
        parsed.featured += split_names(featured.group("names"), is_known_name)
        return False
    credits = list(CREDIT.finditer(content))
    if credits and credits[0].start() == 0:
        for number, credit in enumerate(credits):
            end = credits[number + 1].start() if number + 1 < len(credits) else len(content)
            names = split_names(content[credit.end() : end].strip(" ,;"), is_known_name)
            for role in _roles(credit.group("roles")):
                target = getattr(parsed, f"{role}s")
                target += [name for name in names if name not in target]
        return False
    if at_title_end and not parsed.version:
        parsed.version = content
        return False
    return True


def _roles(words: str) -> list[str]:
    roles = []
    for word in re.split(r"\s*(?:&|/|\bdan\b|\band\b|,)\s*", words.lower()):
        for role, pattern in ROLE_WORDS.items():
            if re.fullmatch(pattern, word.strip()):
                names = ["composer", "lyricist"] if role == "songwriter" else [role]
                roles += [name for name in names if name not in roles]
    return roles
