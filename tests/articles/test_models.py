"""Articles: visibility, slugs, sanitising on save, figures, redirects and constraints."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Figure, RelatedArticle
from pophariini.models import Redirect
from tests.factories import (
    ArticleFactory,
    ArtistFactory,
    AuthorFactory,
    CategoryFactory,
    FigureFactory,
)

pytestmark = pytest.mark.django_db


def test_published_means_status_published_and_time_has_come():
    live = ArticleFactory()
    ArticleFactory(draft=True)
    ArticleFactory(review=True)
    ArticleFactory(scheduled=True)
    assert list(Article.objects.published()) == [live]


def test_scheduled_article_becomes_visible_when_its_time_comes():
    article = ArticleFactory(scheduled=True)
    assert not Article.objects.published().exists()
    later = article.publish_at + timedelta(seconds=1)
    assert list(Article.objects.published(at=later)) == [article]


def test_music_entities_reach_only_their_published_articles():
    artist = ArtistFactory()
    live = ArticleFactory()
    hidden = ArticleFactory(draft=True)
    live.artists.add(artist)
    hidden.artists.add(artist)
    assert list(artist.articles.published()) == [live]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Ragam Soundtrack dari Film Backstage", "ragam-soundtrack-dari-film-backstage"),
        ("Café Tanpa Nama: Über Musik", "cafe-tanpa-nama-uber-musik"),
        ("🎸🔥 Rock Sampai Pagi 🔥", "rock-sampai-pagi"),
        ("🎸🔥", "tanpa-judul"),
        ("Kategori", "kategori-2"),
    ],
)
def test_slug_is_generated_from_the_title(title, slug):
    assert ArticleFactory(title=title, slug="").slug == slug


def test_slugs_stay_unique():
    first = ArticleFactory(title="Album Terbaik", slug="")
    second = ArticleFactory(title="Album Terbaik", slug="")
    assert (first.slug, second.slug) == ("album-terbaik", "album-terbaik-2")


def test_reserved_slug_is_refused_by_validation_and_database():
    article = ArticleFactory.build(slug="kategori", category=CategoryFactory())
    with pytest.raises(ValidationError):
        article.full_clean(exclude=["category"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=ArticleFactory().pk).update(slug="admin")


def test_body_and_text_fields_are_sanitised_on_every_save():
    article = ArticleFactory(
        title="Judul <script>x</script>",
        body='<p onclick="x">Isi</p><script>alert(1)</script><iframe src="https://evil.example"></iframe>',
    )
    article.refresh_from_db()
    assert article.title == "Judul"
    assert article.body == "<p>Isi</p>"


def test_publishing_without_a_time_means_now_and_records_first_publication():
    article = ArticleFactory(draft=True)
    article.status = Article.Status.PUBLISHED
    article.save()
    assert article.publish_at <= timezone.now()
    assert article.first_published_at == article.publish_at


def test_first_publication_is_kept_when_republished():
    article = ArticleFactory()
    first = article.first_published_at
    article.status = Article.Status.DRAFT
    article.save()
    article.status = Article.Status.PUBLISHED
    article.publish_at = timezone.now()
    article.save()
    assert article.first_published_at == first


def test_revised_time_is_set_only_for_real_edits_after_publication():
    article = ArticleFactory()
    article = Article.objects.get(pk=article.pk)
    article.featured = True
    article.save()
    assert article.revised_at is None
    article = Article.objects.get(pk=article.pk)
    article.body = "<p>Ralat: tanggal rilis yang benar 21 Maret.</p>"
    article.save()
    assert article.revised_at is not None


def test_changing_a_published_slug_leaves_a_redirect():
    article = ArticleFactory(slug="judul-lama")
    article = Article.objects.get(pk=article.pk)
    article.slug = "judul-baru"
    article.save()
    article = Article.objects.get(pk=article.pk)
    article.slug = "judul-terbaru"
    article.save()
    redirects = dict(Redirect.objects.values_list("old_path", "new_path"))
    assert redirects == {"/judul-lama/": "/judul-terbaru/", "/judul-baru/": "/judul-terbaru/"}


def test_changing_a_draft_slug_leaves_no_redirect():
    article = ArticleFactory(draft=True, slug="draf-lama")
    article = Article.objects.get(pk=article.pk)
    article.slug = "draf-baru"
    article.save()
    assert not Redirect.objects.exists()


def test_figure_keys_are_assigned_in_order_and_survive_reordering():
    article = ArticleFactory()
    first, second = FigureFactory(article=article), FigureFactory(article=article)
    assert (first.placeholder, second.placeholder) == ("[foto 1]", "[foto 2]")
    first.position, second.position = 2, 1
    first.save()
    second.save()
    assert [f.key for f in article.figures.order_by("position")] == [2, 1]


def test_figure_key_is_unique_within_an_article():
    article = ArticleFactory()
    FigureFactory(article=article, key=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        FigureFactory(article=article, key=4)


def test_figure_caption_and_credit_fall_back_to_the_photo():
    figure = FigureFactory(caption="", credit="Foto: Redaksi")
    assert figure.display_caption == figure.photo.caption
    assert figure.display_credit == "Foto: Redaksi"


def test_placeholders_are_read_from_the_body():
    article = ArticleFactory(body="<p>[foto 2]</p><p>teks</p><p>[FOTO 10]</p>")
    assert article.placeholders == [2, 10]


def test_article_cannot_be_related_to_itself():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RelatedArticle.objects.create(from_article=article, to_article=article)


def test_authors_keep_their_order():
    first, second = AuthorFactory(name="Zaki"), AuthorFactory(name="Ayu")
    article = ArticleFactory(authors=[first, second])
    article = Article.objects.with_authors().get(pk=article.pk)
    assert article.ordered_authors == [first, second]
    assert article.primary_author == first


def test_published_article_must_have_a_publish_time_in_the_database():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(publish_at=None)


def test_figure_photo_cannot_be_deleted_while_in_use():
    figure = FigureFactory()
    with pytest.raises(Exception) as info, transaction.atomic():
        figure.photo.delete()
    assert "ProtectedError" in type(info.value).__name__
    assert Figure.objects.filter(pk=figure.pk).exists()


def test_validation_fills_the_defaults_save_would_before_checking_constraints():
    """Any write path that validates (admin, services, shell) accepts "published now" and an empty slug."""
    article = Article(
        title="Rilis Hari Ini", slug="", status=Article.Status.PUBLISHED, category=CategoryFactory()
    )
    article.full_clean()
    assert article.slug == "rilis-hari-ini"
    assert article.publish_at is not None and article.publish_at <= timezone.now()
