"""Search /cari/: title, dek, body, tags and linked artist names; ranked; empty and absurd queries handled."""

import pytest
from django.db import connection

from articles.search import normalise_query, search_articles
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
