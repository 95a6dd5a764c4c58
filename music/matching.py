"""Names in the database: artists, songs, releases and films found exactly, case- and accent-insensitively, or close.

``name_index()`` is one in-memory index of every music name, built from four
``values_list()`` queries and kept per process. Writes in this process drop it at once (a
content subscriber); writes by other processes are noticed by a freshness check (row count,
latest change and highest id per model: four aggregate queries), made at most every
``CHECK_EVERY`` seconds. Measured with ``bench/music_names.py`` (5,000 artists, 20,000
songs, 2,000 releases, 500 films; SQLite and PostgreSQL alike, on a shared 2-core machine
under load): building takes 0.2-0.9 s and 16 MB, the freshness check 12-23 ms, scanning a
1,500-word article 50-70 ms, matching a pasted list's 30 names 130-180 ms. Loading every
name per request instead would cost the build each time; a database-side search would need
``unaccent`` (PostgreSQL only) or a new normalised column on four tables.
"""

import difflib
import re
import sys
import threading
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import NamedTuple

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
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    """The folded words of ``text``, punctuation left out."""
    return WORD.findall(fold(text))


def name_key(text: str) -> str:
    """What two names must share to be the same name ignoring case, accents and punctuation."""
    return " ".join(words(text))


class Entry(NamedTuple):
    kind: str
    pk: int
    name: str
    key: str
    words: tuple[str, ...]


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
        self.by_key = defaultdict(list)
        # For scanning a text: entries by their words, and the lengths of names starting with a word.
        self.by_words = defaultdict(list)
        self.lengths = defaultdict(set)
        self._by_word = {}
        self._vocabulary = {}
        for entry in entries:
            if entry.key:
                self.by_key[entry.kind, entry.key].append(entry)
                self.by_words[entry.words].append(entry)
                self.lengths[entry.words[0]].add(len(entry.words))

    def exact(self, kind: str, name: str) -> list[Entry]:
        name = " ".join(name.split())
        return [entry for entry in self.insensitive(kind, name) if entry.name == name]

    def insensitive(self, kind: str, name: str) -> list[Entry]:
        return sorted(self.by_key.get((kind, name_key(name)), ()), key=lambda e: e.pk)

    def knows(self, kind: str, name: str) -> bool:
        return bool(self.insensitive(kind, name))

    def by_word(self, kind: str) -> dict[str, list[Entry]]:
        """The kind's entries by each of their words, for close matches (built on first use)."""
        if kind not in self._by_word:
            found = defaultdict(list)
            for (entry_kind, _key), entries in self.by_key.items():
                if entry_kind == kind:
                    for entry in entries:
                        for word in set(entry.words):
                            found[word].append(entry)
            self._by_word[kind] = found
        return self._by_word[kind]

    def vocabulary(self, kind: str):
        """The kind's words by (first letter, length): a misspelt word is compared only with those (built once)."""
        if kind not in self._vocabulary:
            buckets = defaultdict(list)
            for word in self.by_word(kind):
                buckets[word[0], len(word)].append(word)
            self._vocabulary[kind] = buckets
        return self._vocabulary[kind]

    def close(self, kind: str, name: str, *, limit: int = 5, cutoff: float = 0.75) -> list[Entry]:
        """Names like ``name``: sharing its words, or spelt nearly the same (difflib), best first.

        Candidates are the names sharing the most words with it (a word spelt nearly the
        same counting half); only the best 50 are compared letter by letter.
        """
        key = name_key(name)
        if not key:
            return []
        query_words = set(key.split())
        by_word = self.by_word(kind)
        vocabulary = self.vocabulary(kind)
        shared = Counter()
        for word in query_words:
            shared.update(by_word.get(word, ()))
            shared.update(by_word.get(word, ()))
            nearby = [
                other
                for length in range(len(word) - 2, len(word) + 3)
                for other in vocabulary.get((word[0], length), ())
                if other != word
            ]
            for similar in difflib.get_close_matches(word, nearby, n=3, cutoff=0.75):
                shared.update(by_word[similar])
        scored = []
        for entry, _count in shared.most_common(50):
            if entry.key == key:
                continue
            score = difflib.SequenceMatcher(None, key, entry.key).ratio()
            if query_words <= set(entry.words):
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

    def names_at(self, folded_words: list[str], start: int) -> list[Entry]:
        """Entries of every kind whose words begin at ``folded_words[start]``, longest first."""
        found = []
        for length in sorted(self.lengths.get(folded_words[start], ()), reverse=True):
            found += self.by_words.get(tuple(folded_words[start : start + length]), ())
        return found


_lock = threading.Lock()
_shared: dict = {"index": None, "stamp": None, "checked_at": 0.0}
# Seconds an index is used without asking the database whether another process changed a name.
CHECK_EVERY = 10.0


def _stamp():
    """Row count and latest change per kind: when another process writes, this changes."""
    return tuple(
        tuple(model.objects.aggregate(n=Count("pk"), last=Max("updated_at"), top=Max("pk")).values())
        for model, _field in KINDS.values()
    )


def name_index(*, max_age: float = CHECK_EVERY) -> NameIndex:
    """The current index of music names, rebuilt only after music names changed (module docstring).

    Writes in this process are seen at once; those of other processes within ``max_age`` seconds.
    """
    now = time.monotonic()
    with _lock:
        index, checked_at = _shared["index"], _shared["checked_at"]
        if index is not None and now - checked_at < max_age:
            return index
    stamp = _stamp()
    with _lock:
        if _shared["index"] is not None and _shared["stamp"] == stamp:
            _shared["checked_at"] = now
            return _shared["index"]
    index = NameIndex(_entries())
    with _lock:
        _shared.update(index=index, stamp=stamp, checked_at=now)
    return index


def forget_index() -> None:
    with _lock:
        _shared.update(index=None, stamp=None, checked_at=0.0)


def _entries():
    for kind, (model, field) in KINDS.items():
        for pk, name in (
            model.objects.exclude(Q(**{field: ""})).values_list("pk", field).iterator(chunk_size=5000)
        ):
            key = name_key(name)
            # Names share most of their words: one string per word keeps the index small.
            yield Entry(kind, pk, " ".join(name.split()), key, tuple(map(sys.intern, key.split())))


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
