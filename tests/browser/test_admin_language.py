"""The admin's JavaScript-rendered words are Indonesian in a real browser, for an Editor and a Kontributor.

The server-side walk (tests/test_admin_language.py) reads the HTML Django sends; the
two-box genre picker, the calendar and clock, the "add another" rows and the body editor
are built by JavaScript, so only a browser shows what an editor reads and hears. The body
editor's toolbar and dialogs are checked by their own test, marked until the editor's
translation lands (see test_body_editor_toolbar_and_link_dialog_are_indonesian).
"""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

from articles.models import Author
from music.models import Artist, Genre, Release
from tests import factories
from tests.admin_english import english_in
from tests.browser import admin_ui
from tests.browser.conftest import save_screenshot

pytestmark = pytest.mark.browser

# The body editor (django-prose-editor): its toolbar, and the dialogs it opens over the page.
BODY_EDITOR = ".prose-editor, .prose-editor-dialog"

# Text nodes (hidden ones too: a closed calendar opens later), tooltips, placeholders,
# accessible names and button labels, inside or outside the body editor.
SHOWN_TEXT = """([editor, inside]) => {
  const pieces = [];
  const inEditor = (node) => Boolean(node.closest(editor));
  const keep = (element) => !element.closest("script, style, template") && inEditor(element) === inside;
  // An icon font's ligature ("undo", "subscript") is drawn as an icon; its button's title names it.
  const shown = (element) => keep(element) && !element.closest(".material-icons");
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.replace(/\\s+/g, " ").trim();
    if (text && shown(walker.currentNode.parentElement)) pieces.push(text);
  }
  for (const element of document.body.querySelectorAll("*")) {
    if (!keep(element)) continue;
    for (const name of ["title", "placeholder", "aria-label", "alt"]) {
      const value = element.getAttribute(name);
      if (value) pieces.push(`[${name}] ${value}`);
    }
    if (element.matches("input[type=submit], input[type=button]") && element.value) {
      pieces.push(`[value] ${element.value}`);
    }
  }
  if (!inside) pieces.push(`[title] ${document.title}`);
  return pieces;
}"""


@pytest.fixture
def newsroom(django_user_model):
    """The demo newsroom with its two accounts, and a draft of the Kontributor's own."""
    with override_settings(DEBUG=True):  # --demo-login refuses to run without DEBUG
        call_command("seed_demo", demo_login=True, stdout=io.StringIO())
    kontributor = django_user_model.objects.get(username="kontributor")
    own_draft = factories.ArticleFactory(
        draft=True,
        title="Catatan dari Balik Panggung",
        authors=[Author.objects.get(user=kontributor)],
        created_by=kontributor,
    )
    seed_article = own_draft.__class__.objects.exclude(pk=own_draft.pk).order_by("pk").first()
    # Music readers already see opens read-only for a Kontributor: their draft's own music does not.
    own_release, own_artist = factories.ReleaseFactory(), factories.ArtistFactory()
    own_draft.releases.add(own_release)
    own_draft.artists.add(own_artist)
    own_artist.genres.add(*Genre.objects.all()[:2])
    return {
        "demo": seed_article,  # the Editor opens the seed article
        "kontributor": own_draft,
        "release": {"demo": Release.objects.order_by("pk").first(), "kontributor": own_release},
        "artist": {"demo": Artist.objects.order_by("pk").first(), "kontributor": own_artist},
    }


def english_on(page, *, inside_editor=False):
    pieces = page.evaluate(SHOWN_TEXT, [BODY_EDITOR, inside_editor])
    return [f"{english_in(piece)} in {piece[:120]!r}" for piece in pieces if english_in(piece)]


def open_change_form(page, model, pk):
    page.goto(f"/admin/{model}/{pk}/change/")
    expect(page.locator("#content form")).to_be_visible()


def widget_pages(newsroom, username):
    """(name, url path, what must be rendered by JavaScript before reading)."""
    return [
        ("artikel", f"/admin/articles/article/{newsroom[username].pk}/change/", ".add-row a"),
        ("rilisan", f"/admin/music/release/{newsroom['release'][username].pk}/change/", ".datetimeshortcuts"),
        ("artis", f"/admin/music/artist/{newsroom['artist'][username].pk}/change/", ".selector-chooser"),
    ]


@pytest.mark.parametrize("username", ["demo", "kontributor"])
def test_widgets_built_by_javascript_are_indonesian(new_page, newsroom, username):
    """Genre picker ("Pilih"/"Keluarkan", not "Choose"/"Remove" or "Pindahkangenre"), calendar, clock, inline rows."""
    page = new_page()
    admin_ui.sign_in(page, username)
    found = []
    for name, path, rendered in widget_pages(newsroom, username):
        page.goto(path)
        expect(page.locator(rendered).first).to_be_attached()
        if name == "artikel":
            # An autocomplete chooser (select2) that finds nothing says so in its own words.
            page.locator("#id_category + .select2 .select2-selection").click()
            page.keyboard.type("zzzz")
            expect(page.locator(".select2-results__message")).to_be_visible()
        if name == "rilisan":
            page.locator(".datetimeshortcuts a[id^=calendarlink]").first.click()
            expect(page.locator(".calendarbox").first).to_be_visible()
        found += [f"{name}: {finding}" for finding in english_on(page)]
        save_screenshot(page, f"admin-bahasa-{username}-{name}")
    picker = page.locator(".selector").first
    expect(picker).to_contain_text("Tersedia: genre")
    expect(page.locator(".selector-add").first).to_have_text("Pilih genre yang ditandai")
    expect(page.locator(".selector-chosen").first).to_contain_text('tombol panah "Keluarkan"')
    assert not found, f"English in the admin for {username}:\n" + "\n".join(found)


@pytest.mark.parametrize("path", ["/admin/auth/user/", "/admin/tidak-ada-halaman-ini/"])
def test_refusal_and_unknown_address_keep_the_admin_design(new_page, newsroom, path):
    page = new_page()
    admin_ui.sign_in(page, "kontributor")
    page.goto(path)
    expect(page.locator("#site-name")).to_contain_text("Redaksi Pophariini")
    expect(page.locator("h1")).to_have_text(
        ["Akses ditolak"] if "auth" in path else ["Halaman tidak ditemukan"]
    )
    save_screenshot(page, f"admin-bahasa-{'403' if 'auth' in path else '404'}")
    assert not english_on(page), english_on(page)


@pytest.mark.parametrize("username", ["demo", "kontributor"])
def test_body_editor_toolbar_and_link_dialog_are_indonesian(new_page, newsroom, username):
    """'paragraph', 'insert link', 'Edit Link / Title / Open in new window / Update' were English."""
    page = new_page()
    admin_ui.sign_in(page, username)
    open_change_form(page, "articles/article", newsroom[username].pk)
    editor = page.locator(".prose-editor").first
    expect(editor).to_be_visible()
    editor.locator("[contenteditable=true] p").first.click()
    body = editor.locator("[contenteditable=true]").element_handle()
    # Keys act on the caret only once ProseMirror has taken the click into its state.
    page.wait_for_function("element => element.editor.isFocused", arg=body)
    page.keyboard.press("End")
    page.keyboard.press("Shift+Home")
    page.wait_for_function("element => !element.editor.state.selection.empty", arg=body)
    link_button = editor.locator("[title*=link i], [title*=tautan i]").first
    if link_button.count():
        link_button.click()
        expect(page.locator(".prose-editor-dialog").first).to_be_visible()
    found = english_on(page, inside_editor=True)
    assert not found, f"English in the body editor for {username}:\n" + "\n".join(found)
