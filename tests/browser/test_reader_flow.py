"""A reader's visit on a phone and on a desktop: home, rubric, the article, search, feed."""

import re
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import expect

from tests.browser import content
from tests.browser.conftest import DESKTOP, PHONE, save_screenshot

pytestmark = pytest.mark.browser

VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]


@pytest.fixture
def story(transactional_db):
    return content.build_story()


@pytest.fixture(params=VIEWPORTS)
def reader(request, new_page):
    """An anonymous reader's page at the parametrised viewport."""
    page = new_page(request.param)
    page.viewport_name = request.node.callspec.id
    return page


def article_link(page, title=content.TITLE):
    return page.get_by_role("link", name=title, exact=True)


def test_new_article_reaches_home_and_its_rubric(story, reader):
    reader.goto("/")
    expect(article_link(reader).first).to_be_visible()
    expect(article_link(reader, content.DRAFT_TITLE)).to_have_count(0)

    reader.goto(story.category.get_absolute_url())
    expect(reader.get_by_role("heading", level=1)).to_contain_text("Berita")
    expect(article_link(reader).first).to_be_visible()
    expect(article_link(reader, content.DRAFT_TITLE)).to_have_count(0)

    # A reader gets there by clicking, too.
    article_link(reader).first.click()
    expect(reader).to_have_url(re.compile(rf"/{story.article.slug}/$"))
    expect(reader.get_by_role("heading", level=1)).to_have_text(content.TITLE)


def test_article_page_shows_figures_music_author_and_related(story, reader):
    response = reader.goto(story.article.get_absolute_url())
    assert response.status == 200
    expect(reader.get_by_role("heading", level=1)).to_have_text(content.TITLE)

    # The hero with its caption and credit, above the text.
    hero = reader.locator("article figure").first
    expect(hero.locator("img")).to_have_attribute("alt", "Poster film Langit Jingga berlatar senja")
    expect(hero.locator("figcaption")).to_contain_text(content.HERO[0])
    expect(hero.locator("figcaption .credit")).to_have_text(content.HERO[1])

    # Both body figures exactly where the writer placed them, each image loaded.
    figures = reader.locator("article figure:has(figcaption)").filter(has_not_text=content.HERO[0])
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
    expect(reader.get_by_text("[foto 1]")).to_have_count(0)

    # The soundtrack box: three tracks, the cover marked with its original artist.
    music = reader.get_by_role("region", name="Musik dalam artikel ini")
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
    author_box = reader.get_by_role("complementary", name="Tentang penulis Dewi Kartika")
    expect(author_box).to_contain_text("Menulis sambil mendengarkan piringan hitam.")
    expect(author_box.get_by_role("link", name="Semua artikel Dewi Kartika")).to_have_attribute(
        "href", "/penulis/dewi-kartika/"
    )

    # Related content: the rubric's other published stories; never itself, never the draft.
    related = reader.get_by_role("region", name="Eksplor konten lain")
    for title in content.NEIGHBOURS:
        expect(article_link(related, title)).to_be_visible()
    expect(article_link(related)).to_have_count(0)
    expect(article_link(related, content.DRAFT_TITLE)).to_have_count(0)

    reader.evaluate("window.scrollTo(0, 0)")
    save_screenshot(reader, f"article-{reader.viewport_name}")


def test_search_finds_the_article(story, reader):
    reader.goto("/")
    search = reader.get_by_role("search").first
    search.get_by_role("searchbox").fill("Langit Jingga")
    search.get_by_role("button", name="Cari").click()
    expect(reader).to_have_url(re.compile(r"/cari/\?q=Langit"))
    expect(article_link(reader.locator("main"))).to_be_visible()
    expect(article_link(reader.locator("main"), content.DRAFT_TITLE)).to_have_count(0)


def test_feed_lists_the_article_and_not_the_draft(story, page, live_server):
    response = page.request.get(f"{live_server.url}/feed/")
    assert response.ok
    assert "xml" in response.headers["content-type"]
    channel = ET.fromstring(response.body()).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles[0] == content.TITLE
    assert content.DRAFT_TITLE not in titles
    link = channel.find("item").findtext("link")
    assert link.endswith(f"/{story.article.slug}/")


def test_draft_url_is_not_found(story, reader):
    response = reader.goto(story.draft.get_absolute_url())
    assert response.status == 404
    expect(reader.get_by_role("heading", level=1)).to_be_visible()
    expect(reader.get_by_text(content.DRAFT_TITLE)).to_have_count(0)
