"""Names in the database: artists, songs, releases and films found exactly, case- and accent-insensitively, or close.

``name_index()`` is one in-memory index of every music name, built from four
``values_list()`` queries and kept per process until a music row is written. Measured
(``bench/music_names.py``) with 5,000 artists, 20,000 songs, 2,000 releases and 500 films:
building it takes about a quarter of a second and 10 MB, and checking that it is still
current costs four small aggregate queries, so a preview or an article's suggestions cost milliseconds
after the first. Writes in this process drop it at once (a content subscriber); writes by
other processes are seen through the freshness check (row counts and latest change per model).
"""

import difflib
import re
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.db.models.signals import post_delete, post_save

from music.models import Artist, Film, Release, Song
from pophariini import content

# kind: (model, the field holding its name)
KINDS = {
    "artist": (Artist, "name"),
    "song": (Song, "title"),
    "release": (Release, "title"),
    "film": (Film, "title"),
}
WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """``text`` without accents, in lower case: "Ébi" and "EBI" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    """The folded words of ``text``, punctuation left out."""
    return WORD.findall(fold(text))


def name_key(text: str) -> str:
    """What two names must share to be the same name ignoring case, accents and punctuation."""
    return " ".join(words(text))


@dataclass(frozen=True)
class Entry:
    kind: str
    pk: int
    name: str
    key: str

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.key.split())


@dataclass
class NameMatch:
    """How a written name was found: ``level`` is exact, insensitive, close or new."""

    name: str
    level: str
    candidates: list[Entry]

    @property
    def chosen(self) -> Entry | None:
        """The match taken unless the editor picks another: only an exact or insensitive one."""
        return self.candidates[0] if self.level in ("exact", "insensitive") else None


class NameIndex:
    """Every music name by kind: by exact name, by folded key, by word (for close matches and scans)."""

    def __init__(self, entries):
        self.by_name = defaultdict(list)
        self.by_key = defaultdict(list)
        self.by_word = defaultdict(lambda: defaultdict(set))
        self.by_first_word = defaultdict(list)
        # Close matches of a misspelt word look among words of the same first letter and similar length.
        self.vocabulary = defaultdict(lambda: defaultdict(set))
        for entry in entries:
            if not entry.key:
                continue
            self.by_name[entry.kind, entry.name].append(entry)
            self.by_key[entry.kind, entry.key].append(entry)
            entry_words = entry.words
            self.by_first_word[entry_words[0]].append(entry)
            for word in entry_words:
                self.by_word[entry.kind][word].add(entry)
                self.vocabulary[entry.kind][word[0], len(word)].add(word)

    def exact(self, kind: str, name: str) -> list[Entry]:
        return sorted(self.by_name.get((kind, " ".join(name.split())), ()), key=lambda e: e.pk)

    def insensitive(self, kind: str, name: str) -> list[Entry]:
        return sorted(self.by_key.get((kind, name_key(name)), ()), key=lambda e: e.pk)

    def knows(self, kind: str, name: str) -> bool:
        return bool(self.insensitive(kind, name))

    def close(self, kind: str, name: str, *, limit: int = 5, cutoff: float = 0.75) -> list[Entry]:
        """Names like ``name``: sharing its words, or spelt nearly the same (difflib), best first."""
        key = name_key(name)
        if not key:
            return []
        query_words = key.split()
        by_word = self.by_word[kind]
        candidates = set()
        for word in query_words:
            candidates |= by_word.get(word, set())
            nearby = {
                other
                for length in range(len(word) - 2, len(word) + 3)
                for other in self.vocabulary[kind].get((word[0], length), ())
            }
            for similar in difflib.get_close_matches(word, nearby, n=3, cutoff=0.75):
                candidates |= by_word[similar]
        scored = []
        for entry in candidates:
            if entry.key == key:
                continue
            score = difflib.SequenceMatcher(None, key, entry.key).ratio()
            if set(query_words) <= set(entry.words):
                # "Vanesha" for "Vanesha Prescillia": a shortened name is a likely pick.
                score = max(score, 0.9)
            if score >= cutoff:
                scored.append((-score, entry.key, entry.pk, entry))
        return [entry for *_, entry in sorted(scored)[:limit]]

    def match(self, kind: str, name: str) -> NameMatch:
        """Exact first, then ignoring case and accents, then close matches offered to pick, else new."""
        for level, finder in (
            ("exact", self.exact),
            ("insensitive", self.insensitive),
            ("close", self.close),
        ):
            found = finder(kind, name)
            if found:
                return NameMatch(name, level, found)
        return NameMatch(name, "new", [])

    def starting_with(self, word: str) -> list[Entry]:
        """Entries of every kind whose first word is ``word`` (folded), for scanning a text."""
        return self.by_first_word.get(word, [])


_lock = threading.Lock()
_shared: dict = {"index": None, "stamp": None}


def _stamp():
    """Row count and latest change per kind: when another process writes, this changes."""
    return tuple(
        tuple(model.objects.aggregate(n=Count("pk"), last=Max("updated_at"), top=Max("pk")).values())
        for model, _field in KINDS.values()
    )


def name_index() -> NameIndex:
    """The current index of music names, rebuilt only after music names changed (module docstring)."""
    stamp = _stamp()
    with _lock:
        if _shared["index"] is not None and _shared["stamp"] == stamp:
            return _shared["index"]
    index = NameIndex(_entries())
    with _lock:
        _shared["index"], _shared["stamp"] = index, stamp
    return index


def forget_index() -> None:
    with _lock:
        _shared["index"] = _shared["stamp"] = None


def _entries():
    for kind, (model, field) in KINDS.items():
        for pk, name in (
            model.objects.exclude(Q(**{field: ""})).values_list("pk", field).iterator(chunk_size=5000)
        ):
            yield Entry(kind, pk, " ".join(name.split()), name_key(name))


class NameIndexSubscriber(content.Subscriber):
    """Drops this process's index when an artist, song, release or film is saved or deleted."""

    def connect(self) -> None:
        for model, _field in KINDS.values():
            for signal in (post_save, post_delete):
                signal.connect(self._written, sender=model, dispatch_uid=f"music_names_{model.__name__}")

    def _written(self, sender, **kwargs):
        self.changed({sender._meta.label})

    def renew(self, keys: set, *, using: str) -> None:
        forget_index()

    def renew_in_bulk(self, keys: set, batch) -> None:
        # Rows written without signals count as well.
        forget_index()


music_names = NameIndexSubscriber()
