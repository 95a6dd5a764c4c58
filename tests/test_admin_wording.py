"""Django's Indonesian admin reads as Indonesian editors write it: the slips of its own catalogues corrected.

The corrections live in locale_thirdparty/id/ (docs/public-site.md, "The admin's third-party words").
"""

import re
from pathlib import Path

import django
import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories
from tests.pophariini.test_translations import msgids

pytestmark = pytest.mark.django_db

DJANGO = Path(django.__file__).parent
# The catalogues whose messages the admin shows: its own pages, and the accounts and passwords.
ADMIN_CATALOGUES = [
    DJANGO / "contrib" / "admin" / "locale" / "id" / "LC_MESSAGES" / "django.po",
    DJANGO / "contrib" / "auth" / "locale" / "id" / "LC_MESSAGES" / "django.po",
]
# Words run together or misspelt ("dibawah" for "di bawah", "merubah" for "mengubah"),
# "mengedit" where the admin says "menyunting", and "anda" where Indonesian writes the
# polite "Anda".
SLIPS = re.compile(
    r"\b(?i:dibawah|diatas|merubah|rubah|silahkan|penghapusanobjek|autentifika\w*|autentidika\w*|"
    r"brerdasarkan|berdasarkan-sandi|mengedit\w*|menyunting itu)\b|\banda\b"
)

CORRECTED = [
    ("Change history: %s", "Riwayat perubahan: %s"),
    (
        "After you’ve created a user, you’ll be able to edit more user options.",
        "Setelah pengguna dibuat, Anda dapat mengubah pengaturannya yang lain.",
    ),
    ("Change or view list link", "Tautan untuk mengubah atau melihat daftar"),
    ("Filter navigation items", "Saring isi navigasi"),
    ("Enable password-based authentication", "Adakan autentikasi berbasis sandi"),
    ("Password-based authentication", "Autentikasi berbasis sandi"),
    (
        "Conflicting form data submitted. Please try again.",
        "Data formulir yang dikirim bertentangan. Silakan coba lagi.",
    ),
    (
        "Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.",
        "Wajib. Paling banyak 150 karakter. Hanya huruf, angka, dan @/./+/-/_.",
    ),
    (
        "Your password can’t be entirely numeric.",
        "Sandi Anda tidak boleh seluruhnya berupa angka.",
    ),
    (
        "%(model_name)s with this %(field_labels)s already exists.",
        "%(model_name)s dengan %(field_labels)s ini sudah ada.",
    ),
    ("Enter a whole number.", "Masukkan bilangan bulat."),
    ("Enter a valid integer.", "Masukkan bilangan bulat yang benar."),
    ("Enter a valid duration.", "Masukkan durasi yang benar."),
    ("Enter a valid UUID.", "Masukkan UUID yang benar."),
    ("You may edit it again below.", "Anda dapat menyuntingnya lagi di bawah."),
    (
        "The {name} “{obj}” was changed successfully. You may edit it again below.",
        "{name} “{obj}” berhasil diubah. Anda dapat menyuntingnya lagi di bawah.",
    ),
    ("Save and continue editing", "Simpan dan lanjut menyunting"),
    ("Go", "Jalankan"),
]


@pytest.mark.parametrize(("msgid", "indonesian"), CORRECTED)
def test_django_messages_read_as_indonesian(msgid, indonesian):
    with translation.override("id"):
        assert translation.gettext(msgid) == indonesian


def test_the_form_error_note_says_di_bawah():
    with translation.override("id"):
        for count in (1, 2):
            note = translation.ngettext(
                "Please correct the error below.", "Please correct the errors below.", count
            )
            assert note == "Harap perbaiki kesalahan di bawah."


@pytest.mark.parametrize("catalogue", ADMIN_CATALOGUES, ids=lambda path: path.parts[-5])
def test_no_admin_message_keeps_a_known_slip(catalogue):
    with translation.override("id"):
        found = [
            (msgid, text)
            for msgid in sorted(msgids(catalogue))
            if SLIPS.search(text := translation.gettext(msgid))
        ]
    assert not found, "\n".join(f"{msgid!r}: {text!r}" for msgid, text in found)


def test_a_refused_admin_form_and_a_history_page_show_the_corrections(admin_client):
    refused = admin_client.post(reverse("admin:articles_category_add"), {"name": "", "position": "satu"})
    html = refused.content.decode()
    assert "Harap perbaiki kesalahan di bawah." in html
    assert "Masukkan bilangan bulat." in html
    category = factories.CategoryFactory(name="Ulasan")
    history = admin_client.get(reverse("admin:articles_category_history", args=[category.pk]))
    assert "Riwayat perubahan: Ulasan" in history.content.decode()
    # The change list's action button runs the action; Django's "Buka" says "open".
    changelist = admin_client.get(reverse("admin:articles_category_changelist")).content.decode()
    assert re.search(r'title="Jalankan aksi terpilih"[^>]*>Jalankan</button>', changelist)
    user_form = admin_client.get(reverse("admin:auth_user_add")).content.decode()
    assert "Setelah pengguna dibuat, Anda dapat mengubah pengaturannya yang lain." in user_form
    assert "Autentikasi berbasis sandi" in user_form
