"""The Indonesian and English catalogues are complete and compiled."""

import gettext
import os
import re
import shutil
import subprocess
import sys
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


def msgids(po_file):
    """The msgids of a .po file (the header's empty one left out)."""
    found = set()
    for block in po_file.read_text().split("\n\n"):
        lines = block.split("msgid_plural")[0].split("msgstr")[0]
        text = "".join(re.findall(r'^(?:#~ )?(?:msgid )?"(.*)"$', lines, re.M))
        if "msgid" in lines and text:
            found.add(text)
    return found


@pytest.mark.skipif(not shutil.which("xgettext"), reason="makemessages needs GNU gettext")
def test_every_translatable_string_in_the_source_is_in_the_catalogues(tmp_path):
    """A string marked for translation but never extracted would show in Indonesian to English readers."""
    source = Path(settings.BASE_DIR)
    for name in ("articles", "music", "pophariini", "templates", "locale"):
        shutil.copytree(source / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(source / "manage.py", tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-location", "--verbosity", "0"],
        cwd=tmp_path,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "pophariini.settings", "SECRET_KEY": "x", "DEBUG": "1"},
        check=True,
    )
    extracted = msgids(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po")
    assert len(extracted) > 200
    for language in ("id", "en"):
        missing = extracted - msgids(LOCALE / language / "LC_MESSAGES" / "django.po")
        assert not missing, (
            f"run makemessages (docs/public-site.md); not in locale/{language}: {sorted(missing)}"
        )
