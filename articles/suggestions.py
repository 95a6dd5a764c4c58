"""Music an article's text names: artists, songs, releases and films in the database, offered for linking.

``suggest_music()`` reads the title, dek and body, finds every music name of
``music.matching.name_index()`` there as whole words (case and accents ignored), and
keeps what reads as a name: any occurrence of a distinctive name ("Sheila On 7"), but a
name made of everyday words ("Dia", "Kita", "Tangga", ``articles.common_words``) only
where it is capitalised away from the start of a sentence, or in quotation marks or
italics. In a title-cased line (a headline) capitals say nothing, so there only quotation
marks count. Scanning costs one dictionary look-up per word of the text.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.db.models import Prefetch

from articles.common_words import COMMON_WORDS
from music.matching import fold, name_index
from music.models import Artist, Film, Release, Song

# Where suggestions go: kind → the article's many-to-many field.
FIELDS = {"artist": "artists", "song": "songs", "release": "releases", "film": "films"}
MODELS = {"artist": Artist, "song": Song, "release": Release, "film": Film}
PER_KIND = 20

OPENING_QUOTES = "\"'“‘«„"
CLOSING_QUOTES = "\"'”’»"
SENTENCE_END = ".!?…:;"
# Markers for italics and quotations in HTML, as quotation marks around the text.
ITALIC_OPEN, ITALIC_CLOSE = "“", "”"
WORD = re.compile(r"\w+")

BLOCKS = {
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "td",
    "th",
    "figcaption",
    "div",
    "br",
    "tr",
}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
ITALICS = {"em", "i", "cite", "q"}


@dataclass
class Suggestion:
    kind: str
    field: str
    obj: object
    # The words as the text wrote them, for the editor to recognise.
    found_as: str

    @property
    def label(self) -> str:
        return str(self.obj)

    @property
    def kind_label(self) -> str:
        return str(MODELS[self.kind]._meta.verbose_name)


class _Blocks(HTMLParser):
    """The body's text as blocks (paragraphs, list items, headings), italics as quotation marks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, bool]] = []
        self.current: list[str] = []
        self.heading = False

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.flush()
            self.heading = tag in HEADINGS
        elif tag in ITALICS:
            self.current.append(ITALIC_OPEN)

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.flush()
        elif tag in ITALICS:
            self.current.append(ITALIC_CLOSE)

    def handle_data(self, data):
        self.current.append(data)

    def flush(self):
        text = "".join(self.current).strip()
        if text:
            self.blocks.append((text, self.heading))
        self.current, self.heading = [], False


def text_blocks(*, title: str = "", dek: str = "", body: str = "") -> list[tuple[str, bool]]:
    """(text, is_heading) for the title, the dek and each block of the body."""
    parser = _Blocks()
    parser.feed(body or "")
    parser.close()
    parser.flush()
    return [(title, True), (dek, False), *parser.blocks]


@dataclass
class _Word:
    folded: str
    written: str
    sentence_start: bool
    opens_quote: bool
    closes_quote: bool


def _words(text: str) -> list[_Word]:
    words = []
    matches = list(WORD.finditer(text))
    for number, match in enumerate(matches):
        before = text[matches[number - 1].end() if number else 0 : match.start()]
        after_end = matches[number + 1].start() if number + 1 < len(matches) else len(text)
        after = text[match.end() : after_end]
        punctuation_before = before.strip(" " + OPENING_QUOTES + "([")
        words.append(
            _Word(
                folded=fold(match.group()),
                written=match.group(),
                sentence_start=number == 0
                or (bool(punctuation_before) and punctuation_before[-1] in SENTENCE_END),
                opens_quote=any(quote in before for quote in OPENING_QUOTES),
                closes_quote=any(quote in after for quote in CLOSING_QUOTES),
            )
        )
    return words


def _title_cased(words: list[_Word]) -> bool:
    long_words = [word for word in words if len(word.written) > 3 and word.written.isalpha()]
    return bool(long_words) and sum(word.written[0].isupper() for word in long_words) >= 0.6 * len(long_words)


# Endings that make a word of another ("adanya", "hatiku", "untukmu", "siapakah").
SUFFIXES = ("nya", "ku", "mu", "lah", "kah", "pun")


def _common_word(word: str) -> bool:
    if word in COMMON_WORDS or word.isdigit():
        return True
    return any(word.endswith(suffix) and word[: -len(suffix)] in COMMON_WORDS for suffix in SUFFIXES)


def _is_common(entry) -> bool:
    return all(_common_word(word) for word in entry.words)


def _reads_as_name(entry, words: list[_Word], start: int, *, heading_case: bool) -> bool:
    span = words[start : start + len(entry.words)]
    if len(entry.key) < 2:
        return False
    if not _is_common(entry):
        return True
    quoted = span[0].opens_quote and span[-1].closes_quote
    if quoted:
        return True
    if heading_case or span[0].sentence_start:
        return False
    name_words = WORD.findall(entry.name)
    # Each word the name capitalises is capitalised in the text, and the first always.
    return span[0].written[0].isupper() and all(
        written.written[0].isupper()
        for written, named in zip(span, name_words, strict=False)
        if named[0].isupper()
    )


def find_names(blocks, index=None) -> list[tuple[object, str]]:
    """(index entry, the words as written) for every music name that reads as a name, first found first."""
    index = index or name_index()
    found, seen = [], set()
    for text, is_heading in blocks:
        words = _words(text or "")
        heading_case = is_heading and _title_cased(words)
        folded = [word.folded for word in words]
        taken: list[tuple[int, int]] = []
        for start in range(len(words)):
            for entry in index.names_at(folded, start):
                end = start + len(entry.words)
                if any(s <= start and end <= e and (e - s) > (end - start) for s, e in taken):
                    continue  # "Sheila" inside "Sheila On 7"
                if not _reads_as_name(entry, words, start, heading_case=heading_case):
                    continue
                taken.append((start, end))
                if (entry.kind, entry.pk) not in seen:
                    seen.add((entry.kind, entry.pk))
                    found.append((entry, " ".join(w.written for w in words[start:end])))
    return found


def suggest_music(*, title="", dek="", body="", exclude=None) -> list[Suggestion]:
    """Music named in the text and not in ``exclude`` (kind → pks already linked), at most 20 per kind."""
    exclude = {kind: set(pks) for kind, pks in (exclude or {}).items()}
    found = [
        (entry, written)
        for entry, written in find_names(text_blocks(title=title, dek=dek, body=body))
        if entry.pk not in exclude.get(entry.kind, ())
    ]
    by_kind: dict[str, list] = {}
    for entry, written in found:
        by_kind.setdefault(entry.kind, [])
        if len(by_kind[entry.kind]) < PER_KIND:
            by_kind[entry.kind].append((entry, written))
    objects = {}
    for kind, entries in by_kind.items():
        queryset = MODELS[kind].objects.all()
        if kind == "song":
            queryset = queryset.prefetch_related(
                Prefetch("original_artists", queryset=Artist.objects.only("name"))
            )
        objects[kind] = queryset.in_bulk([entry.pk for entry, _written in entries])
    return [
        Suggestion(entry.kind, FIELDS[entry.kind], objects[entry.kind][entry.pk], written)
        for entry, written in found
        if entry.pk in objects.get(entry.kind, {})
    ]


def suggestions_for(article) -> list[Suggestion]:
    """Music the saved ``article``'s text names that it does not link yet."""
    exclude = {
        kind: set(getattr(article, field).values_list("pk", flat=True)) for kind, field in FIELDS.items()
    }
    return suggest_music(title=article.title, dek=article.dek, body=article.body, exclude=exclude)
