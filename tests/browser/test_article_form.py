"""The article form in a real browser: long names stay inside their autocomplete fields, and long titles and music lists get wide boxes."""

import pytest
from playwright.sync_api import expect

from tests.browser import admin_ui
from tests.browser.conftest import ARTIFACTS, DESKTOP, PHONE
from tests.factories import ArticleFactory, ReleaseFactory

pytestmark = pytest.mark.browser

PASSWORD = "pw-meja-redaksi-2025"
LONG_TITLE = (
    "Di Atas Meja Makan Ada Sepiring Kenangan dan Segelas Lagu Lama yang Belum Selesai "
    "(Original Motion Picture Soundtrack, Deluxe Edition Remastered)"
)


@pytest.fixture
def editor(db):
    return admin_ui.staff_member("nadia", "Editor", PASSWORD)


def overflowing(page, select_id):
    """A select2 field's shown values that reach past its box or under its "remove all" cross."""
    return page.evaluate(
        """(id) => {
            const field = document.querySelector(`#${id} + .select2`);
            const box = field.querySelector(".select2-selection").getBoundingClientRect();
            const cross = field.querySelector(".select2-selection__clear")?.getBoundingClientRect();
            const under = (rect) =>
                cross && rect.right > cross.left && rect.left < cross.right
                && rect.bottom > cross.top && rect.top < cross.bottom;
            return [...field.querySelectorAll(".select2-selection__choice")]
                .filter((choice) => {
                    const rect = choice.getBoundingClientRect();
                    return rect.right > box.right + 1 || rect.left < box.left - 1 || under(rect);
                })
                .map((choice) => choice.title || choice.textContent);
        }""",
        select_id,
    )


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_long_release_name_stays_inside_its_autocomplete_field(new_page, editor, device):
    article = ArticleFactory(draft=True, title="Soundtrack panjang")
    article.releases.add(ReleaseFactory(title=LONG_TITLE), ReleaseFactory(title="Pendek"))
    page = new_page(device)
    admin_ui.sign_in(page, "nadia")
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    field = page.locator("#id_releases + .select2")
    expect(field.locator(".select2-selection__choice")).to_have_count(2)
    field.scroll_into_view_if_needed()
    row = page.locator(".form-row.field-releases").bounding_box()
    width = device["viewport"]["width"]
    page.screenshot(
        path=ARTIFACTS / f"article-form-releases-{width}.png",
        clip={"x": 0, "y": row["y"] - 10, "width": width, "height": row["height"] + 20},
    )
    assert overflowing(page, "id_releases") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= device["viewport"]["width"]


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_long_title_its_slug_and_the_music_show_in_boxes_as_wide_as_the_dek(new_page, editor, device):
    title = "Inheritors Kolaborasi bersama Agan Dazzle di Single Pestilence"
    article = ArticleFactory(draft=True, title=title)
    page = new_page(device)
    admin_ui.sign_in(page, "nadia")
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    expect(page.locator("#id_title")).to_have_value(title)
    widths = page.evaluate(
        """() => Object.fromEntries(["id_title", "id_slug", "id_tags", "id_dek"].map(
            (id) => [id, document.getElementById(id).getBoundingClientRect().width]))"""
    )
    assert widths["id_title"] == widths["id_slug"] == widths["id_tags"] == widths["id_dek"]
    for field in ("artists", "songs", "releases", "films"):
        box = page.locator(f".field-{field} .select2-container").first.bounding_box()
        assert box["width"] == widths["id_dek"], field
    if device is DESKTOP:
        # The whole title is in view on a laptop: the box is wider than the text it holds.
        assert page.locator("#id_title").evaluate("e => e.scrollWidth <= e.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= device["viewport"]["width"]


def test_a_form_sent_back_links_to_each_field_in_error_above_the_publishing_bar(new_page, db):
    """A Kontributor on a phone saves a draft without a rubric and without a byline: the note names
    both, and a link brings its field into view, focused and clear of the sticky publishing bar."""
    admin_ui.staff_member("bima", "Kontributor", PASSWORD)
    page = new_page(PHONE)
    admin_ui.sign_in(page, "bima")
    admin_ui.open_add_form(page, "articles/article")
    page.locator("#id_title").fill("Konser Kecil di Bandung")
    page.locator("button[name=workflow_action][value=save]").click()
    summary = page.locator("p.errornote + ul.error-summary a")
    expect(summary).to_have_text(["Rubrik", "Penulis (yang pertama adalah penulis utama): Penulis"])
    summary.first.click()
    focused = page.locator(".field-category .select2-selection")
    expect(focused).to_be_focused()
    box, bar = focused.bounding_box(), page.locator(".publishing-bar").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= bar["y"]
    # A table's cell in error: its own field, not the row's first.
    summary.last.click()
    expect(page.locator("#article_authors-group td.field-author .select2-selection").first).to_be_focused()


def test_on_a_phone_the_publishing_bar_keeps_its_three_actions_on_one_line(new_page, editor):
    """Django stacks a submit row's buttons on a phone; the sticky bar then hid a third of the screen."""
    page = new_page(PHONE)
    admin_ui.sign_in(page, "nadia")
    admin_ui.open_add_form(page, "articles/article")
    actions = page.locator(".publishing-bar > button, .publishing-bar summary")
    expect(actions).to_have_text(["Simpan draf", "Terbitkan sekarang", "Jadwalkan…"])
    tops = {round(box["y"]) for box in (action.bounding_box() for action in actions.all())}
    assert len(tops) == 1
    assert page.locator(".publishing-bar").bounding_box()["height"] <= 0.1 * PHONE["viewport"]["height"]
    # Opened, the schedule's fields start on a line of their own, and its date is a field
    # drawn as one, not in the button colour Django gives every input of a submit row.
    actions.last.click()
    when = page.locator(".publishing-schedule-fields input")
    expect(when).to_be_visible()
    assert when.bounding_box()["x"] < page.locator(".publishing-bar > button").first.bounding_box()["x"] + 60
    colours = when.evaluate(
        """(input) => [input, document.body].map((element) => getComputedStyle(element).backgroundColor)"""
    )
    assert colours[0] == colours[1]


# Each animation frame from the start, whether the body's source (the raw HTML) is visible.
WATCH_THE_SOURCE = """
    window.sourceSeen = [];
    const start = performance.now();
    const watch = () => {
        const source = document.querySelector("textarea[name=body]");
        if (source) {
            const style = getComputedStyle(source);
            const shown = style.display !== "none" && style.visibility === "visible"
                && source.getBoundingClientRect().height > 0;
            window.sourceSeen.push([Math.round(performance.now() - start), shown]);
        }
        if (performance.now() - start < 3000) requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
"""


def test_the_body_shows_no_raw_html_before_its_editor_starts(new_page, editor):
    article = ArticleFactory(draft=True, body="<p>Paragraf <strong>tebal</strong> di sini.</p>")
    page = new_page(DESKTOP)
    admin_ui.sign_in(page, "nadia")
    page.add_init_script(WATCH_THE_SOURCE)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    expect(page.locator(".field-body .ProseMirror[contenteditable=true]")).to_contain_text(
        "Paragraf tebal di sini."
    )
    page.wait_for_timeout(2500)
    seen = page.evaluate("window.sourceSeen")
    assert seen, "the body's source was never on the page"
    assert [moment for moment, shown in seen if shown] == []


def test_without_its_editor_the_body_source_still_shows(new_page, editor):
    """When the editor's script never runs, the field is usable as plain HTML after a moment."""
    article = ArticleFactory(draft=True, body="<p>Paragraf cadangan.</p>")
    page = new_page(DESKTOP)
    admin_ui.sign_in(page, "nadia")
    page.route("**/django_prose_editor/**/*.js", lambda route: route.abort())
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    source = page.locator("textarea[name=body]")
    expect(source).to_be_hidden()
    expect(source).to_be_visible(timeout=5000)
    expect(source).to_have_value("<p>Paragraf cadangan.</p>")
