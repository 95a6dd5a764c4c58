"""Reader-page queries that stay fast at 100,000 articles give the same answers as before.

Related cards read their candidates from one UNION of bounded windows; previous/next walk
the index; home blocks come from one sliced query per category; list totals are kept in
the shared cache under the page cache's generation.
"""

import datetime
import random

import pytest
from django.db import connection
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import selectors
from articles.models import Article, RelatedArticle, TaggedArticle
from articles.selectors import _count_shared, article_links, related_articles
from pophariini.content import bulk_write
from tests.factories import ArticleFactory, ArtistFactory, CategoryFactory, PhotoFactory, SongFactory
from tests.public_site import rich_article

pytestmark = pytest.mark.django_db


def previous_related_articles(article, linked, tag_ids, *, limit=6):
    """The related-cards query as it was before the candidates were read first (one OR query)."""
    music_pairs = [
        (Article.artists.through, "artist_id", linked.artist_ids),
        (Article.songs.through, "song_id", linked.song_ids),
        (Article.releases.through, "release_id", linked.release_ids),
        (Article.films.through, "film_id", linked.film_ids),
    ]
    hand_picked = RelatedArticle.objects.filter(from_article=article.pk).values("to_article")
    published = Article.objects.published().filter(Q(is_sponsored=False) | Q(pk__in=hand_picked))
    candidates = (
        Q(pk__in=hand_picked)
        | Q(
            pk__in=published.filter(category_id=article.category_id)
            .latest_first()
            .values("pk")[: selectors.CANDIDATE_WINDOW]
        )
        | Q(pk__in=published.latest_first().values("pk")[: limit + 1])
    )
    for through, column, ids in music_pairs:
        if ids:
            candidates |= Q(
                pk__in=through.objects.filter(**{f"{column}__in": ids})
                .order_by("-article__publish_at", "-article_id")
                .values("article_id")[: selectors.CANDIDATE_WINDOW]
            )
    if tag_ids:
        candidates |= Q(
            pk__in=TaggedArticle.objects.filter(tag_id__in=tag_ids)
            .order_by("-content_object__publish_at", "-content_object_id")
            .values("content_object_id")[: selectors.CANDIDATE_WINDOW]
        )
    shared_music = Value(0)
    for through, column, ids in music_pairs:
        shared_music = shared_music + _count_shared(through, column, ids)
    picked = RelatedArticle.objects.filter(from_article=article.pk, to_article=OuterRef("pk"))
    scored = (
        published.exclude(pk=article.pk)
        .filter(candidates)
        .annotate(
            picked_position=Subquery(picked.values("position")[:1]),
            shared_music=shared_music,
            shared_tags=_count_shared(TaggedArticle, "tag_id", list(tag_ids)),
            same_category=Case(When(category_id=article.category_id, then=Value(1)), default=Value(0)),
        )
        .order_by(
            F("picked_position").asc(nulls_last=True),
            F("shared_music").desc(),
            F("shared_tags").desc(),
            F("same_category").desc(),
            "-publish_at",
            "-pk",
        )
    )
    return list(scored[:limit])


def tags_of(article):
    return list(article.tags.values_list("pk", flat=True))


def sponsored(rng):
    return {"is_sponsored": True, "sponsor_name": "Label"} if rng.random() < 0.1 else {}


@pytest.fixture
def crafted(monkeypatch):
    """Sixty articles over three categories sharing artists, songs and tags at random, some
    sponsored, drafts, scheduled and hand-picked; small windows so they really cut."""
    monkeypatch.setattr(selectors, "CANDIDATE_WINDOW", 5)
    rng = random.Random(6)
    with bulk_write():
        categories = [CategoryFactory(name=f"Rubrik {i}", slug=f"rubrik-{i}") for i in range(3)]
        artists = [ArtistFactory() for _ in range(4)]
        songs = [SongFactory() for _ in range(3)]
        now = timezone.now()
        articles = []
        for _index in range(60):
            kind = rng.random()
            extra = {}
            if kind < 0.08:
                extra["draft"] = True
            elif kind < 0.14:
                extra["scheduled"] = True
            else:
                # Some share a publish time exactly: ties are broken by id.
                extra["publish_at"] = now - datetime.timedelta(hours=rng.randint(1, 40))
            article = ArticleFactory(category=rng.choice(categories), authors=[], **sponsored(rng), **extra)
            article.artists.add(*rng.sample(artists, rng.randint(0, 2)))
            article.songs.add(*rng.sample(songs, rng.randint(0, 1)))
            article.tags.add(*rng.sample(["indie", "pop", "jazz", "rock", "dangdut"], rng.randint(0, 3)))
            articles.append(article)
        for article in rng.sample(articles, 10):
            for position, other in enumerate(rng.sample(articles, 2)):
                if other != article:
                    RelatedArticle.objects.create(from_article=article, to_article=other, position=position)
    return articles


def test_related_cards_equal_the_previous_query_on_a_crafted_dataset(crafted):
    for article in crafted:
        linked, tag_ids = article_links(article), tags_of(article)
        expected = previous_related_articles(article, linked, tag_ids)
        with CaptureQueriesContext(connection) as queries:
            cards = related_articles(article, linked, tag_ids)
        assert cards == expected, article
        assert len(queries.captured_queries) == 1


def test_related_cards_are_filled_with_the_newest_when_nothing_matches():
    article = ArticleFactory(category=CategoryFactory(name="Sepi", slug="sepi"))
    others = [
        ArticleFactory(publish_at=timezone.now() - datetime.timedelta(hours=hours), authors=[])
        for hours in (3, 2, 4)
    ]
    sponsored = ArticleFactory(is_sponsored=True, sponsor_name="Label", authors=[])
    cards = related_articles(article, article_links(article), [])
    assert cards == [others[1], others[0], others[2]]
    assert sponsored not in cards


def test_related_cards_with_no_other_article_cost_one_query():
    article = ArticleFactory()
    linked = article_links(article)
    with CaptureQueriesContext(connection) as queries:
        assert related_articles(article, linked, []) == []
    assert len(queries.captured_queries) == 1


@pytest.mark.parametrize("n", [1, 20])
def test_article_page_scores_related_cards_once_then_reads_them_stored(client, settings, n):
    settings.PAGE_CACHE_SECONDS = 0
    article = rich_article(n)
    unions = []
    for _view in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        unions.append([q["sql"] for q in queries.captured_queries if "UNION" in q["sql"]])
    # First view: the music links with the tags, the figures and authors, the music box's
    # five (each selects the article's releases as a UNION), the neighbours, and the
    # scoring of related cards. Then all but the row and the stored cards come from the cache.
    assert len(unions[0]) == 9
    assert unions[1] == []
    assert len(queries.captured_queries) == 2


def test_previous_and_next_with_equal_publish_times_follow_the_id():
    category = CategoryFactory(name="Berita", slug="berita")
    moment = timezone.now() - datetime.timedelta(hours=2)
    older = ArticleFactory(category=category, publish_at=moment - datetime.timedelta(hours=1))
    first, second, third = (ArticleFactory(category=category, publish_at=moment) for _ in range(3))
    ArticleFactory(category=category, draft=True)
    newer = ArticleFactory(category=category, publish_at=moment + datetime.timedelta(minutes=30))
    rows = {}
    for a in Article.objects.published().filter(category=category):
        links = article_links(a)
        rows[a.pk] = (links.previous and links.previous.slug, links.next and links.next.slug)
    assert rows[older.pk] == (None, first.slug)
    assert rows[first.pk] == (older.slug, second.slug)
    assert rows[second.pk] == (first.slug, third.slug)
    assert rows[third.pk] == (second.slug, newer.slug)
    assert rows[newer.pk] == (third.slug, None)


def test_home_blocks_hold_the_newest_four_of_each_home_category_in_order(client):
    from articles.views import HomeView

    berita = CategoryFactory(name="Berita", slug="berita", position=2)
    kolom = CategoryFactory(name="Kolom", slug="kolom", position=1)
    hidden = CategoryFactory(name="Arsip", slug="arsip", show_on_home=False)
    CategoryFactory(name="Kosong", slug="kosong", position=0)
    made = {}
    for category in (berita, kolom, hidden):
        made[category.pk] = [
            ArticleFactory(
                category=category, publish_at=timezone.now() - datetime.timedelta(hours=h), authors=[]
            )
            for h in range(1, 7)
        ]
        ArticleFactory(category=category, scheduled=True, authors=[])
    with CaptureQueriesContext(connection) as queries:
        blocks = HomeView().category_blocks()
    assert len(queries.captured_queries) == 2
    assert [block["category"] for block in blocks] == [kolom, berita]
    assert blocks[0]["articles"] == made[kolom.pk][:4]
    assert blocks[1]["articles"] == made[berita.pk][:4]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in context.captured_queries if "COUNT(" in q["sql"].upper()]


@pytest.mark.parametrize("url", ["/", "/kategori/berita/", "/artikel/?category=berita"])
def test_list_totals_are_cached_until_a_write(client, settings, url):
    settings.PAGE_CACHE_SECONDS = 0
    with bulk_write():
        category = CategoryFactory(name="Berita", slug="berita")
        ArticleFactory.create_batch(13, category=category, hero=PhotoFactory(), authors=[])
    assert count_queries(client, url)
    page_two = url + ("&" if "?" in url else "?") + "page=2"
    assert not count_queries(client, page_two)
    assert "Halaman 2 dari 2" in client.get(page_two).content.decode()
    ArticleFactory.create_batch(12, category=category, authors=[])
    assert count_queries(client, url)
    assert "Halaman 1 dari 3" in client.get(url).content.decode()
    assert client.get(url + ("&" if "?" in url else "?") + "page=4").status_code == 404


def test_list_total_counts_a_scheduled_article_once_its_time_comes(client, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 0
    category = CategoryFactory(name="Berita", slug="berita")
    ArticleFactory.create_batch(12, category=category, authors=[])
    scheduled = ArticleFactory(category=category, scheduled=True, authors=[])
    assert "Halaman 2" not in client.get("/kategori/berita/").content.decode()
    assert client.get("/kategori/berita/?page=2").status_code == 404
    later = scheduled.publish_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    first_page = client.get("/kategori/berita/").content.decode()
    assert "Halaman 1 dari 2" in first_page and scheduled.title in first_page
    assert client.get("/kategori/berita/?page=2").status_code == 200


def test_search_totals_are_not_cached(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    ArticleFactory.create_batch(2, title="Kabar festival", authors=[])
    assert count_queries(client, "/cari/?q=festival")
    assert count_queries(client, "/cari/?q=festival")


def test_a_scheduled_article_becomes_the_next_one_at_its_time():
    from unittest import mock

    category = CategoryFactory(name="Berita", slug="berita")
    article = ArticleFactory(category=category, publish_at=timezone.now() - datetime.timedelta(hours=2))
    scheduled = ArticleFactory(category=category, scheduled=True)
    assert article_links(article).next is None
    with mock.patch("django.utils.timezone.now", return_value=scheduled.publish_at):
        assert article_links(article).next.slug == scheduled.slug
        assert article_links(scheduled).previous.slug == article.slug
    draft = ArticleFactory(category=category, draft=True)
    links = article_links(draft)
    assert (links.previous, links.next) == (None, None)


def test_figures_and_authors_hold_what_the_orm_loads(client):
    from articles.models import ArticleAuthor, Figure
    from articles.selectors import PHOTO_FIELDS, _load_figures_and_authors
    from tests.factories import AuthorFactory, FigureFactory

    article = rich_article(3)
    FigureFactory(
        article=article, photo=PhotoFactory(caption="Panggung", credit="Dok: Paragon Pictures"), position=0
    )
    ArticleAuthor.objects.create(
        article=article, author=AuthorFactory(photo=None, tagline="Tanpa foto"), position=9
    )
    with CaptureQueriesContext(connection) as queries:
        figures, authors = _load_figures_and_authors(article)
    assert len(queries.captured_queries) == 1

    expected_figures = list(
        Figure.objects.filter(article=article).select_related("photo").order_by("position", "pk")
    )
    assert [(f.pk, f.key, f.position, f.display_caption, f.display_credit) for f in figures] == [
        (f.pk, f.key, f.position, f.display_caption, f.display_credit) for f in expected_figures
    ]
    for loaded, expected in zip(figures, expected_figures, strict=True):
        assert [getattr(loaded.photo, name) for name in PHOTO_FIELDS] == [
            getattr(expected.photo, name) for name in PHOTO_FIELDS
        ]
    expected_authors = [
        link.author
        for link in article.article_authors.select_related("author__photo").order_by("position", "pk")
    ]
    assert [(a.pk, a.name, a.slug, a.tagline, a.get_absolute_url()) for a in authors] == [
        (a.pk, a.name, a.slug, a.tagline, a.get_absolute_url()) for a in expected_authors
    ]
    assert [a.photo and a.photo.pk for a in authors] == [a.photo_id for a in expected_authors]
    assert authors[-1].photo is None
