"""Lighthouse (mobile) scores of the home, the seed article and an artist page, served as production serves them.

Run from the project root, once Lighthouse is installed next to this script (bench/README.md):
    npm install --prefix bench/.lighthouse lighthouse@12.8.2
    CHROME_PATH=/usr/bin/chromium .venv/bin/python bench/lighthouse.py [--runs 3]

A fresh SQLite database (bench/.data/lighthouse.sqlite3) is migrated and filled with
``seed_demo`` and a day's reads of its articles; static files are collected (bench/settings.py: DEBUG off, the manifest
storage) and the site runs under ``gunicorn -c gunicorn.conf.py`` on a free loopback
port, with uploads served by the app's hardened media view (``SERVE_MEDIA=1``, in place
of the web server or CDN in front of production). Lighthouse's default mobile profile
(simulated slow 4G and a 4x slower CPU) runs against each page; with ``--runs`` above one
each page's median run counts (Lighthouse's own advice on variance). Every audit that
scored below 1 is listed under its page, and the scores go to bench/results/lighthouse.md.
Exits 1 when a score is under 100.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BENCH, DATA, PROJECT, write_table
from bench.throughput import Gunicorn

LIGHTHOUSE = BENCH / ".lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# No browser is ever downloaded: Debian's chromium, quiet (no update, sync or first-run traffic).
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
PAGES = {
    "home": "/",
    "article (seed)": "/ragam-soundtrack-dari-film-backstage/",
    "artist": "/artis/sheila-on-7/",
}

READS = """
from articles.models import Article
from pophariini.models import ReadingCount
from pophariini.popular import current_hour
for count, article in enumerate(Article.objects.published().order_by("pk"), 1):
    ReadingCount.objects.create(article=article, hour=current_hour(), count=10 * count)
"""


def site_env(database: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "PYTHONPATH": str(PROJECT),
        "SERVE_MEDIA": "1",
        "CACHE_DIR": str(DATA / "lighthouse-cache"),
        "MEDIA_ROOT": str(DATA / "lighthouse-media"),
    }


def prepare_site(env: dict) -> None:
    """A new database with the demo content, and the static files the manifest storage needs."""
    database = Path(env["DATABASE_URL"].removeprefix("sqlite:///"))
    database.unlink(missing_ok=True)
    for command in (["migrate", "--noinput"], ["seed_demo"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "--verbosity", "0"], env=env, cwd=PROJECT, check=True
        )
    # Readers of a day, so the home and article pages carry their "Terpopuler" rails.
    subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", READS],
        env=env,
        cwd=PROJECT,
        check=True,
    )


# Lighthouse sometimes fails to record headless Chromium's trace ("NO_NAVSTART ... Please
# run Lighthouse again"): a run that fails is tried again, at most this many times.
ATTEMPTS = 3


def lighthouse(url: str, output: Path) -> dict:
    """One mobile Lighthouse run; the JSON report (lhr)."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--output=json",
        f"--output-path={output}",
    ]
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    for attempt in range(1, ATTEMPTS + 1):
        if subprocess.run(command, env=env).returncode == 0:
            return json.loads(output.read_text())
        print(f"Lighthouse failed on {url} (attempt {attempt} of {ATTEMPTS}).", file=sys.stderr)
    raise SystemExit(f"Lighthouse failed {ATTEMPTS} times on {url}")


def scores(report: dict) -> dict:
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def shortfalls(report: dict) -> list:
    """Audits counted in a category's score that did not score 1, with what they measured."""
    counted = {
        ref["id"] for name in CATEGORIES for ref in report["categories"][name]["auditRefs"] if ref["weight"]
    }
    lines = []
    for audit_id in sorted(counted):
        audit = report["audits"][audit_id]
        if audit["score"] is not None and audit["score"] < 1:
            lines.append(f"  {audit_id}: {audit['score']} {audit.get('displayValue', '')} — {audit['title']}")
    return lines


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--runs", type=int, default=1, help="runs per page; the median performance run counts"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the JSON reports in bench/results/lighthouse/"
    )
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: npm install --prefix bench/.lighthouse lighthouse@12.8.2")

    DATA.mkdir(exist_ok=True)
    env = site_env(DATA / "lighthouse.sqlite3")
    prepare_site(env)
    site = Gunicorn(env)
    rows, failed = [], False
    reports_dir = BENCH / "results" / "lighthouse" if args.keep else Path(tempfile.mkdtemp(dir=DATA))
    reports_dir.mkdir(parents=True, exist_ok=True)
    try:
        for name, path in PAGES.items():
            url = f"http://127.0.0.1:{site.port}{path}"
            runs = [
                lighthouse(url, reports_dir / f"{name.split()[0]}-{number}.json")
                for number in range(args.runs)
            ]
            report = sorted(runs, key=lambda run: run["categories"]["performance"]["score"])[len(runs) // 2]
            page_scores = scores(report)
            failed |= any(score < 100 for score in page_scores.values())
            performance = [scores(run)["performance"] for run in runs]
            rows.append(
                [name, path, *page_scores.values(), ", ".join(map(str, performance))]
                if args.runs > 1
                else [name, path, *page_scores.values()]
            )
            print(f"{name} {path}: {page_scores}", flush=True)
            print("\n".join(shortfalls(report)) or "  every counted audit passed", flush=True)
            if args.runs > 1:
                print(f"  performance of each run: {performance} (median {statistics.median(performance)})")
    finally:
        site.stop()
    headers = ["page", "path", *CATEGORIES] + (["performance, every run"] if args.runs > 1 else [])
    version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True).stdout.strip()
    write_table(
        "lighthouse",
        "Lighthouse (mobile), seed_demo content, gunicorn -c gunicorn.conf.py, DEBUG off",
        headers,
        rows,
        notes=f"Lighthouse {version}, {args.runs} run(s) per page, Chromium from CHROME_PATH.",
    )
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
