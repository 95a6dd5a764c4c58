"""The Indonesian and English catalogues are complete and compiled."""

import gettext
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
def test_compiled_catalogue_holds_every_source_entry(language):
    folder = LOCALE / language / "LC_MESSAGES"
    with open(folder / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    singular = {key[0] if isinstance(key, tuple) else key for key in compiled}
    for block in entries(language):
        msgid = "".join(
            re.findall(r'^(?:msgid )?"(.*)"$', block.split("msgid_plural")[0].split("msgstr")[0], re.M)
        )
        assert msgid.replace('\\"', '"').replace("\\n", "\n") in singular, msgid


def test_reader_strings_translate_to_english():
    with translation.override("en"):
        assert translation.gettext("Eksplor konten lain") == "Explore more"
        assert translation.gettext("Musik dalam artikel ini") == "Music in this article"
    with translation.override("id"):
        assert translation.gettext("Eksplor konten lain") == "Eksplor konten lain"
