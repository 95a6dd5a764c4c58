"""A published story as the editor flow leaves it, built directly for the reader-side tests.

The editor flow proves the admin can produce it; these tests need it fast and the same
every time: a film with a three-track soundtrack (one a cover), an article with a hero,
two figures placed in the text, an author with a tagline, neighbours in its rubric, and
a draft that must stay hidden.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from articles.models import Article, Category
from music.models import Artist, CreditRole, Release
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
    TrackCreditFactory,
    TrackFactory,
    image_upload,
)

TITLE = "Langit Jingga dan Lagu-lagu yang Menemaninya"
PARAGRAPHS = [
    "Film Langit Jingga membawa tiga lagu yang kini bisa didengarkan di layanan streaming.",
    "Kirana Larasati menulis Senja di Braga bersama Bayu Pramana untuk adegan pembuka.",
    "Lautan Kenangan milik Sandyakala dibawakan ulang dengan aransemen yang lebih sunyi.",
]
FIGURES = [
    # (caption, credit), in the order they appear in the text
    ("Kirana Larasati merekam Senja di Braga", "Foto: Arya Nugraha"),
    ("Sandyakala, pemilik asli Lautan Kenangan", "Dok: Sandyakala"),
]
HERO = ("Poster resmi Langit Jingga", "Dok: Sinema Nusantara")
NEIGHBOURS = [
    "Sandyakala Kembali Manggung di Bandung",
    "Kirana Larasati Siapkan Album Penuh Pertama",
    "Lima Lagu Tema Film yang Melekat di Ingatan",
]
DRAFT_TITLE = "Bocoran Daftar Lagu Film Berikutnya"


@dataclass
class Story:
    article: Article
    category: Category
    artist: Artist
    cover_of: Artist
    draft: Article
    neighbours: list


def photo(alt_text, color, size=(1200, 800), **fields):
    """A photo big enough for real renditions, so screenshots look like the site."""
    width, height = size
    upload = image_upload(f"{color[0]}-{color[1]}-{color[2]}.jpg", width=width, height=height, color=color)
    return PhotoFactory(image=upload, alt_text=alt_text, **fields)


@bulk_write()
def build_story() -> Story:
    """The story and its world, written as one bulk write: the stored state readers' pages
    use (cached pages, related cards, search text) is renewed once, at its end."""
    now = timezone.now()
    berita = CategoryFactory(name="Berita", slug="berita")
    CategoryFactory(name="Review", slug="review")

    kirana = ArtistFactory(
        name="Kirana Larasati",
        slug="kirana-larasati",
        kind=Artist.Kind.PERSON,
        origin_city="Bandung",
        bio="Penyanyi dan penulis lagu asal Bandung.",
        photo=photo("Kirana Larasati tersenyum di depan mikrofon", (40, 90, 160), (600, 600)),
    )
    bayu = ArtistFactory(name="Bayu Pramana", kind=Artist.Kind.PERSON)
    sandyakala = ArtistFactory(name="Sandyakala", slug="sandyakala")

    senja = SongFactory(title="Senja di Braga", original_artists=[kirana])
    SongCreditFactory(song=senja, artist=kirana, role=CreditRole.COMPOSER)
    SongCreditFactory(song=senja, artist=bayu, role=CreditRole.LYRICIST)
    lautan = SongFactory(title="Lautan Kenangan", original_artists=[sandyakala])
    rumah = SongFactory(title="Rumah Kaca", original_artists=[bayu])

    soundtrack = ReleaseFactory(title="Langit Jingga (Original Soundtrack)", kind=Release.Kind.SOUNDTRACK)
    for position, (song, performer) in enumerate([(senja, kirana), (lautan, kirana), (rumah, bayu)], 1):
        track = TrackFactory(release=soundtrack, song=song, position=position)
        TrackCreditFactory(track=track, artist=performer, role=CreditRole.PERFORMER)
    film = FilmFactory(title="Langit Jingga", year=2025, production_company="Sinema Nusantara")
    film.soundtrack = soundtrack
    film.save()

    author = AuthorFactory(
        name="Dewi Kartika",
        slug="dewi-kartika",
        tagline="Menulis sambil mendengarkan piringan hitam.",
        photo=photo("Potret Dewi Kartika", (120, 60, 120), (400, 400)),
    )
    neighbours = [
        ArticleFactory(
            title=title,
            category=berita,
            hero=photo(f"Ilustrasi {title}", (60 + 40 * number, 110, 90), (800, 533)),
            publish_at=now - timedelta(days=3 + number),
        )
        for number, title in enumerate(NEIGHBOURS)
    ]
    neighbours[0].artists.add(sandyakala)

    paragraphs = [f"<p>{text}</p>" for text in PARAGRAPHS]
    body = "".join([paragraphs[0], paragraphs[1], "<p>[foto 1]</p>", paragraphs[2], "<p>[foto 2]</p>"])
    article = ArticleFactory(
        title=TITLE,
        dek="Tiga lagu, satu di antaranya lagu lama Sandyakala, mengiringi film terbaru.",
        body=body,
        category=berita,
        hero=photo(
            "Poster film Langit Jingga berlatar senja", (200, 90, 40), caption=HERO[0], credit=HERO[1]
        ),
        publish_at=now - timedelta(hours=2),
        authors=[author],
    )
    article.tags.add("soundtrack", "film Indonesia")
    article.films.add(film)
    article.artists.add(kirana)
    for key, (caption, credit) in enumerate(FIGURES, 1):
        FigureFactory(
            article=article,
            key=key,
            position=key,
            caption=caption,
            credit=credit,
            photo=photo(f"Foto {key} untuk {TITLE}", (30, 120 + 40 * key, 70)),
        )

    draft = ArticleFactory(title=DRAFT_TITLE, category=berita, draft=True, authors=[author])
    draft.films.add(film)
    return Story(
        article=article,
        category=berita,
        artist=kirana,
        cover_of=sandyakala,
        draft=draft,
        neighbours=neighbours,
    )
