"""Every project command's --help speaks one language: Indonesian by default, English in the en catalogue."""

import re

import pytest
from django.core.management import get_commands, load_command_class
from django.utils import translation

PROJECT_APPS = {"articles", "music", "pophariini"}
COMMANDS = sorted((name, app) for name, app in get_commands().items() if app in PROJECT_APPS)

# Common words that give the other language away; none is also a word of the language checked.
ENGLISH = {
    "the", "and", "of", "to", "or", "with", "without", "when", "only", "this", "that", "show", "help",
    "message", "exit", "usage", "options", "positional", "arguments", "level", "output", "verbose",
    "directory", "display", "skip", "checks", "create", "report", "missing", "file", "look", "back",
}  # fmt: skip
INDONESIAN = {
    "dan", "atau", "yang", "untuk", "tidak", "tanpa", "dari", "bila", "dengan", "ini", "hanya",
    "tampilkan", "pesan", "keluar", "pemakaian", "opsi", "argumen", "berkas", "basis", "buat",
}  # fmt: skip


def help_words(name, app):
    """The words of ``manage.py <name> --help`` that are prose (option names and metavars left out)."""
    parser = load_command_class(app, name).create_parser("manage.py", name)
    text = parser.format_help()
    text = re.sub(r"manage\.py \w+", " ", text)  # the program name
    text = re.sub(r"--?[\w-]+|\{[^}]*\}|\b[A-Z][A-Z_]+\b", " ", text)  # options, choices, metavars
    return set(re.findall(r"[a-z]+", text.lower()))


def test_the_project_has_its_commands():
    assert {name for name, _app in COMMANDS} >= {
        "check_content",
        "create_database",
        "import_wordpress",
        "publish_scheduled",
        "rebuild_renditions",
        "seed_demo",
        "setup_roles",
    }


@pytest.mark.parametrize(("name", "app"), COMMANDS)
@pytest.mark.parametrize(("language", "foreign"), [("id", ENGLISH), ("en", INDONESIAN)], ids=["id", "en"])
def test_command_help_is_entirely_in_the_sites_language(name, app, language, foreign):
    with translation.override(language):
        words = help_words(name, app)
    assert not words & foreign, f"{name} --help in {language!r} has {sorted(words & foreign)}"


@pytest.mark.parametrize(("name", "app"), COMMANDS)
def test_command_help_has_its_own_description_in_both_languages(name, app):
    command = load_command_class(app, name)
    with translation.override("id"):
        indonesian = str(command.help)
    with translation.override("en"):
        english = str(command.help)
    assert indonesian and english and indonesian != english
