"""Demo content: the Backstage soundtrack article, its film and music, two related stories and a ranked list.

Every row is looked up by a stable key (a slug, a photo's ``source_path``) and created only
when it is missing. A row that exists is left exactly as it is, with everything it owns
(credits, tracks, authors, tags, music links, related picks, list entries): those are created
with their owner, once. So a second run writes nothing: an editor's changes to the demo stay,
no ``updated_at`` moves, and no stored related list or cached page is dropped.
"""

import io
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import Resolver404, resolve, reverse
from PIL import Image, ImageDraw

from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Category,
    RankedEntry,
    RankedSection,
    RelatedArticle,
)
from music.models import (
    Artist,
    CreditRole,
    Film,
    FilmCredit,
    Release,
    ReleaseCredit,
    Song,
    SongCredit,
    Track,
    TrackCredit,
)
from pophariini.content import bulk_write
from pophariini.models import Photo, Redirect

JAKARTA = ZoneInfo("Asia/Jakarta")

CATEGORIES = [
    ("Berita", "berita"),
    ("Artikel", "artikel"),
    ("Kolom", "kolom"),
    ("Review", "review"),
    ("Wawancara", "wawancara"),
]

ARTISTS = {
    # slug: (name, kind, origin city)
    "sissy-prescillia": ("Sissy Prescillia", Artist.Kind.PERSON, "Jakarta"),
    "vanesha-prescillia": ("Vanesha Prescillia", Artist.Kind.PERSON, "Jakarta"),
    "guntur-soeharjanto": ("Guntur Soeharjanto", Artist.Kind.PERSON, ""),
    "andi-rianto": ("Andi Rianto", Artist.Kind.PERSON, ""),
    "monty-tiwa": ("Monty Tiwa", Artist.Kind.PERSON, ""),
    "sheila-on-7": ("Sheila On 7", Artist.Kind.GROUP, "Yogyakarta"),
    "tangga": ("Tangga", Artist.Kind.GROUP, "Jakarta"),
    "mocca": ("Mocca", Artist.Kind.GROUP, "Bandung"),
    "potret": ("Potret", Artist.Kind.GROUP, "Jakarta"),
    "perunggu": ("Perunggu", Artist.Kind.GROUP, "Jakarta"),
    "inheritors": ("Inheritors", Artist.Kind.GROUP, "Malang"),
    "agan-dazzle": ("Agan Dazzle", Artist.Kind.PERSON, ""),
}

BIOS = {
    "sissy-prescillia": "Aktris dan penyanyi; bersama adiknya, Vanesha, membintangi film musikal Backstage.",
    "vanesha-prescillia": "Aktris dan penyanyi yang beradu peran dengan kakaknya, Sissy, di film Backstage.",
    "perunggu": "Band rock asal Jakarta yang sedang menyiapkan album kedua mereka.",
    "inheritors": "Band thrash metal dari Malang.",
}

SISTERS = ("sissy-prescillia", "vanesha-prescillia")

# The Backstage soundtrack: (song slug, title, original artists, performers, composers, lyricists).
SOUNDTRACK = [
    ("melangkah", "Melangkah", SISTERS, SISTERS, ["andi-rianto"], ["andi-rianto", "monty-tiwa"]),
    ("apa-adanya", "Apa Adanya", ("sissy-prescillia",), SISTERS, ["andi-rianto"], ["andi-rianto"]),
    (
        "aku-takkan-berhenti",
        "Aku Takkan Berhenti",
        ("vanesha-prescillia",),
        SISTERS,
        ["andi-rianto"],
        ["andi-rianto"],
    ),
    ("seberapa-pantas", "Seberapa Pantas", ("sheila-on-7",), ("vanesha-prescillia",), [], []),
    ("terbaik-untukmu", "Terbaik Untukmu", ("tangga",), ("sissy-prescillia",), [], []),
    ("i-remember", "I Remember", ("mocca",), ("vanesha-prescillia",), [], []),
    ("bagaikan-langit", "Bagaikan Langit", ("potret",), ("sissy-prescillia",), [], []),
]

SEED_BODY = """
<p>Film musikal <em>Backstage</em> garapan sutradara Guntur Soeharjanto tidak hanya bercerita
lewat adegan, tetapi juga lewat lagu. Produksi Paragon Pictures ini mempertemukan kakak-beradik
Sissy Prescillia dan Vanesha Prescillia di layar lebar, dan keduanya ikut bernyanyi untuk tujuh
lagu yang kini bisa didengarkan di berbagai layanan musik digital.</p>
<h2>Lagu baru dari Andi Rianto</h2>
<p>Andalan album ini adalah "Melangkah", duet pertama Sissy dan Vanesha. Musiknya digarap Andi
Rianto, sementara liriknya ia tulis bersama Monty Tiwa. Andi juga menulis dua lagu lain untuk film
ini, yaitu "Apa Adanya" dan "Aku Takkan Berhenti".</p>
<h2>Empat lagu lama, suara baru</h2>
<p>Separuh sisanya adalah tafsir ulang lagu-lagu yang akrab di telinga pendengar musik Indonesia:</p>
<ul>
<li>"Seberapa Pantas" milik Sheila On 7</li>
<li>"Terbaik Untukmu" milik Tangga</li>
<li>"I Remember" milik Mocca</li>
<li>"Bagaikan Langit" milik Potret</li>
</ul>
<blockquote><p>Lagu-lagu yang sudah punya tempat di hati banyak orang dibawakan ulang oleh dua pemeran
utamanya, masing-masing dengan warna vokalnya sendiri.</p></blockquote>
<p>Daftar lengkap lagu, penyanyi, dan penulisnya ada di kotak musik di bawah artikel ini.</p>
"""

PERUNGGU_BODY = """
<p>Kami berjumpa dengan Perunggu di sela sebuah acara di Jakarta Pusat pada Februari 2025. Di tengah
kesibukan menyiapkan album kedua, mereka masih sempat bercerita soal hal yang selalu mereka
cari setiap kali singgah di kota lain: makanan.</p>
<p>Dari obrolan santai itu lahir daftar enam tempat makan pilihan mereka dari berbagai kota yang
pernah mereka sambangi, lengkap dengan alasan kenapa tempat-tempat itu layak dikunjungi.</p>
"""

INHERITORS_BODY = """
<p>Band thrash metal asal Malang, Inheritors, menggandeng Agan Dazzle untuk single terbaru mereka,
"Pestilence". Lagu ini dirilis pada Jumat, 21 Maret 2025.</p>
<p>Menurut band, single ini adalah langkah pertama menuju album penuh yang sedang mereka garap.</p>
"""

COVERS_BODY = """
<p>Empat dari tujuh lagu di soundtrack <em>Backstage</em> adalah lagu lama milik musisi lain,
dinyanyikan ulang oleh dua pemeran utamanya. Berikut keempatnya, dalam urutan pilihan redaksi.</p>
"""

# The covers list, in the article's order: (song slug, a short note in the editor's words).
COVER_ENTRIES = [
    ("bagaikan-langit", "Lagu milik Potret, dinyanyikan ulang oleh Sissy Prescillia."),
    ("i-remember", "Lagu milik Mocca, dinyanyikan ulang oleh Vanesha Prescillia."),
    ("terbaik-untukmu", "Lagu milik Tangga, dinyanyikan ulang oleh Sissy Prescillia."),
    ("seberapa-pantas", "Lagu milik Sheila On 7, dinyanyikan ulang oleh Vanesha Prescillia."),
]


def make_demo_image(width=1600, height=900):
    """A stage-lights picture drawn with Pillow, so the demo needs no image files."""
    image = Image.new("RGB", (width, height), (24, 18, 40))
    draw = ImageDraw.Draw(image)
    for i in range(height):
        shade = int(40 + 120 * i / height)
        draw.line([(0, i), (width, i)], fill=(shade, 30, 90 - shade // 3))
    for x, color in ((width // 3, (250, 210, 120)), (2 * width // 3, (200, 150, 250))):
        draw.polygon([(x - 40, 0), (x + 40, 0), (x + 260, height), (x - 260, height)], fill=color)
        draw.ellipse([x - 90, height // 2 - 40, x + 90, height - 60], fill=(30, 20, 35))
        draw.ellipse([x - 45, height // 2 - 140, x + 45, height // 2 - 40], fill=(30, 20, 35))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def jakarta(year, month, day, hour=10):
    return datetime.combine(date(year, month, day), time(hour), tzinfo=JAKARTA)


def _get_or_create(model, lookup, **values):
    """``(row, created)``: the row ``lookup`` finds, as it is, or a new one with ``values``."""
    return model.objects.get_or_create(**lookup, defaults=values)


def _photo(key, *, alt_text, caption, credit):
    photo = Photo.objects.filter(source_path=key).first()
    if photo is None:
        photo = Photo(source_path=key, alt_text=alt_text, caption=caption, credit=credit)
        photo.image.save("demo.jpg", ContentFile(make_demo_image()), save=False)
        photo.save()
    return photo


def _add_credits(model, owner_field, owner, entries):
    """Credit a new ``owner``: ``entries`` [(artist, role), ...] in that order."""
    for position, (artist, role) in enumerate(entries):
        model.objects.create(**{owner_field: owner}, artist=artist, role=role, position=position)


def _existing_article(slug):
    """The article with this slug, also after an editor changed it (the old address redirects)."""
    article = Article.objects.filter(slug=slug).first()
    if article is None:
        old_path = reverse("articles:article_detail", kwargs={"slug": slug})
        redirect = Redirect.objects.filter(old_path=old_path).first()
        if redirect is not None:
            try:
                slug = resolve(redirect.new_path).kwargs.get("slug")
            except Resolver404:
                return None
            article = Article.objects.filter(slug=slug).first()
    return article


def _article(slug, *, title, dek, body, category, author, publish_at, hero=None, tags=(), **links):
    """``(article, created)``: a new article comes with its author, tags and music ``links``."""
    article = _existing_article(slug)
    if article is not None:
        return article, False
    article = Article.objects.create(
        slug=slug,
        title=title,
        dek=dek,
        body=body,
        category=category,
        hero=hero,
        status=Article.Status.PUBLISHED,
        publish_at=publish_at,
    )
    ArticleAuthor.objects.create(article=article, author=author, position=0)
    article.tags.set(list(tags))
    for name, objects in links.items():
        getattr(article, name).set(objects)
    return article, True


@transaction.atomic
@bulk_write()
def seed_demo():
    """Create the demo content that is missing (see the module docstring); returns the seed article."""
    categories = {
        name: _get_or_create(Category, {"slug": slug}, name=name, position=position)[0]
        for position, (name, slug) in enumerate(CATEGORIES)
    }
    artists = {
        slug: _get_or_create(
            Artist, {"slug": slug}, name=name, kind=kind, origin_city=city, bio=BIOS.get(slug, "")
        )[0]
        for slug, (name, kind, city) in ARTISTS.items()
    }

    photo = _photo(
        "demo/backstage-vanesha-sissy",
        alt_text="Vanesha Prescillia dan Sissy Prescillia berdiri berdampingan di panggung",
        caption="Vanesha dan Sissy Prescillia dalam film Backstage",
        credit="Dok: Paragon Pictures",
    )

    raka, _created = _get_or_create(
        Author,
        {"slug": "raka-dewangkara"},
        name="Raka Dewangkara",
        bio="Menulis tentang musik pop, film, dan lagu-lagu yang menemani keduanya.",
        tagline="Setiap film yang baik punya lagu yang pulang bersama penontonnya.",
    )

    soundtrack, soundtrack_created = _get_or_create(
        Release,
        {"slug": "backstage-original-soundtrack"},
        title="Backstage (Original Motion Picture Soundtrack)",
        kind=Release.Kind.SOUNDTRACK,
        cover=photo,
        description="Tujuh lagu dari film musikal Backstage, dirilis di layanan musik digital.",
    )
    if soundtrack_created:
        _add_credits(
            ReleaseCredit, "release", soundtrack, [(artists[s], CreditRole.PERFORMER) for s in SISTERS]
        )
    songs = []
    for position, (slug, title, originals, performers, composers, lyricists) in enumerate(SOUNDTRACK, 1):
        song, created = _get_or_create(Song, {"slug": slug}, title=title)
        if created:
            song.original_artists.set([artists[a] for a in originals])
            _add_credits(
                SongCredit,
                "song",
                song,
                [(artists[a], CreditRole.COMPOSER) for a in composers]
                + [(artists[a], CreditRole.LYRICIST) for a in lyricists],
            )
        if soundtrack_created:
            track = Track.objects.create(release=soundtrack, disc=1, position=position, song=song)
            _add_credits(
                TrackCredit, "track", track, [(artists[a], CreditRole.PERFORMER) for a in performers]
            )
        songs.append(song)

    film, created = _get_or_create(
        Film,
        {"slug": "backstage"},
        title="Backstage",
        production_company="Paragon Pictures",
        poster=photo,
        soundtrack=soundtrack,
        synopsis="Film musikal tentang dua saudari dan mimpi mereka di atas panggung.",
    )
    if created:
        _add_credits(
            FilmCredit,
            "film",
            film,
            [(artists["guntur-soeharjanto"], CreditRole.DIRECTOR)]
            + [(artists[s], CreditRole.CAST) for s in SISTERS],
        )

    pestilence_credits = [
        (artists["inheritors"], CreditRole.PERFORMER),
        (artists["agan-dazzle"], CreditRole.FEATURED),
    ]
    pestilence_song, created = _get_or_create(Song, {"slug": "pestilence"}, title="Pestilence")
    if created:
        pestilence_song.original_artists.set([artists["inheritors"]])
    pestilence, created = _get_or_create(
        Release,
        {"slug": "pestilence"},
        title="Pestilence",
        kind=Release.Kind.SINGLE,
        release_date=date(2025, 3, 21),
    )
    if created:
        _add_credits(ReleaseCredit, "release", pestilence, pestilence_credits)
        track = Track.objects.create(release=pestilence, disc=1, position=1, song=pestilence_song)
        _add_credits(TrackCredit, "track", track, pestilence_credits)

    perunggu_story, _created = _article(
        "6-kuliner-berbagai-kota-pilihan-perunggu",
        title="6 Kuliner Berbagai Kota Pilihan Perunggu",
        dek="Sambil menyiapkan album kedua, Perunggu berbagi tempat makan favorit dari kota-kota yang mereka singgahi.",
        body=PERUNGGU_BODY,
        category=categories["Artikel"],
        author=raka,
        publish_at=jakarta(2025, 2, 24),
        tags=["Perunggu", "kuliner"],
        artists=[artists["perunggu"]],
    )
    inheritors_story, _created = _article(
        "inheritors-kolaborasi-bersama-agan-dazzle-di-single-pestilence",
        title="Inheritors Kolaborasi bersama Agan Dazzle di Single Pestilence",
        dek="Band thrash metal asal Malang merilis single baru sebagai langkah awal menuju album penuh.",
        body=INHERITORS_BODY,
        category=categories["Berita"],
        author=raka,
        publish_at=jakarta(2025, 3, 21),
        tags=["Inheritors", "metal", "single baru"],
        artists=[artists["inheritors"], artists["agan-dazzle"]],
        songs=[pestilence_song],
        releases=[pestilence],
    )

    # The one photo is the hero only: a body figure too would show it twice on the page.
    article, created = _article(
        "ragam-soundtrack-dari-film-backstage",
        title="Ragam Soundtrack dari Film Backstage",
        dek="Tujuh lagu mengiringi film musikal Backstage: tiga lagu baru dan empat lagu lama yang dinyanyikan ulang.",
        body=SEED_BODY,
        category=categories["Berita"],
        author=raka,
        publish_at=jakarta(2022, 1, 3),
        hero=photo,
        tags=["soundtrack", "film", "Backstage", "Sissy Prescillia", "Vanesha Prescillia"],
        films=[film],
        releases=[soundtrack],
        songs=songs,
        artists=[artists[s] for s in (*SISTERS, "andi-rianto", "monty-tiwa")],
    )
    if created:
        for position, story in enumerate([perunggu_story, inheritors_story]):
            RelatedArticle.objects.create(from_article=article, to_article=story, position=position)
    _covers_list(categories["Kolom"], raka, {song.slug: song for song in songs})
    return article


def _covers_list(category, author, songs):
    """A ranked-list article: the soundtrack's four covers, one numbered entry each."""
    entries = [(songs[slug], note) for slug, note in COVER_ENTRIES]
    article, created = _article(
        "4-lagu-lama-di-soundtrack-backstage",
        title="4 Lagu Lama di Soundtrack Backstage",
        dek="Sheila On 7, Tangga, Mocca dan Potret: empat lagu lama yang dinyanyikan ulang dua pemeran Backstage.",
        body=COVERS_BODY,
        category=category,
        author=author,
        publish_at=jakarta(2022, 1, 3, hour=9),  # an hour before the seed article, which leads the home page
        tags=["soundtrack", "Backstage", "lagu lama"],
        songs=[song for song, _note in entries],
        artists=sorted(
            {artist for song, _note in entries for artist in song.original_artists.all()},
            key=lambda artist: artist.name,
        ),
    )
    if created:
        section = RankedSection.objects.create(article=article, anchor="", title="", position=0)
        for position, (song, note) in enumerate(entries):
            RankedEntry.objects.create(
                section=section, song=song, position=position, rank=position + 1, text=note
            )
    return article
