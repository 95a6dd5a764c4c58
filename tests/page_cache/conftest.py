"""The article the page cache tests read, with an author, a figure, a photo credit and an artist."""

import pytest

from tests.factories import (
    ArticleFactory,
    ArtistFactory,
    AuthorFactory,
    CategoryFactory,
    FigureFactory,
    PhotoFactory,
)


@pytest.fixture
def article():
    category = CategoryFactory(name="Berita", slug="berita")
    author = AuthorFactory(name="Raka Dewangkara")
    story = ArticleFactory(
        title="Ragam Soundtrack dari Film Backstage",
        slug="ragam-soundtrack",
        category=category,
        authors=[author],
        body="<p>Pembuka.</p><p>[foto 1]</p>",
    )
    FigureFactory(article=story, photo=PhotoFactory(credit="Dok: Paragon Pictures"))
    story.artists.add(ArtistFactory(name="Vanesha Prescillia", slug="vanesha"))
    return story
