"""Home, section lists, archives and the filterable /artikel/ list: right articles, robust to junk input."""

import datetime

import pytest
from django.utils import timezone

from tests.conftest import FROZEN_NOW
from tests.factories import ArticleFactory, ArtistFactory, AuthorFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def test_home_shows_featured_latest_and_category_blocks(client):
    berita = CategoryFactory(name="Berita", slug="berita")
    kolom = CategoryFactory(name="Kolom", slug="kolom", show_on_home=False)
    featured = ArticleFactory(title="Sorotan utama", featured=True, category=berita)
    more_news = ArticleFactory(title="Kabar berita lain", category=berita)
    latest = ArticleFactory(title="Kabar paling baru", category=kolom)
    response = client.get("/")
    content = response.content.decode()
    assert response.context["featured"] == [featured]
    assert latest in list(response.context["articles"])
    # The rubric section leaves out the lead story shown above it.
    [block] = response.context["category_blocks"]
    assert block["category"] == berita and block["articles"] == [more_news]
    assert content.count("Sorotan utama</a>") == 1
    assert content.count("<h1") == 1
    # Every article is already shown: no "more" section saying there is nothing.
    assert "Belum ada artikel di sini." not in content


def test_a_rubric_holding_only_the_lead_story_gets_no_section(client):
    berita = CategoryFactory(name="Berita", slug="berita")
    ArticleFactory(title="Sorotan utama", featured=True, category=berita)
    response = client.get("/")
    assert response.context["category_blocks"] == []
    assert 'id="rubrik-berita"' not in response.content.decode()


def test_home_paginates_further_down(client):
    ArticleFactory.create_batch(13)
    second = client.get("/?page=2")
    assert second.status_code == 200
    assert len(second.context["articles"]) == 1
    assert "featured" not in second.context


def test_wordpress_search_url_redirects_to_search(client):
    response = client.get("/?s=perunggu")
    assert response.status_code == 301
    assert response["Location"] == "/cari/?q=perunggu"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/category/berita/", "/kategori/berita/"),
        ("/category/musik/berita/", "/kategori/berita/"),
        ("/category/berita/feed/", "/kategori/berita/feed/"),
        ("/author/raka/", "/penulis/raka/"),
        ("/author/raka/feed/", "/penulis/raka/feed/"),
        ("/page/3/", "/?page=3"),
        ("/category/berita/page/2/", "/category/berita/?page=2"),
        ("/kategori/berita/page/2/", "/kategori/berita/?page=2"),
    ],
)
def test_wordpress_section_urls_redirect_permanently(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_wordpress_paged_category_reaches_the_new_list_in_two_hops(client):
    CategoryFactory(name="Berita", slug="berita")
    ArticleFactory.create_batch(13, category__slug="berita")
    response = client.get("/category/berita/page/2/", follow=True)
    assert response.redirect_chain[-1][0] == "/kategori/berita/?page=2"
    assert response.context["page_obj"].number == 2


def test_category_page_lists_its_articles_newest_first(client):
    category = CategoryFactory(name="Review", slug="review")
    older = ArticleFactory(category=category, publish_at=timezone.now() - datetime.timedelta(days=2))
    newer = ArticleFactory(category=category)
    ArticleFactory()
    response = client.get("/kategori/review/")
    assert list(response.context["articles"]) == [newer, older]


def test_author_page_shows_the_author_and_their_articles(client):
    author = AuthorFactory(
        name="Raka Dewangkara", slug="raka-dewangkara", tagline="Dengar dulu, tulis kemudian."
    )
    article = ArticleFactory(authors=[author])
    ArticleFactory()
    response = client.get("/penulis/raka-dewangkara/")
    assert list(response.context["articles"]) == [article]
    assert "Dengar dulu, tulis kemudian." in response.content.decode()


def test_archive_month_uses_the_jakarta_calendar(client):
    # 31 December 2021 20:00 UTC is already 1 January 2022 in Jakarta.
    new_year = ArticleFactory(publish_at=datetime.datetime(2021, 12, 31, 20, 0, tzinfo=datetime.UTC))
    assert list(client.get("/arsip/2022/1/").context["articles"]) == [new_year]
    assert list(client.get("/arsip/2021/12/").context["articles"]) == []
    assert list(client.get("/arsip/2022/").context["articles"]) == [new_year]


@pytest.mark.parametrize("path", ["/arsip/1800/", "/arsip/2022/13/", "/arsip/2022/0/", "/arsip/99999999999/"])
def test_impossible_archive_dates_are_404(client, path):
    assert client.get(path).status_code == 404


# Half past two on New Year's morning in Jakarta, still the old year in UTC.
NEW_YEAR_MORNING = datetime.datetime(2025, 12, 31, 19, 30, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    "frozen_now", [FROZEN_NOW, NEW_YEAR_MORNING], indirect=True, ids=["june", "new-year"]
)
def test_article_list_filters_combine(client, frozen_now):
    berita = CategoryFactory(name="Berita", slug="berita")
    artist = ArtistFactory(name="Mocca", slug="mocca")
    author = AuthorFactory(slug="raka")
    match = ArticleFactory(category=berita, authors=[author])
    match.artists.add(artist)
    match.tags.add("indie")
    ArticleFactory(category=berita)
    query = {
        "category": "berita",
        "artist": "mocca",
        "author": "raka",
        "tag": "indie",
        # The year filter reads the Jakarta calendar, as the archive does.
        "year": timezone.localtime(match.publish_at).year,
    }
    response = client.get("/artikel/", query)
    assert list(response.context["articles"]) == [match]


JUNK = [
    "category=tidak-ada",
    "tag=tidak-ada",
    "artist=%00",
    "author=%00%00",
    "category=%00",
    "year=abc",
    "year=99999999999999999999999",
    "year=-1",
    "page=abc",
    "page=99999",
    "page=-1",
    "page=%00",
    "category[]=berita&tag[]=a",
    "category=berita&category=kolom",
    "tag=" + "a" * 3000,
    "artist=" + "%C3%A9" * 1500,
    "q=%00&tag=%FF%FE",
    "year=2022%00",
]


@pytest.mark.parametrize("query", JUNK)
def test_junk_query_strings_never_cause_a_server_error(client, query):
    ArticleFactory.create_batch(2, category=CategoryFactory(name="Berita", slug="berita"))
    for path in ("/artikel/", "/kategori/berita/", "/", "/cari/"):
        response = client.get(f"{path}?{query}")
        assert response.status_code in (200, 301, 400, 404), (path, query, response.status_code)


@pytest.mark.parametrize(
    "path", ["/%00/", "/kategori/%00/", "/tag/a%00b/", "/artis/%00/feed/", "/cari/?q=%00"]
)
def test_nul_bytes_in_paths_are_not_found_not_errors(client, path):
    assert client.get(path).status_code in (200, 404)
