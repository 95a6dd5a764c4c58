"""A reader's visit on a phone and on a desktop: home, rubric, the article, search, feed, a draft.

One visit per viewport walks the whole way, as a reader does; each step is a function so
a failure names the step.
"""

import re
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import Page, expect

from tests.browser import content
from tests.browser.conftest import DESKTOP, PHONE, save_screenshot

pytestmark = pytest.mark.browser


def article_link(scope, title=content.TITLE):
    return scope.get_by_role("link", name=title, exact=True)


def finds_it_on_home(page: Page):
    page.goto("/")
    expect(article_link(page).first).to_be_visible()
    expect(article_link(page, content.DRAFT_TITLE)).to_have_count(0)


def finds_it_in_its_rubric(page: Page, story):
    page.goto(story.category.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Berita")
    expect(article_link(page.locator("main")).first).to_be_visible()
    expect(article_link(page, content.DRAFT_TITLE)).to_have_count(0)
    article_link(page.locator("main")).first.click()
    expect(page).to_have_url(re.compile(rf"/{story.article.slug}/$"))


def reads_the_article(page: Page):
    expect(page.get_by_role("heading", level=1)).to_have_text(content.TITLE)

    # The hero with its caption and credit, above the text.
    hero = page.locator("article figure").first
    expect(hero.locator("img")).to_have_attribute("alt", "Poster film Langit Jingga berlatar senja")
    expect(hero.locator("figcaption")).to_contain_text(content.HERO[0])
    expect(hero.locator("figcaption .credit")).to_have_text(content.HERO[1])

    # Both body figures exactly where the writer placed them, each image loaded.
    figures = page.locator("article figure:has(figcaption)").filter(has_not_text=content.HERO[0])
    expect(figures).to_have_count(2)
    placed_after = [content.PARAGRAPHS[1], content.PARAGRAPHS[2]]
    for figure, (caption, credit), paragraph in zip(
        figures.all(), content.FIGURES, placed_after, strict=True
    ):
        expect(figure.locator("figcaption")).to_contain_text(caption)
        expect(figure.locator("figcaption .credit")).to_have_text(credit)
        expect(figure.locator("xpath=preceding-sibling::*[1]")).to_have_text(paragraph)
        image = figure.locator("img")
        assert image.get_attribute("alt")
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth") > 0
    expect(page.get_by_text("[foto 1]")).to_have_count(0)

    # The soundtrack box: three tracks, the cover marked with its original artist.
    music = page.get_by_role("region", name="Musik dalam artikel ini")
    expect(music.get_by_role("link", name="Langit Jingga (2025)")).to_be_visible()
    tracks = music.locator("ol li")
    expect(tracks).to_have_count(3)
    expect(tracks.nth(0)).to_contain_text("Senja di Braga")
    expect(tracks.nth(0)).to_contain_text("Bayu Pramana")  # the lyricist's credit
    expect(tracks.nth(1)).to_contain_text("Lautan Kenangan")
    expect(tracks.nth(1)).to_contain_text("cover dari Sandyakala")
    expect(tracks.nth(0)).not_to_contain_text("cover dari")
    expect(tracks.nth(2)).not_to_contain_text("cover dari")

    # The author box: name, tagline, a way to all their articles.
    author_box = page.get_by_role("complementary", name="Tentang penulis Dewi Kartika")
    expect(author_box).to_contain_text("Menulis sambil mendengarkan piringan hitam.")
    expect(author_box.get_by_role("link", name="Semua artikel Dewi Kartika")).to_have_attribute(
        "href", "/penulis/dewi-kartika/"
    )

    # Related content: the rubric's other published stories; never itself, never the draft.
    related = page.get_by_role("region", name="Eksplor konten lain")
    for title in content.NEIGHBOURS:
        expect(article_link(related, title)).to_be_visible()
    expect(article_link(related)).to_have_count(0)
    expect(article_link(related, content.DRAFT_TITLE)).to_have_count(0)


def searches_for_it(page: Page):
    page.goto("/")
    search = page.get_by_role("search").first
    search.get_by_role("searchbox").fill("Langit Jingga")
    search.get_by_role("button", name="Cari").click()
    expect(page).to_have_url(re.compile(r"/cari/\?q=Langit"))
    expect(article_link(page.locator("main"))).to_be_visible()
    expect(article_link(page.locator("main"), content.DRAFT_TITLE)).to_have_count(0)


def finds_it_in_the_feed(page: Page, story):
    response = page.request.get("/feed/")
    assert response.ok
    assert "xml" in response.headers["content-type"]
    channel = ET.fromstring(response.body()).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles[0] == content.TITLE
    assert content.DRAFT_TITLE not in titles
    assert channel.find("item").findtext("link").endswith(f"/{story.article.slug}/")


def cannot_open_a_draft(page: Page, story):
    response = page.goto(story.draft.get_absolute_url())
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text(content.DRAFT_TITLE)).to_have_count(0)


@pytest.mark.parametrize("device", [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")])
def test_reader_finds_reads_and_searches_the_new_article(transactional_db, new_page, device, request):
    """Home, rubric, the article page in full, search and feed list it; a draft's URL is a 404."""
    story = content.build_story()
    page = new_page(device)

    finds_it_on_home(page)
    finds_it_in_its_rubric(page, story)
    reads_the_article(page)
    page.evaluate("window.scrollTo(0, 0)")
    save_screenshot(page, f"article-{request.node.callspec.id}")
    searches_for_it(page)
    finds_it_in_the_feed(page, story)
    cannot_open_a_draft(page, story)
