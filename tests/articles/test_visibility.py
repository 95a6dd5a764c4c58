"""No unpublished article (draft, in review, scheduled) reaches a reader by any path."""

import json
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.test import override_settings
from django.utils import timezone

from articles.models import Article, RelatedArticle
from pophariini import popular
from pophariini.models import ReadingCount
from tests.conftest import FROZEN_NOW
from tests.factories import (
    ArticleFactory,
    ArtistFactory,
    AuthorFactory,
    CategoryFactory,
    FilmFactory,
    PhotoFactory,
    ReleaseFactory,
    SongFactory,
)
from tests.shared_rows import rows_for_the_module

pytestmark = pytest.mark.django_db

SECRET = "Rahasiaredaksi"


def make_site():
    category = CategoryFactory(name="Berita", slug="berita")
    author = AuthorFactory(name="Raka", slug="raka")
    artist = ArtistFactory(name="Perunggu", slug="perunggu")
    release = ReleaseFactory(title="Memori", slug="memori")
    song = SongFactory(title="Tarung", slug="tarung")
    film = FilmFactory(title="Backstage", slug="backstage")
    visible = ArticleFactory(
        title="Kabar terbuka", body="<p>Soundtrack terbuka.</p>", category=category, authors=[author]
    )
    hidden = [
        ArticleFactory(title=f"{SECRET} draf", draft=True, category=category, authors=[author]),
        ArticleFactory(title=f"{SECRET} tinjau", review=True, category=category, authors=[author]),
        ArticleFactory(title=f"{SECRET} jadwal", scheduled=True, category=category, authors=[author]),
    ]
    for article in [visible, *hidden]:
        article.tags.add("soundtrack")
        article.artists.add(artist)
        article.releases.add(release)
        article.songs.add(song)
        article.films.add(film)
        article.hero = PhotoFactory(caption=f"{SECRET} foto" if article in hidden else "Foto terbuka")
        article.body = f"<p>Soundtrack {article.title}.</p>"
        article.save()
    for target in hidden:
        RelatedArticle.objects.create(from_article=visible, to_article=target)
    return visible.pk, [article.pk for article in hidden]


@pytest.fixture(scope="module")
def site_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    """The rows, made once for the module (``tests/shared_rows.py``) at the pinned time, with their photos."""
    media = tmp_path_factory.mktemp("visibility-media")
    with rows_for_the_module(django_db_blocker):
        with (
            django_db_blocker.unblock(),
            override_settings(MEDIA_ROOT=media),
            mock.patch("django.utils.timezone.now", return_value=FROZEN_NOW),
        ):
            rows = make_site()
        yield media, rows


@pytest.fixture
def site(site_rows, frozen_now, settings):
    """One published article and three hidden ones sharing every section, entity and search word.

    The clock is pinned (``frozen_now``, noon in mid-June): the visible article, an hour old,
    and the scheduled one, due tomorrow, are in the same month, on two different days.
    """
    media, (visible, hidden) = site_rows
    settings.MEDIA_ROOT = media
    return {
        "visible": Article.objects.get(pk=visible),
        "hidden": [Article.objects.get(pk=pk) for pk in hidden],
    }


PATHS = [
    "/",
    "/?page=1",
    "/artikel/",
    "/artikel/?category=berita&tag=soundtrack&artist=perunggu&author=raka",
    "/kategori/berita/",
    "/tag/soundtrack/",
    "/penulis/raka/",
    "/artis/perunggu/",
    "/rilisan/memori/",
    "/lagu/tarung/",
    "/film/backstage/",
    "/cari/?q=soundtrack",
    "/feed/",
    "/kategori/berita/feed/",
    "/tag/soundtrack/feed/",
    "/penulis/raka/feed/",
    "/artis/perunggu/feed/",
    "/sitemap-artikel.xml",
    "/news-sitemap.xml",
]


@pytest.mark.parametrize("path", PATHS)
def test_hidden_articles_never_appear(client, site, path):
    response = client.get(path)
    assert response.status_code == 200
    content = response.content.decode()
    assert SECRET not in content
    for article in site["hidden"]:
        assert article.get_absolute_url() not in content


def test_archive_pages_show_only_published(client, site):
    published = timezone.localtime(site["visible"].publish_at)
    # The archive of that month must leave out an article it would hold once published.
    scheduled = timezone.localtime(site["hidden"][2].publish_at)
    assert (scheduled.year, scheduled.month) == (published.year, published.month)
    for path in (f"/arsip/{published.year}/", f"/arsip/{published.year}/{published.month}/"):
        content = client.get(path).content.decode()
        assert site["visible"].title in content
        assert SECRET not in content


@pytest.mark.parametrize("index", [0, 1, 2])
def test_hidden_article_url_is_a_404(client, site, index):
    assert client.get(site["hidden"][index].get_absolute_url()).status_code == 404


def test_related_cards_skip_hand_picked_unpublished(client, site):
    content = client.get(site["visible"].get_absolute_url()).content.decode()
    related = content.split('id="eksplor"', 1)[1] if 'id="eksplor"' in content else ""
    assert SECRET not in related


def test_previous_next_links_skip_unpublished(client, site):
    content = client.get(site["visible"].get_absolute_url()).content.decode()
    assert 'rel="next"' not in content and 'rel="prev"' not in content


def test_json_ld_holds_no_unpublished_content(client, site):
    for path in [site["visible"].get_absolute_url(), "/artis/perunggu/", "/", "/kategori/berita/"]:
        content = client.get(path).content.decode()
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S):
            json.loads(block)
            assert SECRET not in block


def test_search_for_a_hidden_title_finds_nothing(client, site):
    response = client.get("/cari/", {"q": f"{SECRET} draf"})
    assert response.context["paginator"].count == 0
    for article in site["hidden"]:
        assert article.get_absolute_url() not in response.content.decode()


def test_counts_include_only_published(client, site):
    response = client.get("/cari/?q=soundtrack")
    assert response.context["paginator"].count == 1
    assert client.get("/kategori/berita/").context["paginator"].count == 1


def test_tag_only_drafts_use_is_unknown(client, site):
    site["hidden"][0].tags.add("embargo")
    assert client.get("/tag/embargo/").status_code == 404
    assert client.get("/tag/embargo/feed/").content.count(b"<item>") == 0


def test_scheduled_article_appears_once_its_time_comes(client, site):
    scheduled = site["hidden"][2]
    Article.objects.filter(pk=scheduled.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert client.get(scheduled.get_absolute_url()).status_code == 200
    assert scheduled.title in client.get("/").content.decode()


def test_sitemap_sections_lastmod_ignore_unpublished(client, site):
    content = client.get("/sitemap-rubrik.xml").content.decode()
    published_day = timezone.localtime(site["visible"].publish_at).date().isoformat()
    scheduled_day = timezone.localtime(site["hidden"][2].publish_at).date().isoformat()
    assert "/kategori/berita/" in content
    assert f"<lastmod>{published_day}" in content
    assert scheduled_day not in content


def test_staff_preview_shows_a_draft_privately(admin_client, site):
    draft = site["hidden"][0]
    response = admin_client.get(f"/pratinjau/{draft.pk}/")
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "noindex" in response["X-Robots-Tag"]


def test_preview_is_closed_to_readers(client, site):
    response = client.get(f"/pratinjau/{site['hidden'][0].pk}/")
    assert response.status_code == 404


def test_the_most_read_lists_never_show_a_hidden_article_however_often_it_was_read(client, site):
    """Drafts, articles in review and scheduled ones read (by staff previews, say) stay out of
    the home's rail, /terpopuler/ and the rail beside every article."""
    hour = popular.current_hour()
    ReadingCount.objects.create(article=site["visible"], hour=hour, count=1)
    for article in site["hidden"]:
        ReadingCount.objects.create(article=article, hour=hour, count=50)
    other = ArticleFactory(title="Kabar lain", category=site["visible"].category)
    for path in ["/", "/terpopuler/", other.get_absolute_url(), site["visible"].get_absolute_url()]:
        content = client.get(path).content.decode()
        assert SECRET not in content, path
        for article in site["hidden"]:
            assert article.get_absolute_url() not in content, path
    for path in ["/", other.get_absolute_url()]:
        rail = client.get(path).content.decode().split('id="terpopuler"', 1)[1]
        assert site["visible"].title in rail.split("</aside>", 1)[0], path
