"""Builders for the public-site tests: an article linked to everything, sized by ``n``.

They only make test data, before a test looks at a page: each writes its rows in one
``bulk_write()``, which renews the caches and stored lists once at its end (the whole site)
instead of after each of its hundreds of rows. A builder called inside a test's own bulk
write joins it.
"""

from datetime import timedelta

from django.utils import timezone

from articles.models import Article, ArticleAuthor, RelatedArticle
from music.models import CreditRole
from pophariini.content import bulk_write
from tests.factories import (
    ArticleFactory,
    ArtistFactory,
    AuthorFactory,
    CategoryFactory,
    FigureFactory,
    FilmFactory,
    PhotoFactory,
    ReleaseFactory,
    SongCreditFactory,
    SongFactory,
    StreamingLinkFactory,
    TrackCreditFactory,
    TrackFactory,
)


@bulk_write()
def soundtrack_with_tracks(n, *, title="Soundtrack"):
    """A soundtrack release with ``n`` tracks, each credited, written and (every other one) a cover."""
    release = ReleaseFactory(title=title, kind="soundtrack", cover=PhotoFactory())
    singer = ArtistFactory(name=f"Penyanyi {title}")
    for position in range(1, n + 1):
        original = ArtistFactory() if position % 2 == 0 else singer
        song = SongFactory(original_artists=[original])
        SongCreditFactory(song=song, role=CreditRole.COMPOSER)
        SongCreditFactory(song=song, role=CreditRole.LYRICIST)
        track = TrackFactory(release=release, song=song, position=position)
        TrackCreditFactory(track=track, artist=singer)
    StreamingLinkFactory(release=release)
    return release


@bulk_write()
def rich_article(n, **kwargs):
    """A published article with ``n`` of each: figures, tags, authors, tracks, linked entities, related."""
    category = kwargs.pop("category", None) or CategoryFactory(name="Berita", slug="berita")
    authors = [AuthorFactory(photo=PhotoFactory()) for _ in range(n)]
    body = "".join(f"<p>Paragraf {i}.</p><p>[foto {i}]</p>" for i in range(1, n + 1))
    article = ArticleFactory(category=category, authors=authors, body=body, hero=PhotoFactory(), **kwargs)
    for _ in range(n):
        FigureFactory(article=article, photo=PhotoFactory())
    article.tags.add(*[f"tag-{article.pk}-{i}" for i in range(n)])
    film = FilmFactory(soundtrack=soundtrack_with_tracks(n, title=f"OST {article.pk}"))
    article.films.add(film)
    article.releases.add(*[soundtrack_with_tracks(1, title=f"Album {article.pk}-{i}") for i in range(n)])
    article.artists.add(*[ArtistFactory() for _ in range(n)])
    article.songs.add(*[SongFactory() for _ in range(n)])
    for position in range(n):
        other = ArticleFactory(category=category, hero=PhotoFactory())
        RelatedArticle.objects.create(from_article=article, to_article=other, position=position)
    return article


def add_authors(article, authors):
    for position, author in enumerate(authors, start=article.article_authors.count()):
        ArticleAuthor.objects.create(article=article, author=author, position=position)


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


def add_body_figure(slug="ragam-soundtrack-dari-film-backstage"):
    """The seed's one photo is its hero; give the body a figure of its own."""
    article = Article.objects.get(slug=slug)
    figure = FigureFactory(article=article, photo=PhotoFactory(credit="Dok: Paragon Pictures"))
    article.body += f"<p>{figure.placeholder}</p>"
    article.save()
