"""Search /cari/: title, dek, body, tags and linked artist names; ranked; empty and absurd queries handled."""

import pytest
from django.db import connection

from articles.search import asks_for_a_word, normalise_query, search_articles
from pophariini import navigation
from tests.factories import ArticleFactory, ArtistFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "Konser Perunggu"), ("dek", "Kabar Perunggu"), ("body", "<p>Bersama Perunggu.</p>")],
)
def test_finds_words_in_title_dek_and_body(field, value):
    article = ArticleFactory(**{field: value})
    ArticleFactory(title="Lain cerita")
    assert list(search_articles("perunggu")) == [article]


def test_finds_tags_and_linked_artist_names():
    tagged = ArticleFactory(title="Satu")
    tagged.tags.add("shoegaze")
    linked = ArticleFactory(title="Dua")
    linked.artists.add(ArtistFactory(name="Inheritors"))
    assert list(search_articles("shoegaze")) == [tagged]
    assert list(search_articles("inheritors")) == [linked]


def test_title_match_ranks_above_body_match():
    body_only = ArticleFactory(title="Catatan pekan ini", body="<p>Ada kabar tentang Mocca.</p>")
    in_title = ArticleFactory(title="Mocca kembali ke panggung")
    assert list(search_articles("mocca")) == [in_title, body_only]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming needs PostgreSQL's indonesian configuration"
)
def test_postgres_search_stems_indonesian_words():
    article = ArticleFactory(title="Band itu merilis album baru")
    assert list(search_articles("rilis")) == [article]


@pytest.mark.parametrize(
    "query", ["", "   ", "\x00", "a" * 5000, "' OR 1=1 --", "<script>", "!!!", "&|!():*"]
)
def test_empty_and_absurd_queries_give_a_normal_page(client, query):
    ArticleFactory()
    response = client.get("/cari/", {"q": query})
    assert response.status_code == 200


def test_query_is_trimmed_and_cleaned():
    assert normalise_query("  halo\x00  dunia ") == "halo dunia"
    assert len(normalise_query("x" * 1000)) == 200


def test_search_page_has_a_labelled_form_and_shows_the_count(client):
    ArticleFactory(title="Mocca merilis ulang album")
    content = client.get("/cari/", {"q": "mocca"}).content.decode()
    assert '<label for="cari-q">' in content
    assert "1 artikel ditemukan." in content


def test_renaming_an_artist_makes_the_article_findable_by_the_new_name():
    artist = ArtistFactory(name="Efek Rumah Kaca")
    article = ArticleFactory(title="Satu")
    article.artists.add(artist)
    assert list(search_articles("kaca")) == [article]
    artist.name = "Pandai Besi"
    artist.save()
    assert list(search_articles("pandai")) == [article]
    assert list(search_articles("kaca")) == []


def test_artists_linked_from_the_artist_side_and_deleted_artists():
    artist = ArtistFactory(name="Barasuara")
    article = ArticleFactory(title="Satu")
    artist.articles.add(article)
    assert list(search_articles("barasuara")) == [article]
    artist.articles.clear()
    assert list(search_articles("barasuara")) == []
    artist.articles.add(article)
    artist.delete()
    assert list(search_articles("barasuara")) == []


def test_adding_and_removing_a_tag():
    article = ArticleFactory(title="Satu")
    assert list(search_articles("dangdut")) == []
    article.tags.add("dangdut")
    assert list(search_articles("dangdut")) == [article]
    article.tags.remove("dangdut")
    assert list(search_articles("dangdut")) == []


def test_saving_the_article_keeps_its_tags_and_artists_searchable():
    article = ArticleFactory(title="Satu")
    article.tags.add("koplo")
    article.artists.add(ArtistFactory(name="Feel Koplo"))
    article.refresh_from_db()
    article.title = "Dua"
    article.save()
    assert list(search_articles("koplo")) == [article]
    assert list(search_articles("dua")) == [article]
    assert list(search_articles("satu")) == []


def test_drafts_scheduled_and_in_review_articles_are_never_found():
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article

    ArticleFactory(title="Rahasia draf", status=Article.Status.DRAFT, publish_at=None)
    ArticleFactory(title="Rahasia tinjau", status=Article.Status.REVIEW, publish_at=None)
    ArticleFactory(title="Rahasia terjadwal", publish_at=timezone.now() + timedelta(days=1))
    public = ArticleFactory(title="Rahasia umum")
    assert list(search_articles("rahasia")) == [public]


def test_refresh_search_text_rebuilds_rows_written_without_signals():
    from taggit.models import Tag

    from articles.models import Article, TaggedArticle
    from articles.search import refresh_search_text

    article = ArticleFactory(title="Satu")
    TaggedArticle.objects.create(content_object=article, tag=Tag.objects.create(name="keroncong"))
    Article.objects.filter(pk=article.pk).update(search_text="")
    assert list(search_articles("keroncong")) == []
    assert refresh_search_text([article.pk]) == 1
    assert list(search_articles("keroncong")) == [article]
    assert list(search_articles("satu")) == [article]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only")
def test_postgres_search_uses_the_gin_index():
    from articles.models import Article

    model = ArticleFactory(title="Mocca kembali ke panggung")
    # Rows and statistics for the planner to weigh the indexes (a table this small is still
    # cheaper to read whole, hence enable_seqscan off: the question is which index serves it).
    Article.objects.bulk_create(
        [
            Article(
                title=f"Lain {n}",
                slug=f"lain-{n}",
                category_id=model.category_id,
                status=Article.Status.PUBLISHED,
                publish_at=model.publish_at,
                search_text=f"Lain {n}\n\n\n\nkabar biasa pekan ini",
            )
            for n in range(1000)
        ]
    )
    queryset = search_articles("mocca panggung")
    assert list(queryset) == [model]
    with connection.cursor() as cursor:
        # Rows just inserted sit in the GIN pending list, which makes the index look costly.
        cursor.execute("SELECT gin_clean_pending_list('article_search_gin'::regclass)")
        cursor.execute("ANALYZE articles_article")
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_search_gin" in plan, plan


def _hours_ago(hours):
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() - timedelta(hours=hours)


def test_only_the_newest_matches_are_ranked_and_counted():
    oldest_in_title = ArticleFactory(title="Mocca di judul", publish_at=_hours_ago(50))
    body_matches = [
        ArticleFactory(title=f"Catatan {n}", body="<p>Ada kabar tentang Mocca.</p>", publish_at=_hours_ago(n))
        for n in (40, 30, 20)
    ]
    newer_in_title = ArticleFactory(title="Mocca kembali", publish_at=_hours_ago(45))
    results = search_articles("mocca", limit=3)
    # The three newest matches, best first; the older title matches are not candidates.
    assert list(results) == [body_matches[2], body_matches[1], body_matches[0]]
    assert results.count() == 3
    # Below the bound every match is a candidate: title matches first, then the newest.
    assert list(search_articles("mocca", limit=5)) == [newer_in_title, oldest_in_title, *body_matches[::-1]]
    assert search_articles("mocca", limit=5).count() == 5


def test_relevance_decides_within_the_candidates():
    older_in_title = ArticleFactory(title="Mocca kembali", publish_at=_hours_ago(10))
    newer_in_body = ArticleFactory(title="Catatan", body="<p>Tentang Mocca.</p>", publish_at=_hours_ago(1))
    assert list(search_articles("mocca", limit=2)) == [older_in_title, newer_in_body]


def test_hidden_articles_take_no_candidate_place():
    from articles.models import Article

    older = ArticleFactory(title="Rahasia lama", publish_at=_hours_ago(30))
    newer = ArticleFactory(title="Rahasia baru", publish_at=_hours_ago(20))
    # Newer than both, but not for readers: a review with a publish time, a scheduled one, a draft.
    ArticleFactory(title="Rahasia tinjau", status=Article.Status.REVIEW, publish_at=_hours_ago(1))
    ArticleFactory(title="Rahasia terjadwal", scheduled=True)
    ArticleFactory(title="Rahasia draf", draft=True)
    results = search_articles("rahasia", limit=2)
    assert set(results) == {older, newer}
    assert results.count() == 2


def test_search_page_says_when_the_count_reaches_the_bound(client, monkeypatch):
    from articles.list_views import SearchView

    monkeypatch.setattr(SearchView, "candidate_limit", 13)
    for n in range(13):
        ArticleFactory(title=f"Festival {n}", publish_at=_hours_ago(n + 1))
    response = client.get("/cari/", {"q": "festival"})
    assert response.context["paginator"].count == 13
    assert "13 artikel atau lebih ditemukan." in response.content.decode()
    assert "13 artikel ditemukan." not in response.content.decode()
    ArticleFactory(title="Festival tertua", publish_at=_hours_ago(100))
    # Pages stop at the bound: page 2 holds the 13th newest match, page 3 does not exist.
    page_two = client.get("/cari/", {"q": "festival", "page": 2})
    assert [article.title for article in page_two.context["articles"]] == ["Festival 12"]
    assert client.get("/cari/", {"q": "festival", "page": 3}).status_code == 404


def test_search_page_below_the_bound_shows_the_exact_count(client, monkeypatch):
    from articles.list_views import SearchView

    monkeypatch.setattr(SearchView, "candidate_limit", 3)
    ArticleFactory(title="Festival satu")
    ArticleFactory(title="Festival dua")
    content = client.get("/cari/", {"q": "festival"}).content.decode()
    assert "2 artikel ditemukan." in content
    assert "atau lebih" not in content


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("festival -jazz", True),
        ("-jazz", False),
        ('-"musik jazz" -gitar', False),
        ("-jazz or -blues", False),
        ('"musik jazz"', True),
        ("jazz or blues", True),
        ("- -- !!!", False),
    ],
)
def test_a_query_asks_for_a_word_unless_it_only_excludes(query, wanted):
    assert asks_for_a_word(query) is wanted


def test_a_query_that_only_excludes_finds_nothing_and_says_why(client, django_assert_max_num_queries):
    ArticleFactory(title="Festival musik tanpa gitar", body="<p>Drum dan bas saja.</p>")
    assert list(search_articles("-gitar")) == []
    navigation.cached()  # the site's menus, shared by every page: loaded once, not counted here
    with django_assert_max_num_queries(2):  # the page cache's schedule; no article is read
        response = client.get("/cari/", {"q": "-gitar"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tulis setidaknya satu kata yang dicari" in page
    assert "artikel ditemukan" not in page
    assert [a.title for a in search_articles("festival -gitar")] == []
    assert [a.title for a in search_articles("festival -jazz")] == ["Festival musik tanpa gitar"]
