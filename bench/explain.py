"""EXPLAIN ANALYZE of every query the hot reader pages run, on PostgreSQL, showing which indexes they use.

Run from the project root after ``bench/generate.py --articles 100000 --db postgres``:
    .venv/bin/python bench/explain.py --articles 100000

Each page is requested in-process with the page cache off while its SQL is captured;
every captured query is then run again under ``EXPLAIN (ANALYZE, FORMAT JSON)``. The
summary (execution time, indexes used, sequential scans of large tables) goes to
bench/results/explain.md, the full text plans to bench/results/explain-plans.txt.
``--strict`` exits 1 when a query other than search scans a large table sequentially.
"""

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import RESULTS, setup_django, write_table

# Tables that grow with the archive; a sequential scan of one of them is a missing index.
LARGE_TABLES = {
    "articles_article",
    "articles_taggedarticle",
    "articles_articleauthor",
    "articles_figure",
    "articles_relatedarticle",
    "articles_article_artists",
    "articles_article_songs",
    "articles_article_releases",
    "articles_article_films",
    "pophariini_photo",
}


def walk(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from walk(child)


def describe(sql):
    """A short label for a query: its main table and first WHERE/ORDER BY words."""
    table = re.search(r'FROM "(\w+)"', sql)
    where = re.search(r"WHERE (.{0,70})", sql)
    label = table.group(1) if table else sql[:40]
    return f"{label}: {where.group(1)}…" if where else label


def pages(rng_seed=7):
    import random

    from django.db.models import Count
    from taggit.models import Tag

    from articles.models import Article, Author, Category
    from music.models import Artist

    rng = random.Random(rng_seed)
    slugs = list(Article.objects.published().values_list("slug", flat=True))
    tag = Tag.objects.annotate(n=Count("articles_taggedarticle_items")).order_by("-n").first()
    rare_tag = (
        Tag.objects.annotate(n=Count("articles_taggedarticle_items")).filter(n__gt=0).order_by("n").first()
    )
    author = Author.objects.annotate(n=Count("article_links")).order_by("-n").first()
    artist = Artist.objects.annotate(n=Count("articles")).order_by("-n").first()
    category = Category.objects.order_by("position").first()
    return {
        "article": f"/{rng.choice(slugs)}/",
        "home": "/",
        "home page 50": "/?page=50",
        "category": f"/kategori/{category.slug}/",
        "tag (busiest)": f"/tag/{tag.slug}/",
        "tag (rarest)": f"/tag/{rare_tag.slug}/",
        "author": f"/penulis/{author.slug}/",
        "artist": f"/artis/{artist.slug}/",
        "archive month": "/arsip/2021/3/",
        "feed": "/feed/",
        "sitemap (articles)": "/sitemap-artikel.xml",
        "search": "/cari/?q=festival+konser",
    }


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100000)
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args()
    setup_django("postgres", args.articles, PAGE_CACHE_SECONDS=0)

    from django.db import DatabaseError, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from pophariini.cache import next_scheduled_publish

    client = Client(raise_request_exception=False)
    captured = []
    for page, url in pages().items():
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        # A page that failed (statement timeout) still shows its queries, the slow one last.
        print(f"{page}: {url} answered {status} with {len(queries.captured_queries)} queries", flush=True)
        captured += [(page, q["sql"]) for q in queries.captured_queries]
    with CaptureQueriesContext(connection) as queries:
        next_scheduled_publish()
    captured += [("page cache: next scheduled", q["sql"]) for q in queries.captured_queries]

    rows, plans, offenders = [], [], []
    with connection.cursor() as cursor:
        for page, sql in captured:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            try:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                analyze = True
            except DatabaseError:
                cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
                analyze = False
            result = cursor.fetchone()[0]
            document = result if isinstance(result, list) else json.loads(result)
            plan = document[0]
            nodes = list(walk(plan["Plan"]))
            indexes = sorted({n["Index Name"] for n in nodes if "Index Name" in n})
            seq = sorted({n["Relation Name"] for n in nodes if n["Node Type"] == "Seq Scan"} & LARGE_TABLES)
            if seq and page != "search":
                offenders.append((page, sql))
            rows.append(
                [
                    page,
                    describe(sql),
                    f"{plan['Execution Time']:.2f}" if analyze else "timeout",
                    ", ".join(indexes) or "—",
                    ", ".join(seq) or "—",
                ]
            )
            cursor.execute(("EXPLAIN (ANALYZE) " if analyze else "EXPLAIN ") + sql)
            text = "\n".join(line for (line,) in cursor.fetchall())
            plans.append(f"-- {page}\n{sql}\n\n{text}\n")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "explain-plans.txt").write_text("\n\n".join(plans))
    write_table(
        "explain",
        f"EXPLAIN ANALYZE of the reader pages' queries, PostgreSQL, {args.articles:,} articles",
        ["page", "query", "ms", "indexes used", "seq scan of a large table"],
        rows,
        notes="Command: `" + " ".join(["bench/explain.py", *sys.argv[1:]]) + "`. Full plans: "
        "bench/results/explain-plans.txt.",
    )
    if offenders:
        print(f"{len(offenders)} queries scan a large table sequentially (see above)")
        if args.strict:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
