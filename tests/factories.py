"""factory_boy factories for every model; images are made with Pillow in memory."""

import io
from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Category,
    Correction,
    Figure,
    RankedEntry,
    RankedSection,
    RelatedArticle,
)
from music.models import (
    Artist,
    Film,
    FilmCredit,
    Release,
    ReleaseCredit,
    Song,
    SongCredit,
    StreamingLink,
    Track,
    TrackCredit,
)
from pophariini.models import Photo


def image_bytes(width=64, height=48, fmt="JPEG", color=(200, 40, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, fmt)
    return buffer.getvalue()


def image_upload(name="foto.jpg", **kwargs):
    fmt = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}[name.rsplit(".", 1)[1]]
    return SimpleUploadedFile(name, image_bytes(fmt=fmt, **kwargs), content_type=f"image/{fmt.lower()}")


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    image = factory.LazyFunction(image_upload)
    alt_text = factory.Sequence(lambda n: f"Foto panggung nomor {n}")
    caption = "Penampilan di atas panggung"
    credit = "Dok: Pophariini"


class ArtistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Artist

    name = factory.Sequence(lambda n: f"Artis {n}")
    kind = Artist.Kind.GROUP


class SongFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Song
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Lagu {n}")

    @factory.post_generation
    def original_artists(self, create, extracted, **kwargs):
        """A new artist unless given: ``SongFactory(original_artists=[sissy, vanesha])``, ``[]`` for none."""
        if not create:
            return
        self.original_artists.set(extracted if extracted is not None else [ArtistFactory()])


class SongCreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SongCredit

    song = factory.SubFactory(SongFactory)
    artist = factory.SubFactory(ArtistFactory, kind=Artist.Kind.PERSON)
    role = SongCredit.ROLES[0]


class ReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Release

    title = factory.Sequence(lambda n: f"Rilisan {n}")
    kind = Release.Kind.ALBUM
    release_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    label = "Demajors"


class ReleaseCreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReleaseCredit

    release = factory.SubFactory(ReleaseFactory)
    artist = factory.SubFactory(ArtistFactory)
    role = "performer"


class StreamingLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StreamingLink

    release = factory.SubFactory(ReleaseFactory)
    platform = "spotify"
    url = factory.Sequence(lambda n: f"https://open.spotify.com/album/{n:022d}")


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    release = factory.SubFactory(ReleaseFactory)
    song = factory.SubFactory(SongFactory)
    position = factory.Sequence(lambda n: n + 1)


class TrackCreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrackCredit

    track = factory.SubFactory(TrackFactory)
    artist = factory.SubFactory(ArtistFactory)
    role = "performer"


class FilmFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Film

    title = factory.Sequence(lambda n: f"Film {n}")
    year = 2022
    production_company = "Paragon Pictures"


class FilmCreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FilmCredit

    film = factory.SubFactory(FilmFactory)
    artist = factory.SubFactory(ArtistFactory, kind=Artist.Kind.PERSON)
    role = "director"


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Penulis {n}")
    tagline = "Musik adalah cara terbaik merayakan hidup."


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Rubrik {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article by one author, unless told otherwise."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Kabar Musik Nomor {n}")
    dek = "Sebuah kabar singkat dari dunia musik."
    body = "<p>Paragraf pertama.</p><p>Paragraf kedua.</p>"
    category = factory.SubFactory(CategoryFactory)
    status = Article.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if not create:
            return
        for position, author in enumerate(extracted if extracted is not None else [AuthorFactory()]):
            ArticleAuthor.objects.create(article=self, author=author, position=position)

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT, publish_at=None)
        review = factory.Trait(status=Article.Status.REVIEW, publish_at=None)
        scheduled = factory.Trait(publish_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1)))


class FigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Figure

    article = factory.SubFactory(ArticleFactory)
    photo = factory.SubFactory(PhotoFactory)


class RelatedArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelatedArticle

    from_article = factory.SubFactory(ArticleFactory)
    to_article = factory.SubFactory(ArticleFactory)


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    article = factory.SubFactory(ArticleFactory)
    kind = Correction.Kind.CORRECTION
    text = "Sebelumnya tertulis album ini rilis Maret; yang benar, April 2025."


class RankedSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RankedSection

    article = factory.SubFactory(ArticleFactory, title="Album Terbaik 2025")
    title = ""
    position = factory.Sequence(lambda n: n)


class RankedEntryFactory(factory.django.DjangoModelFactory):
    """A release ranked in a list; pass ``song=`` or ``artist=`` with ``release=None`` for the others."""

    class Meta:
        model = RankedEntry

    section = factory.SubFactory(RankedSectionFactory)
    release = factory.SubFactory(ReleaseFactory)
    position = factory.Sequence(lambda n: n)
    text = "Album yang paling sering kami putar tahun ini."
