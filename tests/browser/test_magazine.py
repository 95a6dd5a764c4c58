"""The magazine as readers see it: screenshots at 390 and 1,280 px, light and dark, and what works without script."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from pophariini import popular
from pophariini.models import MenuItem, Page, ReadingCount
from tests.browser.conftest import DESKTOP, PHONE, save_screenshot

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "article": "/ragam-soundtrack-dari-film-backstage/",
    "artist": "/artis/sheila-on-7/",
    "search": "/cari/?q=sheila",
}


@pytest.fixture
def magazine(db):
    call_command("seed_demo", verbosity=0)
    from articles.models import Category

    for position, category in enumerate(Category.objects.order_by("position", "name")):
        MenuItem.objects.create(category=category, position=position)
    page = Page.objects.create(
        title="Pedoman Media Siber", url="/pedoman-media-siber/", body="<p>Pedoman.</p>"
    )
    MenuItem.objects.create(page=page, menu=MenuItem.Menu.FOOTER)
    # Reads of every seed article, so the home and article pages show their "Terpopuler" rails.
    from articles.models import Article

    for count, article in enumerate(Article.objects.published(), 1):
        ReadingCount.objects.create(article=article, hour=popular.current_hour(), count=count)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_screenshots_of_home_article_artist_and_search(new_page, magazine, device, scheme):
    options = PHONE if device == "phone" else DESKTOP
    page = new_page({**options, "color_scheme": scheme})
    for name, path in PAGES.items():
        page.goto(path)
        expect(page.locator("main")).to_be_visible()
        # No part of a page is wider than the screen (the rubric menu scrolls inside itself).
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= options["viewport"]["width"], (name, width)
        save_screenshot(page, f"magazine-{name}-{device}-{scheme}")


def test_the_rubric_menu_reaches_every_rubric_on_a_phone_without_script(browser, live_server, magazine):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, **PHONE)
    try:
        page = context.new_page()
        page.goto("/")
        nav = page.get_by_role("navigation", name="Navigasi utama")
        link = nav.get_by_role("link", name="Wawancara")
        link.scroll_into_view_if_needed()
        link.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Wawancara")
        # Without script the copy button stays hidden; the share links are plain links.
        page.goto(PAGES["article"])
        expect(page.locator(".copy-link")).to_be_hidden()
        whatsapp = page.get_by_role("link", name="WhatsApp")
        assert whatsapp.get_attribute("href").startswith("https://wa.me/?text=")
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/cari/?q=sheila", "/alamat-yang-tidak-ada/"])
def test_the_search_field_and_its_button_share_a_line_on_a_phone(new_page, magazine, path):
    page = new_page(PHONE)
    page.goto(path)
    form = page.locator("main form[role=search]")
    field, button = (
        form.locator("input[type=search]").bounding_box(),
        form.locator("button").bounding_box(),
    )
    assert abs(field["y"] - button["y"]) < 8 and button["x"] > field["x"] + field["width"] - 1


def test_copy_link_copies_the_articles_address(new_page, live_server, magazine):
    page = new_page(DESKTOP)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(PAGES["article"])
    page.get_by_role("button", name="Salin tautan").click()
    expect(page.locator(".copy-status")).to_have_text("Tautan disalin.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith("/ragam-soundtrack-dari-film-backstage/")
