"""Photos where the words are: inserted in the body editor by upload or from the library, seen there,
then in place on the public page with their captions and credits."""

import base64
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from articles.models import Article, Category, Figure
from tests import factories
from tests.browser import admin_ui
from tests.browser.conftest import save_screenshot

pytestmark = pytest.mark.browser

PASSWORD = "pw-ruang-foto-2025"
PARAGRAPHS = [
    "Sissy dan Vanesha Prescillia merekam tujuh lagu untuk film Backstage.",
    "Melangkah menjadi duet pertama kakak-beradik itu di layar lebar.",
]


def jpeg(path, color, label):
    image = Image.new("RGB", (900, 600), color)
    ImageDraw.Draw(image).text((40, 40), label, fill=(255, 255, 255))
    image.save(path, "JPEG", quality=85)
    return path


@pytest.fixture
def people(django_user_model):
    call_command("setup_roles", stdout=io.StringIO())

    def person(username, group):
        user = django_user_model.objects.create_user(
            username, f"{username}@example.com", PASSWORD, is_staff=True
        )
        user.groups.add(Group.objects.get(name=group))
        return user

    return {"editor": person("redaktur", "Editor"), "kontributor": person("dewi", "Kontributor")}


def article_with_text(**kwargs):
    kwargs.setdefault("body", "".join(f"<p>{text}</p>" for text in PARAGRAPHS))
    return factories.ArticleFactory(
        title="Tujuh Lagu untuk Backstage",
        category=Category.objects.get_or_create(slug="berita", defaults={"name": "Berita"})[0],
        **kwargs,
    )


def open_photo_dialog(page):
    page.locator(".prose-menubar button[title='Sisipkan foto']").click()
    dialog = page.locator("dialog.photo-chooser[open]")
    expect(dialog).to_be_visible()
    return dialog


def test_editor_uploads_photos_into_the_text_and_readers_see_them_in_place(new_page, people, tmp_path):
    article = article_with_text(
        status=Article.Status.PUBLISHED, publish_at=timezone.now() - timedelta(hours=1)
    )
    studio = jpeg(tmp_path / "studio-rekaman.jpg", (40, 90, 160), "Studio")
    stage = jpeg(tmp_path / "panggung-backstage.jpg", (160, 60, 40), "Panggung")
    broken = tmp_path / "bukan-foto.jpg"
    broken.write_bytes(b"ini bukan gambar")

    page = new_page()
    admin_ui.sign_in(page, "redaktur")
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    # The toolbar speaks Indonesian.
    expect(page.locator(".prose-menubar button[title='tebal']")).to_have_count(1)
    expect(page.locator(".prose-menubar button[title='sisipkan tautan']")).to_have_count(1)
    # The block-type menu's drop-down mark is drawn, not a character many fonts lack (an empty box).
    mark = page.locator(".prose-menubar__selected").first.evaluate(
        "e => getComputedStyle(e, '::after').content"
    )
    assert mark == '""'
    admin_ui.caret_at_end_of(page, PARAGRAPHS[0])

    dialog = open_photo_dialog(page)
    dialog.get_by_role("tab", name="Unggah baru").click()
    dialog.locator("input[type=file]").set_input_files([studio, broken])
    uploads = dialog.locator(".photo-chooser__upload")
    expect(uploads).to_have_count(2)
    # Alt text is required: nothing is sent without it, and the dialog says why in Indonesian.
    dialog.get_by_role("button", name="Unggah").click()
    expect(uploads.nth(0).locator(".photo-chooser__error")).to_contain_text("Isi teks alternatif")
    expect(uploads).to_have_count(2)
    uploads.nth(0).get_by_label("Teks alternatif (wajib)").fill("Sissy dan Vanesha di studio rekaman")
    uploads.nth(0).get_by_label("Keterangan").fill("Sesi rekaman Melangkah")
    uploads.nth(0).get_by_label("Kredit").fill("Dok: Paragon Pictures")
    uploads.nth(1).get_by_label("Teks alternatif (wajib)").fill("Berkas rusak")
    uploads.nth(1).get_by_label("Keterangan").fill("Keterangan yang tidak boleh hilang")
    dialog.get_by_role("button", name="Unggah").click()

    # The good one is in the text; the refused one stays in the dialog with its words and the reason.
    expect(uploads).to_have_count(1)
    expect(uploads.first.locator(".photo-chooser__error")).to_contain_text("gambar")
    expect(uploads.first.get_by_label("Keterangan")).to_have_value("Keterangan yang tidak boleh hilang")
    save_screenshot(page, "editor-photos-upload-refused")
    uploads.first.get_by_role("button", name="Buang").click()

    # A second photo dropped onto the dialog.
    payload = base64.b64encode(stage.read_bytes()).decode()
    dialog.locator(".photo-chooser__panel:not([hidden])").evaluate(
        """(panel, data) => {
            const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0))
            const transfer = new DataTransfer()
            transfer.items.add(new File([bytes], "panggung-backstage.jpg", { type: "image/jpeg" }))
            panel.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true }))
        }""",
        payload,
    )
    expect(uploads).to_have_count(1)
    uploads.first.get_by_label("Teks alternatif (wajib)").fill("Vanesha di panggung")
    uploads.first.get_by_label("Kredit").fill("Foto: Arya Nugraha")
    dialog.get_by_role("button", name="Unggah").click()
    expect(dialog).to_be_hidden()

    editor = admin_ui.body_editor(page)
    figures = editor.locator("figure.body-figure")
    expect(figures).to_have_count(2)
    expect(figures.nth(0).locator("figcaption")).to_contain_text("Sesi rekaman Melangkah")
    expect(figures.nth(0).locator(".credit")).to_have_text("Dok: Paragon Pictures")
    expect(figures.nth(1).locator(".credit")).to_have_text("Foto: Arya Nugraha")
    expect(figures.nth(0).locator("img")).to_have_attribute("src", re.compile(r"\.webp$"))
    # Move the second photo below the second paragraph.
    figures.nth(1).get_by_role("button", name="↓ Turunkan").click()
    expect(editor.locator(":scope > *")).to_have_count(4)
    save_screenshot(page, "editor-photos-in-the-editor")
    admin_ui.save(page, "_continue")

    # Stored as codes with their rows; reopened, the editor shows the photos, never a code.
    article.refresh_from_db()
    assert article.placeholders == [1, 2]
    rows = list(Figure.objects.filter(article=article).order_by("position").select_related("photo"))
    assert [(f.key, f.photo.alt_text) for f in rows] == [
        (1, "Sissy dan Vanesha di studio rekaman"),
        (2, "Vanesha di panggung"),
    ]
    expect(admin_ui.body_editor(page).locator("figure.body-figure")).to_have_count(2)
    expect(admin_ui.body_editor(page)).not_to_contain_text("[foto")

    reader = new_page()
    reader.goto(article.get_absolute_url())
    first = reader.locator("article figure", has_text="Sesi rekaman Melangkah")
    expect(first.locator("figcaption .credit")).to_have_text("Dok: Paragon Pictures")
    expect(first.locator("xpath=preceding-sibling::*[1]")).to_have_text(PARAGRAPHS[0])
    second = reader.locator("article figure").filter(
        has=reader.locator(".credit", has_text="Foto: Arya Nugraha")
    )
    expect(second.locator("xpath=preceding-sibling::*[1]")).to_have_text(PARAGRAPHS[1])
    save_screenshot(reader, "editor-photos-public-page")


def test_kontributor_chooses_a_photo_from_the_library_and_edits_its_caption(new_page, people):
    factories.PhotoFactory(alt_text="Poster film lain", caption="Poster", credit="Dok: Sinema Lain")
    chosen = factories.PhotoFactory(
        alt_text="Vanesha dan Sissy berdiri berdampingan",
        caption="Vanesha dan Sissy",
        credit="Dok: Paragon Pictures",
    )
    article = article_with_text(draft=True, created_by=people["kontributor"])

    page = new_page()
    admin_ui.sign_in(page, "dewi")
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    admin_ui.caret_at_end_of(page, PARAGRAPHS[1])
    dialog = open_photo_dialog(page)
    tiles = dialog.locator(".photo-chooser__tile")
    expect(tiles).to_have_count(2)
    dialog.get_by_label("Cari foto").fill("Paragon")
    expect(tiles).to_have_count(1)
    tiles.first.click()
    dialog.get_by_label("Keterangan").fill("Sissy dan Vanesha saat syuting Backstage")
    save_screenshot(page, "editor-photos-choose")
    dialog.get_by_role("button", name="Sisipkan foto ini").click()

    figure = admin_ui.body_editor(page).locator("figure.body-figure")
    expect(figure.locator("figcaption")).to_contain_text("Sissy dan Vanesha saat syuting Backstage")
    expect(figure.locator(".credit")).to_have_text("Dok: Paragon Pictures")
    # Edited in place: the credit of this article only.
    figure.get_by_role("button", name="Ubah keterangan").click()
    edit = page.locator("dialog.photo-chooser[open]")
    edit.get_by_label("Kredit").fill("Foto: Paragon Pictures/Arya")
    edit.get_by_role("button", name="Simpan").click()
    expect(figure.locator(".credit")).to_have_text("Foto: Paragon Pictures/Arya")
    admin_ui.save(page, "_continue")

    row = Figure.objects.get(article=article)
    assert (row.photo, row.caption, row.credit) == (
        chosen,
        "Sissy dan Vanesha saat syuting Backstage",
        "Foto: Paragon Pictures/Arya",
    )
    article.refresh_from_db()
    assert article.body.endswith(f"<p>{PARAGRAPHS[1]}</p><p>[foto {row.key}]</p>")

    # Published by an Editor, the reader sees it under the second paragraph.
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, publish_at=timezone.now() - timedelta(minutes=5)
    )
    reader = new_page()
    reader.goto(article.get_absolute_url())
    placed = reader.locator("article figure", has_text="Sissy dan Vanesha saat syuting Backstage")
    expect(placed.locator("figcaption .credit")).to_have_text("Foto: Paragon Pictures/Arya")
    expect(placed.locator("xpath=preceding-sibling::*[1]")).to_have_text(PARAGRAPHS[1])


def test_article_saved_with_codes_opens_with_photos_and_a_removed_one_is_gone(new_page, people):
    first, second = (
        factories.PhotoFactory(caption="Foto pertama"),
        factories.PhotoFactory(caption="Foto kedua"),
    )
    article = article_with_text(
        body=f"<p>{PARAGRAPHS[0]}</p><p>[foto 1]</p><p>{PARAGRAPHS[1]}</p><p>[foto 2]</p>"
    )
    factories.FigureFactory(article=article, photo=first, key=1)
    factories.FigureFactory(article=article, photo=second, key=2)

    page = new_page()
    admin_ui.sign_in(page, "redaktur")
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    editor = admin_ui.body_editor(page)
    figures = editor.locator("figure.body-figure")
    expect(figures).to_have_count(2)
    expect(figures.nth(0).locator("figcaption")).to_contain_text("Foto pertama")
    expect(editor).not_to_contain_text("[foto")
    figures.nth(0).get_by_role("button", name="Hapus foto").click()
    expect(figures).to_have_count(1)
    admin_ui.save(page, "_continue")

    article.refresh_from_db()
    assert article.placeholders == [2]
    assert list(article.figures.values_list("key", flat=True)) == [2]


def test_hero_photo_is_chosen_by_its_thumbnail(new_page, people, tmp_path):
    article = article_with_text()
    poster = jpeg(tmp_path / "poster-backstage.jpg", (90, 30, 120), "Poster")
    page = new_page()
    admin_ui.sign_in(page, "redaktur")
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    field = page.locator(".field-hero [data-photo-chooser]")
    field.get_by_role("button", name="Pilih atau unggah foto").click()
    dialog = page.locator("dialog.photo-chooser[open]")
    dialog.get_by_role("tab", name="Unggah baru").click()
    dialog.locator("input[type=file]").set_input_files(poster)
    dialog.get_by_label("Teks alternatif (wajib)").fill("Poster film Backstage")
    dialog.get_by_label("Kredit").fill("Dok: Paragon Pictures")
    dialog.get_by_role("button", name="Unggah").click()
    expect(dialog).to_be_hidden()
    expect(field.locator("[data-thumb]")).to_be_visible()
    expect(field.locator("[data-credit]")).to_have_text("Dok: Paragon Pictures")
    save_screenshot(page, "editor-photos-hero-chooser")
    admin_ui.save(page, "_continue")
    article.refresh_from_db()
    assert article.hero.alt_text == "Poster film Backstage"


def test_the_chooser_opens_on_upload_while_the_library_is_empty_and_on_the_library_after(new_page, people):
    """With nothing to pick from, the dialog starts where a photo can be added."""
    article = article_with_text(draft=True)
    page = new_page()
    admin_ui.sign_in(page, "redaktur")
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    dialog = open_photo_dialog(page)
    expect(dialog.get_by_role("tab", name="Unggah baru")).to_have_attribute("aria-selected", "true")
    expect(dialog.locator(".photo-chooser__dropzone")).to_be_visible()
    dialog.locator(".photo-chooser__close").click()

    factories.PhotoFactory(alt_text="Poster film Backstage")
    page.locator(".field-hero [data-photo-chooser]").get_by_role(
        "button", name="Pilih atau unggah foto"
    ).click()
    dialog = page.locator("dialog.photo-chooser[open]")
    expect(dialog.locator(".photo-chooser__tile")).to_have_count(1)
    expect(dialog.get_by_role("tab", name="Pilih dari pustaka")).to_have_attribute("aria-selected", "true")
