"""axe-core finds nothing serious or critical on the pages readers reach most."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser import content
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}

PAGES = [
    pytest.param(lambda story: "/", id="home"),
    pytest.param(lambda story: story.article.get_absolute_url(), id="article"),
    pytest.param(lambda story: story.artist.get_absolute_url(), id="artist"),
    pytest.param(lambda story: story.category.get_absolute_url(), id="category-list"),
    pytest.param(lambda story: "/artikel/", id="article-list"),
    pytest.param(lambda story: "/cari/?q=Langit+Jingga", id="search"),
    pytest.param(lambda story: "/halaman-yang-tidak-ada/", id="not-found"),
]


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


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violations(transactional_db, new_page, axe, path):
    """On a phone and on a desktop (the layouts differ: menus, cards, the music box)."""
    story = content.build_story()
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = new_page(viewport)
        response = page.goto(path(story))
        assert response.status == (404 if "tidak-ada" in page.url else 200)

        blocking = blocking_violations(axe, page)

        assert not blocking, f"{name} {page.url}\n{describe(blocking)}"


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
