"""Server time and SQL queries of the article change form in the admin, for a heavy article.

Run from the project root (PostgreSQL on BENCH_POSTGRES, database ``bench_admin_form``,
recreated each run; or ``--db sqlite``):
    .venv/bin/python bench/admin_form.py [--db postgres] [--requests 30]

The article has 20 figures, 10 authors and 5 ranked lists of 10 entries each (50), plus
linked music, tags and related articles. Each request goes through ``django.test.Client``
as a signed-in superuser (the whole middleware stack, no network); the table gives p50 and
p99 of the server time and the query count of one request (bench/results/admin_form.md).
``tests/articles/test_admin_form_queries.py`` builds the same article and holds the budget.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import DATA, POSTGRES_SERVER, percentile, write_table

FIGURES, AUTHORS, SECTIONS, ENTRIES_PER_SECTION = 20, 10, 5, 10


def build_heavy_article():
    """An article with 20 figures, 10 authors and 50 ranked entries in 5 lists (plain ORM)."""
    from django.utils import timezone

    from articles.models import Article, ArticleAuthor, Author, Category, Figure, RankedEntry, RankedSection
    from music.models import Artist, Release, Song
    from pophariini.models import Photo

    category, _ = Category.objects.get_or_create(slug="daftar", defaults={"name": "Daftar"})
    photos = Photo.objects.bulk_create(
        Photo(
            image=f"photos/panggung-{n}.jpg",
            width=1200,
            height=800,
            alt_text=f"Penampilan di panggung nomor {n}",
            caption=f"Panggung {n}",
            credit="Dok: Pophariini",
        )
        for n in range(FIGURES)
    )
    article = Article.objects.create(
        title="Lima Puluh Album Terbaik Satu Dekade",
        slug=f"lima-puluh-album-terbaik-{Article.objects.count()}",
        dek="Daftar panjang redaksi.",
        body="".join(f"<p>Paragraf {n}.</p><p>[foto {n + 1}]</p>" for n in range(FIGURES)),
        category=category,
        hero=photos[0],
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now(),
    )
    authors = Author.objects.bulk_create(
        Author(name=f"Penulis {n}", slug=f"penulis-daftar-{article.pk}-{n}") for n in range(AUTHORS)
    )
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=article, author=author, position=n) for n, author in enumerate(authors)
    )
    Figure.objects.bulk_create(
        Figure(article=article, photo=photo, key=n + 1, position=n, caption=f"Keterangan {n}")
        for n, photo in enumerate(photos)
    )
    artist = Artist.objects.create(name=f"Band Daftar {article.pk}", slug=f"band-daftar-{article.pk}")
    releases = [
        Release.objects.create(title=f"Album {article.pk}-{n}", slug=f"album-{article.pk}-{n}")
        for n in range(SECTIONS * ENTRIES_PER_SECTION)
    ]
    song = Song.objects.create(title=f"Lagu Daftar {article.pk}", slug=f"lagu-daftar-{article.pk}")
    article.artists.add(artist)
    article.songs.add(song)
    article.releases.add(*releases[:5])
    article.tags.add("daftar", "album terbaik", "dekade")
    for s in range(SECTIONS):
        section = RankedSection.objects.create(
            article=article, title=f"Bagian {s + 1}", anchor=f"bagian-{s + 1}" if s else "", position=s
        )
        RankedEntry.objects.bulk_create(
            RankedEntry(
                section=section, release=releases[s * ENTRIES_PER_SECTION + n], position=n, rank=n + 1
            )
            for n in range(ENTRIES_PER_SECTION)
        )
    return article


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--profile", action="store_true", help="print a profile of one request first")
    args = parser.parse_args()

    name = "bench_admin_form"
    if args.db == "postgres":
        import psycopg

        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
        url = f"{POSTGRES_SERVER}/{name}"
    else:
        DATA.mkdir(exist_ok=True)
        path = DATA / f"{name}.sqlite3"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    os.environ.update(DJANGO_SETTINGS_MODULE="bench.settings", DATABASE_URL=url)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)
    article = build_heavy_article()
    user = get_user_model().objects.create_superuser("bench", "bench@example.com", "bench-password")
    client = Client()
    client.force_login(user)
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert client.get(url).status_code == 200  # warm: templates, the admin's registries
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = len(captured)  # counted now: the next requests reset the connection's log
    timings = []
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(client.get, url)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    for _ in range(args.requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    write_table(
        "admin_form",
        "Article change form, 20 figures, 10 authors, 50 ranked entries",
        ["database", "requests", "p50 ms", "p99 ms", "mean ms", "queries"],
        [
            [
                args.db,
                args.requests,
                f"{percentile(timings, 0.5):.1f}",
                f"{percentile(timings, 0.99):.1f}",
                f"{statistics.mean(timings):.1f}",
                queries,
            ]
        ],
    )


if __name__ == "__main__":
    main()
