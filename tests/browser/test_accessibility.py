"""axe-core finds nothing serious or critical on the pages readers reach most."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from pophariini.models import Page
from tests.browser import content
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
STATIC_PAGE = "/pedoman-media-siber/"

PAGES = {
    "home": lambda story: "/",
    "article": lambda story: story.article.get_absolute_url(),
    "artist": lambda story: story.artist.get_absolute_url(),
    "rubric": lambda story: story.category.get_absolute_url(),
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


def blocking_violations(axe, page):
    results = axe.run(page).response
    # A run that checked nothing (axe blocked, empty page) must not pass as "no violations".
    assert results["testEngine"]["name"] == "axe-core" and results["passes"]
    return [v for v in results["violations"] if v["impact"] in BLOCKING]


def test_no_serious_or_critical_violations(transactional_db, new_page, axe):
    """Every page on a phone and on a desktop (menus, cards and the music box lay out differently).

    All pages are checked before failing, so one run reports everything found.
    """
    story = content.build_story()
    Page.objects.create(
        title="Pedoman Pemberitaan Media Siber",
        url=STATIC_PAGE,
        body="<h2>Ruang lingkup</h2><p>Media siber menjunjung kemerdekaan pers.</p>"
        "<ul><li>Verifikasi berita</li><li>Ralat dan hak jawab</li></ul>",
    )
    found = []
    for device_name, device in (("phone", PHONE), ("desktop", DESKTOP)):
        page = new_page(device)
        for page_name, path in PAGES.items():
            response = page.goto(path(story))
            assert response.status == (404 if page_name == "404" else 200), page.url
            if page_name == "search results":
                # The page under test holds music results, not only articles.
                expect(page.locator(".music-results a").first).to_be_visible()
            blocking = blocking_violations(axe, page)
            if blocking:
                found.append(f"{page_name} ({device_name}) {page.url}\n{describe(blocking)}")

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

    found = {v["id"] for v in blocking_violations(axe, page)}

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
