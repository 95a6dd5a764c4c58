"""feedparser, as feed readers use it, reads every feed the site offers without a bozo flag."""

import feedparser
import pytest
from django.contrib.syndication.views import Feed
from django.core.management import call_command
from django.urls import get_resolver

from articles.models import Article
from tests.factories import CorrectionFactory
from tests.public_site import add_body_figure

pytestmark = pytest.mark.django_db

SEED = "ragam-soundtrack-dari-film-backstage"
RANKED = "4-lagu-lama-di-soundtrack-backstage"
# Every feed of the site, by URL name, on the seed's own rubric, tag, author and artist.
FEEDS = {
    "articles:feed": "/feed/",
    "articles:category_feed": "/kategori/berita/feed/",
    "articles:tag_feed": "/tag/soundtrack/feed/",
    "articles:author_feed": "/penulis/raka-dewangkara/feed/",
    "articles:artist_feed": "/artis/sissy-prescillia/feed/",
}


def feed_url_names(resolver=None, namespace=""):
    """The names of every URL pattern served by a syndication ``Feed``."""
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if hasattr(pattern, "url_patterns"):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= feed_url_names(pattern, inner)
        elif isinstance(pattern.callback, Feed):
            names.add(f"{namespace}{pattern.name}")
    return names


@pytest.fixture
def magazine():
    """The demo content (a ranked list among it) with a body figure and a correction on the seed article."""
    call_command("seed_demo", verbosity=0)
    add_body_figure(SEED)
    CorrectionFactory(article=Article.objects.get(slug=SEED), text="Nama sutradara & judul film diperbaiki.")


def test_every_feed_of_the_site_is_checked_here():
    assert feed_url_names() == set(FEEDS)


@pytest.mark.parametrize("name", sorted(FEEDS))
def test_feedparser_reads_the_feed_without_a_bozo_flag(client, magazine, name):
    response = client.get(FEEDS[name])
    assert response.status_code == 200

    parsed = feedparser.parse(response.content, response_headers={"content-type": response["Content-Type"]})

    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert parsed.feed.link.startswith("https://pophariini.example/")
    assert parsed.entries
    for entry in parsed.entries:
        assert entry.link.startswith("https://pophariini.example/"), entry.link
        assert entry.id and entry.published_parsed
        for enclosure in entry.get("enclosures", []):
            assert enclosure.href.startswith("https://pophariini.example/media/")
            assert int(enclosure.length) > 0


def test_the_seed_item_keeps_its_figure_correction_and_ranked_list_for_feedparser(client, magazine):
    parsed = feedparser.parse(client.get("/feed/").content)
    assert parsed.bozo == 0
    entries = {entry.link.rsplit("/", 2)[-2]: entry for entry in parsed.entries}

    seed = entries[SEED].description
    assert seed.count("<figure") == 2  # the lead photo and the body figure
    assert "Nama sutradara &amp; judul film diperbaiki." in seed
    ranked = entries[RANKED].description
    assert ranked.count("<li") >= 4 and 'href="https://pophariini.example/' in ranked
    assert 'href="/' not in seed + ranked and 'src="/' not in seed + ranked
