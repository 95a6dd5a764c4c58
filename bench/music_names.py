"""Cost of the music-name index behind the tracklist paste and the article's music suggestions.

Fills a throwaway test database with 5,000 artists, 20,000 songs, 2,000 releases and 500
films, then times: the freshness check run on every use, building the index (what every
request would pay without keeping it), a suggestion scan of a 1,500-word article, and
matching the 30 names of a pasted tracklist. ``DATABASE_URL`` picks the database
(SQLite by default, or e.g. ``postgres://postgres@127.0.0.1:5432/bench``)::

    .venv/bin/python bench/music_names.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/music_names.py
"""

import os
import sys
import time
import tracemalloc
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

SIZES = {"artist": 5000, "song": 20000, "release": 2000, "film": 500}


def timed(function, repeat=5):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        samples.append(time.perf_counter() - start)
    return median(samples) * 1000, result


def fill():
    from music.models import Artist, Film, Release, Song

    first = ["Sinar", "Nada", "Bintang", "Rumah", "Kota", "Laut", "Jingga", "Senja", "Rimba", "Kilau"]
    second = ["Biru", "Timur", "Selatan", "Malam", "Pagi", "Band", "Kolektif", "Orkes", "Trio", "Project"]

    def name(number):
        return f"{first[number % 10]} {second[number // 10 % 10]} {number}"

    Artist.objects.bulk_create(
        [Artist(name=name(n), slug=f"a-{n}") for n in range(SIZES["artist"])], batch_size=5000
    )
    Song.objects.bulk_create(
        [Song(title=name(n), slug=f"s-{n}") for n in range(SIZES["song"])], batch_size=5000
    )
    Release.objects.bulk_create(
        [Release(title=name(n), slug=f"r-{n}") for n in range(SIZES["release"])], batch_size=5000
    )
    Film.objects.bulk_create(
        [Film(title=name(n), slug=f"f-{n}") for n in range(SIZES["film"])], batch_size=5000
    )


def main():
    from articles.suggestions import find_names, text_blocks
    from music import matching

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        fill()
        stamp_ms, _ = timed(matching._stamp)
        matching.forget_index()

        def build():
            matching.forget_index()
            return matching.name_index()

        build_ms, index = timed(build, repeat=3)
        tracemalloc.start()
        kept = matching.NameIndex(matching._entries())
        memory_mb = tracemalloc.get_traced_memory()[0] / 1e6
        tracemalloc.stop()
        del kept
        cached_ms, _ = timed(lambda: matching.name_index(max_age=0))
        words = (
            "Konser Senja Timur 17 di Jakarta bersama Bintang Pagi 42, lalu dia dan kita pulang. " * 100
        ).strip()
        body = f"<p>{words}</p>"
        scan_ms, found = timed(lambda: find_names(text_blocks(title="Judul", dek="", body=body), index))
        names = [f"{['Sinar', 'Nada', 'Bintang'][n % 3]} Biru {n * 7}" for n in range(25)] + [
            "Sinar Bru 7",
            "Kilau Proyek 9",
            "Orang Baru",
            "Nada Malam",
            "Senja",
        ]
        match_ms, _ = timed(lambda: [index.match("artist", name) for name in names])
        rows = [
            ("freshness check (every use)", f"{stamp_ms:.1f} ms"),
            ("build the index (first use after a change)", f"{build_ms:.0f} ms"),
            ("index memory", f"{memory_mb:.1f} MB"),
            ("name_index() checking freshness (other calls within 10 s skip it)", f"{cached_ms:.1f} ms"),
            (f"scan a {len(words.split())}-word article ({len(found)} names found)", f"{scan_ms:.1f} ms"),
            (f"match {len(names)} pasted names (exact, insensitive, close)", f"{match_ms:.1f} ms"),
        ]
        print(f"{connection.vendor}, {', '.join(f'{n:,} {kind}s' for kind, n in SIZES.items())}")
        for label, value in rows:
            print(f"| {label} | {value} |")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
