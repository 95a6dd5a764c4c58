"""Demo content: the Backstage soundtrack article, its film and music, two related stories and a ranked list.

Every row is looked up by a stable key (slug, or a photo's ``source_path``) and updated in
place, so running the seed again changes nothing.
"""

import io
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw

from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Category,
    Figure,
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
from pophariini.models import Photo

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

# The Backstage soundtrack: (song slug, title, original artist, performers, composers, lyricists).
SOUNDTRACK = [
    ("melangkah", "Melangkah", "sissy-prescillia", SISTERS, ["andi-rianto"], ["andi-rianto", "monty-tiwa"]),
    ("apa-adanya", "Apa Adanya", "sissy-prescillia", SISTERS, ["andi-rianto"], ["andi-rianto"]),
    (
        "aku-takkan-berhenti",
        "Aku Takkan Berhenti",
        "vanesha-prescillia",
        SISTERS,
        ["andi-rianto"],
        ["andi-rianto"],
    ),
    ("seberapa-pantas", "Seberapa Pantas", "sheila-on-7", ("vanesha-prescillia",), [], []),
    ("terbaik-untukmu", "Terbaik Untukmu", "tangga", ("sissy-prescillia",), [], []),
    ("i-remember", "I Remember", "mocca", ("vanesha-prescillia",), [], []),
    ("bagaikan-langit", "Bagaikan Langit", "potret", ("sissy-prescillia",), [], []),
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


def _upsert(model, lookup, **values):
    obj, _created = model.objects.update_or_create(**lookup, defaults=values)
    return obj


def _photo(key, *, alt_text, caption, credit):
    photo = Photo.objects.filter(source_path=key).first()
    if photo is None:
        photo = Photo(source_path=key)
        photo.image.save("demo.jpg", ContentFile(make_demo_image()), save=False)
    photo.alt_text, photo.caption, photo.credit = alt_text, caption, credit
    photo.save()
    return photo


def _credits(model, owner_field, owner, entries):
    """Make ``owner``'s credits exactly ``entries`` [(artist, role), ...] in that order."""
    wanted = [(artist.pk, role) for artist, role in entries]
    model.objects.filter(**{owner_field: owner}).exclude(
        pk__in=[c.pk for c in model.objects.filter(**{owner_field: owner}) if (c.artist_id, c.role) in wanted]
    ).delete()
    for position, (artist, role) in enumerate(entries):
        _upsert(model, {owner_field: owner, "artist": artist, "role": role}, position=position)


def _article(slug, *, title, dek, body, category, author, publish_at, hero=None, tags=(), **links):
    article = Article.objects.filter(slug=slug).first() or Article(slug=slug)
    article.title, article.dek, article.body = title, dek, body
    article.category, article.hero = category, hero
    article.status = Article.Status.PUBLISHED
    article.publish_at = publish_at
    article.save()
    _upsert(ArticleAuthor, {"article": article, "author": author}, position=0)
    article.tags.set(list(tags))
    for name, objects in links.items():
        getattr(article, name).set(objects)
    return article


@transaction.atomic
def seed_demo():
    """Create or refresh the demo content; returns the seed article."""
    categories = {}
    for position, (name, slug) in enumerate(CATEGORIES):
        categories[name] = _upsert(Category, {"slug": slug}, name=name, position=position)

    artists = {
        slug: _upsert(Artist, {"slug": slug}, name=name, kind=kind, origin_city=city, bio=BIOS.get(slug, ""))
        for slug, (name, kind, city) in ARTISTS.items()
    }

    photo = _photo(
        "demo/backstage-vanesha-sissy",
        alt_text="Vanesha Prescillia dan Sissy Prescillia berdiri berdampingan di panggung",
        caption="Vanesha dan Sissy Prescillia dalam film Backstage",
        credit="Dok: Paragon Pictures",
    )

    raka = _upsert(
        Author,
        {"slug": "raka-dewangkara"},
        name="Raka Dewangkara",
        bio="Menulis tentang musik pop, film, dan lagu-lagu yang menemani keduanya.",
        tagline="Setiap film yang baik punya lagu yang pulang bersama penontonnya.",
    )

    soundtrack = _upsert(
        Release,
        {"slug": "backstage-original-soundtrack"},
        title="Backstage (Original Motion Picture Soundtrack)",
        kind=Release.Kind.SOUNDTRACK,
        cover=photo,
        description="Tujuh lagu dari film musikal Backstage, dirilis di layanan musik digital.",
    )
    _credits(ReleaseCredit, "release", soundtrack, [(artists[s], CreditRole.PERFORMER) for s in SISTERS])

    songs = []
    for position, (slug, title, original, performers, composers, lyricists) in enumerate(SOUNDTRACK, start=1):
        song = _upsert(Song, {"slug": slug}, title=title, original_artist=artists[original])
        _credits(
            SongCredit,
            "song",
            song,
            [(artists[a], CreditRole.COMPOSER) for a in composers]
            + [(artists[a], CreditRole.LYRICIST) for a in lyricists],
        )
        track = _upsert(Track, {"release": soundtrack, "disc": 1, "position": position}, song=song)
        _credits(TrackCredit, "track", track, [(artists[a], CreditRole.PERFORMER) for a in performers])
        songs.append(song)

    film = _upsert(
        Film,
        {"slug": "backstage"},
        title="Backstage",
        production_company="Paragon Pictures",
        poster=photo,
        soundtrack=soundtrack,
        synopsis="Film musikal tentang dua saudari dan mimpi mereka di atas panggung.",
    )
    _credits(
        FilmCredit,
        "film",
        film,
        [(artists["guntur-soeharjanto"], CreditRole.DIRECTOR)]
        + [(artists[s], CreditRole.CAST) for s in SISTERS],
    )

    pestilence_song = _upsert(
        Song, {"slug": "pestilence"}, title="Pestilence", original_artist=artists["inheritors"]
    )
    pestilence = _upsert(
        Release,
        {"slug": "pestilence"},
        title="Pestilence",
        kind=Release.Kind.SINGLE,
        release_date=date(2025, 3, 21),
    )
    _credits(
        ReleaseCredit,
        "release",
        pestilence,
        [(artists["inheritors"], CreditRole.PERFORMER), (artists["agan-dazzle"], CreditRole.FEATURED)],
    )
    track = _upsert(Track, {"release": pestilence, "disc": 1, "position": 1}, song=pestilence_song)
    _credits(
        TrackCredit,
        "track",
        track,
        [(artists["inheritors"], CreditRole.PERFORMER), (artists["agan-dazzle"], CreditRole.FEATURED)],
    )

    perunggu_story = _article(
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
    inheritors_story = _article(
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

    article = _article(
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
    _covers_list(categories["Kolom"], raka, {song.slug: song for song in songs})
    # The one photo is the hero; showing it again as a body figure would repeat it on the page.
    Figure.objects.filter(article=article).delete()
    for position, story in enumerate([perunggu_story, inheritors_story]):
        _upsert(RelatedArticle, {"from_article": article, "to_article": story}, position=position)
    return article


def _covers_list(category, author, songs):
    """A ranked-list article: the soundtrack's four covers, one numbered entry each."""
    entries = [(songs[slug], note) for slug, note in COVER_ENTRIES]
    article = _article(
        "4-lagu-lama-di-soundtrack-backstage",
        title="4 Lagu Lama di Soundtrack Backstage",
        dek="Sheila On 7, Tangga, Mocca dan Potret: empat lagu lama yang dinyanyikan ulang dua pemeran Backstage.",
        body=COVERS_BODY,
        category=category,
        author=author,
        publish_at=jakarta(2022, 1, 3, hour=9),  # an hour before the seed article, which leads the home page
        tags=["soundtrack", "Backstage", "lagu lama"],
        songs=[song for song, _note in entries],
        artists=sorted({song.original_artist for song, _note in entries}, key=lambda artist: artist.name),
    )
    section = _upsert(RankedSection, {"article": article, "anchor": ""}, title="", position=0)
    RankedEntry.objects.filter(section=section).exclude(song__in=[song for song, _note in entries]).delete()
    for position, (song, note) in enumerate(entries):
        _upsert(
            RankedEntry, {"section": section, "song": song}, position=position, rank=position + 1, text=note
        )
    return article
