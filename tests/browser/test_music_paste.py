"""Music in one go, in a real browser: the seed's soundtrack pasted on the release form and from the
article, and the music the text names suggested and added with one click each.

The demo accounts come from ``seed_demo --demo-login`` (Editor "demo", Kontributor "kontributor").
"""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article, ArticleAuthor, Author, Category
from music.models import Artist, Film, Release, Song, Track
from tests.browser import admin_ui
from tests.browser.conftest import save_screenshot
from tests.music.paste_steps import BACKSTAGE_TRACKLIST

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "pophariini-demo"


@pytest.fixture
def demo(settings):
    """The seed's content and its two demo accounts (``--demo-login`` wants DEBUG, as on a laptop)."""
    settings.DEBUG = True
    call_command("seed_demo", demo_login=True, stdout=io.StringIO())
    settings.DEBUG = False
    return Article.objects.get(slug="ragam-soundtrack-dari-film-backstage")


def paste_and_preview(page, text):
    page.locator("#id_tracklist").fill(text)
    page.get_by_role("button", name="Pratinjau").click()
    expect(page.locator(".paste-row")).to_have_count(
        len([line for line in text.splitlines() if line.strip()])
    )


def confirm(page, *, skipped=False):
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan daftar lagu").click()
    if skipped:
        # Skipped lines are named in a warning beside the success.
        expect(page.locator(".messagelist .success")).to_be_visible()
        expect(page.locator(".messagelist .warning")).to_contain_text("Baris yang dilewati")
    else:
        admin_ui.expect_success(page)


# The artist selects narrower than their column (up to 32em): Chromium sizes a select by its
# options and cut the end off a chosen artist's label ("… · sama persis").
NARROW_ARTIST_CHOICES = """() => [...document.querySelectorAll(".paste-names td:nth-child(2) select")]
    .filter(select => {
        const cell = getComputedStyle(select.parentElement);
        const room = select.parentElement.clientWidth - parseFloat(cell.paddingLeft) - parseFloat(cell.paddingRight);
        const widest = 32 * parseFloat(getComputedStyle(select).fontSize);
        return select.offsetWidth + 1 < Math.min(room, widest);
    })
    .map(select => select.selectedOptions[0].text)"""


def test_the_seed_soundtrack_pasted_on_a_new_release_and_again_on_the_seed_release(new_page, demo):
    page = new_page()
    admin_ui.sign_in(page, "kontributor")
    # A Kontributor starts a new release from its add form.
    admin_ui.open_add_form(page, "music/release")
    page.get_by_role("link", name="Tempel daftar lagu").click()
    page.locator("#id_new_title").fill("Backstage (Versi Panggung)")
    page.locator("#id_new_kind").select_option("soundtrack")
    paste_and_preview(page, BACKSTAGE_TRACKLIST)

    rows = page.locator(".paste-row")
    expect(rows.nth(0).locator("input[name='rows-0-title']")).to_have_value("Melangkah")
    expect(rows.nth(0).locator("input[name='rows-0-performers']")).to_have_value(
        "Sissy Prescillia, Vanesha Prescillia"
    )
    expect(rows.nth(0).locator("input[name='rows-0-lyricists']")).to_have_value("Andi Rianto, Monty Tiwa")
    expect(rows.nth(3).locator("input[name='rows-3-covered']")).to_have_value("Sheila On 7")
    # The songs exist (seed): each row takes the one with the same title and original artist.
    melangkah = Song.objects.get(slug="melangkah")
    expect(rows.nth(0).locator("select[name='rows-0-song']")).to_have_value(str(melangkah.pk))
    # Every name exists already: matched exactly, none to create.
    names = page.locator(".paste-names tbody tr")
    expect(names).to_have_count(8)
    expect(page.locator(".paste-level-new")).to_have_count(0)
    assert page.evaluate(NARROW_ARTIST_CHOICES) == []
    save_screenshot(page, "music-paste-preview-release")
    confirm(page)

    release = Release.objects.get(title="Backstage (Versi Panggung)")
    expect(page).to_have_url(f"{page.url.split('/admin/')[0]}/admin/music/release/{release.pk}/change/")
    # Public at once (no article links it), and still the Kontributor's to correct for a day.
    expect(page.locator(".messagelist")).to_contain_text("Anda masih bisa memperbaikinya sampai")
    expect(page.locator("#id_label")).to_be_editable()
    expect(page.locator("#tracks-group tbody tr.has_original")).to_have_count(7)
    save_screenshot(page, "music-paste-release-saved")
    assert release.tracks.count() == 7
    assert Song.objects.count() == 8  # the seed's seven and Pestilence: nothing new
    assert Artist.objects.count() == 12

    # An Editor pastes the same list on the seed's own soundtrack: nothing is doubled.
    editor = new_page()
    admin_ui.sign_in(editor, "demo")
    soundtrack = Release.objects.get(slug="backstage-original-soundtrack")
    editor.goto(f"/admin/music/release/{soundtrack.pk}/change/")
    editor.get_by_role("link", name="Tempel daftar lagu").click()
    paste_and_preview(editor, BACKSTAGE_TRACKLIST)
    confirm(editor)
    expect(editor.locator(".messagelist .success")).to_contain_text(
        "0 lagu baru di daftar, 0 lagu baru, 0 artis baru"
    )
    assert soundtrack.tracks.count() == 7
    assert Track.objects.count() == 15


def test_a_kontributor_pastes_the_soundtrack_from_the_article_and_corrects_a_line(new_page, demo):
    kontributor = Author.objects.get(user__username="kontributor")
    film = Film.objects.create(title="Backstage 2", year=2026, production_company="Paragon Pictures")
    article = Article.objects.create(
        title="Lagu-lagu Baru untuk Backstage 2",
        body="<p>Sekuelnya membawa lagu baru.</p>",
        category=Category.objects.get(slug="berita"),
    )
    ArticleAuthor.objects.create(article=article, author=kontributor, position=0)
    article.films.add(film)
    page = new_page()
    admin_ui.sign_in(page, "kontributor")
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.get_by_role("link", name="Tempel daftar lagu").click()
    # The film has no soundtrack yet: a new one named after it is proposed.
    expect(page.locator("#id_new_title")).to_have_value("Backstage 2 (Original Motion Picture Soundtrack)")
    expect(page.locator("#id_film")).to_have_value(str(film.pk))
    text = (
        "1. Melangkah Lagi – Sissy Prescillia & Vanesha Prescillia (musik: Andi Rianto, lirik: Monty Tiwa) 3:45\n"
        "Daftar lagu lengkap:\n"
        "2. Seberapa Pantas - Vanesha Prescilla (cover Sheila On 7)\n"
        "3. Sang Juara – Sissy Prescillia ft. Nadira Kirana\n"
    )
    paste_and_preview(page, text)
    # The unreadable line is shown with its text and why; the editor skips it.
    problem = page.locator(".paste-row.paste-problem")
    expect(problem).to_contain_text("Daftar lagu lengkap:")
    problem.get_by_label("Lewati").check()
    expect(problem).to_have_class("paste-row paste-problem paste-skipped")
    # "Vanesha Prescilla" is offered its close match but not taken: the editor picks it.
    misspelt = page.locator(".paste-names tr", has_text="Vanesha Prescilla")
    expect(misspelt.locator("select[name$='-match']")).to_have_value("new")
    vanesha = Artist.objects.get(slug="vanesha-prescillia")
    misspelt.locator("select[name$='-match']").select_option(str(vanesha.pk))
    expect(misspelt.locator("select[name$='-kind']")).to_be_hidden()
    # A new singer, a person (the default).
    expect(page.locator(".paste-names tr.paste-level-new", has_text="Nadira Kirana")).to_have_count(1)
    save_screenshot(page, "music-paste-preview-article")
    confirm(page, skipped=True)

    expect(page).to_have_url(f"{page.url.split('/admin/')[0]}/admin/articles/article/{article.pk}/change/")
    expect(page.locator("#id_releases option:checked")).to_have_text(
        ["Backstage 2 (Original Motion Picture Soundtrack)"]
    )
    expect(page.locator("#id_songs option:checked")).to_have_count(3)
    save_screenshot(page, "music-paste-article-linked")
    release = Release.objects.get(title="Backstage 2 (Original Motion Picture Soundtrack)")
    film.refresh_from_db()
    assert film.soundtrack == release
    assert [t.song.title for t in release.tracks.order_by("position")] == [
        "Melangkah Lagi",
        "Seberapa Pantas",
        "Sang Juara",
    ]
    assert list(release.tracks.get(position=2).performers.all()) == [vanesha]
    assert Artist.objects.filter(name="Vanesha Prescilla").count() == 0
    assert Artist.objects.filter(name="Nadira Kirana").count() == 1

    # Pasting again: the film's soundtrack is now the release offered, in the release chooser.
    page.get_by_role("link", name="Tempel daftar lagu").click()
    expect(page.locator("#id_release + .select2")).to_contain_text(
        "Backstage 2 (Original Motion Picture Soundtrack)"
    )
    admin_ui.choose(page, "id_release", "Backstage (Orig", "Backstage (Original Motion Picture Soundtrack)")
    save_screenshot(page, "music-paste-article-choose-release")


def test_music_named_in_the_text_is_suggested_and_added_with_one_click(new_page, demo):
    Artist.objects.create(name="Dia", kind=Artist.Kind.GROUP)  # an everyday word as a band name
    page = new_page()
    admin_ui.sign_in(page, "demo")
    page.goto(f"/admin/articles/article/{demo.pk}/change/")
    suggestions = page.locator(".music-suggestions")
    # Loaded with the page: what the seed's text names and the article does not link yet.
    for name in ("Sheila On 7", "Tangga", "Mocca", "Potret", "Guntur Soeharjanto"):
        expect(suggestions.locator("button", has_text=name)).to_have_count(1)
    expect(suggestions.locator("button", has_text="Sissy Prescillia")).to_have_count(0)
    page.get_by_role("button", name="+ Mocca").scroll_into_view_if_needed()
    save_screenshot(page, "music-suggestions-loaded")

    page.get_by_role("button", name="+ Mocca").click()
    expect(page.locator("#id_artists option:checked", has_text="Mocca")).to_have_count(1)
    expect(page.locator(".music-suggestion-added")).to_contain_text("Mocca")

    # New words in the body, read live: a band the database knows, and "Dia" starting a sentence.
    admin_ui.insert_paragraph_after(
        page,
        "Daftar lengkap lagu, penyanyi, dan penulisnya ada di kotak musik di bawah artikel ini.",
        "Dia juga mengajak Perunggu tampil di pemutaran perdananya.",
    )
    page.get_by_role("button", name="Saran musik dari teks").click()
    expect(suggestions.locator("button", has_text="Perunggu")).to_have_count(1)
    expect(suggestions.locator("button", has_text="Mocca")).to_have_count(0)  # chosen already
    expect(suggestions.locator("button", has_text="Dia")).to_have_count(0)
    save_screenshot(page, "music-suggestions-live")
    page.get_by_role("button", name="+ Perunggu").click()
    admin_ui.save(page, "_continue")

    linked = set(Article.objects.get(pk=demo.pk).artists.values_list("name", flat=True))
    assert {"Mocca", "Perunggu"} <= linked
    # After the save the editor is told what is still only named, with a link to the list.
    expect(page.locator(".messagelist .info")).to_contain_text("Sheila On 7")
    save_screenshot(page, "music-suggestions-after-save")
