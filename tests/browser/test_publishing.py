"""Publishing without guessing, in a real browser: named actions per role, the newsroom desk,
the soft-lock notice between two people, unsaved changes restored, tag suggestions, preview."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from taggit.models import Tag

from articles import locks
from articles.models import Article, Author, Category
from tests.browser import admin_ui
from tests.browser.conftest import save_screenshot
from tests.factories import ArticleFactory, FigureFactory, PhotoFactory

pytestmark = pytest.mark.browser

PASSWORD = "pw-meja-redaksi-2025"


@pytest.fixture
def newsroom(django_user_model):
    call_command("setup_roles", stdout=io.StringIO())
    people = {}
    for username, group, first_name in (
        ("nadia", "Editor", "Nadia"),
        ("bima", "Editor", "Bima"),
        ("dewi", "Kontributor", "Dewi"),
    ):
        user = django_user_model.objects.create_user(
            username, f"{username}@example.com", PASSWORD, is_staff=True, first_name=first_name
        )
        user.groups.add(Group.objects.get(name=group))
        people[username] = user
    Author.objects.create(name="Dewi Kartika", user=people["dewi"])
    Category.objects.create(name="Berita", slug="berita", position=1)
    return people


def open_article(page, article):
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    expect(page.locator(".publishing-state")).to_be_visible()


def head(page):
    return page.locator(".publishing-state")


def test_an_editor_schedules_publishes_and_takes_down_with_named_actions(new_page, newsroom):
    article = ArticleFactory(draft=True, title="Sheila On 7 Umumkan Tur", created_by=newsroom["dewi"])
    page = new_page()
    admin_ui.sign_in(page, "nadia")
    open_article(page, article)
    expect(head(page)).to_have_text("Draf: belum tayang")
    expect(page.locator(".publishing-bar > button, .publishing-bar summary")).to_have_text(
        ["Simpan draf", "Terbitkan sekarang", "Jadwalkan…"]
    )
    expect(page.locator("#id_status")).to_have_count(0)
    save_screenshot(page, "publishing-editor-draft")

    # "Jadwalkan…" opens a date and time in the site's zone (WIB).
    page.locator(".publishing-schedule summary").click()
    expect(page.locator("label[for=id_scheduled_for]")).to_contain_text("WIB")
    page.locator("#id_scheduled_for").fill("2031-01-06T09:00")
    save_screenshot(page, "publishing-editor-schedule-open")
    with page.expect_navigation():
        page.locator(".publishing-schedule button[value=schedule]").click()
    admin_ui.expect_success(page)
    expect(head(page)).to_have_text("Terjadwal: tayang Senin, 6 Januari 2031 09.00 WIB")
    expect(page.locator(".publishing-schedule summary")).to_have_text("Jadwalkan ulang…")
    save_screenshot(page, "publishing-editor-scheduled")

    admin_ui.article_action(page, "Terbitkan sekarang")
    expect(head(page)).to_contain_text("Terbit: tayang sejak")
    article.refresh_from_db()
    assert article.is_published and article.published_by == newsroom["nadia"]
    expect(page.locator(".publishing-bar > button")).to_have_text(["Simpan perubahan", "Tarik dari situs"])

    admin_ui.article_action(page, "Tarik dari situs")
    expect(head(page)).to_have_text("Draf: belum tayang")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_a_kontributor_saves_a_draft_and_sends_it_for_review(new_page, newsroom):
    page = new_page()
    admin_ui.sign_in(page, "dewi")
    admin_ui.open_add_form(page, "articles/article")
    expect(head(page)).to_have_text("Artikel baru: belum disimpan, belum tayang")
    expect(page.locator(".publishing-bar button")).to_have_text(["Simpan draf", "Kirim untuk ditinjau"])
    page.locator("#id_title").press_sequentially("Catatan dari Konser Hujan")
    admin_ui.choose(page, "id_category", "Berita")
    admin_ui.article_action(page, "Simpan draf")
    expect(head(page)).to_have_text("Draf: belum tayang")
    save_screenshot(page, "publishing-kontributor-draft")

    admin_ui.article_action(page, "Kirim untuk ditinjau")
    expect(head(page)).to_have_text("Menunggu tinjauan: belum tayang")
    expect(page.locator(".publishing-bar button")).to_have_text(["Simpan perubahan"])
    save_screenshot(page, "publishing-kontributor-review")
    article = Article.objects.get(title="Catatan dari Konser Hujan")
    assert article.status == Article.Status.REVIEW and article.created_by == newsroom["dewi"]


def test_the_desk_shows_each_queue_and_leads_to_the_article(new_page, newsroom):
    ArticleFactory(review=True, title="Menunggu Redaksi", created_by=newsroom["dewi"])
    ArticleFactory(scheduled=True, title="Tayang Besok Pagi")
    ArticleFactory(draft=True, title="Draf Nadia", created_by=newsroom["nadia"])
    ArticleFactory(title="Baru Saja Tayang", publish_at=timezone.now() - timedelta(minutes=5))
    broken = ArticleFactory(draft=True, title="Foto Tanpa Kredit", created_by=newsroom["nadia"])
    FigureFactory(article=broken, credit="", photo=PhotoFactory(credit=""))

    page = new_page()
    admin_ui.sign_in(page, "nadia")
    page.goto("/admin/")
    expect(page.locator("#desk-review")).to_contain_text("Menunggu Redaksi")
    expect(page.locator("#desk-review")).to_contain_text("Dewi")
    expect(page.locator("#desk-scheduled")).to_contain_text("Tayang Besok Pagi")
    expect(page.locator("#desk-drafts")).to_contain_text("Draf Nadia")
    expect(page.locator("#desk-published")).to_contain_text("Baru Saja Tayang")
    expect(page.locator("#desk-problems")).to_contain_text("foto tanpa kredit")
    # Django's list of sections is still there, under the desk.
    expect(page.locator("#content-main .app-articles")).to_be_visible()
    save_screenshot(page, "desk-editor")

    # The article list fits a 1280-pixel laptop beside the menu and the filters: every column
    # in view without scrolling sideways, each story's state over its publish time.
    page.goto("/admin/articles/article/")
    expect(page.locator("#result_list tr", has_text="Tayang Besok Pagi")).to_contain_text("Terjadwal")
    assert page.locator("#nav-sidebar").is_visible() and page.locator("#changelist-filter").is_visible()
    assert page.locator(".results").evaluate("e => e.scrollWidth <= e.clientWidth")
    save_screenshot(page, "article-list-editor")

    page.goto("/admin/")
    page.locator("#desk-problems a", has_text="Foto Tanpa Kredit").click()
    expect(page.locator("#id_title")).to_have_value("Foto Tanpa Kredit")

    writer = new_page()
    admin_ui.sign_in(writer, "dewi")
    writer.goto("/admin/")
    expect(writer.locator("#desk-review")).to_contain_text("Menunggu Redaksi")
    expect(writer.locator("#newsroom-desk")).not_to_contain_text("Tayang Besok Pagi")
    save_screenshot(writer, "desk-kontributor")


def test_a_second_editor_sees_who_has_the_article_open_until_they_leave(new_page, newsroom, monkeypatch):
    monkeypatch.setattr(locks, "HEARTBEAT_SECONDS", 1)
    article = ArticleFactory(draft=True, title="Rilisan Baru Efek Rumah Kaca")
    nadia = new_page()
    admin_ui.sign_in(nadia, "nadia")
    open_article(nadia, article)
    expect(nadia.locator(".edit-lock-notice")).to_be_hidden()

    bima = new_page()
    admin_ui.sign_in(bima, "bima")
    open_article(bima, article)
    since = timezone.localtime(article.edit_lock.since).strftime("%H.%M")
    notice = bima.locator(".edit-lock-notice")
    expect(notice).to_have_text(f"Sedang disunting oleh Nadia sejak {since}")
    save_screenshot(bima, "lock-notice")

    # Nadia closes her tab: the lock is released and Bima's page stops warning.
    nadia.close(run_before_unload=True)
    expect(notice).to_be_hidden()
    article.edit_lock.refresh_from_db()
    assert article.edit_lock.user == newsroom["bima"]


def test_unsaved_changes_survive_a_closed_tab_and_are_offered_back(new_page, newsroom):
    article = ArticleFactory(draft=True, title="Judul Lama", body="<p>Paragraf lama.</p>")
    page = new_page()
    admin_ui.sign_in(page, "nadia")
    open_article(page, article)
    page.locator("#id_title").fill("Judul Baru yang Belum Disimpan")
    admin_ui.caret_at_end_of(page, "Paragraf lama.")
    page.keyboard.press("Enter")
    page.keyboard.type("Paragraf yang hampir hilang.")
    key = f"pophariini.autosave.u{newsroom['nadia'].pk}.a{article.pk}"
    # Kept in this browser within a second of typing, whatever the tab does next.
    page.wait_for_function("key => (localStorage.getItem(key) || '').includes('hampir hilang')", arg=key)
    context = page.context
    page.close()  # the tab is gone, nothing was saved

    again = context.new_page()
    open_article(again, article)
    offer = again.locator(".autosave-offer")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("Ada perubahan yang belum disimpan dari")
    expect(offer).to_contain_text(timezone.localtime().strftime("%Y"))
    expect(again.locator("#id_title")).to_have_value("Judul Lama")
    save_screenshot(again, "autosave-offer")
    offer.locator("[data-restore]").click()
    expect(again.locator("#id_title")).to_have_value("Judul Baru yang Belum Disimpan")
    expect(admin_ui.body_editor(again).locator("p")).to_have_text(
        ["Paragraf lama.", "Paragraf yang hampir hilang."]
    )

    admin_ui.article_action(again, "Simpan draf")
    article.refresh_from_db()
    assert article.title == "Judul Baru yang Belum Disimpan" and "hampir hilang" in article.body
    assert again.evaluate("key => localStorage.getItem(key)", key) is None
    open_article(again, article)
    expect(again.locator(".autosave-offer")).to_be_hidden()

    # Nadia leaves a change unsaved and signs out; Bima, in the same browser, is not offered it.
    again.locator("#id_title").fill("Coretan Nadia")
    again.wait_for_function("key => (localStorage.getItem(key) || '').includes('Coretan Nadia')", arg=key)
    with again.expect_navigation():
        again.locator("#logout-form button").click()
    admin_ui.sign_in(again, "bima")
    open_article(again, article)
    expect(again.locator("#id_title")).to_have_value("Judul Baru yang Belum Disimpan")
    again.wait_for_timeout(500)
    expect(again.locator(".autosave-offer")).to_be_hidden()


def test_tags_are_suggested_from_existing_ones_and_preview_opens_beside(new_page, newsroom):
    Tag.objects.create(name="Jazz", slug="jazz")
    Tag.objects.create(name="Jazz Fusion", slug="jazz-fusion")
    article = ArticleFactory(draft=True, title="Festival Jazz Gunung")
    page = new_page()
    admin_ui.sign_in(page, "nadia")
    open_article(page, article)
    tags = page.locator("#id_tags")
    tags.fill("")
    tags.press_sequentially("festival, jaz")
    expect(page.locator("#tag-suggestions option")).to_have_count(2)
    values = page.locator("#tag-suggestions option").evaluate_all("options => options.map(o => o.value)")
    assert values == ["festival, Jazz", "festival, Jazz Fusion"]

    with page.expect_popup() as popup_info:
        page.locator(".object-tools a", has_text="Pratinjau").click()
    preview = popup_info.value
    preview.wait_for_load_state()
    assert preview.url.endswith(f"/pratinjau/{article.pk}/")
    expect(preview.locator("h1")).to_contain_text("Festival Jazz Gunung")
    # The form stays where it was, with what was typed.
    expect(tags).to_have_value("festival, jaz")
