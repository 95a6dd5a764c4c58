"""The Indonesian and English catalogues are complete and compiled."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"


def entries(language):
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text()
    return [block for block in text.split("\n\n")[1:] if "msgid" in block]


@pytest.mark.parametrize("language", ["id", "en"])
def test_catalogue_has_no_empty_or_fuzzy_translation(language):
    found = entries(language)
    assert len(found) > 200
    for block in found:
        assert "#, fuzzy" not in block, block
        assert not re.search(r'^msgstr(\[\d\])? ""$(?!\n")', block, re.M), block


@pytest.mark.parametrize("language", ["id", "en"])
def test_compiled_catalogue_is_newer_than_its_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    assert (folder / "django.mo").stat().st_mtime >= (folder / "django.po").stat().st_mtime - 1


def test_reader_strings_translate_to_english():
    with translation.override("en"):
        assert translation.gettext("Eksplor konten lain") == "Explore more"
        assert translation.gettext("Musik dalam artikel ini") == "Music in this article"
    with translation.override("id"):
        assert translation.gettext("Eksplor konten lain") == "Eksplor konten lain"
