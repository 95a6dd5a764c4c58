"""axe-core finds no violation, of any impact, on every kind of page readers reach."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from music.models import Song
from pophariini import popular
from pophariini.models import Page, ReadingCount
from tests.browser import content
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import CorrectionFactory

pytestmark = pytest.mark.browser

STATIC_PAGE = "/pedoman-media-siber/"

PAGES = {
    "home": lambda story: "/",
    "article": lambda story: story.article.get_absolute_url(),
    "artist": lambda story: story.artist.get_absolute_url(),
    "rubric": lambda story: story.category.get_absolute_url(),
    "tag": lambda story: "/tag/soundtrack/",
    "author": lambda story: "/penulis/dewi-kartika/",
    "film": lambda story: story.article.films.get().get_absolute_url(),
    "release": lambda story: story.article.films.get().soundtrack.get_absolute_url(),
    "song": lambda story: Song.objects.get(title="Senja di Braga").get_absolute_url(),
    "archive": lambda story: f"/arsip/{story.article.publish_at.year}/",
    "most read": lambda story: "/terpopuler/",
    "corrections": lambda story: "/ralat/",
    "static page": lambda story: STATIC_PAGE,
    "article list": lambda story: "/artikel/",
    # A film and its soundtrack match: music results above the articles.
    "search results": lambda story: "/cari/?q=Langit+Jingga",
    "404": lambda story: "/halaman-yang-tidak-ada/",
}


@pytest.fixture(scope="module")
def axe():
    return Axe()


def describe(violations):
    """One readable block per rule: what, how bad, where, and the fix axe suggests."""
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(node['target'])}: {node['html'][:160]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


def violations(axe, page):
    results = axe.run(page).response
    # A run that checked nothing (axe blocked, empty page) must not pass as "no violations".
    assert results["testEngine"]["name"] == "axe-core" and results["passes"]
    return results["violations"]


def test_no_violations_on_any_reader_page_type(transactional_db, new_page, axe):
    """Every page type on a phone and on a desktop (menus, cards, rails and the music box lay out differently).

    All pages are checked before failing, so one run reports everything found.
    """
    story = content.build_story()
    Page.objects.create(
        title="Pedoman Pemberitaan Media Siber",
        url=STATIC_PAGE,
        body="<h2>Ruang lingkup</h2><p>Media siber menjunjung kemerdekaan pers.</p>"
        "<ul><li>Verifikasi berita</li><li>Ralat dan hak jawab</li></ul>",
    )
    # Read articles: the home page and the article page show their "Terpopuler" rails.
    for count, article in enumerate([*story.neighbours, story.article], 1):
        ReadingCount.objects.create(article=article, hour=popular.current_hour(), count=count)
    CorrectionFactory(article=story.article)  # listed at /ralat/ and atop the article
    found = []
    for device_name, device in (("phone", PHONE), ("desktop", DESKTOP)):
        page = new_page(device)
        for page_name, path in PAGES.items():
            response = page.goto(path(story))
            assert response.status == (404 if page_name == "404" else 200), page.url
            if page_name == "search results":
                # The page under test holds music results, not only articles.
                expect(page.locator(".music-results a").first).to_be_visible()
            found_here = violations(axe, page)
            if found_here:
                found.append(f"{page_name} ({device_name}) {page.url}\n{describe(found_here)}")

    assert not found, "\n\n".join(found)


def test_axe_reports_what_it_finds(transactional_db, new_page, axe):
    """The harness itself: an image without alt text and an unlabelled field are caught."""
    page = new_page()
    page.goto("/")
    page.evaluate(
        """() => {
            const main = document.querySelector("main");
            main.insertAdjacentHTML("beforeend", '<img src="/static/none.png"><input type="text">');
        }"""
    )

    found = {v["id"] for v in violations(axe, page)}

    assert {"image-alt", "label"} <= found


def test_keyboard_reader_skips_to_the_content(transactional_db, new_page):
    """The first Tab shows the skip link; following it puts focus in the main content."""
    story = content.build_story()
    page = new_page()
    page.goto(story.article.get_absolute_url())

    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="Langsung ke konten")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
