"""Fill a fresh benchmark database with N articles and the music world around them, in bulk.

Run from the project root:
    .venv/bin/python bench/generate.py --articles 10000 --db sqlite
    .venv/bin/python bench/generate.py --articles 100000 --db postgres

The database is ``bench_<N>`` (bench/.data/bench_<N>.sqlite3, or on PostgreSQL at
BENCH_POSTGRES, default postgres://postgres@127.0.0.1:5432) and is recreated each run.
Entities scale with N: about N/8 artists, N/4 songs, N/20 releases with tracks and
credits, N/500 films, N/25 tags (popular ones much more used), N/400 authors and N/2
photos that share six real image files (their WebP renditions are made once). Of the
articles, 94 % are published over the past ten years, 1 % scheduled in the coming
month, the rest drafts or in review; each links 1-3 artists and often songs and
releases, carries 2-5 tags, a hero photo and figures; one in ten has hand-picked
related articles.
"""

import argparse
import datetime
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import WORDS, database_url, setup_django
from bench.database import finish, recreate_database

BATCH = 5000
CITIES = ["Jakarta", "Bandung", "Yogyakarta", "Surabaya", "Malang", "Medan", "Denpasar", "Makassar", "Bogor"]
CATEGORIES = [
    ("Berita", "berita", True),
    ("Artikel", "artikel-pilihan", True),
    ("Review", "review", True),
    ("Wawancara", "wawancara", True),
    ("Kolom", "kolom", True),
    ("Playlist", "playlist", False),
    ("Liputan", "liputan", False),
    ("Rilisan Baru", "rilisan-baru", False),
]
GENRES = [
    "Pop", "Rock", "Indie", "Jazz", "Metal", "Punk", "Folk", "Elektronik", "Hip Hop", "R&B",
    "Dangdut", "Keroncong", "Shoegaze", "Hardcore", "Pop Sunda",
]  # fmt: skip
EMBEDS = [
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://open.spotify.com/album/4aawyAB9vmqN3uQ7FjRGTy",
    "https://soundcloud.com/pophariini/rekaman",
]


def popular(rng, count):
    """An index in [0, count) where low indexes are much more likely (a few artists and tags are hot)."""
    return min(count - 1, int(count * rng.random() ** 2.5))


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def make_images(count=6):
    """A few real JPEG files under MEDIA_ROOT/bench and their WebP renditions; returns (name, w, h)."""
    from django.core.files.storage import default_storage
    from PIL import Image, ImageDraw

    from pophariini.models import Photo
    from pophariini.renditions import generate_renditions

    files = []
    for k in range(count):
        width, height = (1600, 1000) if k % 2 == 0 else (1200, 1500)
        name = f"bench/foto-{k}.jpg"
        if not default_storage.exists(name):
            image = Image.new("RGB", (width, height), (40 * k % 255, 90, 160))
            draw = ImageDraw.Draw(image)
            for i in range(0, width, 40):
                draw.line([(i, 0), (width - i, height)], fill=(255 - i % 255, 30 * k % 255, i % 200), width=6)
            path = Path(default_storage.path(name))
            path.parent.mkdir(parents=True, exist_ok=True)
            image.save(path, "JPEG", quality=85)
        photo = Photo(width=width, height=height)
        photo.image.name = name
        generate_renditions(photo, missing_only=True)
        files.append((name, width, height))
    return files


class Generator:
    def __init__(self, articles: int, seed: int):
        self.n = articles
        self.rng = random.Random(seed)
        self.now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        self.timings = []

    def phase(self, label, started):
        elapsed = time.perf_counter() - started
        self.timings.append((label, elapsed))
        print(f"  {label:<28} {elapsed:6.1f} s", flush=True)

    def bulk(self, model, objects):
        model.objects.bulk_create(objects, batch_size=BATCH)

    def run(self):
        from django.db import transaction

        from articles.models import Article
        from pophariini.content import bulk_write

        with transaction.atomic(), bulk_write() as batch:
            self.photos_and_people()
            self.music()
            self.articles()
            self.links()
            # bulk_create sends no signals: declared, the articles get their search text at the end.
            batch.wrote(Article, Article.objects.values_list("pk", flat=True))

    def photos_and_people(self):
        from articles.models import Author, Category
        from music.models import Genre
        from pophariini.models import Page, Photo

        started = time.perf_counter()
        rng, n = self.rng, self.n
        files = make_images()
        self.photo_count = max(50, n // 2)
        self.bulk(
            Photo,
            [
                Photo(
                    pk=i + 1,
                    image=files[i % len(files)][0],
                    width=files[i % len(files)][1],
                    height=files[i % len(files)][2],
                    alt_text=f"Foto {words(rng, 4)}",
                    caption=words(rng, 8).capitalize(),
                    credit=rng.choice(["Dok: Pophariini", "Foto: Arsip Label", "Dok: Paragon Pictures"]),
                )
                for i in range(self.photo_count)
            ],
        )
        self.bulk(
            Category,
            [
                Category(pk=i + 1, name=name, slug=slug, position=i, show_on_home=home)
                for i, (name, slug, home) in enumerate(CATEGORIES)
            ],
        )
        self.author_count = max(10, n // 400)
        self.bulk(
            Author,
            [
                Author(
                    pk=i + 1,
                    name=f"Penulis {words(rng, 1).capitalize()} {i + 1}",
                    slug=f"penulis-{i + 1}",
                    bio=words(rng, 30).capitalize() + ".",
                    tagline=words(rng, 8).capitalize() + ".",
                    photo_id=rng.randrange(self.photo_count) + 1 if i % 2 == 0 else None,
                )
                for i in range(self.author_count)
            ],
        )
        self.bulk(
            Genre,
            [
                Genre(pk=i + 1, name=g, slug=g.lower().replace(" ", "-").replace("&", "n"))
                for i, g in enumerate(GENRES)
            ],
        )
        self.bulk(
            Page,
            [
                Page(pk=i + 1, title=t, url=f"/{t.lower().replace(' ', '-')}/", body="<p>Isi.</p>")
                for i, t in enumerate(["Tentang Kami", "Redaksi", "Pedoman Media Siber"])
            ],
        )
        self.phase(f"{self.photo_count} photos, authors", started)

    def music(self):
        from music.models import (
            Artist,
            ArtistLink,
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

        started = time.perf_counter()
        rng, n = self.rng, self.n
        self.artist_count = max(50, n // 8)
        self.bulk(
            Artist,
            [
                Artist(
                    pk=i + 1,
                    name=f"{words(rng, 2).title()} {i + 1}",
                    slug=f"artis-{i + 1}",
                    kind=Artist.Kind.GROUP if i % 3 else Artist.Kind.PERSON,
                    bio=words(rng, 40).capitalize() + ".",
                    origin_city=rng.choice(CITIES),
                    photo_id=rng.randrange(self.photo_count) + 1 if i % 4 == 0 else None,
                )
                for i in range(self.artist_count)
            ],
        )
        Artist.genres.through.objects.bulk_create(
            [
                Artist.genres.through(artist_id=i + 1, genre_id=g)
                for i in range(self.artist_count)
                for g in rng.sample(range(1, len(GENRES) + 1), 2)
            ],
            batch_size=BATCH,
        )
        self.bulk(
            ArtistLink,
            [
                ArtistLink(artist_id=i + 1, platform="instagram", url=f"https://instagram.com/artis{i + 1}")
                for i in range(0, self.artist_count, 2)
            ],
        )
        self.song_count = max(100, n // 4)
        songs, originals = [], []
        for i in range(self.song_count):
            title = words(rng, 3).title()
            # One song in ten is a duet: a second original artist (unless the draw repeats the first).
            artists = sorted({popular(rng, self.artist_count) + 1 for _ in range(2 if i % 10 == 0 else 1)})
            songs.append(Song(pk=i + 1, title=title, slug=f"lagu-{i + 1}", year=rng.randint(1975, 2025)))
            originals += [Song.original_artists.through(song_id=i + 1, artist_id=a) for a in artists]
        self.bulk(Song, songs)
        self.bulk(Song.original_artists.through, originals)
        self.bulk(
            SongCredit,
            [
                SongCredit(song_id=i + 1, artist_id=rng.randrange(self.artist_count) + 1, role=role)
                for i in range(self.song_count)
                for role in ("composer", "lyricist")
            ],
        )
        self.release_count = max(20, n // 20)
        self.film_count = max(5, n // 500)
        kinds = ["album", "album", "ep", "single", "compilation"]
        self.bulk(
            Release,
            [
                Release(
                    pk=i + 1,
                    title=words(rng, 2).title(),
                    slug=f"rilisan-{i + 1}",
                    kind="soundtrack" if i < self.film_count else rng.choice(kinds),
                    release_date=datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randrange(9300)),
                    label=rng.choice(["Demajors", "Sun Eater", "Aksara Records", "Mandiri"]),
                    cover_id=rng.randrange(self.photo_count) + 1,
                )
                for i in range(self.release_count)
            ],
        )
        self.bulk(
            ReleaseCredit,
            [
                ReleaseCredit(
                    release_id=i + 1, artist_id=popular(rng, self.artist_count) + 1, role="performer"
                )
                for i in range(self.release_count)
            ],
        )
        self.bulk(
            StreamingLink,
            [
                StreamingLink(
                    release_id=i + 1, platform="spotify", url=f"https://open.spotify.com/album/{i:022d}"
                )
                for i in range(self.release_count)
            ],
        )
        tracks, credits, track_id = [], [], 0
        for i in range(self.release_count):
            for position in range(1, rng.randint(1, 10) + 1):
                track_id += 1
                tracks.append(
                    Track(
                        pk=track_id,
                        release_id=i + 1,
                        song_id=rng.randrange(self.song_count) + 1,
                        position=position,
                    )
                )
                credits.append(
                    TrackCredit(
                        track_id=track_id, artist_id=popular(rng, self.artist_count) + 1, role="performer"
                    )
                )
        self.bulk(Track, tracks)
        self.bulk(TrackCredit, credits)
        self.bulk(
            Film,
            [
                Film(
                    pk=i + 1,
                    title=words(rng, 2).title(),
                    slug=f"film-{i + 1}",
                    year=rng.randint(2000, 2025),
                    production_company="Paragon Pictures",
                    soundtrack_id=i + 1,
                    poster_id=rng.randrange(self.photo_count) + 1,
                )
                for i in range(self.film_count)
            ],
        )
        self.bulk(
            FilmCredit,
            [
                FilmCredit(film_id=i + 1, artist_id=rng.randrange(self.artist_count) + 1, role="director")
                for i in range(self.film_count)
            ],
        )
        self.phase(f"{self.artist_count} artists, {track_id} tracks", started)

    def articles(self):
        from articles.models import Article

        started = time.perf_counter()
        rng, n = self.rng, self.n
        paragraphs = [f"<p>{words(rng, 45).capitalize()}.</p>" for _ in range(300)]
        headings = [f"<h2>{words(rng, 4).capitalize()}</h2>" for _ in range(30)]
        ten_years = 10 * 365 * 86400
        objects = []
        self.published = []
        for i in range(n):
            roll = rng.random()
            if roll < 0.94:
                status, publish_at = (
                    "published",
                    self.now - datetime.timedelta(seconds=rng.randrange(60, ten_years)),
                )
            elif roll < 0.95:
                status, publish_at = (
                    "published",
                    self.now + datetime.timedelta(seconds=rng.randrange(600, 30 * 86400)),
                )
            elif roll < 0.98:
                status, publish_at = "draft", None
            else:
                status, publish_at = "review", None
            body = (
                rng.sample(paragraphs, 3)
                + ["<p>[foto 1]</p>"]
                + [rng.choice(headings)]
                + rng.sample(paragraphs, 3)
            )
            if i % 10 == 0:
                body.insert(5, f"<p>{rng.choice(EMBEDS)}</p>")
            if i % 3 == 0:
                body.append("<p>[foto 2]</p>")
            title = f"{words(rng, 5).capitalize()} {i + 1}"
            objects.append(
                Article(
                    pk=i + 1,
                    title=title,
                    slug=f"{title.lower().replace(' ', '-')}",
                    dek=words(rng, 20).capitalize() + ".",
                    body="".join(body),
                    category_id=rng.randrange(len(CATEGORIES)) + 1,
                    hero_id=rng.randrange(self.photo_count) + 1,
                    status=status,
                    publish_at=publish_at,
                    first_published_at=publish_at,
                    featured=rng.random() < 0.01,
                )
            )
            if status == "published" and publish_at <= self.now:
                self.published.append(i + 1)
        self.bulk(Article, objects)
        self.figures_per_article = {obj.pk: 2 if obj.pk % 3 == 1 else 1 for obj in objects}
        self.phase(f"{n} articles", started)

    def links(self):
        from taggit.models import Tag

        from articles.models import Article, ArticleAuthor, Figure, RelatedArticle, TaggedArticle

        started = time.perf_counter()
        rng, n = self.rng, self.n
        self.tag_count = max(50, n // 25)
        self.bulk(
            Tag,
            [
                Tag(pk=i + 1, name=f"{words(rng, 1)} {i + 1}", slug=f"tag-{i + 1}")
                for i in range(self.tag_count)
            ],
        )
        authors, figures, tags, artists, songs, releases, films = [], [], [], [], [], [], []
        for pk in range(1, n + 1):
            for position, author in enumerate(
                rng.sample(range(1, self.author_count + 1), 2 if pk % 10 == 0 else 1)
            ):
                authors.append(ArticleAuthor(article_id=pk, author_id=author, position=position))
            for key in range(1, self.figures_per_article[pk] + 1):
                figures.append(
                    Figure(article_id=pk, photo_id=rng.randrange(self.photo_count) + 1, key=key, position=key)
                )
            for tag in {popular(rng, self.tag_count) + 1 for _ in range(rng.randint(2, 5))}:
                tags.append(TaggedArticle(content_object_id=pk, tag_id=tag))
            for artist in {popular(rng, self.artist_count) + 1 for _ in range(rng.randint(1, 3))}:
                artists.append(Article.artists.through(article_id=pk, artist_id=artist))
            if rng.random() < 0.5:
                for song in {rng.randrange(self.song_count) + 1 for _ in range(rng.randint(1, 2))}:
                    songs.append(Article.songs.through(article_id=pk, song_id=song))
            if rng.random() < 0.3:
                releases.append(
                    Article.releases.through(article_id=pk, release_id=rng.randrange(self.release_count) + 1)
                )
            if rng.random() < 0.02:
                films.append(Article.films.through(article_id=pk, film_id=rng.randrange(self.film_count) + 1))
        for model, objects in (
            (ArticleAuthor, authors),
            (Figure, figures),
            (TaggedArticle, tags),
            (Article.artists.through, artists),
            (Article.songs.through, songs),
            (Article.releases.through, releases),
            (Article.films.through, films),
        ):
            model.objects.bulk_create(objects, batch_size=BATCH)
        related = []
        for index in range(0, len(self.published), 10):
            source = self.published[index]
            for position, target in enumerate(rng.sample(self.published, 2)):
                if target != source:
                    related.append(
                        RelatedArticle(from_article_id=source, to_article_id=target, position=position)
                    )
        RelatedArticle.objects.bulk_create(related, batch_size=BATCH)
        self.phase(f"{len(tags)} tag links, {len(artists)} artist links", started)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seed", type=int, default=20220103)
    args = parser.parse_args()

    setup_django(args.db, args.articles)
    from django.core.management import call_command
    from django.db import OperationalError, connection

    for attempt in range(3):
        started = time.perf_counter()
        connection.close()
        recreate_database(args.db, args.articles)
        print(f"{database_url(args.db, args.articles).rsplit('/', 1)[1]} on {args.db}:", flush=True)
        try:
            call_command("migrate", verbosity=0, interactive=False)
            generator = Generator(args.articles, args.seed)
            generator.phase("migrate", started)
            generator.run()
            finish(args.db)
        except OperationalError as exc:
            # Another benchmark may restart the shared PostgreSQL server; start over.
            print(f"  database went away ({exc}); attempt {attempt + 2} of 3", flush=True)
            time.sleep(5)
            continue
        print(f"  {'total':<28} {time.perf_counter() - started:6.1f} s")
        return
    raise SystemExit("the database kept going away")


if __name__ == "__main__":
    main()
