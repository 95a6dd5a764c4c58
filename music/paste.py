"""A pasted tracklist, matched and confirmed, written onto a release in one transaction.

``preview_rows()`` turns parsed lines into rows with each name and song matched
(``music.matching``); the editor corrects them; ``apply_tracklist()`` writes the songs,
tracks, credits and new artists at once, reusing what exists, so the same list pasted
twice creates nothing the second time.
"""

from dataclasses import dataclass, field, fields

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from music.matching import NameIndex, name_key
from music.models import (
    Artist,
    CreditRole,
    Release,
    ReleaseCredit,
    Song,
    SongCredit,
    Track,
    TrackCredit,
)
from music.tracklist import NAME_FIELDS, ParsedLine, TrackLine
from pophariini.content import bulk_write

# Row fields holding names, with the credit each becomes (the covered artists become the
# song's original artists).
TRACK_NAME_ROLES = {
    "performers": CreditRole.PERFORMER,
    "featured": CreditRole.FEATURED,
    "arrangers": CreditRole.ARRANGER,
    "producers": CreditRole.PRODUCER,
}
SONG_NAME_ROLES = {"composers": CreditRole.COMPOSER, "lyricists": CreditRole.LYRICIST}
NEW = "new"


@dataclass
class Row(TrackLine):
    """One line of the preview, as the editor confirms it."""

    # An existing song's pk, or NEW.
    song: str = NEW
    skip: bool = False
    # What kept the line from being read, in words (``ParsedLine.problem_message``).
    problem: str = ""

    @classmethod
    def from_parsed(cls, line: ParsedLine) -> "Row":
        shared = {name: getattr(line, name) for name in (each.name for each in fields(TrackLine))}
        return cls(**shared, problem=str(line.problem_message) if line.problem else "")

    @property
    def originals(self) -> list[str]:
        """Who first sang the song: the covered artists of a cover, else the performers."""
        return self.covered or self.performers


@dataclass
class SongChoice:
    """Songs a row's title may mean, and the one taken unless the editor picks another."""

    candidates: list[tuple[Song, str]]  # (song, how it matched)
    default: str


def names_in(rows) -> dict[str, str]:
    """Every name of the rows that are kept, by its key (case, accents and spacing ignored), first spelling."""
    found = {}
    for row in rows:
        if row.skip:
            continue
        for name in row.names():
            found.setdefault(name_key(name), name)
    return {key: name for key, name in found.items() if key}


def song_choices(rows, index: NameIndex) -> list[SongChoice]:
    """For each row, the existing songs of that title (exact, insensitive or close) and the default pick.

    A song is taken by default when its title matches ignoring case and accents and its
    original artists are those the line names (the covered artists, else the performers),
    or it has none recorded.
    """
    matches = [index.match("song", row.title) if row.title else None for row in rows]
    pks = {entry.pk for match in matches if match for entry in match.candidates}
    songs = Song.objects.prefetch_related("original_artists").in_bulk(pks)
    choices = []
    for row, match in zip(rows, matches, strict=True):
        if match is None:
            choices.append(SongChoice([], NEW))
            continue
        wanted = {name_key(name) for name in row.originals}
        candidates, default = [], NEW
        for entry in match.candidates:
            song = songs.get(entry.pk)
            if song is None:
                continue
            candidates.append((song, match.level))
            originals = {name_key(artist.name) for artist in song.original_artists.all()}
            fits = not originals or not wanted or bool(originals & wanted)
            if default == NEW and match.level in ("exact", "insensitive") and fits:
                default = str(song.pk)
        if row.song != NEW and any(str(song.pk) == row.song for song, _level in candidates):
            default = row.song
        choices.append(SongChoice(candidates, default))
    return choices


@dataclass
class Outcome:
    release: Release
    songs: list[Song] = field(default_factory=list)
    artists: list[Artist] = field(default_factory=list)
    created_songs: int = 0
    created_tracks: int = 0
    created_artists: int = 0
    created_credits: int = 0


def check_rows(release: Release | None, rows) -> dict[int, str]:
    """Problems that stop a confirm, by row index: no title, no number, a number taken twice or by another song."""
    problems = {}
    taken = {}
    if release is not None and release.pk:
        taken = {(t.disc, t.position): t for t in release.tracks.select_related("song")}
    seen = {}
    for number, row in enumerate(rows):
        if row.skip:
            continue
        if not row.title.strip():
            problems[number] = _("Isi judulnya, atau centang “Lewati”.")
        elif not row.position or row.position < 1 or not row.disc or row.disc < 1:
            problems[number] = _("Isi nomor urut dan cakram (1 atau lebih).")
        elif (row.disc, row.position) in seen:
            problems[number] = _("Nomor %(position)s di cakram %(disc)s dipakai dua kali.") % {
                "position": row.position,
                "disc": row.disc,
            }
        else:
            seen[row.disc, row.position] = number
            track = taken.get((row.disc, row.position))
            if track is not None and str(track.song_id) != row.song:
                problems[number] = _("Nomor %(position)s di cakram %(disc)s sudah diisi “%(title)s”.") % {
                    "position": row.position,
                    "disc": row.disc,
                    "title": track.song.title,
                }
    return problems


def required_permissions(rows, artist_choices: dict[str, str], *, new_release: bool) -> set[str]:
    """The model permissions writing these rows needs."""
    kept = [row for row in rows if not row.skip]
    needed = {
        "music.add_track",
        "music.add_trackcredit",
        "music.add_release" if new_release else "music.change_release",
    }
    if any(row.song == NEW for row in kept):
        needed |= {"music.add_song", "music.add_songcredit"}
    if any(row.composers or row.lyricists for row in kept):
        needed.add("music.add_songcredit")
    if any(choice == NEW for choice in artist_choices.values()):
        needed.add("music.add_artist")
    return needed


def apply_tracklist(
    *,
    release: Release,
    rows,
    artist_choices: dict[str, str],
    new_artist_kinds: dict[str, str],
    user,
    then=None,
) -> Outcome:
    """Write the confirmed rows onto ``release`` (saved here when new) in one transaction.

    ``artist_choices`` maps each name's key (``names_in()``) to an artist's pk or ``NEW``;
    ``new_artist_kinds`` the key of a new one to its ``Artist.Kind``; ``then(outcome)``, when
    given, runs inside the same transaction (linking the music to an article). A song, track or credit
    that exists is reused, never doubled. Raises ``ValidationError`` (nothing written) when a
    row cannot be stored, ``PermissionDenied`` when ``user`` may not write what is needed.
    """
    kept = [row for row in rows if not row.skip]
    if not user.has_perms(required_permissions(rows, artist_choices, new_release=release.pk is None)):
        raise PermissionDenied
    problems = check_rows(release, rows)
    if problems:
        raise ValidationError(list(problems.values()))
    names = names_in(kept)
    if set(names) - set(artist_choices):
        raise ValidationError(_("Ada nama yang belum dicocokkan; perbarui pratinjau."))

    with transaction.atomic(), bulk_write():
        outcome = Outcome(release=release)
        if release.pk is None:
            release.save()
        artists = _artists(names, artist_choices, new_artist_kinds, outcome)
        for row in kept:
            song = _song(row, artists, outcome)
            track = _track(release, row, song, outcome)
            for model, roles, owner in (
                (TrackCredit, TRACK_NAME_ROLES, {"track": track}),
                (SongCredit, SONG_NAME_ROLES, {"song": song}),
            ):
                for name_field, role in roles.items():
                    for position, name in enumerate(getattr(row, name_field)):
                        artist = artists[name_key(name)]
                        _credit(model, outcome, **owner, artist=artist, role=role, position=position)
            if song not in outcome.songs:
                outcome.songs.append(song)
        if not release.credits.exists():
            _credit_release(release, kept, artists, outcome)
        outcome.artists = _unique(
            artists[name_key(name)]
            for row in kept
            for name_field in NAME_FIELDS
            if name_field != "covered"
            for name in getattr(row, name_field)
        )
        if then is not None:
            then(outcome)
    return outcome


def _artists(names, choices, kinds, outcome) -> dict[str, Artist]:
    existing = Artist.objects.in_bulk([int(pk) for pk in choices.values() if pk != NEW])
    artists = {}
    for key, name in names.items():
        choice = choices[key]
        if choice == NEW:
            kind = kinds.get(key) if kinds.get(key) in Artist.Kind.values else Artist.Kind.PERSON
            artists[key] = Artist.objects.create(name=name, kind=kind)
            outcome.created_artists += 1
        elif int(choice) in existing:
            artists[key] = existing[int(choice)]
        else:
            raise ValidationError(_("Artis yang dipilih untuk “%(name)s” sudah tidak ada.") % {"name": name})
    return artists


def _song(row, artists, outcome) -> Song:
    originals = [artists[name_key(name)] for name in row.originals]
    if row.song == NEW:
        song = Song.objects.create(title=row.title.strip())
        song.original_artists.set(originals)
        outcome.created_songs += 1
        return song
    song = Song.objects.filter(pk=row.song).first()
    if song is None:
        raise ValidationError(
            _("Lagu yang dipilih untuk “%(title)s” sudah tidak ada.") % {"title": row.title}
        )
    if row.covered and not song.original_artists.exists():
        song.original_artists.set(originals)
    return song


def _track(release, row, song, outcome) -> Track:
    track = release.tracks.filter(song=song).order_by("disc", "position").first()
    if track is None:
        track = Track.objects.create(
            release=release,
            song=song,
            disc=row.disc,
            position=row.position,
            version=row.version.strip()[:200],
            duration=row.duration,
        )
        outcome.created_tracks += 1
        return track
    changed = []
    if row.duration and not track.duration:
        track.duration, changed = row.duration, [*changed, "duration"]
    if row.version and not track.version:
        track.version, changed = row.version.strip()[:200], [*changed, "version"]
    if changed:
        track.save(update_fields=changed)
    return track


def _credit(model, outcome, *, artist, role, position, **owner):
    _credit_row, created = model.objects.get_or_create(
        artist=artist, role=role, **owner, defaults={"position": position}
    )
    outcome.created_credits += created


def _credit_release(release, rows, artists, outcome):
    """A new release is credited to its performers when there are at most three (else it is "various")."""
    performers = _unique(artists[name_key(name)] for row in rows for name in row.performers)
    if 0 < len(performers) <= 3:
        for position, artist in enumerate(performers):
            _credit(
                ReleaseCredit,
                outcome,
                release=release,
                artist=artist,
                role=CreditRole.PERFORMER,
                position=position,
            )


def _unique(items):
    seen = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
