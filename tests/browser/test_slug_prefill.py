"""The slug the admin fills in from a title leaves markup out, as the server's own slug does."""

import pytest
from playwright.sync_api import expect

from pophariini.sanitize import clean_text
from pophariini.slugs import slug_from
from tests.browser import admin_ui

pytestmark = pytest.mark.browser

PASSWORD = "pw-meja-redaksi-2025"
TITLES = [
    "<b>Judul</b> baru",
    "&lt;i&gt;Lagu&lt;/i&gt; lama",
    "Rock &amp; Roll <script>alert(1)</script>",
    "aku <3 kamu",
]


@pytest.fixture
def editor(db):
    return admin_ui.staff_member("nadia", "Editor", PASSWORD)


@pytest.mark.parametrize(
    ("app_model", "source"),
    [("articles/article", "title"), ("music/artist", "name")],
    ids=["article", "artist"],
)
def test_the_prefilled_slug_ignores_markup_in_the_title(page, editor, app_model, source):
    admin_ui.sign_in(page, "nadia")
    admin_ui.open_add_form(page, app_model)
    title, slug = page.locator(f"#id_{source}"), page.locator("#id_slug")
    for typed in TITLES:
        title.fill("")
        title.press_sequentially(typed)
        # What the server stores (PlainTextModel) and slugs when the field is left empty.
        expect(slug).to_have_value(slug_from(clean_text(typed)))
