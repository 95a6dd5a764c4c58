"""What a person does in the Django admin, as small steps for the browser tests.

Selectors follow the admin's own markup: field ids (``id_<field>``, ``id_<prefix>-<n>-<field>``
for inline rows), select2 for autocomplete fields, the "add another" popups beside
related fields. Every step waits on what the person would see, never on time.
"""

import io
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import live_server_url


def staff_member(username: str, group: str, password: str):
    """A staff user in one of the newsroom's groups (Editor, Kontributor), made by ``setup_roles``."""
    if not Group.objects.filter(name=group).exists():
        call_command("setup_roles", stdout=io.StringIO())
    user = get_user_model().objects.create_user(username, f"{username}@example.com", password, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def sign_in(page: Page, username: str) -> None:
    """Signed in as ``username`` for a test about something else than logging in.

    The session Django's test client makes by logging the user in, given to the page's
    browser context as its cookie: no login form and no admin index to load first (the
    login form has tests of its own, ``log_in()``).
    """
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server_url()}]
    )


def log_in(page: Page, username: str, password: str) -> None:
    """Through the real login form (django-axes watches it, as it does for people)."""
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("#user-tools")).to_be_visible()


def open_add_form(page: Page, app_model: str) -> None:
    page.goto(f"/admin/{app_model}/add/")
    expect(page.locator("#content form")).to_be_visible()


def choose(page: Page, select_id: str, search: str, option: str | None = None) -> None:
    """Pick a value in an autocomplete (select2) field by typing, as a person does.

    Works for single and multiple selects; ``option`` is the visible text of the result
    to click when it differs from what is typed.
    """
    container = page.locator(f"#{select_id} + .select2")
    container.locator(".select2-selection").click()
    # Focus moves to the search box (inside the dropdown, or inline for a multiple select).
    page.keyboard.type(search)
    # The admin asks for results 250 ms after the last key; the list shown before that answer
    # (the empty search's) is replaced under the pointer on a slow machine. Wait for the answer.
    page.wait_for_timeout(300)
    expect(page.locator(".select2-container--open .loading-results")).to_have_count(0)
    page.locator(".select2-container--open .select2-results__option", has_text=option or search).first.click()
    expect(page.locator(f"#{select_id} option:checked", has_text=option or search)).to_have_count(1)


def add_inline_row(page: Page, prefix: str) -> int:
    """Click "Tambahkan … lagi" under an inline; returns the new row's index."""
    total = page.locator(f"#id_{prefix}-TOTAL_FORMS")
    before = int(total.input_value())
    page.locator(f"#{prefix}-group .add-row a").click()
    expect(total).to_have_value(str(before + 1))
    return before


def upload_in_chooser(page: Page, *, image_path, alt_text: str, caption: str = "", credit: str = "") -> None:
    """In the open photo chooser dialog: the upload tab, one file with its words, "Unggah"."""
    dialog = page.locator("dialog.photo-chooser[open]")
    tab = dialog.get_by_role("tab", name="Unggah baru")
    expect(tab).to_be_visible()
    tab.click()
    # A click that lands while the dialog is still opening can be lost on a loaded machine:
    # the upload panel must be the one shown before a file goes in.
    if tab.get_attribute("aria-selected") != "true":
        tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    dialog.locator("input[type=file]").set_input_files(image_path)
    row = dialog.locator(".photo-chooser__upload")
    row.get_by_label("Teks alternatif (wajib)").fill(alt_text)
    row.get_by_label("Keterangan").fill(caption)
    row.get_by_label("Kredit").fill(credit)
    dialog.get_by_role("button", name="Unggah").click()
    expect(dialog).to_be_hidden()


def upload_photo_into_field(page: Page, field_name: str, **photo) -> None:
    """Upload a new photo through a photo field's chooser; the field then shows it."""
    field = page.locator(f".field-{field_name} [data-photo-chooser]")
    field.get_by_role("button", name="Pilih atau unggah foto").click()
    upload_in_chooser(page, **photo)
    expect(field.locator("[data-alt]")).to_have_text(photo["alt_text"])


def upload_photo_after(page: Page, paragraph_text: str, **photo) -> None:
    """Put the caret at the end of a paragraph and upload a photo there with the body's photo button."""
    expect(page.locator(".prose-menubar button[title='Sisipkan foto']")).to_be_visible()
    editor = body_editor(page)
    caret_at_end_of(page, paragraph_text)
    figures = editor.locator("figure.body-figure").count()
    page.locator(".prose-menubar button[title='Sisipkan foto']").click()
    upload_in_chooser(page, **photo)
    expect(editor.locator("figure.body-figure")).to_have_count(figures + 1)


def save(page: Page, button: str = "_save") -> None:
    """Save the form and wait for the admin's answer; form errors fail with their text.

    The article form has named actions instead of Django's save buttons: there, either
    button name means its plain save ("Simpan draf" / "Simpan perubahan").
    """
    target = page.locator(f"input[name={button}]")
    if page.locator(".publishing-bar").count() and button in ("_save", "_continue"):
        target = page.locator(".publishing-bar button[value=save]")
    with page.expect_navigation():
        target.click()
    expect_success(page)


def article_action(page: Page, label: str) -> None:
    """Click a named action of the article form ("Terbitkan sekarang", ...) and wait for the answer."""
    with page.expect_navigation():
        page.locator(".publishing-bar button", has_text=label).click()
    expect_success(page)


def run_action(page: Page, row_text: str, action_label: str) -> None:
    """On a change list, tick the row showing ``row_text`` and run an admin action on it."""
    row = page.locator("#result_list tbody tr", has_text=row_text)
    row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label=action_label)
    with page.expect_navigation():
        page.locator("#changelist-form .actions button[type=submit]").click()
    expect_success(page)


def expect_success(page: Page) -> None:
    """The page the admin answered with says it worked (and not, say, "1 refused")."""
    answer = page.locator(".messagelist li, .errornote")
    expect(answer.first).to_be_visible()
    problems = page.locator(".errornote, .errorlist, .messagelist .warning, .messagelist .error")
    assert problems.count() == 0, "\n".join(problems.all_inner_texts())
    expect(page.locator(".messagelist .success")).to_be_visible()


def body_editor(page: Page):
    """The article body's rich-text editor (ProseMirror's contenteditable)."""
    return page.locator(".prose-editor .ProseMirror[contenteditable=true]")


def type_paragraphs(page: Page, paragraphs: list[str]) -> None:
    editor = body_editor(page)
    editor.click()
    for number, text in enumerate(paragraphs):
        if number:
            page.keyboard.press("Enter")
        page.keyboard.type(text)
    expect(editor.locator("p")).to_have_count(len(paragraphs))


def insert_paragraph_after(page: Page, paragraph_text: str, new_text: str) -> None:
    """Put the caret at the end of a paragraph and type a new paragraph below it."""
    caret_at_end_of(page, paragraph_text)
    page.keyboard.press("Enter")
    page.keyboard.type(new_text)
    expect(body_editor(page).locator("p", has_text=re.compile(rf"^{re.escape(new_text)}$"))).to_have_count(1)


def caret_at_end_of(page: Page, paragraph_text: str) -> None:
    """Put the body editor's caret at the end of a paragraph, as a person would: click, End.

    ProseMirror takes a click's selection into its state asynchronously, and a key
    pressed before that acts on the old caret (a photo or text then lands mid-word).
    So End waits until the editor has the click. End reaches the end of a visual line:
    in a paragraph that wraps, the caret goes down a line and End again until it is at
    the paragraph's end.
    """
    # Clicked once the editor has its toolbar, so the paragraph no longer moves.
    expect(page.locator(".prose-menubar").first).to_be_visible()
    editor = body_editor(page)
    handle = editor.element_handle()
    paragraph = editor.locator("p", has_text=paragraph_text)
    in_paragraph = "([element, text]) => element.editor.state.selection.$head.parent.textContent === text"
    at_end = """([element, text]) => {
        const head = element.editor.state.selection.$head;
        return head.parent.textContent === text && head.parentOffset === head.parent.content.size;
    }"""
    paragraph.click()
    page.wait_for_function(in_paragraph, arg=[handle, paragraph_text])
    page.keyboard.press("End")
    for _line in range(20):
        try:
            page.wait_for_function(at_end, arg=[handle, paragraph_text], timeout=1000)
            return
        except PlaywrightTimeoutError:
            if page.evaluate(in_paragraph, [handle, paragraph_text]):
                page.keyboard.press("ArrowDown")  # End reached a wrapped line's end: the next line
            else:
                # A key lost on a loaded machine took the caret out: click the paragraph again.
                paragraph.click()
                page.wait_for_function(in_paragraph, arg=[handle, paragraph_text])
            page.keyboard.press("End")
    page.wait_for_function(at_end, arg=[handle, paragraph_text])
