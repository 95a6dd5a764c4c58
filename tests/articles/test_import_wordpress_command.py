"""The import_wordpress command: its summary, one-line errors, help and progress bar."""

import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from articles.management.commands.import_wordpress import Command as ImportCommand
from articles.management.commands.import_wordpress import ProgressBar
from articles.models import Article
from tests.articles.wordpress_exports import FIXTURES

pytestmark = pytest.mark.django_db


def test_command_prints_a_summary():
    out = StringIO()

    call_command("import_wordpress", str(FIXTURES / "pophariini-1.1.xml"), stdout=out)

    text = out.getvalue()
    assert "Impor selesai." in text
    assert "Artikel: 1 (1 baru, 0 diperbarui)" in text
    assert "Halaman statis: 1 terbit" in text
    assert "1 berkas hilang" in text
    assert "nav_menu_item: 1" in text


def test_command_dry_run_says_nothing_was_saved():
    out = StringIO()

    call_command("import_wordpress", str(FIXTURES / "pophariini-1.1.xml"), "--dry-run", stdout=out)

    assert "tidak ada yang disimpan" in out.getvalue()
    assert Article.objects.count() == 0


def test_command_lists_missing_files_when_verbose():
    out = StringIO()

    call_command("import_wordpress", str(FIXTURES / "pophariini-1.1.xml"), verbosity=2, stdout=out)

    assert "berkas hilang: 2022/01/backstage.jpg" in out.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tidak-ada.xml"], "Berkas tidak ditemukan"),
        ([str(FIXTURES / "pophariini-1.1.xml"), "--media-dir", "tidak-ada"], "Folder media tidak ditemukan"),
        ([str(FIXTURES / "malformed.xml")], "XML rusak di baris 20"),
        ([str(FIXTURES / "billion-laughs.xml")], "DOCTYPE"),
    ],
)
def test_command_fails_with_a_one_line_error(args, message):
    with pytest.raises(CommandError, match=message) as error:
        call_command("import_wordpress", *args)

    assert "\n" not in str(error.value)
    assert Article.objects.count() == 0


def test_command_reports_a_database_error_in_one_line(monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed: articles_article.slug\nDETAIL: more")

    monkeypatch.setattr(Article, "save", broken_save)

    with pytest.raises(CommandError, match="tidak ada yang diimpor: UNIQUE constraint failed") as error:
        call_command("import_wordpress", str(FIXTURES / "pophariini-1.1.xml"), stdout=StringIO())

    assert "\n" not in str(error.value)


def test_command_help_explains_in_plain_words():
    text = ImportCommand().create_parser("manage.py", "import_wordpress").format_help()

    assert "ekspor WordPress" in text and "--media-dir" in text and "--dry-run" in text


def test_progress_bar_is_drawn_only_on_a_terminal(monkeypatch):
    drawn = StringIO()
    bar = ProgressBar(drawn, width=10)

    bar(50, 100)
    bar(100, 100)

    assert drawn.getvalue().endswith("\r[##########] 100%")
    monkeypatch.setattr("sys.stderr", StringIO())  # not a terminal: nothing but the summary
    call_command("import_wordpress", str(FIXTURES / "pophariini-1.1.xml"), stdout=StringIO())
    assert "[" not in sys.stderr.getvalue()
