"""The content registry and its one entry point: every write to content renews each store it feeds."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection, models, transaction
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles import related
from articles.models import Article, ArticleAuthor, EditLock, QuotedAddress, RelatedSuggestion, TaggedArticle
from music.models import ArtistLink, Genre, Membership
from pophariini import cache as page_cache
from pophariini import content
from pophariini.models import MenuItem, Page, ReadingCount, Redirect, SiteSettings
from tests.factories import (
    ArticleFactory,
    ArtistFactory,
    AuthorFactory,
    CategoryFactory,
    CorrectionFactory,
    FigureFactory,
    FilmCreditFactory,
    FilmFactory,
    PhotoFactory,
    RankedEntryFactory,
    RankedSectionFactory,
    RelatedArticleFactory,
    ReleaseCreditFactory,
    ReleaseFactory,
    SongCreditFactory,
    SongFactory,
    StreamingLinkFactory,
    TrackCreditFactory,
    TrackFactory,
)

pytestmark = pytest.mark.django_db

STALE = "teks pencarian usang"


def _rename(article):
    article.title = "Judul yang Diperbarui"
    article.save()


def _rename_and_move(article):
    """A new title and an earlier publish time: the time is what related scores read."""
    article.title = "Judul yang Diperbarui"
    article.publish_at -= timedelta(minutes=1)
    article.save()


# One write per content model, touching the article where the model can belong to one.
WRITES = {
    "pophariini.Photo": lambda article: PhotoFactory(),
    "pophariini.Redirect": lambda article: Redirect.objects.create(old_path="/lama/", new_path="/baru/"),
    "pophariini.Page": lambda article: Page.objects.create(title="Tentang Kami", url="/tentang-kami/"),
    "pophariini.SiteSettings": lambda article: SiteSettings.objects.create(
        instagram_url="https://instagram.com/x"
    ),
    "pophariini.MenuItem": lambda article: MenuItem.objects.create(category=article.category),
    "music.Genre": lambda article: Genre.objects.create(name="Shoegaze", slug="shoegaze"),
    "music.Artist_genres": lambda article: ArtistFactory().genres.add(
        Genre.objects.create(name="Pop", slug="pop")
    ),
    "music.Artist": lambda article: ArtistFactory(),
    "music.Membership": lambda article: Membership.objects.create(
        group=ArtistFactory(), member=ArtistFactory()
    ),
    "music.ArtistLink": lambda article: ArtistLink.objects.create(
        artist=ArtistFactory(), platform="instagram", url="https://www.instagram.com/perunggu/"
    ),
    "music.Song": lambda article: SongFactory(),
    "music.Song_original_artists": lambda article: SongFactory(original_artists=[]).original_artists.add(
        ArtistFactory()
    ),
    "music.SongCredit": lambda article: SongCreditFactory(),
    "music.Release": lambda article: ReleaseFactory(),
    "music.ReleaseCredit": lambda article: ReleaseCreditFactory(),
    "music.StreamingLink": lambda article: StreamingLinkFactory(),
    "music.Track": lambda article: TrackFactory(),
    "music.TrackCredit": lambda article: TrackCreditFactory(),
    "music.Film": lambda article: FilmFactory(),
    "music.FilmCredit": lambda article: FilmCreditFactory(),
    "articles.Author": lambda article: AuthorFactory(),
    "articles.Category": lambda article: CategoryFactory(),
    "articles.TaggedArticle": lambda article: article.tags.add("shoegaze"),
    "articles.Article_artists": lambda article: article.artists.add(ArtistFactory(name="Nadin Amizah")),
    "articles.Article_songs": lambda article: article.songs.add(SongFactory()),
    "articles.Article_releases": lambda article: article.releases.add(ReleaseFactory()),
    "articles.Article_films": lambda article: article.films.add(FilmFactory()),
    "articles.Article": _rename_and_move,
    "articles.ArticleAuthor": lambda article: ArticleAuthor.objects.create(
        article=article, author=AuthorFactory(), position=1
    ),
    "articles.Figure": lambda article: FigureFactory(article=article),
    "articles.RelatedArticle": lambda article: RelatedArticleFactory(from_article=article),
    "articles.Correction": lambda article: CorrectionFactory(article=article),
    "articles.RankedSection": lambda article: RankedSectionFactory(article=article),
    "articles.RankedEntry": lambda article: RankedEntryFactory(section=RankedSectionFactory(article=article)),
    "taggit.Tag": lambda article: Tag.objects.create(name="Dream Pop"),
    "taggit.TaggedItem": lambda article: TaggedItem.objects.create(
        tag=Tag.objects.create(name="Arsip"), content_object=article.category
    ),
}
# Writes that change which cards an article's related list should hold.
FEEDS_RELATED = {
    "articles.Article",
    "articles.RelatedArticle",
    "articles.TaggedArticle",
    "articles.Article_artists",
    "articles.Article_songs",
    "articles.Article_releases",
    "articles.Article_films",
}
# Writes that change an article's search text (its tags and linked artists).
FEEDS_SEARCH = {"articles.Article", "articles.TaggedArticle", "articles.Article_artists"}


@pytest.fixture
def article():
    """An article with a full stored related list and a search text no write has renewed yet."""
    article, other = ArticleFactory(), ArticleFactory()
    related.store(article.pk, [other.pk] * related.STORED, timezone.now())
    Article.objects.filter(pk=article.pk).update(search_text=STALE)
    return article


def generation():
    return page_cache.current_state(timezone.now().timestamp())[0]


def stored_state(article):
    """The page cache generation, whether the article's related list is stored, its search text."""
    return (
        generation(),
        RelatedSuggestion.objects.filter(article=article).exists(),
        Article.objects.values_list("search_text", flat=True).get(pk=article.pk),
    )


def test_the_content_apps_are_registered_by_the_apps_themselves():
    assert content.app_labels() == ["articles", "music", "pophariini", "taggit"]


def test_every_model_of_a_content_app_is_content_unless_its_app_excludes_it():
    registered = set(content.models())
    for label in content.app_labels():
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            # Stored suggestions, quoted addresses, read counts and edit locks are not content:
            # their writes renew no page.
            derived = (RelatedSuggestion, QuotedAddress, ReadingCount, EditLock)
            assert (model in registered) == (model not in derived), model._meta.label


def test_a_model_added_to_a_content_app_is_covered_without_editing_a_list():
    class RecordLabel(models.Model):
        name = models.CharField(max_length=100)

        class Meta:
            app_label = "music"

        def __str__(self):
            return self.name

    try:
        assert RecordLabel in content.models()
        before = generation()
        post_save.send(sender=RecordLabel, instance=RecordLabel(pk=1, name="Demajors"), created=True)
        assert generation() != before
    finally:
        del apps.all_models["music"]["recordlabel"]
        apps.clear_cache()


@pytest.mark.parametrize("bulk", [False, True], ids=["one write", "bulk write"])
@pytest.mark.parametrize("model", content.models(), ids=lambda model: model._meta.label)
def test_a_write_to_any_content_model_renews_every_store_it_feeds(article, model, bulk):
    label = model._meta.label
    assert label in WRITES, f"{label} is content: give it a write in WRITES"
    before, has_list, _search_text = stored_state(article)
    if bulk:
        with content.bulk_write():
            WRITES[label](article)
            during = stored_state(article)
            assert during[:2] == (before, has_list), "a bulk write renews nothing before its end"
            if label != "articles.Article":  # Article.save() writes its own search text
                assert during[2] == STALE
    else:
        WRITES[label](article)

    after, after_has_list, after_search_text = stored_state(article)
    assert after != before
    assert after_has_list == (label not in FEEDS_RELATED)
    assert (after_search_text != STALE) == (label in FEEDS_SEARCH)


def test_rows_written_without_signals_are_renewed_when_declared(article):
    before = generation()
    with content.bulk_write() as batch:
        tag = Tag.objects.create(name="Shoegaze")
        TaggedArticle.objects.bulk_create([TaggedArticle(content_object=article, tag=tag)])
        batch.wrote(Article, [article.pk])
    after, has_list, search_text = stored_state(article)
    assert after != before
    assert not has_list
    assert "Shoegaze" in search_text


def test_a_nested_bulk_write_renews_once_at_the_outer_end(article):
    before = generation()
    with content.bulk_write():
        with content.bulk_write():
            _rename(article)
        assert stored_state(article)[:2] == (before, True)
    after, has_list, _search_text = stored_state(article)
    assert after != before
    assert not has_list


def test_a_bulk_write_rolled_back_with_its_transaction_renews_nothing(article):
    before = generation()
    with pytest.raises(RuntimeError), transaction.atomic(), content.bulk_write():
        _rename(article)
        raise RuntimeError("berkas rusak")
    assert stored_state(article) == (before, True, STALE)


@pytest.mark.parametrize(
    "write, expected",
    [
        # The article's own save: its search text (its artists' and tags' names), then the row.
        ("article", ["SELECT", "SELECT", "UPDATE"]),
        ("track", ["UPDATE"]),
    ],
)
def test_a_bulk_write_spends_no_query_on_which_pages_each_row_shows_on(article, write, expected):
    """The block's end renews the whole site, so no receiver works out row by row which pages
    a write changes: a pasted tracklist or an import writes hundreds of rows."""
    track = TrackFactory()
    other_release = ReleaseFactory()
    article = Article.objects.get(pk=article.pk)
    with content.bulk_write(), CaptureQueriesContext(connection) as queries:
        if write == "article":
            article.title = "Judul baru"
            article.save()
        else:
            track.release = other_release
            track.save()
    assert [query["sql"].split()[0] for query in queries.captured_queries] == expected
