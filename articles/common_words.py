"""Everyday words (mostly Indonesian, some English) that are also names of bands, singers and songs.

A music name made only of these words ("Dia", "Kita", "Tangga", "Apa Adanya") is suggested
from an article's text only where it reads as a name: capitalised away from the start of
a sentence, or in quotation marks (``articles.suggestions``). The words are in
``common_words.txt`` beside this module, folded (lower case, no accents).
"""

from pathlib import Path


def _read(path: Path) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(word for line in lines if not line.startswith("#") for word in line.split())


COMMON_WORDS = _read(Path(__file__).with_name("common_words.txt"))
