"""Shared by the benchmark scripts: database selection, Django setup, result tables."""

import os
import statistics
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
DATA = BENCH / ".data"
RESULTS = BENCH / "results"
# Vocabulary of generated article text (the generator and the WXR import bench).
WORDS = [
    "musik",
    "band",
    "album",
    "lagu",
    "rilis",
    "panggung",
    "konser",
    "gitar",
    "vokal",
    "drum",
    "bas",
    "studio",
    "rekaman",
    "label",
    "indie",
    "penonton",
    "festival",
    "tur",
    "singel",
    "video",
    "klip",
    "lirik",
    "nada",
    "irama",
    "kolaborasi",
    "debut",
    "akustik",
    "energi",
    "cerita",
    "kota",
    "malam",
    "hujan",
    "rindu",
    "pulang",
    "jalan",
    "cahaya",
    "suara",
    "mimpi",
    "waktu",
    "Jakarta",
    "Bandung",
    "Malang",
    "single",
]
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
# Several checkouts may share one PostgreSQL server: each can name its own databases.
DATABASE_PREFIX = os.environ.get("BENCH_DATABASE_PREFIX", "bench")

if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))


def database_url(engine: str, articles: int) -> str:
    """``bench_<n>`` (``BENCH_DATABASE_PREFIX``, default ``bench``): a SQLite file under
    bench/.data or a PostgreSQL database on BENCH_POSTGRES."""
    if engine == "sqlite":
        return f"sqlite:///{DATA / f'{DATABASE_PREFIX}_{articles}.sqlite3'}"
    if engine == "postgres":
        return f"{POSTGRES_SERVER}/{DATABASE_PREFIX}_{articles}"
    raise SystemExit(f"unknown database engine {engine!r} (sqlite or postgres)")


def bench_env(engine: str, articles: int, **extra) -> dict:
    """Environment for a Django process (this one or a server) on the benchmark database."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url(engine, articles),
        "PYTHONPATH": str(PROJECT),
        **{key: str(value) for key, value in extra.items()},
    }


def setup_django(engine: str, articles: int, **extra) -> None:
    DATA.mkdir(exist_ok=True)
    os.environ.update(bench_env(engine, articles, **extra))
    import django

    django.setup()
    from django.core.management import call_command

    # DEBUG is off: templates need the hashed names of the manifest storage.
    call_command("collectstatic", interactive=False, verbosity=0)


def percentile(samples, fraction: float) -> float:
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[round(fraction * 100) - 1]


def write_table(name: str, title: str, headers: list, rows: list, notes: str = "") -> Path:
    """Write a Markdown table to bench/results/<name>.md and print it."""
    RESULTS.mkdir(exist_ok=True)
    lines = [f"# {title}", ""]
    if notes:
        lines += [notes.strip(), ""]
    lines.append("| " + " | ".join(headers) + " |")
    lines.append("|" + "|".join(" --- " for _ in headers) + "|")
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    text = "\n".join(lines) + "\n"
    path = RESULTS / f"{name}.md"
    path.write_text(text)
    print(text)
    print(f"written to {path.relative_to(PROJECT)}")
    return path
